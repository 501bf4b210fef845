package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"appencorrect/internal/config"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/pipeline"
)

// fakeEngine flags every "teh" as "the" and fails on texts containing
// "FAIL".
type fakeEngine struct{}

func (fakeEngine) Name() string { return "fake" }

func (fakeEngine) Check(_ context.Context, text string, _ language.Tag) ([]correction.Correction, error) {
	if strings.Contains(text, "FAIL") {
		return nil, errors.New("backend down")
	}
	var cs []correction.Correction
	for _, t := range correction.Tokenize(text, nil) {
		if t.Text(text) == "teh" {
			cs = append(cs, correction.Correction{Start: t.Start, End: t.End, Original: "teh",
				Suggestions: []string{"the"}, Type: correction.Spelling, Engine: "fake"})
		}
	}
	return cs, nil
}

func newTestServer(t *testing.T, cfg config.Config) *httptest.Server {
	t.Helper()
	s := New(cfg, Deps{Pipeline: pipeline.New(fakeEngine{}, nil), Version: "test"})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func post(t *testing.T, url, contentType, body string) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := http.Post(url, contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("response is not JSON: %q", b)
	}
	return resp, m
}

func TestDemoCheck(t *testing.T) {
	ts := newTestServer(t, config.Default())
	resp, m := post(t, ts.URL+"/demo/check", "application/json", `{"text":"😀 teh cat","language":"en-US"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %v", resp.StatusCode, m)
	}
	if m["status"] != "success" || m["processed_text"] != "😀 the cat" {
		t.Fatalf("unexpected body %v", m)
	}
	cs := m["corrections"].([]any)
	c := cs[0].(map[string]any)
	pos := c["position"].([]any)
	if pos[0].(float64) != 2 || pos[1].(float64) != 5 {
		t.Errorf("position %v, want [2 5] in code points", pos)
	}
	pos16 := c["position_utf16"].([]any)
	if pos16[0].(float64) != 3 || pos16[1].(float64) != 6 {
		t.Errorf("position_utf16 %v, want [3 6]", pos16)
	}
	st := m["statistics"].(map[string]any)
	if st["total_errors"].(float64) != 1 || st["spelling_errors"].(float64) != 1 || st["text_length"].(float64) != 9 {
		t.Errorf("statistics %v", st)
	}
	if resp.Header.Get("X-Request-ID") == "" {
		t.Error("no X-Request-ID")
	}
}

func TestBadInput(t *testing.T) {
	cfg := config.Default()
	cfg.MaxTextLength = 20
	cfg.MaxBodyBytes = 2048
	ts := newTestServer(t, cfg)
	tests := []struct {
		name, contentType, body string
		status                  int
		message                 string
	}{
		{"malformed", "application/json", `{"text": "abc"`, 400, "malformed JSON"},
		{"syntax", "application/json", `{"text": abc}`, 400, "malformed JSON"},
		{"empty body", "application/json", ``, 400, "empty"},
		{"missing text", "application/json", `{"language":"en"}`, 400, `"text" is required`},
		{"empty text", "application/json", `{"text":""}`, 400, "empty"},
		{"wrong type", "application/json", `{"text":5}`, 400, `"text" must be a string`},
		{"unknown field", "application/json", `{"text":"a","colour":1}`, 400, "unknown field"},
		{"too long", "application/json", `{"text":"` + strings.Repeat("é", 21) + `"}`, 413, "21 characters"},
		{"body too large", "application/json", `{"text":"` + strings.Repeat("a", 3000) + `"}`, 413, "limit"},
		{"form", "application/x-www-form-urlencoded", `text=abc`, 415, "not JSON"},
		{"no content type", "", `{"text":"abc"}`, 415, "application/json"},
		{"array", "application/json", `["text"]`, 400, "JSON object"},
		{"two values", "application/json", `{"text":"a"}{"text":"b"}`, 400, "nothing after"},
		{"bad language", "application/json", `{"text":"a","language":"klingon"}`, 400, "unsupported language"},
		{"bad option", "application/json", `{"text":"a","options":{"ai_first_mode":"yes"}}`, 400, "ai_first_mode"},
		{"long use case", "application/json", `{"text":"a","use_case":"` + strings.Repeat("u", 101) + `"}`, 400, "use_case"},
		{"engine failure", "application/json", `{"text":"FAIL"}`, 503, "nothing was corrected"},
		{"invalid UTF-8", "application/json", "{\"text\":\"ab\xc3(\"}", 400, "invalid UTF-8 at byte 11"},
		{"lone high surrogate", "application/json", `{"text":"x\ud83d"}`, 400, "unpaired UTF-16 surrogate escape at byte 10"},
		{"lone low surrogate", "application/json", `{"text":"\udc00"}`, 400, "surrogate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, m := post(t, ts.URL+"/demo/check", tt.contentType, tt.body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %v", resp.StatusCode, tt.status, m)
			}
			msg, _ := m["message"].(string)
			if !strings.Contains(msg, tt.message) || m["error"] == nil || m["status"] != "error" {
				t.Fatalf("body %v, want a message containing %q", m, tt.message)
			}
		})
	}
}

func TestRoutes(t *testing.T) {
	ts := newTestServer(t, config.Default())
	tests := []struct {
		method, path string
		status       int
		errText      string
	}{
		{"GET", "/nope", 404, "Endpoint not found"},
		{"GET", "/demo/check", 405, "Method not allowed"},
		{"DELETE", "/health", 405, "Method not allowed"},
		{"GET", "/health", 200, ""},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, ts.URL+tt.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, resp.StatusCode, tt.status)
		}
		if tt.errText != "" && m["error"] != tt.errText {
			t.Errorf("%s %s: error %v, want %q", tt.method, tt.path, m["error"], tt.errText)
		}
		if tt.status == 200 && m["status"] != "healthy" {
			t.Errorf("health: %v", m)
		}
	}
}

func TestDemoRateLimit(t *testing.T) {
	cfg := config.Default()
	cfg.DemoRateLimit = 3
	ts := newTestServer(t, cfg)
	var last *http.Response
	for i := 0; i < 4; i++ {
		last, _ = post(t, ts.URL+"/demo/check", "application/json", `{"text":"teh"}`)
		if i < 3 && last.StatusCode != 200 {
			t.Fatalf("request %d: status %d", i, last.StatusCode)
		}
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" || last.Header.Get("X-RateLimit-Limit") != "3" {
		t.Fatalf("4th request: status %d, headers %v", last.StatusCode, last.Header)
	}
}

func TestClientAddr(t *testing.T) {
	cfg := config.Default()
	s := New(cfg, Deps{Pipeline: pipeline.New(fakeEngine{}, nil)})
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.5:1234"
	r.Header.Set("X-Forwarded-For", "1.2.3.4")
	if got := s.clientAddr(r); got != "10.0.0.5" {
		t.Errorf("untrusted proxy: got %s, want the peer", got)
	}
	cfg, err := config.Load(func(k string) string {
		if k == "TRUSTED_PROXIES" {
			return "10.0.0.0/8"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	s = New(cfg, Deps{Pipeline: pipeline.New(fakeEngine{}, nil)})
	r.Header.Set("X-Forwarded-For", "9.9.9.9, 1.2.3.4, 10.0.0.7")
	if got := s.clientAddr(r); got != "1.2.3.4" {
		t.Errorf("trusted proxy: got %s, want 1.2.3.4", got)
	}
}

// TestClip: client-chosen strings written to the log are cut at a rune
// boundary and marked.
func TestClip(t *testing.T) {
	for _, tc := range []struct{ in, want string }{{"abc", "abc"}, {"abcdef", "abc…"}, {"ééé", "é…"}} {
		if c := clip(tc.in, 3); c != tc.want {
			t.Errorf("clip(%q, 3) = %q, want %q", tc.in, c, tc.want)
		}
	}
}
