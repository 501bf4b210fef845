package rules

import (
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
			if p < 0 || subjectPronouns[d.Toks[p].Norm] == 0 || t.Text == "May" {
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
