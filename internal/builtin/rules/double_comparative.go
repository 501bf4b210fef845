package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// DoubleComparative drops "more" or "most" before a comparative or
// superlative that already has its ending: "more better" → "better",
// "most biggest" → "biggest".
var DoubleComparative = register(&Rule{
	ID:          "EN_DOUBLE_COMPARATIVE",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `"more" before a comparative: "more better" → "better".`,
	Stage:       AfterSpelling,
	Order:       200,
	Check:       checkDoubleComparative,
})

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
