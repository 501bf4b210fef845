package rules

import (
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/correction"
)

// SentenceStartCase: a sentence starts with a capital letter. Only words
// after a clear sentence end (or at the start of the text) are checked: not
// after an ellipsis, a line break, or "?" closing a quotation.
var SentenceStartCase = register(&Rule{
	ID:          "UPPERCASE_SENTENCE_START",
	Category:    Casing,
	Type:        correction.Grammar,
	Description: `A sentence starts with a capital letter.`,
	Stage:       AfterSpelling,
	Order:       310,
	Check:       checkSentenceStart,
})

func checkSentenceStart(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || !t.Has(SentenceStart) || t.Fixed == "" {
			continue
		}
		c, _ := utf8.DecodeRuneInString(t.Fixed)
		if !unicode.IsLower(c) {
			continue
		}
		if n, sp := d.Next(i); n >= 0 && !sp && d.Toks[n].Kind == Punct && (d.Toks[n].Text == ")" || d.Toks[n].Text == ".") && len(t.Fixed) == 1 {
			continue // "a) ...", "b. ..."
		}
		d.Recase(r, `This sentence does not start with a capital letter.`, i, Capitalize)
	}
}
