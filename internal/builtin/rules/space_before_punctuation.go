package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// SpaceBeforePunctuation: no space before a comma, period, semicolon, colon,
// question or exclamation mark ("word ," → "word,"). Ellipses (" ..."),
// emoticons (" :)"), decimals (" .5") and the non-breaking spaces of French
// typography are left alone.
var SpaceBeforePunctuation = register(&Rule{
	ID:          "WHITESPACE_BEFORE_PUNCTUATION",
	Category:    Typography,
	Type:        correction.Punctuation,
	Description: `No space before a comma, period, colon, semicolon, question or exclamation mark.`,
	Stage:       AfterSpelling,
	Order:       350,
	Check:       checkSpaceBefore,
})

func checkSpaceBefore(d *Doc, r *Rule) {
	for k := 1; k+1 < len(d.Toks); k++ {
		s := &d.Toks[k]
		if s.Kind != Space || s.Flags&LineBreak != 0 || strings.Trim(s.Text, " ") != "" {
			continue
		}
		p := &d.Toks[k+1]
		if p.Kind != Punct || p.Flags&Code != 0 || len(p.Text) != 1 || !strings.Contains(",.;:!?", p.Text) {
			continue
		}
		w := &d.Toks[k-1]
		if w.Kind != Word || w.Fixed == "" {
			continue
		}
		// What follows the mark: white space, the end, or a closing quote.
		var after *Token
		if k+2 < len(d.Toks) {
			after = &d.Toks[k+2]
		}
		repl := p.Text
		switch {
		case after == nil || after.Kind == Space:
		case after.Kind == Punct && strings.Contains(`"”’)`, after.Text) && p.Text != ":" && p.Text != ";":
		case after.Kind == Word && after.Flags&Code == 0 && p.Text == "," && isLetters(after.Text):
			// "hello ,world": move the space after the comma.
			repl = ", "
		default:
			continue
		}
		if p.Text == "." && after != nil && after.Kind == Punct && after.Text == "." {
			continue
		}
		d.Propose(r, `Don't put a space before "`+p.Text+`".`, k, "", repl)
	}
}

func isLetters(s string) bool {
	for _, c := range s {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c > 0x7f) {
			return false
		}
	}
	return s != ""
}
