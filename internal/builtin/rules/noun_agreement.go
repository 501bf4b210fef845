package rules

import (
	"appencorrect/internal/correction"
)

// NounAgreement makes a verb agree with a subject whose number is fixed:
// "people is" → "people are", "everyone have" → "everyone has". Only forms
// of be, have and do are changed, and only when the subject starts a clause
// or follows a determiner, so that "the people is" is fixed but "a place
// where people is known" is not guessed at; after an indefinite pronoun that
// starts a clause a lexical verb takes its -s too ("Everybody know" →
// "knows"), but not after a verb ("let everyone know") nor in a story told
// in the past. A regular plural noun is not taken as a subject: in learner
// text "My names is" and "the kids is" are as often a wrong noun as a wrong
// verb (BEA-dev: 0 right, 2 wrong).
var NounAgreement = register(&Rule{
	ID:          "EN_NOUN_VERB_AGREEMENT",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `The verb does not agree with its subject: "people is" → "people are", "everyone have" → "everyone has".`,
	Stage:       AfterSpelling,
	Order:       180,
	Check:       checkNounAgreement,
})

var (
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
		p := d.PrevWord(i)
		switch {
		case pluralSubjects[t.Norm]:
			table = plural
		case singularSubjects[t.Norm]:
			table = thirdSing
		default:
			continue
		}
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
		if repl == "" && singularSubjects[t.Norm] && clauseStart(d, i) && !subjunctiveContext(d, i) && !pastInSentence(d, i) {
			repl = verbs.third[v.Norm] // "Everybody know" → "knows"; not "let everyone know"
		}
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
