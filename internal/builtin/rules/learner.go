package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// The rules of this file fix errors that learners of English make often and
// that their context makes unambiguous.

// NounAgreement makes a verb agree with a subject whose number is fixed:
// "people is" → "people are", "everyone have" → "everyone has". Only forms
// of be, have and do are changed, and only when the subject starts a clause
// or follows a determiner, so that "the people is" is fixed but "a place
// where people is known" is not guessed at.
var NounAgreement = &Rule{
	ID:          "EN_NOUN_VERB_AGREEMENT",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `The verb does not agree with its subject: "people is" → "people are", "everyone have" → "everyone has".`,
	Stage:       AfterSpelling,
	Check:       checkNounAgreement,
}

var (
	// pluralSubjects are plural nouns without an -s.
	pluralSubjects = set(`people children men women police`)
	// singularSubjects are the indefinite pronouns, always singular.
	singularSubjects = set(`everyone everybody nobody somebody someone anyone anybody`)
	// subjectOpeners may stand before a subject noun.
	subjectOpeners = set(`the these those many most some all our their my your his her young old other such`)
)

func checkNounAgreement(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Has(Compound) {
			continue
		}
		var table map[string]string
		switch {
		case pluralSubjects[t.Norm]:
			table = plural
		case singularSubjects[t.Norm]:
			table = thirdSing
		default:
			continue
		}
		p := d.PrevWord(i)
		if !(clauseStart(d, i) || p >= 0 && subjectOpeners[d.Toks[p].Norm]) {
			continue
		}
		if p >= 0 && (auxiliaries[d.Toks[p].Norm] || prepositions[d.Toks[p].Norm]) {
			continue // "does everyone have", "for people is"
		}
		j := d.NextWord(i)
		if j < 0 {
			continue
		}
		v := &d.Toks[j]
		if !v.IsWord() || v.Has(Compound) || v.Has(Capitalized) && !v.Has(SentenceStart) {
			continue
		}
		repl := table[v.Norm]
		if repl == "" || repl == "am" || v.Norm == "am" {
			continue
		}
		if d.Apostrophe != "'" {
			repl = replaceApostrophe(repl, d.Apostrophe)
		}
		repl = MatchCase(v.Text, repl)
		d.Propose(r, `The verb does not agree with "`+t.Fixed+`": use "`+repl+`".`, j, repl)
	}
}

// Uncountables: nouns that English does not count, put in the plural by
// learners: "informations" → "information", "advices" → "advice". Words
// whose plural is also a verb form ("researches", "stuffs") or a count noun
// in some senses ("works", "evidences") are not listed.
var Uncountables = &Rule{
	ID:          "EN_UNCOUNTABLE_PLURAL",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `A noun that has no plural: "informations" → "information", "advices" → "advice".`,
	Stage:       AfterSpelling,
	Check:       checkUncountables,
}

var uncountablePlurals = pairs(`informations=information advices=advice furnitures=furniture
equipments=equipment knowledges=knowledge homeworks=homework luggages=luggage
baggages=baggage softwares=software hardwares=hardware feedbacks=feedback`)

func checkUncountables(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Has(Compound) || len(t.Norm) < 7 {
			continue
		}
		repl, ok := uncountablePlurals[t.Norm]
		if !ok {
			continue
		}
		repl = MatchCase(t.Text, repl)
		d.Propose(r, `"`+repl+`" has no plural.`, i, repl)
	}
}

// DoubleComparative drops "more" or "most" before a comparative or
// superlative that already has its ending: "more better" → "better",
// "most biggest" → "biggest".
var DoubleComparative = &Rule{
	ID:          "EN_DOUBLE_COMPARATIVE",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `"more" before a comparative: "more better" → "better".`,
	Stage:       AfterSpelling,
	Check:       checkDoubleComparative,
}

// inflectedComparatives are comparatives and superlatives "more" and "most"
// never precede ("more older" is wrong; "more other" is not listed).
var inflectedComparatives = set(`better worse bigger smaller larger greater higher lower older
younger faster slower stronger weaker easier harder cheaper richer poorer happier
healthier busier safer simpler longer shorter nicer wider deeper heavier best worst biggest
smallest largest greatest highest lowest oldest youngest fastest easiest hardest cheapest
happiest healthiest safest simplest longest shortest nicest`)

func checkDoubleComparative(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "more" && t.Norm != "most" {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || j != i+2 || !d.Toks[j].IsWord() || !inflectedComparatives[d.Toks[j].Norm] || d.Toks[j].Has(Compound) {
			continue
		}
		n := d.Toks[j].Norm
		if t.Norm == "more" && strings.HasSuffix(n, "st") || t.Norm == "most" && !strings.HasSuffix(n, "st") {
			continue // "more best" is not this error
		}
		if p := d.PrevWord(i); p >= 0 && (d.Toks[p].Norm == "no" || d.Toks[p].Norm == "any" || d.Toks[p].Norm == "much") {
			continue // "no more older than": another "more"
		}
		d.Propose(r, `"`+d.Toks[j].Fixed+`" is already a comparative: drop "`+t.Fixed+`".`, i, MatchCase(t.Text, d.Toks[j].Fixed), "", "")
	}
}

// CommaBeforeConjunction puts a comma before "but" or "so" that joins two
// clauses: "I tried but it failed" → "I tried, but it failed", "I was
// tired so I left" → "I was tired, so I left". Only where a subject pronoun
// follows the conjunction and the clause before has at least three words;
// "not only ... but", "nothing but", "all but", "I think so" and "so that"
// are left alone.
var CommaBeforeConjunction = &Rule{
	ID:          "EN_COMMA_BEFORE_CONJUNCTION",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `A comma before "but" or "so" joining two clauses: "I tried but it failed" → "I tried, but it failed".`,
	Stage:       AfterSpelling,
	Check:       checkCommaBeforeConjunction,
}

var (
	conjSubjects = set(`i you he she we they it there this`)
	// notBeforeBut and notBeforeSo are words after which "but" or "so"
	// does not join clauses ("nothing but", "I think so", "even so").
	notBeforeBut = set(`not nothing all anything everything anyone nobody none last only no`)
	notBeforeSo  = set(`not only no think hope guess said say believe suppose even and or do did does more`)
)

func checkCommaBeforeConjunction(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "but" && t.Norm != "so" || t.Has(SentenceStart) || t.Has(Compound) {
			continue
		}
		p := d.PrevWord(i)
		not := notBeforeBut
		if t.Norm == "so" {
			not = notBeforeSo
		}
		if p < 0 || p != i-2 || !d.Toks[p].IsWord() || not[d.Toks[p].Norm] || d.Toks[p].Has(Compound) {
			continue
		}
		n := d.NextWord(i)
		if n < 0 || !conjSubjects[d.Toks[n].Norm] || d.NextWord(n) < 0 {
			continue
		}
		// At least three words since the start of the clause, and no
		// "not only" in it.
		words := 0
		for q := p; q >= 0; q = d.PrevWord(q) {
			words++
			if d.Toks[q].Norm == "only" && t.Norm == "but" {
				words = 0
				break
			}
		}
		if words < 3 {
			continue
		}
		d.ProposeComma(r, `Put a comma before "`+t.Fixed+`" when it joins two clauses.`, p)
	}
}

// PluralAfterQuantifier puts a count noun in the plural after a word that
// calls for several things: "several reason." → "several reasons.", "many
// problem in" → "many problems in". The noun must be followed by
// punctuation, the end, or a word that cannot continue a noun phrase (a
// preposition, a conjunction, a verb of being), so that "many new cars"
// is not read as "many new"; words that are also common verbs ("many
// agree that") and words that are not nouns are left alone; the plural
// must be a known word.
var PluralAfterQuantifier = &Rule{
	ID:          "EN_PLURAL_AFTER_QUANTIFIER",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `A singular noun after a word like "many" or "several": "several reason" → "several reasons".`,
	Stage:       AfterSpelling,
	Check:       checkPluralAfterQuantifier,
}

// FrequencyLexicon is a Lexicon that also knows how common words are.
type FrequencyLexicon interface {
	Lexicon
	// Frequency returns the relative frequency of word (0 when unknown).
	Frequency(word string) float64
}

// minPluralShare: a count noun's plural is common, at least this share of
// its singular's frequency (reasons/reason, companies/company); the plural
// of a mass noun is rare (pollutions, energies, confusions).
const minPluralShare = 0.15

var (
	pluralQuantifiers = set(`many several various numerous few these those`)
	// nounPhraseEnds may follow a noun phrase but not continue it.
	nounPhraseEnds = set(`of in on at for with from about that which who are were have and or
but because to during since than like is was has can will would could should`)
	// notCountNouns are words that follow a quantifier in the singular, or
	// that are not nouns although a word with an -s exists.
	notCountNouns = set(`more less other others much such own same different new good other
kind sort type thing one two three four five six seven eight nine ten hundred thousand
million billion dozen percent per cent time times people police children men women
years days weeks hours minutes months reasons way ways things`)
)

func checkPluralAfterQuantifier(d *Doc, r *Rule) {
	if d.Lex == nil {
		return
	}
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() {
			continue
		}
		q := quantifierEnd(d, i)
		if q < 0 {
			continue
		}
		j := d.NextWord(q)
		if j >= 0 && superlative(d, j) {
			if d.Toks[j].Norm == "most" {
				j = d.NextWord(j)
			}
			if j >= 0 {
				j = d.NextWord(j)
			}
		}
		if j < 0 || d.Toks[j-1].Kind != Space {
			continue
		}
		t = &d.Toks[q]
		n := &d.Toks[j]
		w := n.Norm
		if !n.IsWord() || n.Has(Compound) || n.Has(Capitalized) || len(w) < 3 || notCountNouns[w] ||
			w[len(w)-1] == 's' || verbs.third[w] != "" || verbs.base[w] != "" || verbs.past[w] != "" || verbs.ing[w] != "" ||
			strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed") {
			continue
		}
		if k, sp := d.Next(j); k >= 0 {
			nt := &d.Toks[k]
			switch {
			case nt.Kind == Punct && !sp && strings.Contains(",.;:!?", nt.Text):
			case nt.Kind == Space && nt.Flags&LineBreak != 0:
			case nt.Kind == Word:
				if !nounPhraseEnds[nt.Norm] {
					continue
				}
			default:
				if nt.Kind != Space {
					continue
				}
				if m := d.NextWord(j); m < 0 || !nounPhraseEnds[d.Toks[m].Norm] {
					continue
				}
			}
		}
		pl := nounPlural(w)
		if pl == "" || !d.Lex.Known(pl) {
			continue
		}
		if fl, ok := d.Lex.(FrequencyLexicon); ok && fl.Frequency(pl) < minPluralShare*fl.Frequency(w) {
			continue // a mass noun: "many pollution" wants "much", not "pollutions"
		}
		repl := MatchCase(n.Text, pl)
		d.Propose(r, `After "`+t.Fixed+`" the noun takes the plural: "`+repl+`".`, j, repl)
	}
}

// ofPlurals start phrases "X of the ..." that take a plural noun: "one of
// the best place" → "places", "each of my friend" → "friends".
var (
	ofPlurals     = set(`one each many several both either neither few`)
	ofDeterminers = set(`the my your his her our their these those`)
	numberOpeners = set(`the a large great small growing increasing huge`)
)

// quantifierEnd returns the last word of a phrase that starts at word i
// and calls for a plural noun: "several", "the number of", "one of the";
// or -1.
func quantifierEnd(d *Doc, i int) int {
	w := d.Toks[i].Norm
	if pluralQuantifiers[w] {
		if j := d.NextWord(i); j >= 0 && d.Toks[j].Norm == "of" {
			return -1 // "several of them"
		}
		return i
	}
	j := d.NextWord(i)
	if j < 0 || d.Toks[j].Norm != "of" {
		return -1
	}
	switch {
	case w == "number":
		if p := d.PrevWord(i); p >= 0 && numberOpeners[d.Toks[p].Norm] {
			return j
		}
	case ofPlurals[w]:
		if k := d.NextWord(j); k >= 0 && ofDeterminers[d.Toks[k].Norm] {
			return k
		}
	}
	return -1
}

// superlative reports whether word i is a superlative ("best", "biggest")
// or "most" before an adjective.
func superlative(d *Doc, i int) bool {
	w := d.Toks[i].Norm
	switch w {
	case "best", "worst", "most":
		return true
	}
	return inflectedComparatives[w] && strings.HasSuffix(w, "est")
}

// nounPlural returns the regular plural of a noun.
func nounPlural(w string) string {
	n := len(w)
	switch {
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "sh") || strings.HasSuffix(w, "ch") ||
		strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z"):
		return w + "es"
	case n > 1 && w[n-1] == 'y' && !isVowel(w[n-2]):
		return w[:n-1] + "ies"
	}
	return w + "s"
}

// ThereAreMany: "there is" before a plural: "there is many people" →
// "there are many people", "there is also editors." → "there are also
// editors.".
var ThereAreMany = &Rule{
	ID:          "EN_THERE_IS_MANY",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `"there is" before a plural quantity: "there is many people" → "there are many people".`,
	Stage:       AfterSpelling,
	Check:       checkThereAreMany,
}

var pluralQuantity = set(`many several various numerous few lots two three four five six seven eight nine
ten dozens hundreds thousands millions both`)

func checkThereAreMany(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "there" {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || d.Toks[j].Norm != "is" && d.Toks[j].Norm != "was" {
			continue
		}
		k := d.NextWord(j)
		if k >= 0 && (d.Toks[k].Norm == "also" || d.Toks[k].Norm == "still") {
			k = d.NextWord(k)
		}
		if k < 0 || !pluralQuantity[d.Toks[k].Norm] && !pluralSubjects[d.Toks[k].Norm] && !regularPlural(d, k) {
			continue
		}
		if d.Toks[k].Norm == "few" && precededBy(d, k, "a") {
			continue
		}
		repl := "are"
		if d.Toks[j].Norm == "was" {
			repl = "were"
		}
		repl = MatchCase(d.Toks[j].Text, repl)
		d.Propose(r, `Use "`+repl+`" before a plural: "there `+repl+` `+d.Toks[k].Fixed+`".`, j, repl)
	}
}

// singularInS are words in -s that are not plural nouns.
var singularInS = set(`news physics mathematics economics politics ethics athletics
gymnastics diabetes measles series species means lens bus gas yes thus this his its always
perhaps sometimes nowadays less unless plus across various famous serious previous obvious
analysis basis crisis thesis emphasis status virus campus bonus genius chaos`)

// regularPlural reports whether word k is a regular plural noun followed
// by punctuation, the end, or a word that ends a noun phrase ("editors.",
// "cars in"): its singular is a known word that is no verb form.
func regularPlural(d *Doc, k int) bool {
	t := &d.Toks[k]
	w := t.Norm
	n := len(w)
	if d.Lex == nil || !t.IsWord() || t.Has(Capitalized) || t.Has(Compound) || n < 4 || w[n-1] != 's' ||
		strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") ||
		singularInS[w] || notThird[w] || isVerbForm(w) {
		return false
	}
	stem := w[:n-1]
	switch {
	case strings.HasSuffix(w, "ies"):
		stem = w[:n-3] + "y"
	case strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes"):
		stem = w[:n-2]
	}
	if !d.Lex.Known(stem) || isVerbForm(stem) {
		return false
	}
	next, sp := d.Next(k)
	switch {
	case next < 0:
		return true
	case d.Toks[next].Kind == Punct:
		return !sp && strings.Contains(",.;:!?", d.Toks[next].Text)
	}
	m := d.NextWord(k)
	return m >= 0 && nounPhraseEnds[d.Toks[m].Norm]
}

// precededBy reports whether the word before word i is one of ws.
func precededBy(d *Doc, i int, ws ...string) bool {
	p := d.PrevWord(i)
	if p < 0 {
		return false
	}
	for _, w := range ws {
		if d.Toks[p].Norm == w {
			return true
		}
	}
	return false
}

// IntroductoryClauseComma puts a comma after a short adverbial clause that
// opens a sentence, before the subject of the main clause: "When I was
// young I lived there" → "When I was young, I lived there". The clause
// must start with a subordinating conjunction, hold no punctuation and at
// most twelve words; the main clause must start with a subject pronoun
// that cannot be an object (I, he, she, we, they), after a word that
// cannot take it as an object or start a clause inside the first one
// (not "If you think they", "When I told them we").
var IntroductoryClauseComma = &Rule{
	ID:          "EN_COMMA_AFTER_INTRODUCTORY_CLAUSE",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `A comma after an introductory clause: "When I was young I lived there" → "When I was young, I lived there".`,
	Stage:       AfterSpelling,
	Check:       checkIntroductoryClause,
}

var (
	subordinators = set(`if when although though while once whenever since after before unless as because`)
	mainSubjects  = set(`i he she we they`)
	// notBeforeMainSubject are words after which a subject pronoun does
	// not start the main clause: it is an object ("about them") or the
	// subject of a clause inside the first ("if you think they", "as soon
	// as they").
	notBeforeMainSubject = set(`i you he she we they it there that and or but to of in on at for
with the a an think know believe say said hope feel see tell told is are was were be been do
does did can could will would should may might must have has had so what how where why who
which than as if when because whether where while until since though although once before
after unless whenever about like from by into them him her me us`)
)

// mainVerb reports whether word i is an auxiliary, a modal or a past
// tense, as starts a main clause after its subject ("..., we will", "...,
// I lived"); a present tense may start a relative clause instead ("a job
// we like").
func mainVerb(d *Doc, i int) bool {
	if i < 0 {
		return false
	}
	w := d.Toks[i].Norm
	return auxiliaries[w] || modals[w] || nounModal[w] || verbs.past[w] != "" || strings.HasSuffix(w, "ed") && len(w) > 4
}

// isVerbForm reports a form of a verb of the verb tables: a clause may
// follow it as its object ("when I realized they").
func isVerbForm(w string) bool {
	return verbs.third[w] != "" || verbs.base[w] != "" || verbs.past[w] != "" || verbs.ing[w] != ""
}

func checkIntroductoryClause(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || !t.Has(SentenceStart) || !subordinators[t.Norm] {
			continue
		}
		words, prev := 1, i
		for {
			j := d.NextWord(prev)
			if j < 0 || words > 12 || d.Toks[j].Has(Compound) {
				break
			}
			w := d.Toks[j].Norm
			if mainSubjects[w] && words >= 3 && !notBeforeMainSubject[d.Toks[prev].Norm] && !isVerbForm(d.Toks[prev].Norm) && mainVerb(d, d.NextWord(j)) {
				d.ProposeComma(r, `Put a comma after the introductory clause.`, prev)
				break
			}
			if mainSubjects[w] && words >= 2 && !subordinators[d.Toks[prev].Norm] && !notBeforeMainSubject[d.Toks[prev].Norm] {
				break // a second subject too early: not a clause boundary we can trust
			}
			words++
			prev = j
		}
	}
}

// SuperfluousWord drops a word that learners add where English has none:
// "despite of" → "despite", "discuss about" → "discuss", "most of people"
// → "most people", "can't to do" → "can't do".
var SuperfluousWord = &Rule{
	ID:          "EN_SUPERFLUOUS_WORD",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `A word English does not use here: "despite of" → "despite", "discuss about" → "discuss", "can't to do" → "can't do".`,
	Stage:       AfterSpelling,
	Check:       checkSuperfluousWord,
}

var (
	// directObjectVerbs take their object without a preposition.
	directObjectVerbs = set(`discuss discussed discusses discussing mention mentioned mentions
mentioning`)
	// toModals are modal verbs after which "to" is wrong before a verb.
	toModals = set(`can can't cannot could couldn't should shouldn't must mustn't will won't
would wouldn't may might`)
	// mostOfNext may follow "most of": "most of the", "most of them".
	mostOfNext = set(`the a an my your his her its our their this that these those them us you
it all which what whom whose it's each one`)
)

func checkSuperfluousWord(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Has(Compound) {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || j != i+2 || !d.Toks[j].IsWord() || d.Toks[j].Has(Compound) {
			continue
		}
		n := d.Toks[j].Norm
		k := d.NextWord(j)
		switch {
		case t.Norm == "despite" && n == "of":
		case directObjectVerbs[t.Norm] && n == "about":
			if k < 0 {
				continue
			}
		case t.Norm == "most" && n == "of":
			// "most of people" but not "most of the people", "most of all",
			// "most of Europe".
			if k < 0 || k != j+2 || mostOfNext[d.Toks[k].Norm] || d.Toks[k].Has(Capitalized) || !d.Toks[k].IsWord() ||
				strings.ContainsAny(d.Toks[k].Norm, "'’") || !regularPlural(d, k) && !pluralSubjects[d.Toks[k].Norm] {
				continue
			}
		case toModals[t.Norm] && n == "to":
			// "can't to do" but not "will to live", "can to some extent".
			if k < 0 || verbs.third[d.Toks[k].Norm] == "" && d.Toks[k].Norm != "be" && d.Toks[k].Norm != "do" {
				continue
			}
			if p := d.PrevWord(i); p >= 0 && (d.Toks[p].Norm == "the" || d.Toks[p].Norm == "a" || d.Toks[p].Norm == "free") {
				continue // "the will to live"
			}
		default:
			continue
		}
		d.Propose(r, `"`+d.Toks[j].Fixed+`" is not needed after "`+t.Fixed+`".`, i, t.Fixed, "", "")
	}
}

// MuchMany: "much" before a plural → "many" ("much people" → "many
// people"), "many" before a mass noun → "much" ("many pollution." → "much
// pollution."). A mass noun is a singular whose plural is rare (less than
// minPluralShare of its frequency: pollutions, moneys).
var MuchMany = &Rule{
	ID:          "EN_MUCH_MANY",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `"much" with mass nouns, "many" with plurals: "much people" → "many people".`,
	Stage:       AfterSpelling,
	Check:       checkMuchMany,
}

func checkMuchMany(d *Doc, r *Rule) {
	fl, _ := d.Lex.(FrequencyLexicon)
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "much" && t.Norm != "many" || t.Has(Compound) {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || j != i+2 || !d.Toks[j].IsWord() {
			continue
		}
		n := &d.Toks[j]
		var repl string
		switch t.Norm {
		case "much":
			if precededBy(d, i, "very", "thank", "thanks", "you") {
				continue // "thank you very much friends"
			}
			if pluralSubjects[n.Norm] || regularPlural(d, j) {
				repl = "many"
			}
		case "many":
			w := n.Norm
			if fl == nil || n.Has(Capitalized) || n.Has(Compound) || len(w) < 4 || notCountNouns[w] || w[len(w)-1] == 's' ||
				auxiliaries[w] || notAfterArticle[w] ||
				isVerbForm(w) || strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed") || inflectedComparatives[w] {
				continue
			}
			if k, sp := d.Next(j); k >= 0 && !(d.Toks[k].Kind == Punct && !sp && strings.Contains(",.;:!?", d.Toks[k].Text)) {
				if m := d.NextWord(j); m < 0 || !prepositions[d.Toks[m].Norm] {
					continue // "many foreign or", "sorry many were"
				}
			}
			pl := nounPlural(w)
			if f := fl.Frequency(w); f > 0 && fl.Frequency(pl) < minPluralShare*f/10 {
				repl = "much" // the plural is very rare: a mass noun
			}
		}
		if repl == "" {
			continue
		}
		repl = MatchCase(t.Text, repl)
		d.Propose(r, `Use "`+repl+`" with "`+n.Fixed+`".`, i, repl)
	}
}

// ThisThese: "this" or "that" before a plural noun after a preposition
// becomes "these" or "those": "for this reasons," → "for these reasons,".
// After a preposition the demonstrative cannot be a subject, so the word in
// -s after it is a noun, not a verb ("this leads to" is left alone).
var ThisThese = &Rule{
	ID:          "EN_THIS_THESE",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `"this" before a plural noun: "for this reasons" → "for these reasons".`,
	Stage:       AfterSpelling,
	Check:       checkThisThese,
}

func checkThisThese(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "this" && t.Norm != "that" || t.Has(Compound) {
			continue
		}
		if p := d.PrevWord(i); p < 0 || !prepositions[d.Toks[p].Norm] || d.Toks[p].Norm == "like" {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || j != i+2 || !regularPlural(d, j) {
			continue
		}
		repl := "these"
		if t.Norm == "that" {
			repl = "those"
		}
		repl = MatchCase(t.Text, repl)
		d.Propose(r, `Use "`+repl+`" before the plural "`+d.Toks[j].Fixed+`".`, i, repl)
	}
}
