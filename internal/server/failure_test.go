package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"appencorrect/internal/apierror"
	"appencorrect/internal/auth"
	"appencorrect/internal/cache"
	"appencorrect/internal/config"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/languagetool"
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

// TestOneFailureMapping: the original API, its stream and /v2 answer the
// same failure with the same status, Retry-After and code, in their own
// body format, and never with the error's text.
func TestOneFailureMapping(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		status int
		retry  string
		code   apierror.Code
	}{
		{"saturated", saturatedErr{}, 503, "2", apierror.Busy},
		{"model down, no fallback", errors.New(`Post "http://10.0.0.5:8000/v1/chat/completions": connection refused`), 503, "5", apierror.EngineFailed},
		{"inconsistent answer", pipeline.ErrInconsistent, 502, "", apierror.BadEngineAnswer},
		{"deadline", fmt.Errorf("chunk 1: %w", context.DeadlineExceeded), 504, "", apierror.Timeout},
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
				{"check stream", "POST", "/check/stream", "application/json", `{"text":"some text"}`, key, false},
				{"demo quality", "POST", "/demo/assess/quality", "application/json", `{"comment":"some text"}`, "", false},
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
				if !api.lt && rp.str("code") != string(tc.code) {
					t.Errorf("%s: code %q, want %q: %s", api.name, rp.str("code"), tc.code, rp.raw)
				}
			}
		})
	}
}

// TestStoreOutageMapping: a database or key store that fails is a 503
// with Retry-After and a code on every API, in the API's own format
// (LanguageTool's text on /v2, never the original API's JSON there).
func TestStoreOutageMapping(t *testing.T) {
	for _, tc := range []struct {
		name, drop                string // the table whose loss makes the store fail
		method, path, ctype, body string
		admin, lt                 bool
		code                      apierror.Code
	}{
		{"key store, original API", "api_keys", "POST", "/check", "application/json", `{"text":"teh"}`, false, false, apierror.AuthUnavailable},
		{"key store, /v2", "api_keys", "POST", "/v2/check", "application/x-www-form-urlencoded", "language=en-US&text=teh&apiKey=KEY", false, true, apierror.AuthUnavailable},
		{"key store, admin", "api_keys", "GET", "/api/keys", "", "", true, false, apierror.AuthUnavailable},
		{"instructions", "custom_instructions", "GET", "/custom-instructions", "", "", false, false, apierror.StorageUnavailable},
		{"admin feedback", "feedback", "GET", "/api/feedback", "", "", true, false, apierror.StorageUnavailable},
		{"/v2 words", "dictionary_words", "GET", "/v2/words?username=u&apiKey=KEY", "", "", false, true, apierror.StorageUnavailable},
		{"/v2 words add", "dictionary_words", "POST", "/v2/words/add", "application/x-www-form-urlencoded", "username=u&apiKey=KEY&word=teh", false, true, apierror.StorageUnavailable},
		{"/v2 words delete", "dictionary_words", "POST", "/v2/words/delete", "application/x-www-form-urlencoded", "username=u&apiKey=KEY&word=teh", false, true, apierror.StorageUnavailable},
		{"/v2 check's word lists", "dictionary_versions", "POST", "/v2/check", "application/x-www-form-urlencoded", "language=en-US&text=teh&apiKey=KEY", false, true, apierror.StorageUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := storetest.SQLite(t)
			r := newRig(t, st, rigOptions{})
			key, _ := createKey(t, st, auth.NewKey{})
			admin, _ := createKey(t, st, auth.NewKey{Scope: auth.ScopeAdmin})
			if _, err := st.DB().Exec("DROP TABLE " + tc.drop); err != nil {
				t.Fatal(err)
			}
			hdrKey := key
			if tc.admin {
				hdrKey = admin
			}
			path, body := strings.ReplaceAll(tc.path, "KEY", url.QueryEscape(key)), strings.ReplaceAll(tc.body, "KEY", url.QueryEscape(key))
			if tc.lt {
				hdrKey = ""
			}
			var hdr []string
			if tc.ctype != "" {
				hdr = []string{"Content-Type", tc.ctype}
			}
			rp := call(t, tc.method, r.ts.URL+path, hdrKey, body, hdr...)
			if rp.status != 503 || rp.header.Get("Retry-After") != "5" {
				t.Errorf("%d Retry-After %q, want 503 with Retry-After 5: %s", rp.status, rp.header.Get("Retry-After"), rp.raw)
			}
			if tc.lt {
				if !strings.HasPrefix(rp.raw, "Error: ") || !strings.HasPrefix(rp.header.Get("Content-Type"), "text/plain") {
					t.Errorf("not LanguageTool's format: %q", rp.raw)
				}
			} else if rp.str("code") != string(tc.code) || rp.str("status") != "error" {
				t.Errorf("code %q, want %q: %s", rp.str("code"), tc.code, rp.raw)
			}
			if strings.Contains(rp.raw, tc.drop) || strings.Contains(strings.ToLower(rp.raw), "sql") {
				t.Errorf("the answer shows the store's error: %s", rp.raw)
			}
		})
	}
}

// TestRateLimitOneResponder: every API's 429 carries Retry-After and the
// X-RateLimit headers, code rate_limited in JSON bodies and LanguageTool's
// text on /v2; the limit of one key is shared by the original API and
// /v2.
func TestRateLimitOneResponder(t *testing.T) {
	cfg := config.Default()
	cfg.DemoRateLimit = 1
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{cfg: &cfg})
	key, _ := createKey(t, st, auth.NewKey{RateLimitPerHour: 1})
	admin, _ := createKey(t, st, auth.NewKey{Scope: auth.ScopeAdmin, RateLimitPerHour: 1})
	form := "application/x-www-form-urlencoded"
	for _, tc := range []struct {
		name, method, path, key, body, ctype string
		lt                                   bool
	}{
		{"demo", "POST", "/demo/check", "", `{"text":"teh"}`, "", false},
		{"demo feedback (same address)", "POST", "/demo/feedback", "", `{}`, "", false},
		{"key", "POST", "/check", key, `{"text":"teh"}`, "", false},
		{"same key on /v2", "POST", "/v2/check", "", "language=en-US&text=teh&apiKey=" + url.QueryEscape(key), form, true},
		{"/v2 anonymous", "POST", "/v2/check", "", "language=en-US&text=teh", form, true},
		{"admin", "GET", "/api/keys", admin, "", "", false},
	} {
		var hdr []string
		if tc.ctype != "" {
			hdr = []string{"Content-Type", tc.ctype}
		}
		rp := call(t, tc.method, r.ts.URL+tc.path, tc.key, tc.body, hdr...)
		if rp.status == 200 {
			// The first request of a limit of 1 passes; the next is over.
			rp = call(t, tc.method, r.ts.URL+tc.path, tc.key, tc.body, hdr...)
		}
		if rp.status != 429 || rp.header.Get("Retry-After") == "" || rp.header.Get("X-RateLimit-Limit") != "1" ||
			rp.header.Get("X-RateLimit-Remaining") != "0" || rp.header.Get("X-RateLimit-Reset") == "" {
			t.Errorf("%s: %d %v: %s", tc.name, rp.status, rp.header, rp.raw)
			continue
		}
		if tc.lt {
			if !strings.HasPrefix(rp.raw, "Error: Rate limit of 1 requests per") {
				t.Errorf("%s: %q", tc.name, rp.raw)
			}
		} else if rp.str("code") != string(apierror.RateLimited) || !strings.HasPrefix(rp.str("message"), "Rate limit of 1 requests per") {
			t.Errorf("%s: %s", tc.name, rp.raw)
		}
	}
}

// TestMethodNotAllowedHasAllow: every 405 says which methods the path takes.
func TestMethodNotAllowedHasAllow(t *testing.T) {
	ts := newTestServer(t, config.Default())
	for _, tc := range []struct {
		method, path, allow string
		lt                  bool
	}{
		{"DELETE", "/health", "GET, HEAD", false},
		{"GET", "/demo/check", "POST", false},
		{"PUT", "/v2/check", "GET, HEAD, POST, OPTIONS", true},
		{"DELETE", "/v2/words/add", "POST, OPTIONS", true},
	} {
		req, _ := http.NewRequest(tc.method, ts.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d Allow %q, want 405 %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Allow"), tc.allow)
		}
		// The body in the path's API format.
		if lt := strings.HasPrefix(string(b), "Error: "); lt != tc.lt {
			t.Errorf("%s %s: body %q not in its API's format", tc.method, tc.path, b)
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

// streamFailingModel settles the first sentence of a chunk, then fails.
type streamFailingModel struct{ failingModel }

func (m streamFailingModel) CheckModelStream(_ context.Context, in pipeline.ModelInput, settled func(pipeline.Settled)) (pipeline.ModelOutput, error) {
	end := strings.Index(in.Text, ". ") + 1
	settled(pipeline.Settled{Start: 0, End: end, Corrections: []correction.Correction{{Start: 0, End: 3, Original: in.Text[:3],
		Suggestions: []string{"The"}, Type: correction.Spelling, Engine: "llm"}}})
	return pipeline.ModelOutput{}, m.err
}

// TestStreamErrorEventHasCode: a stream that fails after its first event
// ends with an error event carrying the mapping's code and public message
// (the status, 200, was sent with the first event).
func TestStreamErrorEventHasCode(t *testing.T) {
	s := New(config.Default(), Deps{Pipeline: pipeline.New(streamFailingModel{failingModel{saturatedErr{}}}, nil), Version: "test"})
	srv := newHTTPTest(t, s)
	resp, err := http.Post(srv+"/demo/check/stream", "application/json", strings.NewReader(`{"text":"Teh cat sat. The dog ran."}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	evs := readEvents(t, resp.Body)
	if resp.StatusCode != 200 || len(evs) != 2 || evs[0].name != "corrections" || evs[1].name != "error" {
		t.Fatalf("%d %v, want a corrections event then an error event", resp.StatusCode, evs)
	}
	var body ErrorBody
	if err := json.Unmarshal([]byte(evs[1].data), &body); err != nil {
		t.Fatal(err)
	}
	if body.Code != string(apierror.Busy) || body.Status != "error" || !strings.HasSuffix(body.Message, "Retry after 2 s.") ||
		strings.Contains(evs[1].data, "10.0.0.5") {
		t.Errorf("error event %s", evs[1].data)
	}
}

// TestStartingHandler: while the process starts, /health says so and
// every API answers 503 with Retry-After through the one mapping, in its
// own format (LanguageTool's text under /v2/).
func TestStartingHandler(t *testing.T) {
	ts := httptest.NewServer(StartingHandler("v1.2.3"))
	t.Cleanup(ts.Close)
	for _, tc := range []struct {
		method, path, ctype, want string
	}{
		{"GET", "/health", "application/json", `{"status":"starting","version":"v1.2.3"}`},
		{"POST", "/check", "application/json", `"code":"starting"`},
		{"POST", "/v2/check", "text/plain", "Error: the service is starting. Retry after 1 s.\n"},
	} {
		req, _ := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader("text=teh"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "1" ||
			!strings.HasPrefix(resp.Header.Get("Content-Type"), tc.ctype) || !strings.Contains(string(b), tc.want) {
			t.Errorf("%s %s: %d Retry-After %q %s %q, want 503, 1, %s with %q", tc.method, tc.path, resp.StatusCode,
				resp.Header.Get("Retry-After"), resp.Header.Get("Content-Type"), b, tc.ctype, tc.want)
		}
	}
}

// TestLTErrorsInItsFormat: under /v2/ an unknown endpoint (404), a body
// over the limit (413) and a panic (500) are answered in LanguageTool's
// text; elsewhere in the original API's JSON, a panic with its code. A
// panic's value never reaches the client.
func TestLTErrorsInItsFormat(t *testing.T) {
	cfg := config.Default()
	cfg.MaxBodyBytes = 1024
	ts := newTestServer(t, cfg)
	for _, tc := range []struct {
		method, path, body string
		status             int
	}{
		{"GET", "/v2/nope", "", 404},
		{"POST", "/v2/check", "text=" + strings.Repeat("a", 2000), 413},
	} {
		req, _ := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.HasPrefix(string(b), "Error: ") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("%s %s: %d %s %q, want %d in LanguageTool's text", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), b, tc.status)
		}
	}

	s := New(config.Default(), Deps{Pipeline: pipeline.New(fakeEngine{}, nil), Version: "test"})
	h := s.recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("dial tcp 10.0.0.5:8000") }))
	for _, path := range []string{"/check", "/v2/check"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", path, nil))
		b := rec.Body.String()
		if rec.Code != 500 || strings.Contains(b, "10.0.0.5") {
			t.Errorf("%s: panic answered %d %q", path, rec.Code, b)
		}
		if lt := strings.HasPrefix(b, "Error: "); lt != strings.HasPrefix(path, "/v2/") {
			t.Errorf("%s: panic answered %q, not in the API's format", path, b)
		} else if !lt && !strings.Contains(b, `"code":"internal"`) {
			t.Errorf("%s: panic answered %q, without code internal", path, b)
		}
	}
}

// TestRequestErrorWording: the writers of a refused request (the original
// API's and /v2's) pass on the messages made to describe the client's
// input, and answer anything else with fixed wording: its text could hold
// an internal address or a library's error.
func TestRequestErrorWording(t *testing.T) {
	internal := fmt.Errorf("count words: dial tcp 10.0.0.7:5432: %w", errors.New("connection refused"))
	tests := []struct {
		name   string
		err    error
		status int
		want   string // in the message
	}{
		{"client input", badRequest("parameter offset must be a whole number, not %s", "x"), 400, "parameter offset must be a whole number, not x"},
		{"client input, wrapped", fmt.Errorf("page: %w", badRequest("no words given")), 400, "no words given"},
		{"too large", &requestError{413, "Request too large", "the body is over the limit of 10 bytes"}, 413, "over the limit of 10 bytes"},
		{"anything else", internal, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for api, write := range map[string]func(http.ResponseWriter, error){"original": writeRequestError, "/v2": ltRequestError} {
				rec := httptest.NewRecorder()
				write(rec, tt.err)
				body := rec.Body.String()
				if rec.Code != tt.status || !strings.Contains(body, tt.want) {
					t.Errorf("%s: %d %q, want %d with %q", api, rec.Code, body, tt.status, tt.want)
				}
				if strings.Contains(body, "10.0.0.7") || strings.Contains(body, "dial tcp") || strings.Contains(body, "count words") {
					t.Errorf("%s: the answer shows the internal error: %q", api, body)
				}
			}
		})
	}
	// LanguageTool's own errors keep their status and message.
	rec := httptest.NewRecorder()
	ltRequestError(rec, &languagetool.Error{Status: 413, Message: "Your text exceeds the limit"})
	if rec.Code != 413 || rec.Body.String() != "Error: Your text exceeds the limit\n" {
		t.Errorf("languagetool.Error: %d %q", rec.Code, rec.Body.String())
	}
}

// failingBody is a request body whose read fails as a dropped or timed-out
// connection's does, naming the server's own address.
type failingBody struct{}

func (failingBody) Read([]byte) (int, error) {
	return 0, &net.OpError{Op: "read", Net: "tcp", Source: &net.TCPAddr{IP: net.IPv4(10, 0, 0, 7), Port: 5006},
		Addr: &net.TCPAddr{IP: net.IPv4(10, 0, 0, 9), Port: 40000}, Err: os.ErrDeadlineExceeded}
}
func (failingBody) Close() error { return nil }

// TestBodyReadErrorHidden: a body that cannot be read is a 400 that says
// so in fixed words on every API, never with the read error's text and
// its addresses.
func TestBodyReadErrorHidden(t *testing.T) {
	s := New(config.Default(), Deps{Pipeline: pipeline.New(fakeEngine{}, nil), Version: "test"})
	h := s.Handler()
	tests := []struct {
		name, path, ctype string
	}{
		{"original API, JSON", "/demo/check", "application/json"},
		{"/v2, form", "/v2/check", "application/x-www-form-urlencoded"},
		{"/v2, multipart", "/v2/check", "multipart/form-data; boundary=xyz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", tt.path, nil)
			req.Body, req.ContentLength = failingBody{}, -1
			req.Header.Set("Content-Type", tt.ctype)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if body := rec.Body.String(); rec.Code != 400 || strings.Contains(body, "10.0.0.") || strings.Contains(body, "i/o timeout") {
				t.Errorf("%d %q", rec.Code, body)
			}
		})
	}
	// The login form, which the accounts' pages post.
	req := httptest.NewRequest("POST", "/login", nil)
	req.Body, req.ContentLength = failingBody{}, -1
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, _, err := readLogin(req); err == nil || strings.Contains(err.Error(), "10.0.0.") {
		t.Errorf("readLogin: %v", err)
	}
}

// TestEchoedPathBounded: a 404 or 405 quotes the client's method and path
// back clipped, as valid UTF-8 without control characters, in JSON (HTML
// characters escaped) or LanguageTool's text, never as HTML, whatever was
// sent.
func TestEchoedPathBounded(t *testing.T) {
	st := storetest.SQLite(t)
	admin, _ := createKey(t, st, auth.NewKey{Scope: auth.ScopeAdmin})
	s := New(config.Default(), Deps{Pipeline: pipeline.New(fakeEngine{}, nil), Version: "test",
		Store: st, Auth: auth.NewAuthenticator(st, auth.MaxCacheTTL)})
	h := s.Handler()
	long := strings.Repeat("a", 100000)
	tests := []struct {
		name, method, path string
		admin              bool
		status             int
		lt                 bool
		want               string // the start of the message
	}{
		{"404 short", "GET", "/nope", false, 404, false, "no endpoint GET /nope"},
		{"404 long", "GET", "/" + long, false, 404, false, "no endpoint GET /aaa"},
		{"404 long multibyte", "GET", "/" + strings.Repeat("é", 50000), false, 404, false, "no endpoint GET /éé"},
		{"404 HTML", "GET", "/<script>alert(1)</script>", false, 404, false, "no endpoint GET /<script>alert(1)</script>"},
		{"404 odd bytes", "GET", "/\xff\xfe\x00\r\nX-Injected: 1", false, 404, false, "no endpoint GET /\ufffd\ufffd\ufffd\ufffd\ufffdX-Injected: 1"},
		{"404 asset", "GET", AssetsPrefix + "v/" + long, false, 404, false, "no asset " + AssetsPrefix + "v/aaa"},
		{"/v2 404 long", "GET", "/v2/" + long, false, 404, true, "Error: no endpoint GET /v2/aaa"},
		{"/v2 404 odd bytes", "GET", "/v2/\xc3(<b>\x1b[31m" + long, false, 404, true, "Error: no endpoint GET /v2/\ufffd(<b>\ufffd[31m"},
		{"/v2 405 long method", strings.Repeat("M", 100000), "/v2/check", false, 405, true, "Error: MMM"},
		{"/dictionary 405 long method", strings.Repeat("M", 100000), "/dictionary", false, 405, false, "MMM"},
		{"/dictionary key id long", "GET", "/api/keys/" + long + "/dictionary", true, 400, false, "the key id in the path is malformed"},
		{"/dictionary key id HTML", "GET", "/api/keys/<b>/dictionary", true, 400, false, "the key id in the path is malformed"},
		{"/dictionary no such key", "GET", "/api/keys/ak_nope/dictionary", true, 404, false, "no API key ak_nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/", nil)
			req.Method, req.URL.Path = tt.method, tt.path
			if tt.admin {
				req.Header.Set("X-API-Key", admin)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			b := rec.Body.String()
			if rec.Code != tt.status {
				t.Fatalf("answered %d %.200q, want %d", rec.Code, b, tt.status)
			}
			want := "application/json"
			if tt.lt {
				want = "text/plain"
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, want) {
				t.Errorf("Content-Type %q, want %s", ct, want)
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options: nosniff")
			}
			// At most 200 bytes of path and 32 of method, and the words around them.
			if len(b) > 400 {
				t.Errorf("body of %d bytes: %.80q…", len(b), b)
			}
			if !utf8.ValidString(b) {
				t.Errorf("body is not valid UTF-8: %.80q…", b)
			}
			msg := b
			if tt.lt {
				if strings.ContainsAny(strings.TrimSuffix(b, "\n"), "\r\n\x00\x1b") {
					t.Errorf("text body holds control characters: %q", b)
				}
			} else {
				if strings.ContainsAny(b, "<>") {
					t.Errorf("JSON body holds unescaped HTML characters: %q", b)
				}
				var e ErrorBody
				if err := json.Unmarshal([]byte(b), &e); err != nil {
					t.Fatalf("body %q: %v", b, err)
				}
				msg = e.Message
			}
			if !strings.HasPrefix(msg, tt.want) {
				t.Errorf("message %.120q, want it to start %q", msg, tt.want)
			}
			clipped := len(tt.method) > maxLoggedMethod || (tt.status != 400 && len(tt.path) > maxEchoedPath)
			if clipped != strings.Contains(msg, "…") {
				t.Errorf("message %.300q: want clipped %v", msg, clipped)
			}
		})
	}
}
