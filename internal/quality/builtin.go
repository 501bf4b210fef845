package quality

import (
	"context"
	"fmt"
	"math"
	"strings"
	"unicode"
)

// Builtin scores comments with a transparent formula over counts; every
// factor's notes show its arithmetic. It is the scorer without a model.
type Builtin struct{}

// Name implements Scorer.
func (Builtin) Name() string { return "builtin" }

// reasonMarkers are words that introduce a justification.
var reasonMarkers = []string{"because", "since", "therefore", "however", "although", "for example", "e.g.",
	"due to", "as a result", "which means", "so that", "whereas", "in particular", "specifically"}

func countMarkers(lower string) int {
	n := 0
	for _, m := range reasonMarkers {
		n += strings.Count(lower, m)
	}
	return n
}

func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) >= 4 {
			out[w] = true
		}
	}
	return out
}

// Score implements Scorer.
func (Builtin) Score(_ context.Context, in Input) (Judgement, error) {
	a := in.Analysis
	c := strings.TrimSpace(in.Comment)
	lower := strings.ToLower(c)
	words := max(a.WordCount, 1)
	markers := countMarkers(lower)
	var j Judgement

	// Technical: half a point per error per 100 words.
	rate := float64(a.ErrorCount) * 100 / float64(words)
	t := clamp(10-int(math.Round(rate/2)), 1, 10)
	j.Factors.TechnicalQuality = Factor{t, fmt.Sprintf("%d spelling/grammar errors in %d words (%.1f per 100 words): 10 - %.1f/2 = %d",
		a.ErrorCount, a.WordCount, rate, rate, t)}

	// Content: 2 + detail (1 per 15 words, at most 4) + variety + specifics + reasons.
	detail := min(a.WordCount/15, 4)
	uniq := contentWords(c)
	variety := 0
	if a.WordCount >= 10 && float64(len(uniq)) >= 0.4*float64(a.WordCount) {
		variety = 1
	}
	specific := 0
	if strings.ContainsAny(c, "0123456789\"“") {
		specific = 1
	}
	reasons := min(markers, 2)
	cs := clamp(2+detail+variety+specific+reasons, 1, 10)
	j.Factors.ContentQuality = Factor{cs, fmt.Sprintf("2 + detail %d (1 per 15 words, max 4) + varied vocabulary %d + specifics %d + reasons given %d (max 2) = %d",
		detail, variety, specific, reasons, cs)}

	// Length: by characters.
	l := lengthScore(a.CharacterCount)
	j.Factors.LengthAppropriateness = Factor{l, fmt.Sprintf("%d characters: <30→1, <60→2, <100→3, <200→5, <300→7, 300-1500→10, 1500-3000→8, more→6", a.CharacterCount)}

	// Task suitability: 5 + relevance + justification + structure - tone.
	relevance, relNote := 1, "no rating context given: +1"
	if strings.TrimSpace(in.RatingContext) != "" {
		overlap := 0
		ctxWords := contentWords(in.RatingContext)
		for w := range uniq {
			if ctxWords[w] {
				overlap++
			}
		}
		relevance = min(overlap, 2)
		relNote = fmt.Sprintf("%d words shared with the rating context: +%d", overlap, relevance)
	}
	just := 0
	if markers > 0 {
		just = 1
	}
	structure := 0
	if a.SentenceCount >= 2 {
		structure = 1
	}
	tone := 0
	if shouting(c) || strings.Contains(c, "!!") {
		tone = 3
	}
	s := clamp(5+relevance+just+structure-tone, 1, 10)
	j.Factors.RatingTaskSuitability = Factor{s, fmt.Sprintf("5 + %s + justification %d + several sentences %d - shouting or '!!' %d = %d",
		relNote, just, structure, tone, s)}

	j.Strengths, j.Suggestions = advice(j.Factors, a, markers)
	j.Assessment = fmt.Sprintf("Built-in assessment from counts: %d words, %d sentences, %d errors.", a.WordCount, a.SentenceCount, a.ErrorCount)
	return j, nil
}

func lengthScore(n int) int {
	switch {
	case n < 30:
		return 1
	case n < 60:
		return 2
	case n < 100:
		return 3
	case n < 200:
		return 5
	case n < 300:
		return 7
	case n <= 1500:
		return 10
	case n <= 3000:
		return 8
	}
	return 6
}

func shouting(s string) bool {
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 10 && upper*10 >= letters*3
}

func advice(f Factors, a Analysis, markers int) (strengths, suggestions []string) {
	strengths, suggestions = []string{}, []string{}
	if f.TechnicalQuality.Score >= 9 {
		strengths = append(strengths, "Clean spelling and grammar")
	} else {
		suggestions = append(suggestions, fmt.Sprintf("Fix the %d spelling and grammar errors", a.ErrorCount))
	}
	if markers > 0 {
		strengths = append(strengths, "Explains the reasoning behind the rating")
	} else {
		suggestions = append(suggestions, "Say why: give the reasons for the rating (\"because ...\")")
	}
	switch {
	case a.CharacterCount < CapMediumChars:
		suggestions = append(suggestions, "Add detail: comments under 300 characters cannot score 9 or 10")
	case f.LengthAppropriateness.Score >= 10:
		strengths = append(strengths, "Appropriate length")
	case a.CharacterCount > 1500:
		suggestions = append(suggestions, "Tighten the comment: keep the points that support the rating")
	}
	if f.ContentQuality.Score >= 7 {
		strengths = append(strengths, "Specific, detailed content")
	} else {
		suggestions = append(suggestions, "Cite specific examples from the item being rated")
	}
	return strengths, suggestions
}
