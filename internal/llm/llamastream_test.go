package llm_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"appencorrect/internal/config"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/llm"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/server"
)

// noFallback answers for a failed model with no corrections: the fallback
// of the llama-server stream test, whose random model fails validation.
type noFallback struct{}

func (noFallback) Name() string { return "fallback" }
func (noFallback) Check(context.Context, string, language.Tag) ([]correction.Correction, error) {
	return nil, nil
}

// llamaStreamTests run the streaming client, and /demo/check/stream over
// it, against llama-server at base.
func llamaStreamTests(t *testing.T, c *llm.Client) {
	ctx := context.Background()
	user := []llm.Message{{Role: "system", Content: "Correct the text."}, {Role: "user", Content: "Text:\nI has a eror."}}

	t.Run("stream", func(t *testing.T) {
		var seen []string
		comp, err := c.Complete(ctx, llm.ChatRequest{Messages: user, MaxTokens: 400, OnText: func(s string) { seen = append(seen, s) }})
		if err != nil && !errors.Is(err, llm.ErrTruncated) {
			t.Fatal(err)
		}
		if len(seen) < 2 || seen[len(seen)-1] != comp.Text {
			t.Fatalf("%d texts streamed, the last %q, the answer %q", len(seen), seen[max(0, len(seen)-1):], comp.Text)
		}
		for i := 1; i < len(seen); i++ {
			if !strings.HasPrefix(seen[i], seen[i-1]) {
				t.Fatalf("streamed text %d %q does not extend %q", i, seen[i], seen[i-1])
			}
		}
		if comp.Usage.PromptTokens == 0 || comp.Usage.CompletionTokens == 0 {
			t.Errorf("no usage in the stream: %+v", comp.Usage)
		}
		plain, perr := c.Complete(ctx, llm.ChatRequest{Messages: user, MaxTokens: 400})
		if (err == nil) != (perr == nil) || plain == nil || plain.Text != comp.Text {
			t.Errorf("streamed answer %q (%v), plain %v (%v)", comp.Text, err, plain, perr)
		}
	})

	t.Run("stream truncated", func(t *testing.T) {
		_, err := c.Complete(ctx, llm.ChatRequest{Messages: user, MaxTokens: 3, OnText: func(string) {}})
		if !errors.Is(err, llm.ErrTruncated) {
			t.Errorf("max_tokens 3: %v, want ErrTruncated", err)
		}
	})

	t.Run("check stream endpoint", func(t *testing.T) {
		p := pipeline.New(llm.NewEngine(c, llm.EngineConfig{}), nil, pipeline.WithFallback(noFallback{}))
		cfg := config.Default()
		cfg.DemoRateLimit = 0
		ts := httptest.NewServer(server.New(cfg, server.Deps{Pipeline: p, Version: "test"}).Handler())
		defer ts.Close()
		text := `{"text":"I has a eror in grammer. She go to scool every day. Their is a problem here."}`
		resp, err := http.Post(ts.URL+"/demo/check/stream", "application/json", strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
			b, _ := io.ReadAll(resp.Body)
			t.Fatalf("%d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
		var events []string
		var result []byte
		var event string
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			line := sc.Text()
			if name, ok := strings.CutPrefix(line, "event: "); ok {
				event = name
				events = append(events, name)
			}
			if data, ok := strings.CutPrefix(line, "data: "); ok && event == "result" {
				result = []byte(data)
			}
		}
		if len(events) == 0 || events[len(events)-1] != "result" || result == nil {
			t.Fatalf("events %v", events)
		}
		// The random model's gibberish fails validation: the fallback
		// answered, and said so.
		var res struct {
			Degraded bool `json:"degraded"`
		}
		if err := json.Unmarshal(result, &res); err != nil {
			t.Fatal(err)
		}
		t.Logf("events %v; degraded %v", events, res.Degraded)
		plain, err := http.Post(ts.URL+"/demo/check", "application/json", strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := io.ReadAll(plain.Body)
		plain.Body.Close()
		pt := regexp.MustCompile(`"processing_time":"[0-9.]+s"`)
		if !bytes.Equal(pt.ReplaceAll(append(result, '\n'), nil), pt.ReplaceAll(want, nil)) {
			t.Errorf("result event %s\n/demo/check   %s", result, want)
		}
	})
}
