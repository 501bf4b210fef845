package llm

import (
	"testing"

	"appencorrect/internal/llm/gecdata"
)

// TestShortAnswerRule measures the answer checks on texts of 1 to 12
// words: every human correction in ../shared/data must pass, and unrelated
// answers of the same number of words (another sentence's correction) must
// be rejected, at least 95 % of them.
func TestShortAnswerRule(t *testing.T) {
	dir := gecdata.Dir(t)
	pairs, err := gecdata.Pairs(dir)
	if err != nil {
		t.Fatal(err)
	}
	byLen := map[int][]string{} // references by word count
	for _, p := range pairs {
		if n := len(words(p.Ref)); n >= 1 && n <= 12 {
			byLen[n] = append(byLen[n], p.Ref)
		}
	}
	var humans, humansRejected, negatives, rejected int
	for i, p := range pairs {
		n := len(words(p.Src))
		if n < 1 || n > 12 || p.Ref == "" {
			continue
		}
		humans++
		if why := overCorrected(p.Src, p.Ref); why != "" {
			humansRejected++
			t.Errorf("%s human correction rejected (%s):\n  %q\n  %q", p.Set, why, p.Src, p.Ref)
		}
		pool := byLen[n]
		if len(pool) == 0 {
			continue
		}
		other := pool[(i*7919)%len(pool)]
		if other == p.Ref || other == p.Src {
			continue
		}
		negatives++
		if overCorrected(p.Src, other) != "" {
			rejected++
		} else if testing.Verbose() && negatives%50 == 0 {
			t.Logf("accepted unrelated: %q → %q", p.Src, other)
		}
	}
	share := 100 * float64(rejected) / float64(negatives)
	t.Logf("texts of 1-12 words: human corrections accepted %d of %d; unrelated answers rejected %d of %d (%.1f%%)",
		humans-humansRejected, humans, rejected, negatives, share)
	if share < 95 {
		t.Errorf("only %.1f%% of unrelated short answers rejected, want at least 95%%", share)
	}
}

func TestShortAnswers(t *testing.T) {
	tests := []struct {
		in, out string
		reject  bool
	}{
		{"He go home.", "Purple elephants.", true},
		{"He go home.", "He goes home.", false},
		{"He go home.", "He went home.", false},
		{"I has a eror in grammer.", "Elephants dance quietly in grammar.", true},
		{"I has a eror in grammer.", "I have an error in grammar.", false},
		{"Thanks you", "Thank you", false},
		{"i am go to school", "I am going to school.", false},
		{"She have two childs.", "She has two children.", false},
		{"She have two childs.", "Send me the invoice.", true},
		{"Ok", "Okay", false},
		{"Hello", "Goodbye", true},
	}
	for _, tt := range tests {
		why := overCorrected(tt.in, tt.out)
		if (why != "") != tt.reject {
			t.Errorf("overCorrected(%q, %q) = %q, want rejected %v", tt.in, tt.out, why, tt.reject)
		}
	}
}
