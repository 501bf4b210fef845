package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// Contractions restores the apostrophe of common contractions written
// without one, or with one in the wrong place ("dont", "did'nt"). "cant" and
// "wont" are words too, but as such almost never occur in modern prose;
// "wont" after a possessive ("his wont") is left alone. Ambiguous forms
// ("ill", "well", "were", "shell", "its", "lets", "whos") are not touched.
var Contractions = &Rule{
	ID:          "EN_CONTRACTION_SPELLING",
	Category:    Typos,
	Type:        correction.Spelling,
	Description: `Missing or misplaced apostrophe in a contraction: "dont" → "don't".`,
	Stage:       BeforeSpelling,
	Check:       checkContractions,
}

var contractions = pairs(`dont=don't doesnt=doesn't didnt=didn't cant=can't wont=won't
isnt=isn't arent=aren't wasnt=wasn't werent=weren't hasnt=hasn't havent=haven't
hadnt=hadn't couldnt=couldn't shouldnt=shouldn't wouldnt=wouldn't mustnt=mustn't
neednt=needn't shant=shan't mightnt=mightn't aint=ain't
im=I'm ive=I've youre=you're youve=you've youll=you'll youd=you'd theyre=they're
theyve=they've theyll=they'll theyd=they'd weve=we've thats=that's theres=there's
heres=here's wheres=where's whats=what's hes=he's shes=she's itll=it'll
shouldve=should've couldve=could've wouldve=would've mustve=must've mightve=might've
do'nt=don't does'nt=doesn't did'nt=didn't is'nt=isn't was'nt=wasn't are'nt=aren't
were'nt=weren't has'nt=hasn't have'nt=haven't had'nt=hadn't could'nt=couldn't
should'nt=shouldn't would'nt=wouldn't ca'nt=can't wo'nt=won't dosen't=doesn't
dosent=doesn't doesen't=doesn't does't=doesn't did't=didn't i'am=I'm wasent=wasn't
dident=didn't didint=didn't doesent=doesn't dosnt=doesn't couldent=couldn't wouldent=wouldn't
shouldent=shouldn't isent=isn't cann't=can't doens't=doesn't need't=needn't dose'nt=doesn't
todays=today's everyones=everyone's someones=someone's anyones=anyone's
nobodys=nobody's childrens=children's womens=women's mens=men's`)

var prepositions = set(`for of to in on with at by from about into like without through`)

// possessives before "wont" make it the noun ("as was his wont").
var possessives = set(`my your his her its our their one's`)

func checkContractions(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || len(t.Norm) < 2 || len(t.Norm) > 10 {
			continue
		}
		repl, ok := contractions[t.Norm]
		if !ok {
			continue
		}
		if t.Has(AllCaps) && len(t.Text) <= 3 { // IM, IVE: acronyms more likely
			continue
		}
		if t.Norm == "wont" || t.Norm == "cant" {
			if p := d.PrevWord(i); p >= 0 && (possessives[d.Toks[p].Norm] || d.Toks[p].Norm == "the" || d.Toks[p].Norm == "a") {
				continue
			}
		}
		if t.Has(Compound) {
			continue
		}
		if t.Norm == "youre" {
			// "for youre health": the possessive after a preposition.
			if p := d.PrevWord(i); p >= 0 && prepositions[d.Toks[p].Norm] {
				repl = "your"
			}
		}
		if d.Apostrophe != "'" {
			repl = strings.ReplaceAll(repl, "'", d.Apostrophe)
		}
		repl = MatchCase(t.Text, repl)
		d.Propose(r, `Missing or misplaced apostrophe: did you mean "`+repl+`"?`, i, repl)
	}
}

// MergedWords splits common expressions written as one word ("alot").
var MergedWords = &Rule{
	ID:          "EN_MERGED_WORDS",
	Category:    Typos,
	Type:        correction.Spelling,
	Description: `Two words written as one: "alot" → "a lot", "infact" → "in fact".`,
	Stage:       BeforeSpelling,
	Check:       checkMergedWords,
}

var mergedWords = pairs(`alot=a_lot eachother=each_other infact=in_fact aswell=as_well
atleast=at_least everytime=every_time noone=no_one thankyou=thank_you infront=in_front
eventhough=even_though inspite=in_spite ofcourse=of_course inorder=in_order alittle=a_little
abit=a_bit incharge=in_charge allright=all_right nomatter=no_matter incase=in_case
ontop=on_top`)

func checkMergedWords(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || len(t.Norm) < 4 || len(t.Norm) > 11 || t.Has(Compound) {
			continue
		}
		repl, ok := mergedWords[t.Norm]
		if !ok || repl == t.Norm {
			continue
		}
		repl = MatchCase(t.Text, repl)
		d.Propose(r, `Did you mean "`+repl+`"?`, i, repl)
	}
}

// TextSpeak expands chat abbreviations that have no place in prose: a lone
// "u" for "you", "pls", "thx", "cuz".
var TextSpeak = &Rule{
	ID:          "EN_TEXT_SPEAK",
	Category:    Typos,
	Type:        correction.Style,
	Description: `Chat abbreviation in prose: "u" → "you", "pls" → "please".`,
	Stage:       BeforeSpelling,
	Check:       checkTextSpeak,
}

var textSpeak = pairs(`u=you pls=please plz=please thx=thanks bcoz=because bcuz=because
becoz=because coz=because cuz=because`)

func checkTextSpeak(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || len(t.Norm) > 5 || t.Has(Compound) || t.Has(AllCaps) {
			continue
		}
		repl, ok := textSpeak[t.Norm]
		if !ok {
			continue
		}
		if t.Norm == "u" {
			// Only between words, or a word and sentence punctuation:
			// not "u = 5", "(u)", "u."
			if t.Text != "u" && !t.Has(SentenceStart) {
				continue
			}
			if !proseNeighbours(d, i) {
				continue
			}
		}
		repl = MatchCase(t.Text, repl)
		d.Propose(r, `Write "`+repl+`" in full.`, i, repl)
	}
}

// proseNeighbours reports whether token i sits between words, with only
// white space, commas or sentence punctuation around it.
func proseNeighbours(d *Doc, i int) bool {
	p, sp := d.Prev(i)
	if p >= 0 {
		pt := &d.Toks[p]
		if pt.Flags&Code != 0 || pt.Kind == Punct && !sp && pt.Text != "\"" {
			return false
		}
		if pt.Kind == Punct && !strings.Contains(`,.!?;"`, pt.Text) {
			return false
		}
	}
	n, sp := d.Next(i)
	if n >= 0 {
		nt := &d.Toks[n]
		if nt.Flags&Code != 0 {
			return false
		}
		if nt.Kind == Punct {
			if sp || !strings.Contains(`,!?;`, nt.Text) {
				return false
			}
		}
	}
	return p >= 0 || n >= 0
}

// ProperNouns capitalises days, months, languages and nationalities. "may",
// "march", "august", "polish", "china" and "turkey" are ordinary words too
// and are left alone.
var ProperNouns = &Rule{
	ID:          "EN_PROPER_NOUN_CASE",
	Category:    Casing,
	Type:        correction.Spelling,
	Description: `Days, months, languages and nationalities take a capital: "monday" → "Monday".`,
	Stage:       BeforeSpelling,
	Check:       checkProperNouns,
}

var properNouns = set(`monday tuesday wednesday thursday friday saturday sunday january
february april june july september october november december english french spanish
german italian chinese japanese korean russian arabic portuguese american british european
african asian australian canadian indian mexican brazilian christmas europe america africa
asia australia canada mexico brazil japan germany france spain italy russia england london
paris islam islamic christian muslim jewish hindu buddhist hindi urdu bengali vietnamese
thai indonesian dutch swedish norwegian danish greek irish scottish welsh egyptian
nigerian kenyan pakistani iranian iraqi israeli turkish ukrainian`)

func checkProperNouns(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Text != t.Norm || len(t.Norm) < 4 || !properNouns[t.Norm] {
			continue
		}
		if t.Has(Compound) && !t.Has(SentenceStart) {
			// "english-speaking" → still a capital, but "x-french" is odd;
			// only fix when the compound starts with the word.
			if p, sp := d.Prev(i); p >= 0 && !sp && d.Toks[p].Text == "-" {
				continue
			}
		}
		repl := Capitalize(t.Text)
		d.Propose(r, `Proper nouns and adjectives take a capital: "`+repl+`".`, i, repl)
	}
}

// IrregularVerbs: a regular "-ed" invented for an irregular verb
// ("finded" → "found", "teached" → "taught"). Forms that are words in their
// own right ("singed", "flied", "putted", "ringed", "bended", "teared",
// "creeped") are not listed.
var IrregularVerbs = &Rule{
	ID:          "EN_IRREGULAR_VERB_FORM",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `A regular past invented for an irregular verb: "finded" → "found".`,
	Stage:       BeforeSpelling,
	Check:       checkIrregularVerbs,
}

var overregularized = pairs(`finded=found buyed=bought thinked=thought teached=taught
catched=caught bringed=brought goed=went runned=ran writed=wrote speaked=spoke choosed=chose
falled=fell feeled=felt keeped=kept leaved=left meeted=met sleeped=slept spended=spent
sended=sent standed=stood understanded=understood winned=won drinked=drank eated=ate
gived=gave knowed=knew maked=made taked=took telled=told sayed=said beginned=began
breaked=broke drived=drove growed=grew hitted=hit hurted=hurt losed=lost readed=read
rided=rode seeked=sought shaked=shook sitted=sat stealed=stole swimmed=swam throwed=threw
weared=wore writted=written getted=got forgeted=forgot forgetted=forgot becomed=became
comed=came sleept=slept teacht=taught buyed=bought builded=built feeded=fed
fighted=fought freezed=froze holded=held leaded=led lended=lent meaned=meant
shooted=shot spreaded=spread striked=struck sweared=swore weeped=wept dealed=dealt
bursted=burst cutted=cut letted=let shutted=shut setted=set splitted=split bited=bit
hided=hid digged=dug stinged=stung swinged=swung bleeded=bled breeded=bred fleed=fled
sticked=stuck drawed=drew blowed=blew sinked=sank shrinked=shrank springed=sprang
forbidded=forbade overcomed=overcame undergoed=underwent withdrawed=withdrew
foreseed=foresaw mistaked=mistook misunderstanded=misunderstood arised=arose
binded=bound clinged=clung flinged=flung forgived=forgave heared=heard
layed=laid payed=paid rised=rose selled=sold slided=slid spinned=spun stinked=stank
sweeped=swept wringed=wrung`)

func checkIrregularVerbs(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || len(t.Norm) < 4 || len(t.Norm) > 12 || t.Norm[len(t.Norm)-1] != 'd' && t.Norm[len(t.Norm)-1] != 't' && t.Norm[len(t.Norm)-1] != 'n' {
			continue
		}
		repl, ok := overregularized[t.Norm]
		if !ok || repl == t.Norm {
			continue
		}
		repl = MatchCase(t.Text, repl)
		d.Propose(r, `"`+t.Text+`" is not a form of this irregular verb: did you mean "`+repl+`"?`, i, repl)
	}
}

// SplitWords joins common words written as two ("there fore" →
// "therefore", "my self" → "myself", "news paper" → "newspaper"). Only
// splits that are almost never right as two words are listed: not "some
// one", "every one", "no body", "any way", "may be", "a part", "be low" or
// "a gain", which are.
var SplitWords = &Rule{
	ID:          "EN_SPLIT_WORDS",
	Category:    Typos,
	Type:        correction.Spelling,
	Description: `One word written as two: "there fore" → "therefore", "my self" → "myself".`,
	Stage:       BeforeSpelling,
	Check:       checkSplitWords,
}

// splitWords maps the first part of a split word to the rest of its parts
// and the joined word.
var splitWords = func() map[string][]splitWord {
	m := map[string][]splitWord{}
	for _, f := range strings.Fields(`there_fore further_more more_over never_the_less
none_the_less now_a_days my_self your_self him_self her_self it_self our_selves
your_selves them_selves with_out some_where no_where every_where some_how
what_so_ever where_so_ever how_ever in_deed be_cause be_fore be_tween to_gether
mean_while through_out up_coming class_room news_paper news_papers week_end
week_ends air_port air_ports base_ball basket_ball foot_ball hand_writing
head_phones text_book text_books life_style life_styles home_town every_thing
some_thing any_thing`) {
		parts := strings.Split(f, "_")
		m[parts[0]] = append(m[parts[0]], splitWord{rest: parts[1:], joined: strings.Join(parts, "")})
	}
	return m
}()

type splitWord struct {
	rest   []string
	joined string
}

func checkSplitWords(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Has(Compound) {
			continue
		}
		cands, ok := splitWords[t.Norm]
		if !ok {
			continue
		}
		// The longest match.
		last, joined := -1, ""
		for _, c := range cands {
			j := i
			for _, part := range c.rest {
				if j = d.NextWord(j); j < 0 || d.Toks[j].Norm != part || d.Toks[j].Has(Compound) || d.Toks[j].Has(Capitalized) {
					j = -1
					break
				}
			}
			if j > last {
				last, joined = j, c.joined
			}
		}
		if last < 0 {
			continue
		}
		forms := make([]string, last-i+1)
		forms[0] = MatchCase(t.Text, joined)
		d.Propose(r, `Did you mean "`+forms[0]+`"?`, i, forms...)
	}
}
