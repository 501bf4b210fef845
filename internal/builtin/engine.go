// Package builtin is the offline correction engine: a spelling check
// against an in-process dictionary combined with the grammar, casing,
// confusion and punctuation rules of package rules. It needs no network
// and answers in microseconds.
//
// A check scans the text into tokens (scan.go), marking what is not prose
// (URLs, e-mail addresses, paths, code, numbers, mentions) so that nothing
// there is ever flagged; runs the rules that fix words a dictionary would
// misjudge ("dont"); checks spelling; then runs the context rules, which
// read the spelling-corrected forms ("a eror" → "an error"). Every token
// belongs to at most one edit, so the corrections never overlap and
// correction.Apply yields the fully corrected text.
//
// Precision comes first: a checker that cries wolf gets switched off. An
// unknown word is reported only with a suggestion; unknown capitalised words
// inside a sentence are taken for names; rules fire only where the context
// makes the fix near-certain.
package builtin

import (
	"appencorrect/internal/dictionary"
	"context"
	"errors"
	"fmt"

	"appencorrect/internal/builtin/rules"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

// Speller is what the engine needs of a dictionary; *spell.Dictionary
// satisfies it.
type Speller interface {
	// Known reports whether word is a correct spelling in variant v
	// (AnyVariant accepts every variant's spellings).
	Known(word string, v language.Variant) bool
	// Suggest returns up to n corrections for word, best first.
	Suggest(word string, v language.Variant, n int) []string
	// Frequency returns how common word is (0 when unknown).
	Frequency(word string) float64
	// VariantForm returns the spelling of word in variant v when it
	// differs by variant: ("color", GB) → ("colour", true).
	VariantForm(word string, v language.Variant) (string, bool)
}

// Name is the engine's name, reported in Correction.Engine.
const Name = "builtin"

// ErrUnsupported is returned for a language the engine has no dictionary
// for (French when no French speller was given).
var ErrUnsupported = errors.New("builtin: language not supported")

// Engine checks texts offline. It is immutable and safe for concurrent use.
type Engine struct {
	en, fr Speller
	rules  []*rules.Rule
}

// Option configures an Engine.
type Option func(*Engine)

// WithFrench adds a French dictionary: French texts are then checked for
// spelling (no grammar rules).
func WithFrench(fr Speller) Option { return func(e *Engine) { e.fr = fr } }

// WithoutRules disables the rules with the given ids.
func WithoutRules(ids ...string) Option {
	return func(e *Engine) {
		out := e.rules[:0:0]
		for _, r := range e.rules {
			keep := true
			for _, id := range ids {
				if r.ID == id {
					keep = false
				}
			}
			if keep {
				out = append(out, r)
			}
		}
		e.rules = out
	}
}

// New returns an engine that checks English with en.
func New(en Speller, opts ...Option) *Engine {
	e := &Engine{en: en, rules: rules.English()}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Name returns "builtin".
func (e *Engine) Name() string { return Name }

// Rules returns the English rules the engine runs, in order.
func (e *Engine) Rules() []*rules.Rule { return e.rules }

// Spelling rules: their ids follow LanguageTool's.
var (
	spellUS = &rules.Rule{ID: "MORFOLOGIK_RULE_EN_US", Category: rules.Typos, Type: correction.Spelling,
		Description: "Possible spelling mistake (American English)."}
	spellGB = &rules.Rule{ID: "MORFOLOGIK_RULE_EN_GB", Category: rules.Typos, Type: correction.Spelling,
		Description: "Possible spelling mistake (British English)."}
	spellFR = &rules.Rule{ID: "FR_SPELLING_RULE", Category: rules.Typos, Type: correction.Spelling,
		Description: "Faute de frappe possible (français)."}
)

// Check returns the problems found in text, sorted by position and not
// overlapping, with byte offsets into text. With tag.Code Auto the language
// is detected (DetectLanguage). A French text without a French dictionary
// is an error wrapping ErrUnsupported.
func (e *Engine) Check(ctx context.Context, text string, tag language.Tag) ([]correction.Correction, error) {
	return e.CheckWith(ctx, text, tag, nil)
}

// CheckWith is Check with a tenant's listed words: a listed word is never
// flagged as a misspelling and counts as a known word for the rules, and a
// close misspelling of a listed word gets it as its first suggestion.
func (e *Engine) CheckWith(ctx context.Context, text string, tag language.Tag, words *dictionary.Words) ([]correction.Correction, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if text == "" {
		return nil, nil
	}
	code := tag.Code
	if code == language.Auto {
		code = DetectLanguage(text)
	}
	c := &checker{ctx: ctx, dict: words}
	switch code {
	case language.English:
		if e.en == nil {
			return nil, fmt.Errorf("%w: English (no dictionary)", ErrUnsupported)
		}
		c.lex = lexicon{sp: e.en, v: tag.Variant, dict: words}
		return c.english(e, text, tag.Variant)
	case language.French:
		if e.fr == nil {
			return nil, fmt.Errorf("%w: French", ErrUnsupported)
		}
		c.lex = lexicon{sp: e.fr, dict: words}
		return c.french(text)
	}
	return nil, fmt.Errorf("%w: %q", ErrUnsupported, code)
}

// checker holds the buffers of one check.
type checker struct {
	ctx  context.Context
	scan scanner
	doc  rules.Doc
	lex  lexicon
	dict *dictionary.Words // the tenant's listed words; nil: none
}

// lexicon adapts a Speller, a variant and the listed words to
// rules.Lexicon.
type lexicon struct {
	sp   Speller
	v    language.Variant
	dict *dictionary.Words
}

func (l *lexicon) Known(w string) bool { return l.sp.Known(w, l.v) || l.dict.Contains(w) }

// Frequency makes lexicon a rules.FrequencyLexicon.
func (l *lexicon) Frequency(w string) float64 { return l.sp.Frequency(w) }

// Listed makes lexicon a rules.CaseLexicon: whether w is a word with exactly
// these capitals (a proper noun), as the speller lists it or the tenant
// does. A speller that cannot tell has every form listed.
func (l *lexicon) Listed(w string) bool {
	ls, ok := l.sp.(interface{ Listed(string) bool })
	return !ok || ls.Listed(w) || l.dict.Contains(w)
}

func (c *checker) english(e *Engine, text string, v language.Variant) ([]correction.Correction, error) {
	toks := c.scan.scan(text, &c.lex)
	d := &c.doc
	d.Reset(text, toks, &c.lex)
	for _, r := range e.rules {
		if r.Stage == rules.BeforeSpelling {
			r.Check(d, r)
		}
	}
	spellRule := spellUS
	if v == language.GB {
		spellRule = spellGB
	}
	c.spellEnglish(spellRule, v)
	if err := c.ctx.Err(); err != nil {
		return nil, err
	}
	for _, r := range e.rules {
		if r.Stage == rules.AfterSpelling {
			r.Check(d, r)
		}
	}
	return d.Corrections(Name), nil
}

func (c *checker) french(text string) ([]correction.Correction, error) {
	toks := c.scan.scan(text, &c.lex)
	d := &c.doc
	d.Reset(text, toks, &c.lex)
	c.spellFrench(spellFR)
	return d.Corrections(Name), nil
}
