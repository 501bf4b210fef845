package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"appencorrect/internal/auth"
	"appencorrect/internal/cache"
	"appencorrect/internal/config"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/quality"
	"appencorrect/internal/ratelimit"
	"appencorrect/internal/store"
	"appencorrect/internal/store/storetest"
	"appencorrect/internal/testsvc"
	"appencorrect/internal/usage"
)

// modelEngine is a fake model engine: it flags "teh", and every word that
// the instructions name as "flag:WORD", except the listed words it is told
// to keep (as a model does); it counts its model calls.
type modelEngine struct{ calls atomic.Int64 }

func (*modelEngine) Name() string  { return "fakellm" }
func (*modelEngine) Model() string { return "fake-1" }

func (e *modelEngine) Check(ctx context.Context, text string, tag language.Tag) ([]correction.Correction, error) {
	out, err := e.CheckModel(ctx, pipeline.ModelInput{Text: text, Language: tag})
	return out.Corrections, err
}

func (e *modelEngine) CheckModel(_ context.Context, in pipeline.ModelInput) (pipeline.ModelOutput, error) {
	e.calls.Add(1)
	if strings.Contains(in.Text, "FAIL") {
		return pipeline.ModelOutput{}, errors.New("backend down")
	}
	flag := map[string]bool{"teh": true}
	for _, f := range strings.Fields(in.Instructions) {
		if w, ok := strings.CutPrefix(f, "flag:"); ok {
			flag[w] = true
		}
	}
	var cs []correction.Correction
	for _, t := range correction.Tokenize(in.Text, nil) {
		if w := t.Text(in.Text); flag[w] && !slices.Contains(in.Words, w) {
			typ := correction.Spelling
			if w == "is" {
				typ = correction.Grammar
			}
			cs = append(cs, correction.Correction{Start: t.Start, End: t.End, Original: w,
				Suggestions: []string{strings.ToUpper(w)}, Type: typ, Engine: "fakellm"})
		}
	}
	return pipeline.ModelOutput{Corrections: cs, Usage: pipeline.Usage{PromptTokens: 100, CompletionTokens: 20, Calls: 1}}, nil
}

type rigOptions struct {
	limiter ratelimit.Limiter
	cache   pipeline.Cache
	scorer  quality.Scorer
	cfg     *config.Config
	now     func() time.Time // the API key cache's clock; default time.Now
}

// rig is one server replica over a store.
type rig struct {
	ts    *httptest.Server
	st    *store.Store
	rec   *usage.Recorder
	eng   *modelEngine
	auth  *auth.Authenticator
	accts *auth.Accounts
}

var testHasher = auth.NewHasher(auth.Argon2Params{Memory: 256, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}, 4)

func newRig(t *testing.T, st *store.Store, o rigOptions) *rig {
	t.Helper()
	cfg := config.Default()
	if o.cfg != nil {
		cfg = *o.cfg
	}
	eng := &modelEngine{}
	var popts []pipeline.Option
	if o.cache != nil {
		popts = append(popts, pipeline.WithCache(o.cache, time.Minute))
	}
	r := &rig{st: st, eng: eng, auth: auth.NewAuthenticator(st, auth.MaxCacheTTL),
		accts: auth.NewAccounts(st, []byte(strings.Repeat("s", 32)), auth.AccountOptions{Hasher: testHasher, MaxFailures: 3})}
	if o.now != nil {
		r.auth.SetClock(o.now)
	}
	r.rec = usage.New(st, usage.Options{Interval: 50 * time.Millisecond})
	s := New(cfg, Deps{Pipeline: pipeline.New(eng, nil, popts...), Version: "test", Store: st, Auth: r.auth,
		Accounts: r.accts, Usage: r.rec, Limiter: o.limiter, Scorer: o.scorer,
		LanguageTool: LanguageToolDeps{Auth: LTKeys{Auth: r.auth}}})
	r.ts = httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		r.ts.Close()
		_ = r.rec.Close(context.Background())
	})
	return r
}

func createKey(t *testing.T, st *store.Store, n auth.NewKey) (string, store.Key) {
	t.Helper()
	if n.Name == "" {
		n.Name = "test"
	}
	secret, k, err := auth.CreateKey(context.Background(), st, n)
	if err != nil {
		t.Fatal(err)
	}
	return secret, k
}

type reply struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// call makes one request; key may be empty; body "" sends none.
func call(t *testing.T, method, url, key, body string, hdr ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	rp := reply{status: resp.StatusCode, header: resp.Header, raw: string(b)}
	_ = json.Unmarshal(b, &rp.body)
	return rp
}

func (r reply) str(k string) string { s, _ := r.body[k].(string); return s }

func TestAuthErrors(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{})
	secret, k := createKey(t, st, auth.NewKey{})
	admin, _ := createKey(t, st, auth.NewKey{Scope: auth.ScopeAdmin})
	tests := []struct {
		name, method, path, key string
		hdr                     []string
		status                  int
		errText                 string
	}{
		{"no key", "POST", "/check", "", nil, 401, "API key required"},
		{"malformed key", "POST", "/check", "appencorrect_nope", nil, 401, "Invalid API key"},
		{"unknown key", "POST", "/check", "appencorrect_00000000000000000000000000000000", nil, 401, "Invalid API key"},
		{"bearer", "POST", "/check", "", []string{"Authorization", "Bearer " + secret}, 200, ""},
		{"check key on admin API", "GET", "/api/keys", secret, nil, 403, "Forbidden"},
		{"admin key on admin API", "GET", "/api/keys", admin, nil, 200, ""},
		{"admin key may check", "POST", "/check", admin, nil, 200, ""},
		{"no key on admin API", "GET", "/api/usage", "", nil, 401, "API key required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rp := call(t, tt.method, r.ts.URL+tt.path, tt.key, `{"text":"teh cat"}`, tt.hdr...)
			if tt.method == "GET" {
				rp = call(t, tt.method, r.ts.URL+tt.path, tt.key, "", tt.hdr...)
			}
			if rp.status != tt.status || (tt.errText != "" && rp.str("error") != tt.errText) {
				t.Fatalf("%d %s, want %d %q", rp.status, rp.raw, tt.status, tt.errText)
			}
			if rp.status >= 400 && rp.str("message") == "" {
				t.Errorf("no message: %s", rp.raw)
			}
		})
	}
	// Deactivated: refused (at once on the replica that deactivated it).
	rp := call(t, "POST", r.ts.URL+"/api/keys/"+k.ID+"/deactivate", admin, "")
	if rp.status != 200 || rp.body["success"] != true {
		t.Fatalf("deactivate: %d %s", rp.status, rp.raw)
	}
	if rp := call(t, "POST", r.ts.URL+"/check", secret, `{"text":"a"}`); rp.status != 401 {
		t.Errorf("deactivated key: %d", rp.status)
	}
}

func TestCheckEndpoints(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{})
	key, _ := createKey(t, st, auth.NewKey{})
	// "is" is flagged as grammar by the instructions of use case "g".
	if rp := call(t, "POST", r.ts.URL+"/custom-instructions", key, `{"use_case":"g","instructions":"flag:is"}`); rp.status != 200 {
		t.Fatalf("instructions: %d %s", rp.status, rp.raw)
	}
	body := `{"text":"teh cat is here","use_case":"g"}`
	full := call(t, "POST", r.ts.URL+"/check", key, body)
	if full.status != 200 || full.str("status") != "success" || full.str("processed_text") != "TEH cat IS here" {
		t.Fatalf("/check: %d %s", full.status, full.raw)
	}
	st1 := full.body["statistics"].(map[string]any)
	if st1["total_errors"].(float64) != 2 || st1["spelling_errors"].(float64) != 1 || st1["grammar_errors"].(float64) != 1 {
		t.Errorf("statistics %v", st1)
	}
	sp := call(t, "POST", r.ts.URL+"/check/spelling", key, body)
	if sp.status != 200 || sp.body["status"] != nil || sp.str("processed_text") != "TEH cat is here" {
		t.Fatalf("/check/spelling: %d %s", sp.status, sp.raw)
	}
	sst := sp.body["statistics"].(map[string]any)
	for _, f := range []string{"total_corrections", "spelling_corrections", "grammar_corrections", "style_suggestions", "total_errors",
		"spelling_errors", "grammar_errors", "processing_time", "detected_language", "api_type", "api_available"} {
		if _, ok := sst[f]; !ok {
			t.Errorf("/check/spelling statistics lack %q: %v", f, sst)
		}
	}
	if sst["spelling_corrections"].(float64) != 1 || sst["grammar_corrections"].(float64) != 0 || len(sp.body["corrections"].([]any)) != 1 {
		t.Errorf("/check/spelling kept %v", sp.raw)
	}
	gr := call(t, "POST", r.ts.URL+"/check/grammar", key, body)
	cs := gr.body["corrections"].([]any)
	if gr.status != 200 || len(cs) != 1 || cs[0].(map[string]any)["type"] != "grammar" || gr.str("processed_text") != "teh cat IS here" {
		t.Fatalf("/check/grammar: %d %s", gr.status, gr.raw)
	}
	// A backend failure is an error, never a clean 200.
	if rp := call(t, "POST", r.ts.URL+"/check", key, `{"text":"FAIL now"}`); rp.status != 503 || rp.str("status") != "error" {
		t.Errorf("failure: %d %s", rp.status, rp.raw)
	}
}

func TestBadInputKeyed(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{})
	key, _ := createKey(t, st, auth.NewKey{})
	admin, _ := createKey(t, st, auth.NewKey{Scope: auth.ScopeAdmin})
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name, method, path, key, body string
		status                        int
		msg                           string
	}{
		{"check malformed", "POST", "/check", key, `{"text":`, 400, "malformed JSON"},
		{"check unknown field", "POST", "/check", key, `{"text":"a","x":1}`, 400, "unknown field"},
		{"spelling no text", "POST", "/check/spelling", key, `{}`, 400, `"text" is required`},
		{"instructions missing", "POST", "/custom-instructions", key, `{"use_case":"a"}`, 400, `"instructions" is required`},
		{"instructions empty", "PUT", "/custom-instructions", key, `{"use_case":"a","instructions":"  "}`, 400, "empty"},
		{"instructions too long", "POST", "/custom-instructions", key, `{"use_case":"a","instructions":"` + long(10001) + `"}`, 400, "10000"},
		{"use case too long", "POST", "/custom-instructions", key, `{"use_case":"` + long(101) + `","instructions":"x"}`, 400, "use_case"},
		{"control chars", "POST", "/custom-instructions", key, `{"use_case":"a","instructions":"x\u0007y"}`, 400, "control"},
		{"delete without use case", "DELETE", "/custom-instructions", key, "", 400, "use_case parameter is required"},
		{"feedback type", "POST", "/feedback", key, `{"original":"a","ai_suggestion":"b","feedback_type":"meh"}`, 400, "feedback_type"},
		{"feedback confidence", "POST", "/demo/feedback", "", `{"original":"a","ai_suggestion":"b","feedback_type":"positive","confidence":2}`, 400, "confidence"},
		{"feedback required", "POST", "/feedback", key, `{"original":"a","feedback_type":"positive"}`, 400, "ai_suggestion"},
		{"feedback too long", "POST", "/feedback", key, `{"original":"a","ai_suggestion":"` + long(1001) + `","feedback_type":"positive"}`, 400, "1000"},
		{"quality no comment", "POST", "/demo/assess/quality", "", `{"rating_context":"x"}`, 400, `"comment" is required`},
		{"quality too long", "POST", "/assess/quality", key, `{"comment":"` + long(5001) + `"}`, 400, "5000"},
		{"quality context", "POST", "/assess/quality", key, `{"comment":"a","rating_context":"` + long(1001) + `"}`, 400, "rating_context"},
		{"quality flag type", "POST", "/assess/quality", key, `{"comment":"a","enable_quality_assessment":"yes"}`, 400, "true or false"},
		{"key without name", "POST", "/api/keys", admin, `{"description":"x"}`, 400, "name is required"},
		{"key limit negative", "POST", "/api/keys", admin, `{"name":"x","rate_limit_per_hour":-5}`, 400, "whole number from 1 to 1000000000, or 0 for no limit"},
		{"key limit huge", "POST", "/api/keys", admin, `{"name":"x","rate_limit_per_hour":5000000000}`, 400, "rate_limit_per_hour"},
		{"key limit fraction", "POST", "/api/keys", admin, `{"name":"x","rate_limit_per_hour":1.5}`, 400, `"rate_limit_per_hour" must be a whole number, not number 1.5`},
		{"key name NUL", "POST", "/api/keys", admin, `{"name":"a\u0000b"}`, 400, "NUL"},
		{"key name bidi", "POST", "/api/keys", admin, `{"name":"invoice\u202Efdp.exe"}`, 400, "U+202E"},
		{"key description bidi", "POST", "/api/keys", admin, `{"name":"x","description":"\u2066hidden\u2069"}`, 400, "U+2066"},
		{"feedback blank", "POST", "/feedback", key, `{"original":"  ","ai_suggestion":"b","feedback_type":"positive"}`, 400, "only white space"},
		{"feedback blank correction", "POST", "/feedback", key, `{"original":"a","ai_suggestion":"b","feedback_type":"positive","user_correction":"\t \n"}`, 400, "only white space"},
		{"feedback NUL", "POST", "/demo/feedback", "", `{"original":"a\u0000","ai_suggestion":"b","feedback_type":"positive"}`, 400, "NUL"},
		{"feedback bidi", "POST", "/feedback", key, `{"original":"a","ai_suggestion":"\u202Eb","feedback_type":"positive"}`, 400, "U+202E"},
		{"instructions bidi", "POST", "/custom-instructions", key, `{"use_case":"a","instructions":"x\u202Ey"}`, 400, "U+202E"},
		{"use case bidi", "POST", "/custom-instructions", key, `{"use_case":"a\u2067","instructions":"x"}`, 400, "U+2067"},
		{"check lone surrogate", "POST", "/check", key, `{"text":"a\ud800 b"}`, 400, "unpaired UTF-16 surrogate escape at byte 10"},
		{"check NUL", "POST", "/check", key, `{"text":"a\u0000b"}`, 400, "NUL"},
		{"instructions invalid UTF-8", "POST", "/custom-instructions", key, "{\"use_case\":\"a\",\"instructions\":\"x\xffy\"}", 400, "invalid UTF-8 at byte 33"},
		{"key limit type", "POST", "/api/keys", admin, `{"name":"x","rate_limit_per_hour":"many"}`, 400, "rate_limit_per_hour"},
		{"key scope", "POST", "/api/keys", admin, `{"name":"x","scope":"root"}`, 400, "scope"},
		{"deactivate unknown", "POST", "/api/keys/ak_nope/deactivate", admin, "", 404, "no API key"},
		{"usage days", "GET", "/api/usage?days=0", admin, "", 400, "days"},
		{"usage days text", "GET", "/api/usage?days=week", admin, "", 400, "days"},
		{"usage unknown key", "GET", "/api/usage?key_id=ak_nope", admin, "", 404, "no API key"},
		{"cost format", "GET", "/api/cost-analytics?format=xml", admin, "", 400, "format"},
		{"feedback list type", "GET", "/api/feedback?feedback_type=x", admin, "", 400, "feedback_type"},
		{"cache toggle type", "POST", "/api/cache/toggle", key, `{"enabled":"no"}`, 400, "true or false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rp := call(t, tt.method, r.ts.URL+tt.path, tt.key, tt.body)
			if rp.status != tt.status || !strings.Contains(rp.str("message"), tt.msg) {
				t.Fatalf("%d %s, want %d with %q", rp.status, rp.raw, tt.status, tt.msg)
			}
		})
	}
	// Wrong method and unknown route keep the original's answers.
	if rp := call(t, "GET", r.ts.URL+"/check", key, ""); rp.status != 405 || rp.str("error") != "Method not allowed" {
		t.Errorf("GET /check: %d %s", rp.status, rp.raw)
	}
	if rp := call(t, "PATCH", r.ts.URL+"/custom-instructions", key, ""); rp.status != 405 {
		t.Errorf("PATCH: %d", rp.status)
	}
}

func TestInstructionsAndFeedbackAndKeys(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{})
	key, k := createKey(t, st, auth.NewKey{})
	admin, _ := createKey(t, st, auth.NewKey{Scope: auth.ScopeAdmin})
	u := r.ts.URL + "/custom-instructions"
	if rp := call(t, "POST", u, key, `{"use_case":"legal","instructions":"Use <b>formal</b> tone"}`); rp.status != 200 ||
		rp.str("status") != "success" || rp.str("use_case") != "legal" || rp.str("message") == "" {
		t.Fatalf("post: %d %s", rp.status, rp.raw)
	}
	rp := call(t, "GET", u+"?use_case=legal", key, "")
	if rp.status != 200 || rp.str("instructions") != "Use <b>formal</b> tone" || strings.Contains(rp.raw, "<b>") {
		t.Fatalf("get (HTML must be escaped in JSON): %d %s", rp.status, rp.raw)
	}
	rp = call(t, "GET", u, key, "")
	if m, _ := rp.body["custom_instructions"].(map[string]any); rp.status != 200 || len(m) != 1 {
		t.Fatalf("get all: %s", rp.raw)
	}
	if rp := call(t, "GET", u+"?use_case=none", key, ""); rp.status != 404 || rp.str("status") != "not_found" {
		t.Errorf("get missing: %d %s", rp.status, rp.raw)
	}
	if rp := call(t, "DELETE", u+"?use_case=legal", key, ""); rp.status != 200 {
		t.Errorf("delete: %d %s", rp.status, rp.raw)
	}
	if rp := call(t, "DELETE", u+"?use_case=legal", key, ""); rp.status != 404 || rp.str("status") != "not_found" {
		t.Errorf("delete again: %d %s", rp.status, rp.raw)
	}

	rp = call(t, "POST", r.ts.URL+"/feedback", key, `{"original":"teh","ai_suggestion":"the","feedback_type":"positive","confidence":0.9,"correction_type":"spelling"}`)
	if rp.status != 200 || rp.str("status") != "success" || !strings.HasPrefix(rp.str("feedback_id"), "fb_") {
		t.Fatalf("feedback: %d %s", rp.status, rp.raw)
	}
	if rp := call(t, "POST", r.ts.URL+"/demo/feedback", "", `{"original":"a","ai_suggestion":"b","feedback_type":"negative"}`); rp.status != 200 {
		t.Fatalf("demo feedback: %d %s", rp.status, rp.raw)
	}
	rp = call(t, "GET", r.ts.URL+"/api/feedback", admin, "")
	stats, _ := rp.body["stats"].(map[string]any)
	list, _ := rp.body["feedback"].([]any)
	if rp.status != 200 || len(list) != 2 || stats["total"].(float64) != 2 || stats["positive"].(float64) != 1 {
		t.Fatalf("feedback list: %d %s", rp.status, rp.raw)
	}

	rp = call(t, "POST", r.ts.URL+"/api/keys", admin, `{"name":"new","description":"d","rate_limit_per_hour":50}`)
	if rp.status != 200 || rp.body["success"] != true || !auth.WellFormed(rp.str("api_key")) || rp.body["rate_limit_per_hour"].(float64) != 50 {
		t.Fatalf("create key: %d %s", rp.status, rp.raw)
	}
	newKey, newID := rp.str("api_key"), rp.str("key_id")
	if rp := call(t, "POST", r.ts.URL+"/check", newKey, `{"text":"ok"}`); rp.status != 200 {
		t.Errorf("new key: %d", rp.status)
	}
	rp = call(t, "GET", r.ts.URL+"/api/keys", admin, "")
	keys, _ := rp.body["api_keys"].([]any)
	if rp.status != 200 || len(keys) != 3 || rp.body["total_count"].(float64) != 3 || strings.Contains(rp.raw, newKey) {
		t.Fatalf("list keys: %d %s", rp.status, rp.raw)
	}
	for _, f := range []string{"key_id", "name", "description", "created_at", "last_used_at", "is_active", "usage_count", "rate_limit_per_hour", "created_by"} {
		if _, ok := keys[0].(map[string]any)[f]; !ok {
			t.Errorf("key lacks %q", f)
		}
	}
	rp = call(t, "POST", r.ts.URL+"/api/keys/"+newID+"/rotate", admin, "")
	if rp.status != 200 || !auth.WellFormed(rp.str("api_key")) {
		t.Fatalf("rotate: %d %s", rp.status, rp.raw)
	}
	if rp := call(t, "POST", r.ts.URL+"/check", newKey, `{"text":"ok"}`); rp.status != 401 {
		t.Errorf("old secret after rotation: %d", rp.status)
	}

	// Cache control is per key and stored.
	rp = call(t, "POST", r.ts.URL+"/api/cache/toggle", key, `{"enabled":false}`)
	if rp.status != 200 || rp.body["cache_enabled"] != false || rp.str("api_key_id") != k.ID {
		t.Fatalf("toggle: %d %s", rp.status, rp.raw)
	}
	rp = call(t, "GET", r.ts.URL+"/api/cache/status", key, "")
	for _, f := range []string{"success", "cache_enabled", "cache_size", "cache_hits", "api_key_id", "global_cache_available", "global_cache_connected", "timestamp"} {
		if _, ok := rp.body[f]; !ok {
			t.Errorf("cache status lacks %q: %s", f, rp.raw)
		}
	}
	if rp.body["cache_enabled"] != false {
		t.Errorf("cache status: %s", rp.raw)
	}
}

func TestUsageAndCost(t *testing.T) {
	st := storetest.SQLite(t)
	cfg := config.Default()
	cfg.CostGPUHourPrice, cfg.CostTokensPerSecond, cfg.CostPromptWeight = 3.6, 100, 0.5
	r := newRig(t, st, rigOptions{cfg: &cfg})
	key, k := createKey(t, st, auth.NewKey{})
	admin, _ := createKey(t, st, auth.NewKey{Scope: auth.ScopeAdmin})
	made := 0
	for range 4 {
		call(t, "POST", r.ts.URL+"/check", key, `{"text":"teh cat"}`)
		made++
	}
	call(t, "POST", r.ts.URL+"/check", "", `{"text":"x"}`) // 401, recorded too
	call(t, "GET", r.ts.URL+"/nowhere", "", "")            // 404, recorded too
	call(t, "GET", r.ts.URL+"/health", "", "")             // not API usage
	made += 2
	if err := r.rec.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	n, _ := st.CountUsage(context.Background(), "", time.Now().Add(-time.Hour))
	if n != int64(made) {
		t.Fatalf("%d usage rows for %d requests", n, made)
	}
	rp := call(t, "GET", r.ts.URL+"/api/usage?key_id="+k.ID, admin, "")
	stats, _ := rp.body["usage_stats"].([]any)
	if rp.status != 200 || len(stats) != 1 || stats[0].(map[string]any)["count"].(float64) != 4 || rp.body["period_days"].(float64) != 7 {
		t.Fatalf("usage: %d %s", rp.status, rp.raw)
	}
	rp = call(t, "GET", r.ts.URL+"/api/cost-analytics?key_id="+k.ID, admin, "")
	sum, _ := rp.body["summary"].(map[string]any)
	// 4 requests × (100 prompt × 0.5 + 20 output) / 100 tok/s = 2.8 GPU-s; × 3.6 $/h / 3600 = $0.0028.
	if rp.status != 200 || sum["total_requests"].(float64) != 4 || sum["total_input_tokens"].(float64) != 400 {
		t.Fatalf("cost: %d %s", rp.status, rp.raw)
	}
	if c := sum["total_cost_usd"].(float64); c < 0.00279 || c > 0.00281 {
		t.Errorf("cost %v, want 0.0028", c)
	}
	for _, f := range []string{"period", "cost_data", "pricing"} {
		if rp.body[f] == nil {
			t.Errorf("cost lacks %q", f)
		}
	}
	rp = call(t, "GET", r.ts.URL+"/api/cost-analytics?format=csv", admin, "")
	if rp.status != 200 || !strings.HasPrefix(rp.header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(rp.raw, "API Key ID,Date,Endpoint,Requests") {
		t.Fatalf("csv: %d %q", rp.status, rp.raw)
	}
	if ks, _ := st.KeyByID(context.Background(), k.ID); ks.UsageCount != 4 || ks.LastUsedAt == nil {
		t.Errorf("key usage_count %d", ks.UsageCount)
	}
}

func TestQuality(t *testing.T) {
	st := storetest.SQLite(t)
	// A model that rates everything 10: the server still applies the caps.
	generous := quality.LLM{Model: "fake-1", Chat: func(_ context.Context, _, user string, _ json.RawMessage) (string, quality.Tokens, error) {
		if strings.Contains(user, "BREAK") {
			return "not json", quality.Tokens{Prompt: 50}, nil
		}
		f := `{"score":10,"notes":"n"}`
		return `{"technical_quality":` + f + `,"content_quality":` + f + `,"length_appropriateness":` + f + `,"rating_task_suitability":` + f +
			`,"assessment":"great","suggestions":[],"strengths":["all"]}`, quality.Tokens{Prompt: 50, Completion: 30}, nil
	}}
	r := newRig(t, st, rigOptions{scorer: generous})
	tests := []struct {
		comment  string
		max      int
		degraded bool
	}{
		{"Short but fine.", 4, false},
		{strings.Repeat("A detailed comment. ", 10), 8, false},    // 200 characters
		{strings.Repeat("A detailed comment. ", 20), 10, false},   // 400 characters
		{"BREAK " + strings.Repeat("words here. ", 30), 10, true}, // model answer unusable
	}
	for _, tt := range tests {
		rp := call(t, "POST", r.ts.URL+"/demo/assess/quality", "", `{"comment":"`+tt.comment+`","rating_context":"rate it"}`)
		if rp.status != 200 {
			t.Fatalf("%d %s", rp.status, rp.raw)
		}
		score := int(rp.body["quality_score"].(float64))
		if score > tt.max || (tt.max == 10 && !tt.degraded && score != 10) {
			t.Errorf("%d chars: score %d, cap %d", len(tt.comment), score, tt.max)
		}
		if rp.body["degraded"] != tt.degraded {
			t.Errorf("degraded %v, want %v: %s", rp.body["degraded"], tt.degraded, rp.raw)
		}
		for _, f := range []string{"status", "quality_score", "quality_level", "assessment", "factors", "suggestions", "strengths",
			"comment_analysis", "original_comment", "technical_corrections"} {
			if _, ok := rp.body[f]; !ok {
				t.Errorf("response lacks %q", f)
			}
		}
	}
	rp := call(t, "POST", r.ts.URL+"/demo/assess/quality", "", `{"comment":"teh end","enable_quality_assessment":false}`)
	if rp.status != 200 || rp.body["quality_score"] != nil || len(rp.body["technical_corrections"].([]any)) != 1 {
		t.Errorf("disabled assessment: %s", rp.raw)
	}
}

func TestLoginSessionCSRF(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{})
	if _, err := r.accts.CreateUser(context.Background(), "admin", "a long enough password", "admin"); err != nil {
		t.Fatal(err)
	}
	rp := call(t, "POST", r.ts.URL+"/login", "", `{"username":"admin","password":"wrong password!"}`)
	if rp.status != 401 {
		t.Fatalf("bad password: %d %s", rp.status, rp.raw)
	}
	// Form login: redirected only to a local path.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Post(r.ts.URL+"/login?next=//evil.example/x", "application/x-www-form-urlencoded",
		strings.NewReader("username=admin&password=a+long+enough+password"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/api-management" {
		t.Errorf("open redirect: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-appencorrect_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/" {
		t.Fatalf("session cookie %+v", cookie)
	}
	withCookie := func(method, path, body string, hdr ...string) reply {
		return call(t, method, r.ts.URL+path, "", body, append([]string{"Cookie", cookie.Name + "=" + cookie.Value}, hdr...)...)
	}
	sess := withCookie("GET", "/api/session", "")
	csrf := sess.str("csrf_token")
	if sess.status != 200 || csrf == "" || sess.str("username") != "admin" {
		t.Fatalf("session: %d %s", sess.status, sess.raw)
	}
	if rp := withCookie("GET", "/api/keys", ""); rp.status != 200 {
		t.Errorf("admin GET with session: %d %s", rp.status, rp.raw)
	}
	if rp := withCookie("POST", "/api/keys", `{"name":"x"}`); rp.status != 403 || !strings.Contains(rp.str("error"), "CSRF") {
		t.Errorf("POST without CSRF: %d %s", rp.status, rp.raw)
	}
	if rp := withCookie("POST", "/api/keys", `{"name":"x"}`, "X-CSRF-Token", csrf, "Origin", "https://evil.example"); rp.status != 403 {
		t.Errorf("cross-origin POST: %d %s", rp.status, rp.raw)
	}
	rp = withCookie("POST", "/api/keys", `{"name":"x"}`, "X-CSRF-Token", csrf)
	if rp.status != 200 || rp.str("created_by") != "" && false {
		t.Fatalf("POST with CSRF: %d %s", rp.status, rp.raw)
	}
	if k, _ := st.KeyByID(context.Background(), rp.str("key_id")); k.CreatedBy != "user:admin" {
		t.Errorf("created_by %q", k.CreatedBy)
	}
	if rp := withCookie("POST", "/logout", "", "X-CSRF-Token", csrf); rp.status != 200 {
		t.Errorf("logout: %d %s", rp.status, rp.raw)
	}
	if rp := withCookie("GET", "/api/keys", ""); rp.status != 401 {
		t.Errorf("after logout: %d", rp.status)
	}
	// Lockout after 3 failures (MaxFailures in newRig), with Retry-After.
	for range 2 {
		call(t, "POST", r.ts.URL+"/login", "", `{"username":"admin","password":"wrong password!"}`)
	}
	rp = call(t, "POST", r.ts.URL+"/login", "", `{"username":"admin","password":"wrong password!"}`)
	if rp.status != 429 || rp.header.Get("Retry-After") == "" {
		t.Errorf("lockout: %d %s", rp.status, rp.raw)
	}
	if rp := call(t, "POST", r.ts.URL+"/login", "", `{"username":"admin","password":"a long enough password"}`); rp.status != 429 {
		t.Errorf("right password while locked: %d", rp.status)
	}
}

// redisClient returns a client for the test Redis and a key prefix unique
// to the test.
func redisClient(t *testing.T) (*redis.Client, string) {
	t.Helper()
	opt, err := redis.ParseURL(testsvc.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	t.Cleanup(func() { c.Close() })
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("redis: %v", err)
	}
	return c, "test:" + testsvc.Suffix() + ":"
}

// replicas builds two servers sharing one PostgreSQL database and one
// Redis, each with its own connections, key cache and limiter client, as
// two processes would be.
func replicas(t *testing.T) (a, b *rig, st *store.Store) {
	t.Helper()
	return replicasAt(t, nil)
}

// replicasAt is replicas whose API key caches read the time from now
// (time.Now when nil).
func replicasAt(t *testing.T, now func() time.Time) (a, b *rig, st *store.Store) {
	t.Helper()
	url := testsvc.PostgresURL(t)
	open := func() *store.Store {
		s, err := store.Open(context.Background(), store.Options{URL: url})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	_, prefix := redisClient(t)
	mk := func() *rig {
		c, _ := redisClient(t)
		lim := &ratelimit.Fallback{Primary: ratelimit.NewRedis(c, prefix+"rl:"), Secondary: ratelimit.NewMemory(nil)}
		rc := cache.NewRedis(c, cache.RedisOptions{Prefix: prefix + "cache:"})
		return newRig(t, open(), rigOptions{limiter: lim, cache: rc, now: now})
	}
	st = open()
	return mk(), mk(), st
}

// A key limited to N per hour gets exactly N successes from 3N concurrent
// requests spread over two replicas sharing Redis.
func TestRateLimitAcrossReplicas(t *testing.T) {
	a, b, st := replicas(t)
	const n = 20
	key, _ := createKey(t, st, auth.NewKey{RateLimitPerHour: n})
	var ok, limited, other atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 3 * n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			url := a.ts.URL
			if i%2 == 1 {
				url = b.ts.URL
			}
			rp := call(t, "POST", url+"/check", key, `{"text":"teh cat"}`)
			switch rp.status {
			case 200:
				ok.Add(1)
			case 429:
				if rp.header.Get("Retry-After") == "" || rp.header.Get("X-RateLimit-Limit") != "20" ||
					rp.header.Get("X-RateLimit-Remaining") != "0" || rp.str("message") != "Rate limit of 20 requests per hour exceeded" {
					t.Errorf("429 without the headers or message: %v %s", rp.header, rp.raw)
				}
				limited.Add(1)
			default:
				other.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	if ok.Load() != n || limited.Load() != 2*n || other.Load() != 0 {
		t.Fatalf("%d ok, %d limited, %d other; want exactly %d ok", ok.Load(), limited.Load(), other.Load(), n)
	}
}

// testClock is a clock that moves only when the test moves it.
type testClock struct{ ns atomic.Int64 }

func newTestClock() *testClock {
	c := &testClock{}
	c.ns.Store(time.Now().UnixNano())
	return c
}

func (c *testClock) now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *testClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// A key deactivated through one replica is refused by that replica at once
// and by the other once its API key cache has expired: within
// auth.MaxCacheTTL (2 s) of the replicas' clock, which the test moves.
func TestDeactivationAcrossReplicas(t *testing.T) {
	clock := newTestClock()
	a, b, st := replicasAt(t, clock.now)
	key, k := createKey(t, st, auth.NewKey{})
	admin, _ := createKey(t, st, auth.NewKey{Scope: auth.ScopeAdmin})
	for _, r := range []*rig{a, b} { // both replicas have the key cached
		if rp := call(t, "POST", r.ts.URL+"/check", key, `{"text":"x"}`); rp.status != 200 {
			t.Fatalf("before: %d", rp.status)
		}
	}
	if rp := call(t, "POST", a.ts.URL+"/api/keys/"+k.ID+"/deactivate", admin, ""); rp.status != 200 {
		t.Fatalf("deactivate: %d %s", rp.status, rp.raw)
	}
	// The replica that made the change forgot its cached lookup.
	if rp := call(t, "POST", a.ts.URL+"/check", key, `{"text":"x"}`); rp.status != 401 {
		t.Fatalf("replica a accepts the key it deactivated: %d %s", rp.status, rp.raw)
	}
	// The other one may answer from its cache until the entry expires.
	clock.advance(auth.MaxCacheTTL)
	for name, r := range map[string]*rig{"a": a, "b": b} {
		if rp := call(t, "POST", r.ts.URL+"/check", key, `{"text":"x"}`); rp.status != 401 {
			t.Errorf("replica %s still accepts the key %s after its deactivation: %d %s", name, auth.MaxCacheTTL, rp.status, rp.raw)
		}
	}
}

// Tenant A's instructions and cached results never reach tenant B, on the
// same replica or another one sharing the Redis cache.
func TestTenantIsolation(t *testing.T) {
	a, b, st := replicas(t)
	keyA, _ := createKey(t, st, auth.NewKey{})
	keyB, _ := createKey(t, st, auth.NewKey{})
	if rp := call(t, "POST", a.ts.URL+"/custom-instructions", keyA, `{"use_case":"house","instructions":"flag:cat"}`); rp.status != 200 {
		t.Fatal(rp.raw)
	}
	body := `{"text":"the cat sat","use_case":"house"}`
	ra := call(t, "POST", a.ts.URL+"/check", keyA, body)
	if ra.status != 200 || ra.str("processed_text") != "the CAT sat" {
		t.Fatalf("A: %d %s", ra.status, ra.raw)
	}
	// The same request again is served from the shared cache: no model call.
	calls := a.eng.calls.Load() + b.eng.calls.Load()
	if rp := call(t, "POST", b.ts.URL+"/check", keyA, body); rp.str("processed_text") != "the CAT sat" {
		t.Fatalf("A on replica b: %s", rp.raw)
	}
	if a.eng.calls.Load()+b.eng.calls.Load() != calls {
		t.Errorf("A's repeat on the other replica was not a cache hit")
	}
	for _, r := range []*rig{a, b} {
		rb := call(t, "POST", r.ts.URL+"/check", keyB, body)
		if rb.status != 200 || rb.str("processed_text") != "the cat sat" {
			t.Errorf("B got A's result: %d %s", rb.status, rb.raw)
		}
		if rp := call(t, "GET", r.ts.URL+"/custom-instructions?use_case=house", keyB, ""); rp.status != 404 || strings.Contains(rp.raw, "flag:cat") {
			t.Errorf("B reads A's instructions: %d %s", rp.status, rp.raw)
		}
		if rp := call(t, "GET", r.ts.URL+"/custom-instructions", keyB, ""); strings.Contains(rp.raw, "flag:cat") {
			t.Errorf("B lists A's instructions: %s", rp.raw)
		}
		if rp := call(t, "DELETE", r.ts.URL+"/custom-instructions?use_case=house", keyB, ""); rp.status != 404 {
			t.Errorf("B deleted A's instructions: %d", rp.status)
		}
	}
}

// With Redis down, requests go on: limits per replica, no shared cache.
func TestRedisDown(t *testing.T) {
	st := storetest.SQLite(t)
	dead := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", DialTimeout: 100 * time.Millisecond, MaxRetries: -1})
	t.Cleanup(func() { dead.Close() })
	fb := &ratelimit.Fallback{Primary: ratelimit.NewRedis(dead, ""), Secondary: ratelimit.NewMemory(nil)}
	rc := cache.NewRedis(dead, cache.RedisOptions{})
	r := newRig(t, st, rigOptions{limiter: fb, cache: rc})
	key, _ := createKey(t, st, auth.NewKey{RateLimitPerHour: 3})
	codes := []int{}
	for range 4 {
		codes = append(codes, call(t, "POST", r.ts.URL+"/check", key, `{"text":"teh"}`).status)
	}
	if codes[0] != 200 || codes[2] != 200 || codes[3] != 429 {
		t.Errorf("statuses %v, want 200 200 200 429 from the memory fallback", codes)
	}
	if fb.Failures() == 0 || rc.Stats().Errors == 0 {
		t.Errorf("failures not counted: limiter %d, cache %+v", fb.Failures(), rc.Stats())
	}
}

// TestLoginAnswersAlikeForKnownAndUnknownNames: a wrong password gets the
// same status, headers and body whether the user exists or not, through
// the lockout (timestamps aside), so the login tells nobody which accounts
// exist.
func TestLoginAnswersAlikeForKnownAndUnknownNames(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{})
	if _, err := r.accts.CreateUser(context.Background(), "admin", "a long enough password", "admin"); err != nil {
		t.Fatal(err)
	}
	stamp := regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)
	answers := func(user string) []string {
		var out []string
		for range 5 {
			rp := call(t, "POST", r.ts.URL+"/login", "", `{"username":"`+user+`","password":"wrong password!"}`)
			var names []string
			for h := range rp.header {
				if h != "Date" && h != "Content-Length" && h != "X-Request-Id" {
					names = append(names, h)
				}
			}
			slices.Sort(names)
			out = append(out, fmt.Sprintf("%d %v %s", rp.status, names, stamp.ReplaceAllString(rp.raw, "<time>")))
		}
		return out
	}
	known, unknown := answers("admin"), answers("ghost")
	for i := range known {
		if known[i] != unknown[i] {
			t.Errorf("attempt %d: an existing user gets\n%s\nan unknown one\n%s", i+1, known[i], unknown[i])
		}
	}
	if !strings.HasPrefix(known[0], "401 ") || !strings.HasPrefix(known[len(known)-1], "429 ") {
		t.Errorf("want 401 first and a lockout (429) last: %v", known)
	}
}
