package rules

import (
	"appencorrect/internal/correction"
)

// ThereAreMany: "there is" before a plural: "there is many people" →
// "there are many people", "there is also editors." → "there are also
// editors.", "there was a lot of cars" → "there were a lot of cars" (but
// "there is a lot of water").
var ThereAreMany = register(&Rule{
	ID:          "EN_THERE_IS_MANY",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `"there is" before a plural quantity: "there is many people" → "there are many people".`,
	Stage:       AfterSpelling,
	Order:       220,
	Check:       checkThereAreMany,
})

var pluralQuantity = set(`many several various numerous few two three four five six seven eight nine
ten dozens hundreds thousands millions both`)

// ofQuantities are the phrases of quantity ending in "of" whose number is
// the noun's: "a lot of cars" is plural, "a lot of water" singular.
var ofQuantities = [][]string{{"a", "lot", "of"}, {"lots", "of"}, {"plenty", "of"}, {"a", "number", "of"},
	{"a", "couple", "of"}}

// pluralAfterOf returns the plural noun after a phrase of quantity ending
// in "of" that starts at word k ("a lot of cars", "lots of people"), or -1.
func pluralAfterOf(d *Doc, k int) int {
	for _, q := range ofQuantities {
		n := k
		for x, w := range q {
			if x > 0 {
				n = d.NextWord(n)
			}
			if n < 0 || d.Toks[n].Norm != w {
				n = -1
				break
			}
		}
		if n < 0 {
			continue
		}
		if m := d.NextWord(n); m >= 0 && (pluralSubjects[d.Toks[m].Norm] || regularPlural(d, m)) {
			return m
		}
	}
	return -1
}

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
		if k < 0 {
			continue
		}
		phrase := d.Toks[k].Fixed
		if d.Toks[k].Norm == "lots" || d.Toks[k].Norm == "a" || d.Toks[k].Norm == "plenty" {
			m := pluralAfterOf(d, k)
			if m < 0 {
				continue // "there is lots of water"
			}
			phrase = d.Text[d.Toks[k].Start:d.Toks[m].End]
		} else if !pluralQuantity[d.Toks[k].Norm] && !pluralSubjects[d.Toks[k].Norm] && !regularPlural(d, k) {
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
		d.Propose(r, `Use "`+repl+`" before a plural: "there `+repl+` `+phrase+`".`, j, repl)
	}
}
