package correction

import (
	"unicode"
	"unicode/utf8"
)

// TokenKind classifies a token of Tokenize.
type TokenKind uint8

// Token kinds.
const (
	// Word is a run of letters, digits and combining marks, with internal
	// apostrophes ("don't", "O’Brien").
	Word TokenKind = iota + 1
	// Space is a run of white space, line breaks included.
	Space
	// Other is a single punctuation mark, symbol or emoji (with the marks,
	// variation selectors and joiners that belong to it), or an ideograph of
	// a script written without spaces.
	Other
)

// Token is a piece of text: Text is s[Start:End] for the tokenized s.
type Token struct {
	Start, End int
	Kind       TokenKind
}

// Text returns the token's text in s.
func (t Token) Text(s string) string { return s[t.Start:t.End] }

// Tokenize splits s into words, white-space runs and single other
// characters. The tokens cover s exactly, in order, whatever s holds
// (invalid UTF-8 included: each invalid byte is its own Other token).
// Tokens are appended to dst, which may be nil.
func Tokenize(s string, dst []Token) []Token {
	i := 0
	for i < len(s) {
		r, size := decode(s, i)
		start := i
		i += size
		var kind TokenKind
		switch {
		case isSpace(r):
			kind = Space
			for i < len(s) {
				r2, sz := decode(s, i)
				if !isSpace(r2) {
					break
				}
				i += sz
			}
		case isWordRune(r) && !isUnspaced(r):
			kind = Word
			for i < len(s) {
				r2, sz := decode(s, i)
				if isWordRune(r2) && !isUnspaced(r2) || isAttached(r2) {
					i += sz
					continue
				}
				if isApostrophe(r2) && i+sz < len(s) {
					if r3, _ := decode(s, i+sz); isLetter(r3) {
						i += sz
						continue
					}
				}
				break
			}
		default:
			kind = Other
			if r == utf8.RuneError && size == 1 {
				break
			}
			// Attach combining marks, variation selectors, emoji modifiers
			// and zero-width-joiner sequences to this character.
			for i < len(s) {
				r2, sz := decode(s, i)
				if r2 == zwj {
					i += sz
					if i < len(s) {
						_, sz3 := decode(s, i)
						i += sz3
					}
					continue
				}
				if !isAttached(r2) {
					break
				}
				i += sz
			}
		}
		dst = append(dst, Token{Start: start, End: i, Kind: kind})
	}
	return dst
}

const zwj = '\u200d'

// Words returns the text of s's word tokens, in order.
func Words(s string) []string {
	var out []string
	for _, t := range Tokenize(s, nil) {
		if t.Kind == Word {
			out = append(out, t.Text(s))
		}
	}
	return out
}

func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
	}
	return unicode.IsSpace(r)
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if r == utf8.RuneError {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isAttached reports runes that never start a token of their own.
func isAttached(r rune) bool {
	if r < utf8.RuneSelf {
		return false
	}
	return unicode.IsMark(r) || r == '\ufe0e' || r == '\ufe0f' || (r >= 0x1f3fb && r <= 0x1f3ff) || (r >= 0xe0020 && r <= 0xe007f)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// isUnspaced reports characters of scripts written without spaces between
// words; each is a token of its own so that alignment stays fine-grained.
func isUnspaced(r rune) bool {
	if r < 0x0e00 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}
