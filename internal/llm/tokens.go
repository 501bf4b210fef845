package llm

import (
	"unicode"
	"unicode/utf8"
)

// EstimateTokens estimates how many tokens a BPE tokenizer of the Qwen or
// GPT family makes of s, without the tokenizer: a word of up to six bytes
// is one token (with the space before it), longer words one more per six
// bytes, each punctuation mark or symbol one, a line break one, and each
// character outside Latin scripts one. It errs on the high side for English
// prose. The client scales it by a ratio measured against the server's own
// tokenizer (vLLM's /tokenize) when the server has one; the simulator counts
// tokens with it.
func EstimateTokens(s string) int {
	n := 0
	word := 0 // bytes in the current word
	flush := func() {
		if word > 0 {
			n += 1 + (word-1)/6
			word = 0
		}
	}
	spaces := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
				word++
				spaces = 0
			case c == ' ':
				flush()
				spaces++
				if spaces == 2 {
					n++ // runs of spaces are tokens of their own
				}
			case c == '\n' || c == '\t' || c == '\r':
				flush()
				spaces = 0
				n++
			default:
				flush()
				spaces = 0
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		spaces = 0
		switch {
		case unicode.Is(unicode.Latin, r) || unicode.Is(unicode.Greek, r) || unicode.Is(unicode.Cyrillic, r):
			word += size
		case unicode.IsSpace(r):
			flush()
			n++
		default:
			flush()
			n++
		}
	}
	flush()
	return n
}
