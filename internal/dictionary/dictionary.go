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
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/correction"
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
		return "", fmt.Errorf("%w: %w", ErrInvalidWord, err)
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
// empty. Contains does not allocate, and Closest compares a misspelling
// only with the listed words of about its length whose letters are close
// enough (a filter on a bit set of letters), so a tenant's full list costs
// the checker little.
type Words struct {
	exact map[string]struct{} // entries with capitals: match only themselves
	fold  map[string]struct{} // lower-case entries: match any case
	n     int
	// byLen[n] holds the entries of n runes, for Closest; masks[n] their
	// letter sets, scanned first.
	byLen [][]entry
	masks [][]uint32
	// base holds more words (With): a set with a few words sent with one
	// request over a tenant's cached lists.
	base *Words
	// Version identifies the lists the set was read from; it is part of
	// result cache keys.
	Version string
}

// entry is a listed word, for Closest.
type entry struct {
	word  string // as listed
	lower string // lower-cased
	fold  bool   // a lower-case entry: matches any case
}

// New returns the set of words (already normalized) at version.
func New(words []string, version string) *Words {
	w := &Words{exact: map[string]struct{}{}, fold: map[string]struct{}{}, Version: version}
	for _, s := range words {
		if s == "" {
			continue
		}
		lower := strings.ToLower(s)
		fold := lower == s
		m := w.exact
		if fold {
			m = w.fold
		}
		if _, dup := m[s]; dup {
			continue
		}
		m[s] = struct{}{}
		w.n++
		n := utf8.RuneCountInString(lower)
		for len(w.byLen) <= n {
			w.byLen = append(w.byLen, nil)
			w.masks = append(w.masks, nil)
		}
		w.byLen[n] = append(w.byLen[n], entry{word: s, lower: lower, fold: fold})
		w.masks[n] = append(w.masks[n], letterMask(lower))
	}
	return w
}

// Len is the number of words.
func (w *Words) Len() int {
	if w == nil {
		return 0
	}
	return w.n + w.base.Len()
}

// With returns the set of w's words and words (already normalized) at
// version, sharing w: the cost is that of words alone. A word w lists
// already is not listed again, so Len counts it once.
func (w *Words) With(words []string, version string) *Words {
	add := words
	for i, s := range words {
		if w.lists(s) {
			// words is the caller's: copy the new ones.
			add = append(make([]string, 0, len(words)-1), words[:i]...)
			for _, s := range words[i+1:] {
				if !w.lists(s) {
					add = append(add, s)
				}
			}
			break
		}
	}
	s := New(add, version)
	s.base = w
	return s
}

// lists reports whether s is an entry of w or of its bases: the entry New
// would make of s (a lower-case word in fold, any other in exact), not
// merely a word that Contains matches.
func (w *Words) lists(s string) bool {
	if s == "" {
		return false
	}
	fold := strings.ToLower(s) == s
	for ; w != nil; w = w.base {
		m := w.exact
		if fold {
			m = w.fold
		}
		if _, ok := m[s]; ok {
			return true
		}
	}
	return false
}

// Contains reports whether word is listed: equal to an entry, or equal
// ignoring case to a lower-case entry ("kubectl" matches "Kubectl" and
// "KUBECTL"; "AppenCorrect" matches only itself). It does not allocate for
// words of up to 64 bytes.
func (w *Words) Contains(word string) bool {
	if w.Len() == 0 {
		return false
	}
	if _, ok := w.exact[word]; ok {
		return true
	}
	if len(w.fold) > 0 {
		var buf [64]byte
		if _, ok := w.fold[string(appendLower(buf[:0], word))]; ok {
			return true
		}
	}
	return w.base.Contains(word)
}

// appendLower appends s lower-cased to b, as strings.ToLower does.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, unicode.ToLower(r))
		i += size
	}
	return b
}

// letterMask is the set of a word's runes, each folded onto one of 32
// bits. An edit changes at most two bits, so words within edit distance d
// differ in at most 2d bits.
func letterMask(s string) uint32 {
	var m uint32
	for _, r := range s {
		m |= 1 << (uint32(r) % 32)
	}
	return m
}

// Closest returns the listed word a misspelling is closest to: within an
// edit distance of 1 for words of up to 5 letters, 2 beyond, ignoring
// case ("qwen" → "Qwen" for the entry "Qwen"); "" when none is. Of equally
// close words it returns the first in byte order, so that the answer does
// not depend on the order the words were read in.
func (w *Words) Closest(word string) string {
	if w.Len() == 0 || len(word) < 3 {
		return ""
	}
	var buf [64]byte
	lw := string(appendLower(buf[:0], word))
	n := utf8.RuneCountInString(lw)
	limit := 1
	if n > 5 {
		limit = 2
	}
	best, _ := w.closest(word, lw, n, letterMask(lw), limit)
	return best
}

// closest is Closest for the lower-cased word lw of n runes and letters m:
// the listed word and its distance, limit+1 when none is within limit.
func (w *Words) closest(word, lw string, n int, m uint32, limit int) (string, int) {
	best, bestD := "", limit+1
	if w.base != nil {
		best, bestD = w.base.closest(word, lw, n, m, limit)
	}
	for l := max(n-limit, 0); l <= n+limit && l < len(w.byLen); l++ {
		for i, em := range w.masks[l] {
			if bits.OnesCount32(em^m) > 2*limit {
				continue
			}
			e := &w.byLen[l][i]
			d := textdist.OSA(lw, e.lower, limit)
			if d == 0 && (e.fold || e.word == word) {
				continue // the word itself
			}
			if d < bestD || d == bestD && e.word < best {
				best, bestD = e.word, d
			}
		}
	}
	return best, bestD
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

// Changed reports whether replacing original by replacement changes a
// listed word of original: the word is no longer in the replacement as
// written ("kubectl" → "kubect" does; "kubectl apply" → "kubectl
// applies" does not).
func (w *Words) Changed(original, replacement string) bool {
	if w.Len() == 0 {
		return false
	}
	var after []string
	for _, o := range correction.Words(original) {
		if !w.Contains(o) {
			continue
		}
		if after == nil {
			after = correction.Words(replacement)
		}
		if !slices.Contains(after, o) {
			return true
		}
	}
	return false
}
