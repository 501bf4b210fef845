// Package quality assesses comments written for rating tasks, as the
// original /assess/quality did: four factor scores from 1 to 10, an
// overall score the server computes from them with fixed weights
// (technical 30 %, content 40 %, length 15 %, task suitability 15 %), and
// hard caps by length that no scorer can lift (under 100 characters at
// most 4; under 300 characters at most 8).
//
// A Scorer gives the factor scores: the model when one is configured
// (LLM), otherwise Builtin, a transparent formula over counts whose notes
// show the arithmetic.
package quality

import (
	"context"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Weights of the factors in the overall score.
const (
	WeightTechnical = 0.30
	WeightContent   = 0.40
	WeightLength    = 0.15
	WeightTask      = 0.15
)

// Length caps: a comment shorter than CapShortChars scores at most
// CapShortMax; shorter than CapMediumChars at most CapMediumMax.
const (
	CapShortChars  = 100
	CapShortMax    = 4
	CapMediumChars = 300
	CapMediumMax   = 8
)

// Factor is one factor's score (1..10) and why.
type Factor struct {
	Score int    `json:"score"`
	Notes string `json:"notes"`
}

// Factors are the four scored factors.
type Factors struct {
	TechnicalQuality      Factor `json:"technical_quality"`
	ContentQuality        Factor `json:"content_quality"`
	LengthAppropriateness Factor `json:"length_appropriateness"`
	RatingTaskSuitability Factor `json:"rating_task_suitability"`
}

// Analysis counts a comment.
type Analysis struct {
	WordCount      int `json:"word_count"`
	SentenceCount  int `json:"sentence_count"`
	ErrorCount     int `json:"error_count"`
	CharacterCount int `json:"character_count"`
}

// Input is what a scorer sees.
type Input struct {
	Comment       string
	RatingContext string
	Analysis      Analysis
	// Errors describe the technical errors found ("teh → the").
	Errors []string
}

// Tokens are the model tokens a scorer spent.
type Tokens struct {
	Prompt, Completion int
}

// Judgement is a scorer's verdict.
type Judgement struct {
	Factors     Factors
	Assessment  string
	Suggestions []string
	Strengths   []string
	Tokens      Tokens
}

// Scorer scores the factors of a comment.
type Scorer interface {
	// Name is "builtin" or the model's name.
	Name() string
	Score(ctx context.Context, in Input) (Judgement, error)
}

// Analyze counts words, sentences and characters (code points, after
// trimming surrounding space).
func Analyze(comment string, errorCount int) Analysis {
	c := strings.TrimSpace(comment)
	a := Analysis{CharacterCount: utf8.RuneCountInString(c), ErrorCount: errorCount}
	a.WordCount = len(strings.FieldsFunc(c, func(r rune) bool { return unicode.IsSpace(r) }))
	inSentence := false
	for _, r := range c {
		switch {
		case r == '.' || r == '!' || r == '?' || r == '…':
			if inSentence {
				a.SentenceCount++
			}
			inSentence = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			inSentence = true
		}
	}
	if inSentence {
		a.SentenceCount++
	}
	return a
}

// Result is the final assessment.
type Result struct {
	Score int
	Level string
	// Capped explains a length cap that lowered the weighted score.
	Capped   string
	Weighted float64
}

// Finalize clamps each factor to 1..10, computes the weighted score,
// rounds it, and applies the length caps.
func Finalize(f *Factors, a Analysis) Result {
	for _, x := range []*Factor{&f.TechnicalQuality, &f.ContentQuality, &f.LengthAppropriateness, &f.RatingTaskSuitability} {
		x.Score = clamp(x.Score, 1, 10)
	}
	w := WeightTechnical*float64(f.TechnicalQuality.Score) + WeightContent*float64(f.ContentQuality.Score) +
		WeightLength*float64(f.LengthAppropriateness.Score) + WeightTask*float64(f.RatingTaskSuitability.Score)
	r := Result{Weighted: math.Round(w*100) / 100, Score: clamp(int(math.Round(w)), 1, 10)}
	switch {
	case a.CharacterCount < CapShortChars && r.Score > CapShortMax:
		r.Score = CapShortMax
		r.Capped = "capped at 4: comments under 100 characters cannot score higher"
	case a.CharacterCount < CapMediumChars && r.Score > CapMediumMax:
		r.Score = CapMediumMax
		r.Capped = "capped at 8: comments under 300 characters cannot score 9 or 10"
	}
	r.Level = Level(r.Score)
	return r
}

// Level names a score: excellent (9-10), good (7-8), fair (5-6), poor
// (1-4).
func Level(score int) string {
	switch {
	case score >= 9:
		return "excellent"
	case score >= 7:
		return "good"
	case score >= 5:
		return "fair"
	}
	return "poor"
}

func clamp(v, lo, hi int) int { return max(lo, min(hi, v)) }
