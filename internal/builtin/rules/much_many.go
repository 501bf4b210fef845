package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// MuchMany: "much" before a plural → "many" ("much people" → "many
// people"), "less" before a plural → "fewer" ("less cars" → "fewer cars";
// not "no less than", "more or less"), "many" before a mass noun → "much"
// ("many pollution." → "much pollution."). A mass noun is a singular whose
// plural is rare (less than minPluralShare of its frequency: pollutions,
// moneys).
var MuchMany = register(&Rule{
	ID:          "EN_MUCH_MANY",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `"much" and "less" with mass nouns, "many" and "fewer" with plurals: "much people" → "many people", "less cars" → "fewer cars".`,
	Stage:       AfterSpelling,
	Order:       250,
	Check:       checkMuchMany,
})

func checkMuchMany(d *Doc, r *Rule) {
	fl, _ := d.Lex.(FrequencyLexicon)
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "much" && t.Norm != "many" && t.Norm != "less" || t.Has(Compound) {
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
		case "less":
			if precededBy(d, i, "no", "or", "much", "far") {
				continue // "no less than", "more or less", "much less"
			}
			if pluralSubjects[n.Norm] || regularPlural(d, j) {
				repl = "fewer"
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
