// Package textguard checks text that clients store and others read back:
// key names, feedback, custom instructions. It refuses what would make the
// stored text not what it looks like: NUL and other control characters,
// and the bidirectional embedding, override and isolate controls that can
// reorder what a reader sees (the "Trojan Source" trick). Right-to-left
// script itself and the bidi marks (U+200E, U+200F, U+061C) are text and
// pass. It also finds what JSON decoding would silently replace: invalid
// UTF-8 and unpaired UTF-16 surrogate escapes.
package textguard

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Kind says which line breaks a field may hold.
type Kind int

const (
	// Label is one line: a key name, a use case.
	Label Kind = iota
	// Prose may hold tabs and line breaks: feedback, instructions.
	Prose
)

// bidiControl reports the explicit embedding, override and isolate
// controls.
func bidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// Check returns an error naming the first character field may not hold
// and its position (in characters), or nil.
func Check(field, s string, k Kind) error {
	i := 0
	for _, r := range s {
		switch {
		case r == 0:
			return fmt.Errorf("field %q holds a NUL character at character %d", field, i)
		case r == utf8.RuneError:
			// Valid input never decodes to RuneError unless it holds
			// U+FFFD itself, which is text.
		case bidiControl(r):
			return fmt.Errorf("field %q holds the bidirectional control U+%04X at character %d; it would reorder what readers see", field, r, i)
		case (r == '\n' || r == '\r' || r == '\t') && k == Prose:
		case unicode.IsControl(r):
			return fmt.Errorf("field %q holds the control character U+%04X at character %d", field, r, i)
		}
		i++
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("field %q is not valid UTF-8", field)
	}
	return nil
}

// NoNUL returns an error when s holds a NUL character: for checked text,
// where every other character (bidi controls of right-to-left text
// included) is the client's content.
func NoNUL(field, s string) error {
	for i, r := range []rune(s) {
		if r == 0 {
			return fmt.Errorf("field %q holds a NUL character at character %d", field, i)
		}
	}
	return nil
}

// InvalidJSONText returns the byte offset of the first thing in a JSON
// document that decoding would replace with U+FFFD: an invalid UTF-8
// sequence anywhere, or a \u escape of a UTF-16 surrogate that is not
// part of a pair; -1 when there is none, with what was found.
func InvalidJSONText(b []byte) (offset int, what string) {
	if !utf8.Valid(b) {
		for i := 0; i < len(b); {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				return i, "invalid UTF-8"
			}
			i += n
		}
	}
	inString := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !inString {
			if c == '"' {
				inString = true
			}
			continue
		}
		switch c {
		case '"':
			inString = false
		case '\\':
			if i+1 >= len(b) {
				return -1, ""
			}
			if b[i+1] != 'u' {
				i++ // \" \\ \n ...
				continue
			}
			r, ok := hex4(b, i+2)
			if !ok {
				i++
				continue // the decoder reports the syntax error
			}
			switch {
			case r >= 0xD800 && r <= 0xDBFF:
				if lo, ok := lowSurrogateAt(b, i+6); ok && lo >= 0xDC00 && lo <= 0xDFFF {
					i += 11
					continue
				}
				return i, "an unpaired UTF-16 surrogate escape"
			case r >= 0xDC00 && r <= 0xDFFF:
				return i, "an unpaired UTF-16 surrogate escape"
			}
			i += 5
		}
	}
	return -1, ""
}

func lowSurrogateAt(b []byte, i int) (rune, bool) {
	if i+1 >= len(b) || b[i] != '\\' || b[i+1] != 'u' {
		return 0, false
	}
	return hex4(b, i+2)
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		default:
			return 0, false
		}
	}
	return r, true
}
