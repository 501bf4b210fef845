package rules

import (
	"appencorrect/internal/correction"
)

// ThisThese: "this" or "that" before a plural noun after a preposition
// becomes "these" or "those": "for this reasons," → "for these reasons,".
// After a preposition the demonstrative cannot be a subject, so the word in
// -s after it is a noun, not a verb ("this leads to" is left alone).
var ThisThese = register(&Rule{
	ID:          "EN_THIS_THESE",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `"this" before a plural noun: "for this reasons" → "for these reasons".`,
	Stage:       AfterSpelling,
	Order:       230,
	Check:       checkThisThese,
})

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
