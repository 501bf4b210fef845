package sim

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"appencorrect/internal/llm"
)

func newSim(t *testing.T, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	s := New(cfg)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Close() })
	return s, ts
}

func chat(t *testing.T, url, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(url+"/v1/chat/completions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not JSON: %q", b)
	}
	return resp.StatusCode, m
}

func content(m map[string]any) (string, string) {
	ch := m["choices"].([]any)[0].(map[string]any)
	return ch["message"].(map[string]any)["content"].(string), ch["finish_reason"].(string)
}

func TestReplay(t *testing.T) {
	m, err := LoadReplay(strings.NewReader("I has a cat.\tI have a cat.\nHe go home.\tHe goes home.\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"I has a cat.", "I have a cat."},
		{"  I has a cat.\n", "  I have a cat.\n"},
		{"Hello. I has a cat. He go home.\n\nHe go home.", "Hello. I have a cat. He goes home.\n\nHe goes home."},
		{"Nothing here.", "Nothing here."},
	}
	for _, tt := range tests {
		got, _ := replay(m, tt.in)
		if got != tt.want {
			t.Errorf("replay(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if _, err := LoadReplay(strings.NewReader("no tab")); err == nil {
		t.Error("a line without a tab was accepted")
	}
}

func TestChatFormats(t *testing.T) {
	_, ts := newSim(t, Config{Latency: time.Millisecond, Replay: map[string]string{"I has a cat.": "I have a cat."}})
	user := "Language: English\nText:\nI has a cat."
	msgs := `[{"role":"system","content":"x"},{"role":"user","content":` + quote(user) + `}]`
	code, m := chat(t, ts.URL, `{"model":"Qwen/Qwen2.5-7B-Instruct","messages":`+msgs+`}`)
	if code != 200 {
		t.Fatalf("status %d %v", code, m)
	}
	if c, f := content(m); c != "I have a cat." || f != "stop" {
		t.Errorf("plain: %q %q", c, f)
	}
	u := m["usage"].(map[string]any)
	if u["completion_tokens"].(float64) < 4 || u["prompt_tokens"].(float64) < 10 {
		t.Errorf("usage %v", u)
	}
	code, m = chat(t, ts.URL, `{"messages":`+msgs+`,"response_format":{"type":"json_schema","json_schema":{"name":"c","schema":{"type":"object","properties":{"corrected_text":{"type":"string"}}}}}}`)
	if c, _ := content(m); code != 200 || c != `{"corrected_text":"I have a cat."}` {
		t.Errorf("json: %d %q", code, c)
	}
	// max_tokens truncates.
	_, m = chat(t, ts.URL, `{"messages":`+msgs+`,"max_tokens":2}`)
	if _, f := content(m); f != "length" {
		t.Errorf("finish_reason %q, want length", f)
	}
	// Context overflow is a 400 like vLLM's.
	code, m = chat(t, ts.URL, `{"messages":`+msgs+`,"max_tokens":5000}`)
	if code != 400 || !strings.Contains(m["error"].(map[string]any)["message"].(string), "maximum context length") {
		t.Errorf("context overflow: %d %v", code, m)
	}
	code, _ = chat(t, ts.URL, `{"model":"other","messages":`+msgs+`}`)
	if code != 404 {
		t.Errorf("unknown model: %d", code)
	}
}

// TestKeepsDictionaryWords: the words a prompt says to keep stay as
// written in the answer, the other corrections are made.
func TestKeepsDictionaryWords(t *testing.T) {
	_, ts := newSim(t, Config{Latency: time.Millisecond, Replay: map[string]string{
		"I saw teh kubctl cat.": "I saw the kubectl cat.",
	}})
	for _, tt := range []struct{ keep, want string }{
		{``, "I saw the kubectl cat."},
		{`Words to keep exactly as written (the customer's dictionary): ["kubctl"]` + "\n", "I saw the kubctl cat."},
		{`Words to keep exactly as written (the customer's dictionary): ["teh","kubctl"]` + "\n", "I saw teh kubctl cat."},
	} {
		user := "Language: English\n" + tt.keep + "Text:\nI saw teh kubctl cat."
		code, m := chat(t, ts.URL, `{"messages":[{"role":"user","content":`+quote(user)+`}]}`)
		if c, _ := content(m); code != 200 || c != tt.want {
			t.Errorf("keep %q: %d %q, want %q", tt.keep, code, c, tt.want)
		}
	}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

func TestStream(t *testing.T) {
	_, ts := newSim(t, Config{Latency: 10 * time.Millisecond})
	body := `{"stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Text:\nHello there, how are you?"}]}`
	resp, err := http.Post(ts.URL+"/v1/chat/completions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var text strings.Builder
	var finish string
	usage := false
	for _, line := range strings.Split(string(b), "\n") {
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok || data == "[DONE]" {
			continue
		}
		var c struct {
			Choices []struct {
				Delta        struct{ Content string } `json:"delta"`
				FinishReason *string                  `json:"finish_reason"`
			} `json:"choices"`
			Usage map[string]any `json:"usage"`
		}
		if err := json.Unmarshal([]byte(data), &c); err != nil {
			t.Fatal(err)
		}
		for _, ch := range c.Choices {
			text.WriteString(ch.Delta.Content)
			if ch.FinishReason != nil {
				finish = *ch.FinishReason
			}
		}
		usage = usage || c.Usage != nil
	}
	if text.String() != "Hello there, how are you?" || finish != "stop" || !usage || !strings.HasSuffix(string(b), "data: [DONE]\n\n") {
		t.Errorf("stream: %q %q usage=%v\n%s", text.String(), finish, usage, b)
	}
}

func TestBatchingModel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := New(Config{MaxNumSeqs: 2, DecodeStep: 5 * time.Millisecond, DecodeStepPerSeq: time.Millisecond})
		defer s.Close()
		h := s.Handler()
		body := `{"messages":[{"role":"user","content":"Text:\nOne two three four five six seven eight."}]}`
		var wg sync.WaitGroup
		start := time.Now()
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/chat/completions", strings.NewReader(body)))
				if rec.Code != 200 {
					t.Errorf("status %d %s", rec.Code, rec.Body)
				}
			}()
		}
		// All four are in: two decoding, two waiting for a sequence slot.
		synctest.Wait()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		mb := rec.Body.String()
		wg.Wait()
		// 10 output tokens each, 2 at a time: at least 2 × 10 steps of 7 ms.
		if el := time.Since(start); el < 140*time.Millisecond {
			t.Errorf("4 requests of 10 tokens with 2 seqs took %v", el)
		}
		if !strings.Contains(mb, "vllm:num_requests_running{") || !strings.Contains(mb, "vllm:num_requests_waiting{") {
			t.Errorf("metrics:\n%s", mb)
		}
		gauge := func(name string) int {
			for _, l := range strings.Split(mb, "\n") {
				if strings.HasPrefix(l, name+"{") {
					n, _ := strconv.Atoi(l[strings.LastIndexByte(l, ' ')+1:])
					return n
				}
			}
			return -1
		}
		// Never more than --max-num-seqs decoding; every request counted.
		if run, wait := gauge("vllm:num_requests_running"), gauge("vllm:num_requests_waiting"); run < 1 || run > 2 || run+wait != 4 {
			t.Errorf("with 4 requests and 2 sequences: %d running, %d waiting", run, wait)
		}
		if s.success.Load() != 4 {
			t.Errorf("success %d", s.success.Load())
		}
	})
}

func TestFaultsAndPrefixCache(t *testing.T) {
	_, ts := newSim(t, Config{Latency: time.Millisecond, Faults: Faults{ErrorRate: 1}})
	if code, _ := chat(t, ts.URL, `{"messages":[{"role":"user","content":"hi"}]}`); code != 500 {
		t.Errorf("error rate 1: status %d", code)
	}
	_, ts = newSim(t, Config{Latency: time.Millisecond, Faults: Faults{TruncateRate: 1}})
	if _, m := chat(t, ts.URL, `{"messages":[{"role":"user","content":"Text:\nsome words to cut in half here"}]}`); m["choices"].([]any)[0].(map[string]any)["finish_reason"] != "length" {
		t.Errorf("truncate: %v", m)
	}
	_, ts = newSim(t, Config{Latency: time.Millisecond, Faults: Faults{DropRate: 1}})
	if _, err := http.Post(ts.URL+"/v1/chat/completions", "application/json", strings.NewReader(`{"messages":[{"role":"user","content":"hi"}]}`)); err == nil {
		t.Error("drop: got an answer")
	}
	_, ts = newSim(t, Config{Latency: time.Millisecond})
	sys := strings.Repeat("static instructions ", 40)
	body := func(text string) string {
		return `{"messages":[{"role":"system","content":"` + sys + `"},{"role":"user","content":"Text:\n` + text + `"}]}`
	}
	chat(t, ts.URL, body("first"))
	_, m := chat(t, ts.URL, body("second text"))
	u := m["usage"].(map[string]any)
	cached := u["prompt_tokens_details"].(map[string]any)["cached_tokens"].(float64)
	if cached < 50 || cached >= u["prompt_tokens"].(float64) {
		t.Errorf("cached %v of %v prompt tokens", cached, u["prompt_tokens"])
	}
}

func TestHangStopsWithClient(t *testing.T) {
	_, ts := newSim(t, Config{Latency: time.Millisecond, Faults: Faults{HangRate: 1}})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/v1/chat/completions", strings.NewReader(`{"messages":[{"role":"user","content":"hi"}]}`))
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Error("hang: got an answer")
	}
}

func TestTokenizeAndModels(t *testing.T) {
	_, ts := newSim(t, Config{Latency: time.Millisecond, MaxModelLen: 8192})
	resp, err := http.Post(ts.URL+"/tokenize", "application/json", strings.NewReader(`{"model":"m","prompt":"Hello world, this is a test."}`))
	if err != nil {
		t.Fatal(err)
	}
	var tk struct {
		Count       int `json:"count"`
		MaxModelLen int `json:"max_model_len"`
	}
	json.NewDecoder(resp.Body).Decode(&tk)
	resp.Body.Close()
	if tk.Count != llm.EstimateTokens("Hello world, this is a test.") {
		t.Errorf("tokenize count %d", tk.Count)
	}
	resp, _ = http.Get(ts.URL + "/v1/models")
	var ms struct {
		Data []struct {
			ID          string
			MaxModelLen int `json:"max_model_len"`
		}
	}
	json.NewDecoder(resp.Body).Decode(&ms)
	resp.Body.Close()
	if len(ms.Data) != 1 || ms.Data[0].MaxModelLen != 8192 {
		t.Errorf("models %+v", ms)
	}
}
