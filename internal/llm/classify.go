package llm

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/textdist"
)

// Lexicon tells whether a word is spelled right in a language variant; the
// built-in engine's dictionary is one. It makes the difference between a
// misspelling ("recieve") and a real word used wrongly ("their").
type Lexicon interface {
	Known(word string, v language.Variant) bool
}

// Over-correction rule. Measured on the human references of JFLEG dev
// (fluency edits, four per sentence) and BEA-2019 dev (minimal edits),
// 7,400 (source, reference) pairs taken as model outputs, against the same
// sources paired with unrelated references as stand-ins for outputs that
// are not corrections (answers, translations, summaries);
// TestOverCorrectionRule prints the figures:
//
//   - a correction whose original or replacement has more than
//     RewriteWords words is a rewrite rather than a correction: it is kept
//     (the corrected text stays the model's text, byte for byte) but typed
//     style, with a message saying so. 14 of the 18,780 corrections of the
//     references are such rewrites.
//   - an output is rejected (the check fails over to the built-in engine)
//     when, for a text of at least RejectMinWords words, fewer than
//     RejectMinOverlap of the text's words are found in it (the same word
//     or a close spelling), or when its length differs from the input's by
//     more than a factor RejectLengthRatio. Every non-empty reference
//     passes (the lowest overlap among them is 0.33, the 1st percentile
//     0.59); 96.6% of the unrelated outputs are rejected. The share of
//     changed words is no criterion: fluency references rewrite up to 100%
//     of a garbled sentence.
//   - a text of fewer than RejectMinWords words has its own test, on its
//     content words (short.go): every human correction of a 1- to 12-word
//     sentence passes, 97.8% of unrelated answers are rejected
//     (TestShortAnswerRule).
const (
	RewriteWords      = 6
	RejectMinWords    = 8
	RejectMinOverlap  = 0.3
	RejectLengthRatio = 2.5
)

// relations are the closed word lists of the short-answer check; read-only.
var relations = newWordRelations()

// classify sets the type, rule, category and message of a correction
// derived by alignment.
func classify(c *correction.Correction, lex Lexicon, v language.Variant, engine string) {
	orig, sugg := c.Original, c.Suggestion()
	ow, sw := words(orig), words(sugg)
	c.Engine = engine
	switch {
	case len(ow) > RewriteWords || len(sw) > RewriteWords:
		c.Type, c.RuleID, c.Category = correction.Style, "LLM_REWRITE", "STYLE"
		c.Message = "This passage could be rewritten as suggested."
	case orig != sugg && strings.EqualFold(orig, sugg):
		c.Type, c.RuleID, c.Category = correction.Grammar, "LLM_CASING", "CASING"
		c.Message = "Capitalisation: write " + quoteWord(sugg) + "."
	case equalWords(ow, sw):
		c.Type, c.RuleID, c.Category = correction.Punctuation, "LLM_PUNCTUATION", "PUNCTUATION"
		c.Message = "Punctuation or spacing: " + quoteWord(orig) + " → " + quoteWord(sugg) + "."
	case len(ow) == 1 && len(sw) == 1 && close(ow[0], sw[0]) && (lex == nil || !lex.Known(ow[0], v)):
		c.Type, c.RuleID, c.Category = correction.Spelling, "LLM_SPELLING", "TYPOS"
		c.Message = "Possible spelling mistake: " + quoteWord(ow[0]) + " → " + quoteWord(sw[0]) + "."
	case len(ow) == 1 && len(sw) == 1 && close(ow[0], sw[0]):
		c.Type, c.RuleID, c.Category = correction.Grammar, "LLM_CONFUSED_WORDS", "CONFUSED_WORDS"
		c.Message = fmt.Sprintf("%s is a word, but %s fits here.", quoteWord(ow[0]), quoteWord(sw[0]))
	default:
		c.Type, c.RuleID, c.Category = correction.Grammar, "LLM_GRAMMAR", "GRAMMAR"
		switch {
		case sugg == "":
			c.Message = "Remove " + quoteWord(orig) + "."
		default:
			c.Message = "Grammar: " + quoteWord(orig) + " → " + quoteWord(sugg) + "."
		}
	}
}

func quoteWord(s string) string { return "‘" + s + "’" }

// words returns the word tokens of s.
func words(s string) []string {
	var out []string
	for _, t := range correction.Tokenize(s, nil) {
		if t.Kind == correction.Word {
			out = append(out, t.Text(s))
		}
	}
	return out
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// close reports whether b is a plausible spelling correction of a: an
// edit distance (with transpositions, ignoring case) of 1 for words up to 4
// letters, 2 up to 8, 3 beyond.
func close(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	n := max(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	limit := 3
	switch {
	case n <= 4:
		limit = 1
	case n <= 8:
		limit = 2
	}
	return textdist.OSA(a, b, limit) <= limit
}

// overCorrected reports why out is not a correction of text, or "".
func overCorrected(text, out string) string {
	in, o := utf8.RuneCountInString(text), utf8.RuneCountInString(out)
	if in >= 20 && (float64(o) > RejectLengthRatio*float64(in) || float64(in) > RejectLengthRatio*float64(o)) {
		return fmt.Sprintf("the output has %d characters for an input of %d", o, in)
	}
	tw := words(text)
	if len(tw) < RejectMinWords {
		return relations.implausibleShort(text, out)
	}
	if ov := wordOverlap(tw, words(out)); ov < RejectMinOverlap {
		return fmt.Sprintf("the output keeps %.0f%% of the %d words", 100*ov, len(tw))
	}
	return ""
}

// wordOverlap is the share of the words of a found in b, each word of b
// matching once: first equal ignoring case, then (for words of four
// letters or more) a close spelling among the words of b left over.
func wordOverlap(a, b []string) float64 {
	if len(a) == 0 {
		return 1
	}
	bag := make(map[string]int, len(b))
	for _, w := range b {
		bag[strings.ToLower(w)]++
	}
	used := make(map[string]int)
	found := 0
	var rest []string
	for _, w := range a {
		k := strings.ToLower(w)
		if bag[k] > 0 {
			bag[k]--
			used[k]++
			found++
		} else if len(w) >= 4 {
			rest = append(rest, w)
		}
	}
	if len(rest) > 0 {
		var left []string
		for _, w := range b {
			k := strings.ToLower(w)
			if used[k] > 0 {
				used[k]--
				continue
			}
			if len(w) >= 4 {
				left = append(left, w)
			}
		}
		taken := make([]bool, len(left))
		for _, w := range rest {
			for j, v := range left {
				if !taken[j] && close(w, v) {
					taken[j] = true
					found++
					break
				}
			}
		}
	}
	return float64(found) / float64(len(a))
}

// trimSpaceSpan returns the bounds of s without leading and trailing
// white space.
func trimSpaceSpan(s string) (int, int) {
	start := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
	end := len(strings.TrimRightFunc(s, unicode.IsSpace))
	if end < start {
		end = start
	}
	return start, end
}
