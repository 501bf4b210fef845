package rules

import (
	"appencorrect/internal/correction"
)

// ThisThese: "this" or "that" before a plural noun after a preposition
// becomes "these" or "those": "for this reasons," → "for these reasons,".
// After a preposition, or for "this" after "all" or a verb ("that" starts
// a clause there: "I think that books are"), the demonstrative cannot be a
// subject, so the word in -s after it is a noun, not a verb ("this leads
// to" is left alone; in "I think this helps" a word in -s whose stem is a
// verb is not taken for a plural).
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
		p := d.PrevWord(i)
		if p < 0 {
			continue
		}
		if pw := d.Toks[p].Norm; !(prepositions[pw] && pw != "like" || t.Norm == "this" && (pw == "all" || isVerbForm(pw) && !auxiliaries[pw])) {
			continue // after a verb "that" starts a clause: "I think that books are"
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
