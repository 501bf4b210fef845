package llm

import (
	"sort"
	"testing"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/llm/gecdata"
)

// TestOverCorrectionRule measures the rule on human corrections (every
// one must pass) and on unrelated outputs (most must be rejected).
func TestOverCorrectionRule(t *testing.T) {
	dir := gecdata.Dir(t)
	pairs, err := gecdata.Pairs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var accepted, empty, rejectedNeg, negatives, demoted, total int
	var ratios []float64
	for i, p := range pairs {
		if p.Ref == "" {
			empty++
			continue
		}
		if why := overCorrected(p.Src, p.Ref); why != "" {
			t.Errorf("%s reference rejected (%s):\n  %q\n  %q", p.Set, why, p.Src, p.Ref)
		} else {
			accepted++
		}
		for _, c := range correction.Align(p.Src, p.Ref) {
			total++
			classify(&c, nil, language.AnyVariant, "test")
			if c.Type == correction.Style {
				demoted++
			}
		}
		if len(words(p.Src)) >= RejectMinWords {
			ratios = append(ratios, wordOverlap(words(p.Src), words(p.Ref)))
		}
		q := pairs[(i+37)%len(pairs)]
		if q.Ref == "" || len(words(p.Src)) < RejectMinWords {
			continue
		}
		negatives++
		if overCorrected(p.Src, q.Ref) != "" {
			rejectedNeg++
		}
	}
	sort.Float64s(ratios)
	t.Logf("references accepted: %d of %d (%d empty references skipped); word overlap (texts of %d words or more) min %.2f, p1 %.2f",
		accepted, len(pairs)-empty, empty, RejectMinWords, ratios[0], ratios[len(ratios)/100])
	t.Logf("corrections typed style as rewrites: %d of %d", demoted, total)
	t.Logf("unrelated outputs rejected: %d of %d (%.1f%%)", rejectedNeg, negatives, 100*float64(rejectedNeg)/float64(negatives))
	if float64(rejectedNeg) < 0.85*float64(negatives) {
		t.Errorf("only %d of %d unrelated outputs rejected", rejectedNeg, negatives)
	}
}

type fakeLexicon map[string]bool

func (l fakeLexicon) Known(w string, v language.Variant) bool {
	if v == language.US && w == "colour" {
		return false
	}
	return l[w]
}

func TestClassify(t *testing.T) {
	lex := fakeLexicon{"their": true, "there": true, "is": true, "are": true, "colour": true, "color": true}
	tests := []struct {
		orig, sugg string
		v          language.Variant
		want       correction.Type
		rule       string
	}{
		{"sentance", "sentence", "", correction.Spelling, "LLM_SPELLING"},
		{"dont", "don't", "", correction.Spelling, "LLM_SPELLING"},
		{"their", "there", "", correction.Grammar, "LLM_CONFUSED_WORDS"},
		{"is", "are", "", correction.Grammar, "LLM_GRAMMAR"},
		{"i", "I", "", correction.Grammar, "LLM_CASING"},
		{"Hello world", "Hello, world", "", correction.Punctuation, "LLM_PUNCTUATION"},
		{"colour", "color", language.US, correction.Spelling, "LLM_SPELLING"},
		{"colour", "color", language.GB, correction.Grammar, "LLM_CONFUSED_WORDS"},
		{"going", "am going", "", correction.Grammar, "LLM_GRAMMAR"},
		{"a b c d e f g", "h i j k l m n", "", correction.Style, "LLM_REWRITE"},
	}
	for _, tt := range tests {
		c := correction.Correction{Original: tt.orig, Suggestions: []string{tt.sugg}}
		classify(&c, lex, tt.v, "vllm")
		if c.Type != tt.want || c.RuleID != tt.rule || c.Message == "" || c.Engine != "vllm" {
			t.Errorf("%q → %q (%s): got %s %s %q", tt.orig, tt.sugg, tt.v, c.Type, c.RuleID, c.Message)
		}
	}
}

func TestOverCorrected(t *testing.T) {
	tests := []struct {
		in, out string
		reject  bool
	}{
		{"I has a eror in grammer.", "I have an error in grammar.", false},
		{"What is the capital of France? Tell me in one word please.", "Paris.", true},
		{"We was going to the market yesterday and buyed some apples there.", "Nous allions au marché hier et avons acheté des pommes.", true},
		{"short", "a much much longer text than the input was", true}, // under 20 characters, but unrelated words
		{"This is a sentence with enough words to be checked.", "This is a sentence with enough words to be checked.", false},
	}
	for _, tt := range tests {
		if got := overCorrected(tt.in, tt.out) != ""; got != tt.reject {
			t.Errorf("overCorrected(%q, %q) = %v", tt.in, tt.out, got)
		}
	}
}
