package rules

import "strings"

// set builds a lookup table from space-separated words.
func set(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// pairs builds a map from "key=value" fields ("dont=don't").
func pairs(s string) map[string]string {
	m := make(map[string]string)
	for _, f := range strings.Fields(s) {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			panic("rules: bad pair " + f)
		}
		m[k] = strings.ReplaceAll(v, "_", " ")
	}
	return m
}

// regularVerbs are common verbs used by the agreement rules. Verbs whose
// past tense equals the base form (put, set, hit, read, hurt, fit...) are
// left out: "he put" is a correct past tense. So are verbs that are more
// often adverbs after a subject ("he last saw"), and "need" and "dare",
// which are also modal ("he need not").
const regularVerbs = `accept add admire admit agree allow answer appear apply argue arrive ask
attend avoid bake beg behave believe belong blame boil borrow bother breathe
call care carry cause change chat check cheer choose clean climb close collect
comb come complain complete consider contain continue cook copy count cover crash
cross cry dance decide deliver depend describe deserve destroy develop die disagree
disappear discover discuss dislike drink drive drop earn eat encourage end enjoy
enter escape exist expect explain fail fall fear feel fill find finish  fix
float fly follow forget forgive get give go grow guess hand handle happen hate
have hear help hide hope hurry identify ignore imagine improve include increase
influence inform insist intend introduce invite join jump keep kick kill kiss
knock know laugh learn leave lend lie like listen live look lose love make manage
marry matter mean meet melt mention mind miss move notice obey offer open order
own paint pass pay perform plan play point pray prefer prepare pretend prevent
print produce promise protect provide pull punish push reach realise realize
receive recognise recognize recommend refuse regret relax remain remember remind
repair repeat replace reply report require rescue respect rest return ride ring
rise run rush save say scream search see seem sell send serve share shout show
sign sing sink sit sleep slip smell smile smoke snow solve sound speak spell spend
stand stare start stay steal stop study succeed suffer suggest supply support
suppose surprise swim take talk taste teach tell tend thank think throw touch
train travel treat try turn understand use visit vote wait wake walk want warn
wash waste watch wear win wish wonder work worry write resist insist achieve affect
afford attack attract bring buy catch choose communicate compare compete concentrate
confirm connect contribute convince create decrease demand deny depend design
determine disappoint earn educate eliminate employ enable encourage ensure establish
examine exercise expand experience express feed fight focus forget gain gather
graduate hold  involve judge  limit maintain measure memorize motivate
obtain occur organize overcome participate persuade pollute practice practise
prove publish raise react recover reduce reflect relate rely remove represent
research reveal satisfy select settle shake shine shoot sleep solve 
strengthen struggle succeed surround survive teach tell threaten trust volunteer`

// irregularPast maps simple past forms to base forms.
var irregularPast = pairs(`went=go saw=see came=come took=take made=make got=get gave=give
knew=know thought=think bought=buy brought=bring ate=eat drank=drink wrote=write
spoke=speak told=tell said=say found=find felt=feel left=leave met=meet ran=run sat=sit
stood=stand understood=understand began=begin broke=break chose=choose drove=drive
fell=fall forgot=forget flew=fly grew=grow heard=hear held=hold kept=keep lost=lose
paid=pay sang=sing sent=send slept=sleep spent=spend swam=swim taught=teach threw=throw
won=win wore=wear woke=wake had=have did=do became=become caught=catch fought=fight
hid=hide meant=mean sold=sell built=build rode=ride rang=ring rose=rise stole=steal
sank=sink`)

// participles maps simple past forms that are not past participles to
// the participles ("took" → "taken").
var participles = pairs(`took=taken went=gone saw=seen ate=eaten wrote=written did=done gave=given
ran=run began=begun broke=broken chose=chosen drove=driven fell=fallen flew=flown
forgot=forgotten grew=grown knew=known rode=ridden rang=rung rose=risen sang=sung
sank=sunk spoke=spoken stole=stolen swam=swum threw=thrown wore=worn woke=woken
drank=drunk became=become came=come`)

// verbs maps base forms and third person singular forms to each other.
type verbTable struct {
	third map[string]string // base → third person singular ("go" → "goes")
	base  map[string]string // third person singular → base
	past  map[string]string // regular and irregular past → base
	ing   map[string]string // present participle → base
}

var verbs = buildVerbs()

func buildVerbs() verbTable {
	t := verbTable{third: map[string]string{}, base: map[string]string{}, past: map[string]string{}, ing: map[string]string{}}
	for _, v := range strings.Fields(regularVerbs) {
		t.ing[presentParticiple(v)] = v
		s := thirdPerson(v)
		t.third[v] = s
		t.base[s] = v
		if p := regularPast(v); p != "" {
			if _, irregular := irregularPastOf[v]; !irregular {
				t.past[p] = v
			}
		}
	}
	for p, b := range irregularPast {
		t.past[p] = b
	}
	return t
}

// irregularPastOf lists the verbs of regularVerbs whose past is irregular,
// so that no "-ed" form is invented for them ("goed").
var irregularPastOf = func() map[string]bool {
	m := map[string]bool{}
	for _, b := range irregularPast {
		m[b] = true
	}
	return m
}()

// thirdPerson returns the third person singular of a base form.
func thirdPerson(v string) string {
	switch v {
	case "have":
		return "has"
	case "do":
		return "does"
	case "go":
		return "goes"
	}
	n := len(v)
	switch {
	case strings.HasSuffix(v, "s") || strings.HasSuffix(v, "sh") || strings.HasSuffix(v, "ch") ||
		strings.HasSuffix(v, "x") || strings.HasSuffix(v, "z") || strings.HasSuffix(v, "o"):
		return v + "es"
	case n > 1 && v[n-1] == 'y' && !isVowel(v[n-2]):
		return v[:n-1] + "ies"
	}
	return v + "s"
}

// presentParticiple returns the "-ing" form of a base form.
func presentParticiple(v string) string {
	switch {
	case strings.HasSuffix(v, "ie"):
		return v[:len(v)-2] + "ying"
	case strings.HasSuffix(v, "ee") || strings.HasSuffix(v, "ye") || strings.HasSuffix(v, "oe"):
		return v + "ing"
	case strings.HasSuffix(v, "e") && len(v) > 2:
		return v[:len(v)-1] + "ing"
	}
	if p := regularPast(v); strings.HasSuffix(p, "ed") && len(p) == len(v)+3 && p[len(v)] == v[len(v)-1] {
		return v + v[len(v)-1:] + "ing" // stop → stopping
	}
	return v + "ing"
}

// regularPast returns the "-ed" past of a base form.
func regularPast(v string) string {
	n := len(v)
	switch {
	case strings.HasSuffix(v, "e"):
		return v + "d"
	case n > 1 && v[n-1] == 'y' && !isVowel(v[n-2]):
		return v[:n-1] + "ied"
	case n == 4 && !isVowel(v[3]) && isVowel(v[2]) && !isVowel(v[1]) && !isVowel(v[0]) && v[3] != 'w' && v[3] != 'x' && v[3] != 'y':
		// stop → stopped, plan → planned (one-syllable consonant-vowel-consonant)
		return v + v[3:] + "ed"
	case n == 3 && !isVowel(v[2]) && isVowel(v[1]) && !isVowel(v[0]) && v[2] != 'w' && v[2] != 'x' && v[2] != 'y':
		return v + v[2:] + "ed"
	}
	return v + "ed"
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// auxiliaries precede a subject in questions and inversions ("does he
// like", "had I known"); after them the agreement rules stay silent.
var auxiliaries = set(`do does did don't doesn't didn't can could will would shall should may
might must can't couldn't won't wouldn't shan't shouldn't mustn't cannot is are was were am
isn't aren't wasn't weren't has have had hasn't haven't hadn't let let's make makes made help
helps helped see sees saw watch watched hear heard 'd 'll need dare`)

// conjunctions and other words after which a new clause, and so a
// subject, starts.
var conjunctions = set(`and but or so because if when while although though since that as
until unless whether where why how what then also whenever wherever once before after
maybe perhaps nor yet cause cuz`)

// adverbs that may stand between a subject and its verb.
var midAdverbs = set(`always never often usually sometimes also still really just only even
already rarely seldom generally normally actually certainly probably frequently hardly
simply truly mostly ever definitely totally`)

// pronounObjects may follow "lose" and mark it as a verb.
var loseObjects = set(`the a an my your his her its our their this that these those weight
money time control interest hope track sight touch it them him me us everything all one's
face focus sleep faith patience heart mind way game games match job jobs friends
confidence temper balance contact power respect some any`)

// subjectPronouns maps the personal pronouns to their person: 1 for "I",
// 3 for he/she/it, 2 for the plural-like you/we/they.
var subjectPronouns = map[string]int{"i": 1, "he": 3, "she": 3, "it": 3, "you": 2, "we": 2, "they": 2}
