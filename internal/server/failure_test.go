package server

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"appencorrect/internal/auth"
	"appencorrect/internal/cache"
	"appencorrect/internal/config"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/store/storetest"
)

// failingModel fails every check with err.
type failingModel struct{ err error }

func (failingModel) Name() string  { return "llm" }
func (failingModel) Model() string { return "m" }
func (f failingModel) Check(context.Context, string, language.Tag) ([]correction.Correction, error) {
	return nil, f.err
}
func (f failingModel) CheckModel(context.Context, pipeline.ModelInput) (pipeline.ModelOutput, error) {
	return pipeline.ModelOutput{}, f.err
}

type saturatedErr struct{}

func (saturatedErr) Error() string                     { return "all 2 endpoints at capacity (http://10.0.0.5:8000/v1)" }
func (saturatedErr) RetryAfterDuration() time.Duration { return 1500 * time.Millisecond }

// TestOneFailureMapping: the original API and /v2 answer the same failure
// with the same status and Retry-After, in their own body format, and
// never with the error's text.
func TestOneFailureMapping(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		status int
		retry  string
	}{
		{"saturated", saturatedErr{}, 503, "2"},
		{"model down, no fallback", errors.New(`Post "http://10.0.0.5:8000/v1/chat/completions": connection refused`), 503, "5"},
		{"inconsistent answer", pipeline.ErrInconsistent, 502, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := storetest.SQLite(t)
			key, _ := createKey(t, st, auth.NewKey{Name: "k"})
			a := auth.NewAuthenticator(st, auth.MaxCacheTTL)
			// LLM_FALLBACK=none: no fallback engine.
			s := New(config.Default(), Deps{Pipeline: pipeline.New(failingModel{tc.err}, nil), Version: "test", Store: st, Auth: a,
				LanguageTool: LanguageToolDeps{Auth: LTKeys{Auth: a}}})
			srv := newHTTPTest(t, s)
			for _, api := range []struct {
				name, method, path, ctype, body, key string
				lt                                   bool
			}{
				{"demo", "POST", "/demo/check", "application/json", `{"text":"some text"}`, "", false},
				{"check", "POST", "/check", "application/json", `{"text":"some text"}`, key, false},
				{"v2 anonymous", "POST", "/v2/check", "application/x-www-form-urlencoded", "language=en-US&text=some+text", "", true},
				{"v2 key", "POST", "/v2/check", "application/x-www-form-urlencoded", "language=en-US&text=some+text&apiKey=" + url.QueryEscape(key), "", true},
			} {
				rp := call(t, api.method, srv+api.path, api.key, api.body, "Content-Type", api.ctype)
				if rp.status != tc.status || rp.header.Get("Retry-After") != tc.retry {
					t.Errorf("%s: %d Retry-After %q, want %d %q: %s", api.name, rp.status, rp.header.Get("Retry-After"), tc.status, tc.retry, rp.raw)
				}
				if strings.Contains(rp.raw, "10.0.0.5") || strings.Contains(rp.raw, "engine failed\n") {
					t.Errorf("%s: the answer shows the error's text: %s", api.name, rp.raw)
				}
				if api.lt != strings.HasPrefix(rp.raw, "Error: ") {
					t.Errorf("%s: body not in the API's format: %q", api.name, rp.raw)
				}
			}
		})
	}
}

// TestMethodNotAllowedHasAllow: every 405 says which methods the path takes.
func TestMethodNotAllowedHasAllow(t *testing.T) {
	ts := newTestServer(t, config.Default())
	for _, tc := range []struct{ method, path, allow string }{
		{"DELETE", "/health", "GET, HEAD"},
		{"GET", "/demo/check", "POST"},
		{"PUT", "/v2/check", "GET, HEAD, POST, OPTIONS"},
	} {
		req, _ := http.NewRequest(tc.method, ts.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d Allow %q, want 405 %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Allow"), tc.allow)
		}
	}
}

// TestLTHonoursCacheToggle: a key that turned its cache off is never
// answered from the cache on /v2 either.
func TestLTHonoursCacheToggle(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{cache: cache.NewMemory(1 << 20)})
	key, _ := createKey(t, st, auth.NewKey{Name: "k"})
	if rp := call(t, "POST", r.ts.URL+"/api/cache/toggle", key, `{"enabled":false}`); rp.status != 200 {
		t.Fatalf("toggle: %d %s", rp.status, rp.raw)
	}
	body := "language=en-US&text=teh+cat&apiKey=" + url.QueryEscape(key)
	for range 3 {
		if rp := call(t, "POST", r.ts.URL+"/v2/check", "", body, "Content-Type", "application/x-www-form-urlencoded"); rp.status != 200 {
			t.Fatalf("/v2/check: %d %s", rp.status, rp.raw)
		}
	}
	if n := r.eng.calls.Load(); n != 3 {
		t.Errorf("%d model calls for 3 identical /v2 checks with the cache off, want 3", n)
	}
}

// newHTTPTest serves s on a loopback test server and returns its URL.
func newHTTPTest(t *testing.T, s *Server) string {
	t.Helper()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

// TestServiceKeyLimits: an administrator may create a key with any
// positive hourly limit (a service key in front of 300 users needs about
// 54,000) or with none (0), which is never refused.
func TestServiceKeyLimits(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{})
	admin, _ := createKey(t, st, auth.NewKey{Scope: auth.ScopeAdmin})
	rp := call(t, "POST", r.ts.URL+"/api/keys", admin, `{"name":"gateway","rate_limit_per_hour":54000}`)
	if rp.status != 201 && rp.status != 200 || rp.body["rate_limit_per_hour"] != float64(54000) {
		t.Fatalf("54,000 per hour: %d %s", rp.status, rp.raw)
	}
	rp = call(t, "POST", r.ts.URL+"/api/keys", admin, `{"name":"unlimited","rate_limit_per_hour":0}`)
	if rp.status != 201 && rp.status != 200 || rp.body["rate_limit_per_hour"] != float64(0) {
		t.Fatalf("no limit: %d %s", rp.status, rp.raw)
	}
	key := rp.str("api_key")
	for i := range 30 {
		if rp := call(t, "POST", r.ts.URL+"/check", key, `{"text":"teh cat"}`); rp.status != 200 || rp.header.Get("X-RateLimit-Limit") != "" {
			t.Fatalf("request %d with an unlimited key: %d %v %s", i, rp.status, rp.header, rp.raw)
		}
	}
	// Omitted, the limit is the default.
	rp = call(t, "POST", r.ts.URL+"/api/keys", admin, `{"name":"default"}`)
	if rp.body["rate_limit_per_hour"] != float64(auth.DefaultRateLimit) {
		t.Errorf("default limit: %s", rp.raw)
	}
}
