package rules

import (
	"appencorrect/internal/correction"
)

// IntroductoryClauseComma puts a comma after a short adverbial clause that
// opens a sentence, before the subject of the main clause: "When I was
// young I lived there" → "When I was young, I lived there". The clause
// must start with a subordinating conjunction, hold no punctuation and at
// most twelve words; the main clause must start with a subject pronoun
// (I, he, she, we, they; "you" and "it", which may also be objects, only
// after a word that is no verb) or an existential "there" and its verb
// ("If the weather is bad there will be"), or a determiner, one or two
// words and an auxiliary or a modal ("If there is a problem the teacher
// will help"; the first clause must hold a verb), after a word that
// cannot take it as an object or start a clause inside the first one
// (not "If you think they", "When I told them we").
var IntroductoryClauseComma = register(&Rule{
	ID:          "EN_COMMA_AFTER_INTRODUCTORY_CLAUSE",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `A comma after an introductory clause: "When I was young I lived there" → "When I was young, I lived there".`,
	Stage:       AfterSpelling,
	Order:       340,
	Check:       checkIntroductoryClause,
})

// existentialVerbs follow an existential "there" that starts a clause
// ("there are", "there will be").
var existentialVerbs = set(`is are was were will would can could may might must should has have had`)

// existentialVerb reports whether word i is a verb that "there" takes as
// the subject of a clause.
func existentialVerb(d *Doc, i int) bool { return i >= 0 && existentialVerbs[d.Toks[i].Norm] }

var subordinators = set(`if when although though while once whenever since after before unless as because`)

func checkIntroductoryClause(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || !t.Has(SentenceStart) || !subordinators[t.Norm] {
			continue
		}
		words, prev, hasVerb := 1, i, false
		for {
			j := d.NextWord(prev)
			if j < 0 || words > 12 || d.Toks[j].Has(Compound) {
				break
			}
			w := d.Toks[j].Norm
			if w == "there" && words >= 3 && !notBeforeMainSubject[d.Toks[prev].Norm] && !isVerbForm(d.Toks[prev].Norm) && existentialVerb(d, d.NextWord(j)) {
				d.ProposeComma(r, `Put a comma after the introductory clause.`, prev)
				break
			}
			if (mainSubjects[w] || w == "you" || w == "it") && words >= 3 && !notBeforeMainSubject[d.Toks[prev].Norm] && !isVerbForm(d.Toks[prev].Norm) && mainVerb(d, d.NextWord(j)) {
				d.ProposeComma(r, `Put a comma after the introductory clause.`, prev)
				break
			}
			if subjectDeterminers[w] && words >= 4 && hasVerb && !notBeforeMainSubject[d.Toks[prev].Norm] && !isVerbForm(d.Toks[prev].Norm) &&
				!subjectDeterminers[d.Toks[prev].Norm] && nounPhraseSubject(d, j) {
				// "If there is a problem the teacher will help."
				d.ProposeComma(r, `Put a comma after the introductory clause.`, prev)
				break
			}
			if mainSubjects[w] && words >= 2 && !subordinators[d.Toks[prev].Norm] && !notBeforeMainSubject[d.Toks[prev].Norm] {
				break // a second subject too early: not a clause boundary we can trust
			}
			if auxiliaries[w] || modals[w] || isVerbForm(w) || len(w) > 4 && w[len(w)-2:] == "ed" {
				hasVerb = true
			}
			words++
			prev = j
		}
	}
}
