package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// BaseFormAfterDo puts the verb after a negated "do" or a modal in its base
// form: "doesn't likes" → "doesn't like", "didn't went" → "didn't go",
// "could has" → "could have".
var BaseFormAfterDo = register(&Rule{
	ID:          "EN_BASE_FORM_AFTER_AUX",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `After "do not" or a modal verb the verb takes its base form: "doesn't likes" → "doesn't like".`,
	Stage:       AfterSpelling,
	Order:       260,
	Check:       checkBaseForm,
})

var (
	negDo = set(`don't doesn't didn't`)
	do    = set(`do does did`)
)

func checkBaseForm(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || len(t.Norm) > 9 {
			continue
		}
		n := t.Norm
		past := false // a did-form: a past tense after it is wrong too
		j := d.NextWord(i)
		if j < 0 {
			continue
		}
		switch {
		case negDo[n]:
			past = n == "didn't"
		case do[n]:
			if d.Toks[j].Norm != "not" {
				continue
			}
			past = n == "did"
			if j = d.NextWord(j); j < 0 {
				continue
			}
		case modals[n]:
		case nounModal[n]:
			p := d.PrevWord(i)
			if p < 0 || t.Text == "May" {
				continue
			}
			if subjectPronouns[d.Toks[p].Norm] == 0 && !modalWill(d, i, p, j) {
				continue
			}
		default:
			continue
		}
		if afterAux[d.Toks[j].Norm] {
			if j = d.NextWord(j); j < 0 {
				continue
			}
			if d.Toks[j].Norm == "not" || afterAux[d.Toks[j].Norm] {
				if j = d.NextWord(j); j < 0 {
					continue
				}
			}
		}
		v := &d.Toks[j]
		if !v.IsWord() || v.Has(Compound) || v.Has(Capitalized) {
			continue
		}
		repl := verbs.base[v.Norm]
		if repl == "" && (past || participles[v.Norm] != "") {
			// "didn't went", and after any of them a simple past that is
			// no participle: "can took", "doesn't saw".
			repl = verbs.past[v.Norm]
		}
		if repl == "" && !do[n] && !negDo[n] {
			repl = verbs.ing[v.Norm] // "can giving"; "don't going" may be "aren't going"
		}
		if repl == "" {
			repl = stemOfThird(d, v.Norm)
		}
		if repl == "" {
			continue
		}
		repl = MatchCase(v.Text, repl)
		d.Propose(r, `After "`+t.Fixed+`" the verb takes its base form: "`+repl+`".`, j, repl)
	}
}

// modalWill reports whether "will" at i, after word p and before word j, is
// the modal although no pronoun precedes it: p is a word that does not make
// it the noun ("the will", "free will", "the people's will") and j is a verb
// in the -s form or the past, which the noun "will" would need a
// determiner before ("the scraping will causes heat").
func modalWill(d *Doc, i, p, j int) bool {
	if d.Toks[i].Norm != "will" || !d.Toks[p].IsWord() || beforeNounWill[d.Toks[p].Norm] || strings.HasSuffix(d.Toks[p].Norm, "'s") {
		return false
	}
	v := d.Toks[j].Norm
	return verbs.base[v] != "" || verbs.past[v] != ""
}
