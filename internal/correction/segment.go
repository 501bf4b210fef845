package correction

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Len returns the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Paragraphs returns the paragraphs of text: maximal runs separated by blank
// lines (a line break, optional spaces or tabs, another line break). Spans
// hold no leading or trailing white space; what lies between them is white
// space only. A text of white space has no paragraphs.
func Paragraphs(text string) []Span {
	var out []Span
	start := -1 // start of the current paragraph, -1 outside one
	lastNonSpace := 0
	i := 0
	for i < len(text) {
		c := text[i]
		if c == '\n' || c == '\r' {
			// Look for a blank line: \n [ \t\r]* \n
			j := i + 1
			if c == '\r' && j < len(text) && text[j] == '\n' {
				j++
			}
			k := j
			for k < len(text) && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r') {
				k++
			}
			if k < len(text) && text[k] == '\n' && start >= 0 {
				out = append(out, Span{start, lastNonSpace})
				start = -1
			}
			i = j
			continue
		}
		r, size := decode(text, i)
		if !isSpace(r) {
			if start < 0 {
				start = i
			}
			lastNonSpace = i + size
		}
		i += size
	}
	if start >= 0 {
		out = append(out, Span{start, lastNonSpace})
	}
	return out
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "vs": true, "etc": true, "e.g": true, "i.e": true, "eg": true, "ie": true,
	"a.m": true, "p.m": true, "u.s": true, "no": true, "inc": true, "ltd": true, "co": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "fig": true, "approx": true,
	"dept": true, "est": true, "gen": true, "gov": true, "lt": true, "mt": true, "capt": true,
	"col": true, "sgt": true, "rev": true, "vol": true, "cf": true, "al": true, "ca": true,
	"m": true, "mme": true, "mlle": true, "p": true, "pp": true,
}

// Sentences returns the sentences of text, in order, each without leading or
// trailing white space. A sentence ends at a blank line, or after '.', '!',
// '?' or '…' (with closing quotes or brackets) followed by white space and
// something that can start a sentence; a period after a known abbreviation,
// a single letter or inside a number does not end one.
func Sentences(text string) []Span {
	var out []Span
	for _, p := range Paragraphs(text) {
		out = appendSentences(out, text, p)
	}
	return out
}

func appendSentences(out []Span, text string, p Span) []Span {
	start := p.Start
	i := p.Start
	for i < p.End {
		r, size := decode(text, i)
		i += size
		if r != '.' && r != '!' && r != '?' && r != '…' && r != '。' && r != '！' && r != '？' {
			continue
		}
		// Swallow repeated terminators and closing quotes or brackets.
		end := i
		for end < p.End {
			r2, sz := decode(text, end)
			if r2 == '.' || r2 == '!' || r2 == '?' || r2 == '…' || r2 == '"' || r2 == '\'' || r2 == '”' || r2 == '’' || r2 == ')' || r2 == ']' || r2 == '»' {
				end += sz
				continue
			}
			break
		}
		cjk := r == '。' || r == '！' || r == '？'
		// Must be followed by white space (not needed after CJK marks).
		j := end
		for j < p.End {
			r2, sz := decode(text, j)
			if !isSpace(r2) {
				break
			}
			j += sz
		}
		if j == p.End {
			break // the paragraph ends here anyway
		}
		if j == end && !cjk {
			i = end
			continue
		}
		next, _ := decode(text, j)
		if !cjk && !canStartSentence(next) {
			i = end
			continue
		}
		if r == '.' && !cjk && isAbbreviation(text, start, i-size) {
			i = end
			continue
		}
		out = append(out, Span{start, end})
		start = j
		i = j
	}
	if start < p.End {
		out = append(out, Span{start, trimRightSpace(text, start, p.End)})
	}
	return out
}

func trimRightSpace(text string, start, end int) int {
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !isSpace(r) {
			break
		}
		end -= size
	}
	return end
}

func canStartSentence(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsDigit(r) || unicode.IsTitle(r) ||
		strings.ContainsRune("\"'“‘«([¿¡-–—*•", r) || (r >= 0x3000 && unicode.IsLetter(r))
}

// isAbbreviation reports whether the period at byte dot ends a known
// abbreviation or an initial ("J.", "U.S.").
func isAbbreviation(text string, start, dot int) bool {
	w := dot
	for w > start {
		r, size := utf8.DecodeLastRuneInString(text[start:w])
		if !(unicode.IsLetter(r) || r == '.') {
			break
		}
		w -= size
	}
	word := text[w:dot]
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r) // an initial
	}
	return abbreviations[strings.ToLower(word)]
}
