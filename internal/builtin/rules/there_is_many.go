package rules

import (
	"appencorrect/internal/correction"
)

// ThereAreMany: "there is" before a plural: "there is many people" →
// "there are many people", "there is also editors." → "there are also
// editors.".
var ThereAreMany = register(&Rule{
	ID:          "EN_THERE_IS_MANY",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `"there is" before a plural quantity: "there is many people" → "there are many people".`,
	Stage:       AfterSpelling,
	Order:       220,
	Check:       checkThereAreMany,
})

var pluralQuantity = set(`many several various numerous few lots two three four five six seven eight nine
ten dozens hundreds thousands millions both`)

func checkThereAreMany(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "there" {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || d.Toks[j].Norm != "is" && d.Toks[j].Norm != "was" {
			continue
		}
		k := d.NextWord(j)
		if k >= 0 && (d.Toks[k].Norm == "also" || d.Toks[k].Norm == "still") {
			k = d.NextWord(k)
		}
		if k < 0 || !pluralQuantity[d.Toks[k].Norm] && !pluralSubjects[d.Toks[k].Norm] && !regularPlural(d, k) {
			continue
		}
		if d.Toks[k].Norm == "few" && precededBy(d, k, "a") {
			continue
		}
		repl := "are"
		if d.Toks[j].Norm == "was" {
			repl = "were"
		}
		repl = MatchCase(d.Toks[j].Text, repl)
		d.Propose(r, `Use "`+repl+`" before a plural: "there `+repl+` `+d.Toks[k].Fixed+`".`, j, repl)
	}
}
