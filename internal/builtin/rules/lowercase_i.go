package rules

import (
	"appencorrect/internal/correction"
)

// LowercaseI: the pronoun "i" → "I" ("i'm" → "I'm"). List markers ("(i)",
// "i)") and "i." at the start of a line are left alone.
var LowercaseI = register(&Rule{
	ID:          "EN_LOWERCASE_I",
	Category:    Casing,
	Type:        correction.Grammar,
	Description: `The pronoun "I" is always a capital: "i think" → "I think".`,
	Stage:       AfterSpelling,
	Order:       300,
	Check:       checkLowercaseI,
})

func checkLowercaseI(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Fixed == "" || t.Fixed[0] != 'i' || len(t.Norm) > 4 || !iForms[t.Norm] || t.Has(Compound) {
			continue
		}
		if t.Norm == "i" {
			p, psp := d.Prev(i)
			n, nsp := d.Next(i)
			if p >= 0 && !psp && d.Toks[p].Kind == Punct {
				continue // "(i", "-i"
			}
			if n >= 0 && !nsp && d.Toks[n].Kind == Punct && (d.Toks[n].Text == ")" || d.Toks[n].Text == ".") {
				if d.Toks[n].Text == ")" || t.Flags&(SentenceStart|SoftStart) != 0 {
					continue // "i)", "i. First item"
				}
			}
			if n >= 0 && d.Toks[n].Kind == Punct && (d.Toks[n].Text == "=" || d.Toks[n].Text == "+" || d.Toks[n].Text == "<") {
				continue // "i = 0"
			}
		}
		d.Recase(r, `The pronoun "I" is written with a capital.`, i, Capitalize)
	}
}
