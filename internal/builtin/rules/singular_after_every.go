package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// SingularAfterEvery puts the noun after "every" or "each" in the singular:
// "in every details." → "in every detail.", "each students has" → "each
// student has". The noun must be a regular plural (its singular a known word
// that is no verb) ending a noun phrase; "each of", "every one" and "each
// other" are left alone, as are nouns always plural ("every news").
var SingularAfterEvery = register(&Rule{
	ID:          "EN_SINGULAR_AFTER_EVERY",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `A plural noun after "every" or "each": "every details" → "every detail".`,
	Stage:       AfterSpelling,
	Order:       211,
	Check:       checkSingularAfterEvery,
})

func checkSingularAfterEvery(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "every" && t.Norm != "each" {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || j != i+2 || !regularPlural(d, j) {
			continue
		}
		w := d.Toks[j].Norm
		if singularInS[w] || w == "others" || w == "ones" {
			continue
		}
		sg := singularOf(w)
		if sg == "" || !d.Lex.Known(sg) {
			continue
		}
		repl := MatchCase(d.Toks[j].Text, sg)
		d.Propose(r, `After "`+t.Fixed+`" the noun is singular: "`+repl+`".`, j, repl)
	}
}

// singularOf returns the singular of a regular plural: "details" →
// "detail", "cities" → "city", "boxes" → "box".
func singularOf(w string) string {
	n := len(w)
	switch {
	case n < 4 || w[n-1] != 's':
		return ""
	case strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "sses"):
		return w[:n-2]
	}
	return w[:n-1]
}
