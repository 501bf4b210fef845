// Package eval measures the quality of AppenCorrect's engines on standard
// data sets: spelling suggestion accuracy on misspelling lists (Norvig's
// "right: wrong1 wrong2" files and Mitton's "$right" files such as the
// Birkbeck corpus), GLEU against several fluency references (JFLEG) and M2
// precision, recall and F0.5 against gold edits (CoNLL-2014, BEA-2019).
//
// The grammar data sets are tokenized (spaces around punctuation, "do n't").
// Engines check natural text, so each source sentence is detokenized
// (Detokenize), checked, and the corrected text is tokenized back
// (Retokenize) before scoring. Retokenize keeps every source token the
// checker did not touch exactly as it was, so an unchanged sentence always
// scores as unchanged; only the changed regions go through the rule-based
// tokenizer (Tokenize).
//
// The package depends only on the correction and language packages; engines
// come in through the small Checker and Suggester interfaces defined here.
package eval

import (
	"context"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

// Checker checks a text and returns its corrections. The corrected text is
// correction.Apply(text, corrections). Implementations must be safe for
// concurrent use: sentences are checked by several workers at once.
type Checker interface {
	Check(ctx context.Context, text string, tag language.Tag) ([]correction.Correction, error)
}

// Suggester proposes up to n spellings for a word, best first. It must be
// safe for concurrent use.
type Suggester interface {
	Suggest(word string, v language.Variant, n int) []string
}

// Lexicon is optionally implemented by a Suggester (or passed separately)
// to say whether a word is in its dictionary; spelling evaluation uses it to
// count misspellings that are real words ("already known").
type Lexicon interface {
	Known(word string, v language.Variant) bool
}

// CheckerFunc adapts a function to the Checker interface.
type CheckerFunc func(ctx context.Context, text string, tag language.Tag) ([]correction.Correction, error)

// Check calls f.
func (f CheckerFunc) Check(ctx context.Context, text string, tag language.Tag) ([]correction.Correction, error) {
	return f(ctx, text, tag)
}

// Identity is a Checker that finds nothing: the baseline "source unchanged".
var Identity Checker = CheckerFunc(func(context.Context, string, language.Tag) ([]correction.Correction, error) {
	return nil, nil
})
