package rules

import (
	"appencorrect/internal/correction"
)

// DoublePunctuation: ",," → ",", ".." → "." (an ellipsis "..." is fine),
// ";;" → ";". Doubled "!!" and "??" are emphatic, not errors.
var DoublePunctuation = register(&Rule{
	ID:          "DOUBLE_PUNCTUATION",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `The same punctuation mark twice: ",," → ",", ".." → ".".`,
	Stage:       AfterSpelling,
	Order:       370,
	Check:       checkDoublePunct,
})

func checkDoublePunct(d *Doc, r *Rule) {
	for k := 0; k+1 < len(d.Toks); k++ {
		p, q := &d.Toks[k], &d.Toks[k+1]
		if p.Kind != Punct || q.Kind != Punct || p.Text != q.Text || p.Flags&Code != 0 || q.Flags&Code != 0 {
			continue
		}
		if p.Text != "," && p.Text != "." && p.Text != ";" {
			continue
		}
		// Exactly two: not part of an ellipsis or a longer run.
		if k > 0 && d.Toks[k-1].Text == p.Text || k+2 < len(d.Toks) && d.Toks[k+2].Text == p.Text {
			continue
		}
		// Between words or at a sentence end, not in "..,," art.
		if k == 0 || d.Toks[k-1].Kind != Word {
			continue
		}
		d.Propose(r, `Two consecutive "`+p.Text+`": one is enough.`, k, p.Text, "")
		k++
	}
}
