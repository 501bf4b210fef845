package rules

import (
	"strings"

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
// verb (BEA-dev: 0 right, 2 wrong). A singular noun after a determiner
// that starts a clause takes the -s form of a verb followed by its object
// ("This point affect the environment" → "affects", "The professor need
// them" → "needs"): not for nouns that may be plural ("the rich get", "the
// team need", "the sheep eat") nor in a story told in the past.
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

// nounDeterminers: after one of these, a noun without -s is singular
// (unless it is one of not_singular_subjects).
var nounDeterminers = set(`this that the a an my your his her our their its every each`)

func checkNounAgreement(d *Doc, r *Rule) {
	checkDeterminedSubjects(d, r)
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

// checkDeterminedSubjects makes a verb agree with a singular noun after a
// determiner that starts a clause: "This point affect the environment" →
// "affects". The verb must be followed by the start of its object.
func checkDeterminedSubjects(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		// The cheap tests first: this runs at every "the" of a text.
		if len(t.Norm) > 5 || !t.IsWord() || !nounDeterminers[t.Norm] || !clauseStart(d, i) {
			continue
		}
		n := plainWordAfter(d, i)
		if n < 0 {
			continue
		}
		j := plainWordAfter(d, n)
		if j < 0 {
			continue
		}
		v := d.Toks[j].Norm
		repl := thirdSing[v]
		if repl == "" {
			repl = verbs.third[v]
			if v == "need" {
				repl = "needs" // left out of the verb tables as a modal ("he need not")
			}
		}
		if repl == "" || repl == "is" && v == "am" || v == "like" || prepositions[v] {
			continue // "an outcome like this"
		}
		o := d.NextWord(j)
		if o < 0 || o != j+2 {
			continue // the verb is followed by a word, after one space
		}
		next := d.Toks[o].Norm
		if thirdSing[v] != "" {
			if subjectPronouns[next] != 0 {
				continue // "what the hell do I know": a question
			}
		} else if !objectStarts[next] || next == "to" && !infinitiveVerbs[v] {
			// The word after a lexical verb starts its object; "to" only
			// after verbs that take an infinitive ("the important point
			// to discuss": "point" is the noun).
			continue
		}
		w := d.Toks[n].Norm
		if len(w) < 3 || w[len(w)-1] == 's' || w == "there" || w == "here" || w == "what" || w == "which" || w == "who" || strings.HasSuffix(w, "est") || notSingularSubjects[w] || pluralSubjects[w] || nounDeterminers[w] || subjectPronouns[w] != 0 || objectStarts[w] ||
			verbs.ing[w] != "" || verbs.past[w] != "" || verbs.base[w] != "" || auxiliaries[w] || modals[w] || nounModal[w] || prepositions[w] || conjunctions[w] {
			continue
		}
		if subjunctiveContext(d, i) || pastInSentence(d, i) {
			continue // "The teacher ask me": "asked" as likely as "asks"
		}
		if d.Apostrophe != "'" {
			repl = replaceApostrophe(repl, d.Apostrophe)
		}
		repl = MatchCase(d.Toks[j].Text, repl)
		d.Propose(r, `The verb does not agree with "`+d.Toks[n].Fixed+`": use "`+repl+`".`, j, repl)
	}
}
