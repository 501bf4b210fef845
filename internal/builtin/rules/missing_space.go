package rules

import (
	"appencorrect/internal/correction"
)

// MissingSpaceAfterPunctuation: a space belongs after a sentence end or a
// comma glued to the next word ("end.The" → "end. The", "apples,pears").
// The scanner marks the places (MissingSpace) only between known words, so
// that "example.com", "file.txt", "1,000" and "e.g." are never touched.
var MissingSpaceAfterPunctuation = register(&Rule{
	ID:          "MISSING_SPACE_AFTER_PUNCTUATION",
	Category:    Typography,
	Type:        correction.Punctuation,
	Description: `Missing space after a period, comma, question or exclamation mark between two words: "end.The" → "end. The".`,
	Stage:       AfterSpelling,
	Order:       360,
	Check:       checkMissingSpace,
})

func checkMissingSpace(d *Doc, r *Rule) {
	for k := range d.Toks {
		p := &d.Toks[k]
		if p.Kind != Punct || !p.Has(MissingSpace) {
			continue
		}
		d.Propose(r, `Put a space after "`+p.Text+`".`, k, p.Text+" ")
	}
}
