// Package dictionary holds the words a tenant teaches the checker: product
// names, client names, project jargon. A Words value is an immutable set
// with LanguageTool's case rule (a lower-case entry matches the word in any
// case, an entry with capitals only itself) and a version that changes
// whenever the tenant's lists do, so that cached results never outlive a
// change.
package dictionary

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/textdist"
	"appencorrect/internal/textguard"
)

// Limits of a tenant's lists.
const (
	MaxWordLength    = 100    // characters
	MaxWordsOfTenant = 50_000 // over every named list
	// MaxPromptWords bounds the listed words quoted to the model for one
	// chunk (only those the chunk contains are sent).
	MaxPromptWords = 100
)

// ErrInvalidWord is returned for a word that cannot be listed.
var ErrInvalidWord = errors.New("invalid word")

// Normalize trims a word and checks it: 1 to 100 characters, no white
// space, control or bidirectional control characters (one word, as
// LanguageTool's /v2/words takes).
func Normalize(w string) (string, error) {
	w = strings.TrimSpace(w)
	n := utf8.RuneCountInString(w)
	switch {
	case n == 0:
		return "", fmt.Errorf("%w: empty", ErrInvalidWord)
	case n > MaxWordLength:
		return "", fmt.Errorf("%w: %q has %d characters; at most %d", ErrInvalidWord, truncate(w), n, MaxWordLength)
	case strings.IndexFunc(w, unicode.IsSpace) >= 0:
		return "", fmt.Errorf("%w: %q holds white space; add one word at a time", ErrInvalidWord, truncate(w))
	}
	if err := textguard.Check("word", w, textguard.Label); err != nil {
		return "", fmt.Errorf("%w: %v", ErrInvalidWord, err)
	}
	return w, nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Words is an immutable set of listed words; the zero value and nil are
// empty.
type Words struct {
	exact map[string]struct{} // entries with capitals: match only themselves
	fold  map[string]struct{} // lower-case entries: match any case
	list  []string
	// Version identifies the lists the set was read from; it is part of
	// result cache keys.
	Version string
}

// New returns the set of words (already normalized) at version.
func New(words []string, version string) *Words {
	w := &Words{exact: map[string]struct{}{}, fold: map[string]struct{}{}, Version: version}
	for _, s := range words {
		if s == "" {
			continue
		}
		if strings.ToLower(s) == s {
			w.fold[s] = struct{}{}
		} else {
			w.exact[s] = struct{}{}
		}
		w.list = append(w.list, s)
	}
	return w
}

// Len is the number of words.
func (w *Words) Len() int {
	if w == nil {
		return 0
	}
	return len(w.list)
}

// Contains reports whether word is listed: equal to an entry, or equal
// ignoring case to a lower-case entry ("kubectl" matches "Kubectl" and
// "KUBECTL"; "AppenCorrect" matches only itself).
func (w *Words) Contains(word string) bool {
	if w.Len() == 0 {
		return false
	}
	if _, ok := w.exact[word]; ok {
		return true
	}
	if _, ok := w.fold[word]; ok {
		return true
	}
	_, ok := w.fold[strings.ToLower(word)]
	return ok
}

// Closest returns the listed word a misspelling is closest to: within an
// edit distance of 1 for words of up to 5 letters, 2 beyond, ignoring
// case ("qwen" → "Qwen" for the entry "Qwen"); "" when none is.
func (w *Words) Closest(word string) string {
	if w.Len() == 0 || len(word) < 3 {
		return ""
	}
	lw := strings.ToLower(word)
	limit := 1
	if utf8.RuneCountInString(word) > 5 {
		limit = 2
	}
	best, bestD := "", limit+1
	for _, s := range w.list {
		if s == word {
			continue
		}
		if d := textdist.OSA(lw, strings.ToLower(s), limit); d < bestD {
			best, bestD = s, d
		}
	}
	return best
}

// In returns the listed words that occur in words (at most max), for the
// model's prompt.
func (w *Words) In(words []string, max int) []string {
	if w.Len() == 0 {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, s := range words {
		if len(out) >= max {
			break
		}
		if w.Contains(s) && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
