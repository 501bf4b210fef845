package llm_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/llm"
	"appencorrect/internal/llm/gecdata"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/sim"
)

// TestReplayGEC supplies real human corrections (JFLEG dev's four
// references, fluency edits; BEA-2019 dev's annotations, minimal edits) as
// the model's output through a replay file, and checks that for every
// sentence, and for documents near the 10,000-character limit that are
// chunked, the corrected text equals the model's text byte for byte and
// applying the corrections to the original reproduces it: the
// over-correction rule accepts them all and nothing degrades.
func TestReplayGEC(t *testing.T) {
	dir := gecdata.Dir(t)
	pairs, err := gecdata.Pairs(dir)
	if err != nil {
		t.Fatal(err)
	}
	// One replay file per JFLEG reference and one for BEA (first
	// annotation of each sentence), each source once.
	sets := map[string]map[string]string{}
	order := map[string][]string{}
	jflegN := 0
	for _, p := range pairs {
		if p.Ref == "" {
			continue // two BEA annotations delete the whole sentence: no text to return
		}
		name := p.Set
		if p.Set == "jfleg" {
			name = "jfleg" + string(rune('0'+jflegN/754))
			jflegN++
		}
		if sets[name] == nil {
			sets[name] = map[string]string{}
		}
		if _, dup := sets[name][p.Src]; dup {
			continue
		}
		sets[name][p.Src] = p.Ref
		order[name] = append(order[name], p.Src)
	}
	if testing.Short() {
		sets = map[string]map[string]string{"jfleg0": sets["jfleg0"]}
	}
	for name, m := range sets {
		t.Run(name, func(t *testing.T) {
			url, _ := startSim(t, "127.0.0.1:0", sim.Config{Latency: time.Microsecond, MaxNumSeqs: -1, Replay: m})
			c := newClient(t, llm.Config{URLs: []string{url}})
			p := pipeline.New(llm.NewEngine(c, llm.EngineConfig{}), nil)
			ctx := context.Background()
			srcs := order[name]
			check := func(text, want string) *pipeline.Result {
				res, err := p.Check(ctx, pipeline.Request{Text: text, Language: language.Tag{Code: language.English}})
				if err != nil {
					t.Errorf("%q: %v", text, err)
					return nil
				}
				if res.Corrected != want {
					t.Errorf("corrected text differs from the model's\n  src  %q\n  got  %q\n  want %q", text, res.Corrected, want)
				}
				if got, err := correction.Apply(text, res.Corrections); err != nil || got != want {
					t.Errorf("applying the corrections to %q gives %q (%v)", text, got, err)
				}
				if res.Degraded {
					t.Errorf("degraded: %s", res.Reason)
				}
				return res
			}
			var wg sync.WaitGroup
			work := make(chan string)
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for s := range work {
						check(s, m[s])
					}
				}()
			}
			for _, s := range srcs {
				work <- s
			}
			close(work)
			wg.Wait()

			t.Logf("%d sentences checked", len(srcs))
			// Documents near 10,000 characters: one source per paragraph.
			docs := 0
			for i := 0; i < len(srcs) && docs < 5; docs++ {
				var src, want strings.Builder
				for ; i < len(srcs) && src.Len() < 9500; i++ {
					if src.Len() > 0 {
						sep := "\n\n"
						if i%3 == 0 {
							sep = "\n \n\t"
						}
						src.WriteString(sep)
						want.WriteString(sep)
					}
					src.WriteString(srcs[i])
					want.WriteString(m[srcs[i]])
				}
				if res := check(src.String(), want.String()); res != nil && res.Chunks < 2 {
					t.Errorf("a document of %d characters was not chunked", src.Len())
				}
			}
		})
	}
}
