package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// RepeatedSpace: two or more spaces between words in the middle of a line.
// Indentation, alignment after a line break, and two spaces after a
// sentence end (an old typing convention) are left alone.
var RepeatedSpace = register(&Rule{
	ID:          "WHITESPACE_RULE",
	Category:    Typography,
	Type:        correction.Punctuation,
	Description: `Repeated spaces between words: "an  extra" → "an extra".`,
	Stage:       AfterSpelling,
	Order:       380,
	Check:       checkRepeatedSpace,
})

func checkRepeatedSpace(d *Doc, r *Rule) {
	for k := 1; k+1 < len(d.Toks); k++ {
		s := &d.Toks[k]
		if s.Kind != Space || len(s.Text) < 2 || s.Flags&LineBreak != 0 || strings.Trim(s.Text, " ") != "" || s.Fixed != s.Text {
			continue
		}
		prev, next := &d.Toks[k-1], &d.Toks[k+1]
		if prev.Kind != Word || next.Kind != Word || prev.Flags&Code != 0 || next.Flags&Code != 0 {
			continue
		}
		if len(s.Text) > 3 {
			continue // alignment in a table or a form
		}
		d.Propose(r, `Possible typo: you repeated a space.`, k, " ")
	}
}
