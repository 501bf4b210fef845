// Package correction holds the engine-independent core of AppenCorrect: the
// Correction type, deriving corrections from an original and a corrected text
// by alignment, applying corrections, offset conversion between bytes, Unicode
// code points and UTF-16 code units, and sentence and paragraph segmentation.
//
// All offsets inside the package are byte offsets into the original text;
// conversion to code points or UTF-16 happens at the edges (see Offsets).
package correction

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Type is the category of a correction.
type Type string

// The correction types. The original API knows spelling, grammar and style;
// punctuation is an addition of this service.
const (
	Spelling    Type = "spelling"
	Grammar     Type = "grammar"
	Punctuation Type = "punctuation"
	Style       Type = "style"
)

// Valid reports whether t is one of the known types.
func (t Type) Valid() bool {
	switch t {
	case Spelling, Grammar, Punctuation, Style:
		return true
	}
	return false
}

// Correction is one problem found in a text, with its exact place and the
// ranked replacements proposed for it.
type Correction struct {
	// Start and End delimit the problem as byte offsets [Start, End) into the
	// checked text. Start == End is an insertion point.
	Start, End int
	// Original is text[Start:End].
	Original string
	// Suggestions are the replacements, best first. The first one is the one
	// applied to build the corrected text. An empty string means "delete".
	Suggestions []string
	// Type is the category of the problem.
	Type Type
	// RuleID identifies the rule that found the problem; it is stable
	// across versions so that clients can disable it.
	RuleID string
	// Category groups rules as LanguageTool does (TYPOS, GRAMMAR, CASING,
	// PUNCTUATION, CONFUSED_WORDS, REDUNDANCY, TYPOGRAPHY, STYLE); empty
	// means the default category of Type.
	Category string
	// Message explains the problem to a person.
	Message string
	// Engine names what found the problem ("builtin", "vllm", ...).
	Engine string
}

// Suggestion returns the best replacement, or the original text when the
// correction has no suggestion.
func (c Correction) Suggestion() string {
	if len(c.Suggestions) == 0 {
		return c.Original
	}
	return c.Suggestions[0]
}

// Shift returns c with its offsets moved by delta bytes; it is used when a
// chunk's corrections are merged into the whole document.
func (c Correction) Shift(delta int) Correction {
	c.Start += delta
	c.End += delta
	return c
}

// ErrOverlap is returned by Apply when two corrections overlap.
var ErrOverlap = errors.New("corrections overlap")

// ErrOutOfRange is returned by Apply when a correction lies outside the text
// or does not match it.
var ErrOutOfRange = errors.New("correction out of range")

// Sort orders corrections by position (start, then end).
func Sort(cs []Correction) {
	slices.SortStableFunc(cs, func(a, b Correction) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.End, b.End)
	})
}

// Apply returns text with the first suggestion of every correction applied.
// The corrections must lie inside text, agree with it (Original equals
// text[Start:End]) and not overlap; they need not be sorted.
func Apply(text string, cs []Correction) (string, error) {
	if len(cs) == 0 {
		return text, nil
	}
	sorted := cs
	if !slices.IsSortedFunc(cs, func(a, b Correction) int { return cmp.Compare(a.Start, b.Start) }) {
		sorted = slices.Clone(cs)
		Sort(sorted)
	}
	var b strings.Builder
	b.Grow(len(text) + 16)
	pos := 0
	for i, c := range sorted {
		if c.Start < pos || c.End < c.Start || c.End > len(text) {
			if c.Start < pos && c.Start >= 0 {
				return "", fmt.Errorf("correction %d at [%d,%d): %w", i, c.Start, c.End, ErrOverlap)
			}
			return "", fmt.Errorf("correction %d at [%d,%d) in a text of %d bytes: %w", i, c.Start, c.End, len(text), ErrOutOfRange)
		}
		if text[c.Start:c.End] != c.Original {
			return "", fmt.Errorf("correction %d at [%d,%d): original %q does not match text %q: %w",
				i, c.Start, c.End, c.Original, text[c.Start:c.End], ErrOutOfRange)
		}
		b.WriteString(text[pos:c.Start])
		b.WriteString(c.Suggestion())
		pos = c.End
	}
	b.WriteString(text[pos:])
	return b.String(), nil
}

// RemoveOverlaps returns the corrections sorted by position with every
// correction that overlaps an earlier-kept one removed. When two overlap, the
// one for which keep(a, b) is true wins; ties keep the earlier one. Zero-width
// corrections overlap another only when strictly inside it.
func RemoveOverlaps(cs []Correction, prefer func(a, b Correction) bool) []Correction {
	if len(cs) < 2 {
		return cs
	}
	Sort(cs)
	out := cs[:0]
	for _, c := range cs {
		if n := len(out); n > 0 && overlaps(out[n-1], c) {
			if prefer != nil && prefer(c, out[n-1]) {
				out[n-1] = c
			}
			continue
		}
		out = append(out, c)
	}
	return out
}

func overlaps(a, b Correction) bool {
	if a.Start == a.End || b.Start == b.End {
		return a.Start < b.End && b.Start < a.End || a.Start == b.Start
	}
	return a.Start < b.End && b.Start < a.End
}
