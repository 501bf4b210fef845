package rules

import "appencorrect/internal/correction"

// SingularAfterDeterminer puts the noun after "every", "each", "a", "an"
// or "one" in the singular: "in every details." → "in every detail.",
// "each students has" → "each student has", "have a cars." → "a car.". The
// noun must be a regular plural (its singular a known word that is no verb)
// ending a noun phrase; "each of", "every one" and "each other" are left
// alone, as are nouns in -s that are singular ("a series", "a means").
var SingularAfterDeterminer = register(&Rule{
	ID:          "EN_SINGULAR_AFTER_DETERMINER",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `A plural noun after "every", "each" or "a": "every details" → "every detail", "a cars" → "a car".`,
	Stage:       AfterSpelling,
	Order:       211,
	Check:       checkSingularAfterDeterminer,
})

// singularDets call for a singular noun right after them.
var singularDets = set(`every each a an one`)

func checkSingularAfterDeterminer(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if len(t.Norm) > 5 || !t.IsWord() || !singularDets[t.Norm] || t.Text == "A" && !t.Has(SentenceStart) {
			continue // "grade A students"
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
