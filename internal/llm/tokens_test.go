package llm_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"appencorrect/internal/language"
	"appencorrect/internal/llm"
	"appencorrect/internal/llm/gecdata"
	"appencorrect/internal/sim"
)

// TestTokensPerCheck measures, over ../shared/data/smoke, the tokens the
// model generates per check relative to the text's tokens (target: at most
// 1.3 on average) and the prompt tokens per request that the server's
// prefix cache does not cover. The simulator echoes the text, which a real
// correction matches in length; it counts tokens with EstimateTokens.
func TestTokensPerCheck(t *testing.T) {
	dir := gecdata.Dir(t)
	var sents []string
	for _, f := range []string{"original-sentences-en.csv", "original-sentences-fr.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, "smoke", f))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs[1:] {
			sents = append(sents, r[0])
		}
	}
	for _, tt := range []struct {
		mode     llm.OutputMode
		maxRatio float64
	}{{llm.OutputText, 1.3}, {llm.OutputJSON, 0}} {
		t.Run(string(tt.mode), func(t *testing.T) {
			url, _ := startSim(t, "127.0.0.1:0", sim.Config{Latency: time.Microsecond, MaxNumSeqs: -1})
			c := newClient(t, llm.Config{URLs: []string{url}})
			e := llm.NewEngine(c, llm.EngineConfig{Mode: tt.mode})
			var textTok, genTok, prompt, uncached int
			for _, s := range sents {
				res, err := e.Correct(context.Background(), s, language.Tag{}, "")
				if err != nil {
					t.Fatalf("%q: %v", s, err)
				}
				textTok += llm.EstimateTokens(strings.TrimSpace(s))
				genTok += res.Usage.CompletionTokens
				prompt += res.Usage.PromptTokens
				uncached += res.Usage.PromptTokens - res.Usage.CachedPromptTokens
			}
			ratio := float64(genTok) / float64(textTok)
			n := float64(len(sents))
			t.Logf("%s output: %d checks, generated/text tokens %.2f (%.1f generated per check), prompt tokens per request %.0f, uncached %.1f",
				tt.mode, len(sents), ratio, float64(genTok)/n, float64(prompt)/n, float64(uncached)/n)
			if tt.maxRatio > 0 && ratio > tt.maxRatio {
				t.Errorf("generated tokens %.2f times the text's, over %.1f", ratio, tt.maxRatio)
			}
		})
	}
}
