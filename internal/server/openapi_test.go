package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"appencorrect/internal/auth"
	"appencorrect/internal/builtin"
	"appencorrect/internal/builtin/spell"
	"appencorrect/internal/config"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/openapi"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/store"
	"appencorrect/internal/usage"
	"appencorrect/web"
)

// specModel stands for the LLM engine: it answers with the built-in
// engine's corrections and reports model tokens, and fails on texts that
// hold MODELDOWN, so that the fallback answers (degraded).
type specModel struct{ eng pipeline.Engine }

func (m specModel) Name() string  { return "fakellm" }
func (m specModel) Model() string { return "fake-model-1" }

func (m specModel) Check(ctx context.Context, text string, tag language.Tag) ([]correction.Correction, error) {
	out, err := m.CheckModel(ctx, pipeline.ModelInput{Text: text, Language: tag})
	return out.Corrections, err
}

func (m specModel) CheckModel(ctx context.Context, in pipeline.ModelInput) (pipeline.ModelOutput, error) {
	if strings.Contains(in.Text, "MODELDOWN") {
		return pipeline.ModelOutput{}, errors.New("model endpoint unreachable")
	}
	cs, err := m.eng.Check(ctx, in.Text, in.Language)
	return pipeline.ModelOutput{Corrections: cs, Usage: pipeline.Usage{PromptTokens: 120, CompletionTokens: len(in.Text) / 4, Calls: 1}}, err
}

// specRig is a server with every part the API documents: store, keys,
// accounts, usage records, a model engine with the built-in fallback.
type specRig struct {
	t      *testing.T
	srv    *Server
	ts     *httptest.Server
	st     *store.Store
	rec    *usage.Recorder
	doc    *openapi.Document
	client *http.Client
	// covered marks operations answered with a validated 2xx or 3xx.
	covered map[string]bool
	checked int
}

func newSpecRig(t *testing.T) *specRig {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "spec.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	dict, err := spell.Load()
	if err != nil {
		t.Fatal(err)
	}
	bi := builtin.New(dict)
	cfg := config.Default()
	cfg.DemoRateLimit = 0
	cfg.SessionCookieSecure = false // httptest serves plain HTTP on 127.0.0.1
	a := auth.NewAuthenticator(st, auth.MaxCacheTTL)
	hasher := auth.NewHasher(auth.Argon2Params{Memory: 256, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}, 2)
	accts := auth.NewAccounts(st, []byte(strings.Repeat("k", 32)), auth.AccountOptions{Hasher: hasher})
	rec := usage.New(st, usage.Options{Interval: time.Hour})
	pipe := pipeline.New(specModel{eng: bi}, builtin.DetectLanguage, pipeline.WithFallback(bi))
	srv := New(cfg, Deps{Pipeline: pipe, Version: "spec-test", Store: st, Auth: a, Accounts: accts, Usage: rec,
		LanguageTool: LanguageToolDeps{Auth: LTKeys{Auth: a}}})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		_ = rec.Close(context.Background())
	})
	doc, err := openapi.Parse(web.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accts.CreateUser(ctx, "spec-admin", "correct horse battery staple", auth.ScopeAdmin); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &specRig{t: t, srv: srv, ts: ts, st: st, rec: rec, doc: doc, client: client, covered: map[string]bool{}}
}

// specReq is one request of the conformance run.
type specReq struct {
	method, path string
	header       map[string]string
	body         string
	ctype        string // default application/json when body is set
	want         int
}

// do sends r, checks its status and validates the response against the
// document; it returns the body.
func (g *specRig) do(r specReq) []byte {
	g.t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr, err := http.NewRequest(r.method, g.ts.URL+r.path, body)
	if err != nil {
		g.t.Fatal(err)
	}
	if r.body != "" {
		ct := r.ctype
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	resp, err := g.client.Do(hr)
	if err != nil {
		g.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		g.t.Fatal(err)
	}
	if r.want != 0 && resp.StatusCode != r.want {
		g.t.Errorf("%s %s: status %d, want %d: %s", r.method, r.path, resp.StatusCode, r.want, b)
	}
	path, _, _ := strings.Cut(r.path, "?")
	if err := g.doc.ValidateResponse(r.method, path, resp.StatusCode, resp.Header.Get("Content-Type"), b); err != nil {
		g.t.Error(err)
		return b
	}
	if missing := g.doc.MissingHeaders(r.method, path, resp.StatusCode, resp.Header); len(missing) > 0 {
		g.t.Errorf("%s %s → %d lacks the documented headers %v", r.method, r.path, resp.StatusCode, missing)
		return b
	}
	g.checked++
	if resp.StatusCode < 400 {
		if op, _, ok := g.doc.Find(r.method, path); ok {
			g.covered[op.ID] = true
		}
	}
	return b
}

func keyHeader(k string) map[string]string { return map[string]string{"X-API-Key": k} }

var specSecretRE = regexp.MustCompile(`appencorrect_[0-9a-f]{32}`)

// TestOpenAPIMatchesResponses sends a request to every documented
// operation (successes and the usual errors) and validates each response
// against web/openapi.json, so the document stays true to the handlers;
// then checks that every route the server registers is documented.
func TestOpenAPIMatchesResponses(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the dictionaries")
	}
	g := newSpecRig(t)
	ctx := context.Background()
	admin, _, err := auth.CreateKey(ctx, g.st, auth.NewKey{Name: "spec admin", Scope: auth.ScopeAdmin, RateLimitPerHour: 10000})
	if err != nil {
		t.Fatal(err)
	}
	user, userKey, err := auth.CreateKey(ctx, g.st, auth.NewKey{Name: "spec user", RateLimitPerHour: 10000})
	if err != nil {
		t.Fatal(err)
	}
	tiny, _, err := auth.CreateKey(ctx, g.st, auth.NewKey{Name: "spec tiny", RateLimitPerHour: 1})
	if err != nil {
		t.Fatal(err)
	}
	checkBody := `{"text":"😀 This sentance has erors. He go to school.","language":"en-US","options":{"ai_first_mode":true}}`

	// Service.
	g.do(specReq{method: "GET", path: "/health", want: 200})
	g.do(specReq{method: "GET", path: "/metrics", want: 200})

	// Check.
	g.do(specReq{method: "POST", path: "/demo/check", body: checkBody, want: 200})
	g.do(specReq{method: "POST", path: "/demo/check", body: `{"text":"MODELDOWN teh cat"}`, want: 200})
	g.do(specReq{method: "POST", path: "/demo/check", body: `{"text":`, want: 400})
	g.do(specReq{method: "POST", path: "/demo/check", body: `text=a`, ctype: "application/x-www-form-urlencoded", want: 415})
	g.do(specReq{method: "POST", path: "/demo/check", body: `{"text":"` + strings.Repeat("a", 10001) + `"}`, want: 413})
	g.do(specReq{method: "POST", path: "/check", body: checkBody, header: keyHeader(user), want: 200})
	g.do(specReq{method: "POST", path: "/check/stream", body: checkBody, header: keyHeader(user), want: 200})
	g.do(specReq{method: "POST", path: "/check/stream", body: checkBody, want: 401})
	g.do(specReq{method: "POST", path: "/check/stream", body: `{"text":`, header: keyHeader(user), want: 400})
	g.do(specReq{method: "POST", path: "/demo/check/stream", body: checkBody, want: 200})
	g.do(specReq{method: "POST", path: "/demo/check/stream", body: `{"text":"` + strings.Repeat("a", 10001) + `"}`, want: 413})
	g.do(specReq{method: "POST", path: "/check", body: checkBody, want: 401})
	g.do(specReq{method: "POST", path: "/check", body: checkBody, header: keyHeader("appencorrect_" + strings.Repeat("0", 32)), want: 401})
	g.do(specReq{method: "POST", path: "/check", body: `{"text":"a","colour":1}`, header: keyHeader(user), want: 400})
	g.do(specReq{method: "POST", path: "/check", body: checkBody, header: map[string]string{"Authorization": "Bearer " + user}, want: 200})
	g.do(specReq{method: "POST", path: "/check", body: checkBody, header: keyHeader(tiny), want: 200})
	g.do(specReq{method: "POST", path: "/check", body: checkBody, header: keyHeader(tiny), want: 429})
	g.do(specReq{method: "POST", path: "/check/spelling", body: checkBody, header: keyHeader(user), want: 200})
	g.do(specReq{method: "POST", path: "/check/grammar", body: checkBody, header: keyHeader(user), want: 200})

	// Quality.
	comment := `{"comment":"The response was helpfull but it dont answer the question about pricing, which the user asked twice.","rating_context":"chatbot answer"}`
	g.do(specReq{method: "POST", path: "/assess/quality", body: comment, header: keyHeader(user), want: 200})
	g.do(specReq{method: "POST", path: "/demo/assess/quality", body: comment, want: 200})
	g.do(specReq{method: "POST", path: "/demo/assess/quality", body: `{"comment":"Fine.","enable_quality_assessment":false}`, want: 200})
	g.do(specReq{method: "POST", path: "/demo/assess/quality", body: `{}`, want: 400})

	// Feedback.
	fb := `{"original":"sentance","ai_suggestion":"sentence","feedback_type":"positive","correction_type":"spelling","confidence":0.9,"full_text":"This sentance."}`
	g.do(specReq{method: "POST", path: "/feedback", body: fb, header: keyHeader(user), want: 200})
	g.do(specReq{method: "POST", path: "/demo/feedback", body: fb, want: 200})
	g.do(specReq{method: "POST", path: "/demo/feedback", body: `{"original":"a","ai_suggestion":"b","feedback_type":"meh"}`, want: 400})

	// Custom instructions.
	inst := `{"use_case":"support","instructions":"Keep product names unchanged."}`
	g.do(specReq{method: "POST", path: "/custom-instructions", body: inst, header: keyHeader(user), want: 200})
	g.do(specReq{method: "PUT", path: "/custom-instructions", body: inst, header: keyHeader(user), want: 200})
	g.do(specReq{method: "GET", path: "/custom-instructions?use_case=support", header: keyHeader(user), want: 200})
	g.do(specReq{method: "GET", path: "/custom-instructions", header: keyHeader(user), want: 200})
	g.do(specReq{method: "GET", path: "/custom-instructions?use_case=nope", header: keyHeader(user), want: 404})
	g.do(specReq{method: "DELETE", path: "/custom-instructions?use_case=support", header: keyHeader(user), want: 200})
	g.do(specReq{method: "DELETE", path: "/custom-instructions?use_case=support", header: keyHeader(user), want: 404})
	g.do(specReq{method: "DELETE", path: "/custom-instructions", header: keyHeader(user), want: 400})

	// Dictionaries.
	words := `{"words":["Kubernetes","kubectl"],"dict":"platform"}`
	g.do(specReq{method: "POST", path: "/dictionary", body: words, header: keyHeader(user), want: 201})
	g.do(specReq{method: "POST", path: "/dictionary", body: words, header: keyHeader(user), want: 200})
	g.do(specReq{method: "POST", path: "/dictionary", body: `{"words":["two words"]}`, header: keyHeader(user), want: 400})
	g.do(specReq{method: "GET", path: "/dictionary", header: keyHeader(user), want: 200})
	g.do(specReq{method: "GET", path: "/dictionary?dict=platform&offset=1&limit=1", header: keyHeader(user), want: 200})
	g.do(specReq{method: "GET", path: "/dictionary", want: 401})
	g.do(specReq{method: "POST", path: "/check", body: `{"text":"Kubernetes and kubctl","dicts":["platform"],"dictionary":["Qwen"]}`, header: keyHeader(user), want: 200})
	g.do(specReq{method: "DELETE", path: "/dictionary", body: `{"words":["kubectl"],"dict":"platform"}`, header: keyHeader(user), want: 200})
	g.do(specReq{method: "POST", path: "/api/keys/" + userKey.ID + "/dictionary", body: `{"words":["Grafana"]}`, header: keyHeader(admin), want: 201})
	g.do(specReq{method: "POST", path: "/api/keys/" + userKey.ID + "/dictionary", body: `{"words":["Grafana"]}`, header: keyHeader(admin), want: 200})
	g.do(specReq{method: "GET", path: "/api/keys/" + userKey.ID + "/dictionary", header: keyHeader(admin), want: 200})
	g.do(specReq{method: "GET", path: "/api/keys/ak_nope/dictionary", header: keyHeader(admin), want: 404})
	g.do(specReq{method: "GET", path: "/api/keys/" + userKey.ID + "/dictionary?format=txt", header: keyHeader(admin), want: 200})
	g.do(specReq{method: "DELETE", path: "/api/keys/" + userKey.ID + "/dictionary", body: `{"words":["Grafana"]}`, header: keyHeader(admin), want: 200})

	// Cache.
	g.do(specReq{method: "GET", path: "/api/cache/status", header: keyHeader(user), want: 200})
	g.do(specReq{method: "POST", path: "/api/cache/toggle", body: `{"enabled":false}`, header: keyHeader(user), want: 200})
	g.do(specReq{method: "POST", path: "/api/cache/toggle", header: keyHeader(user), want: 200})

	// Admin: keys.
	created := g.do(specReq{method: "POST", path: "/api/keys", body: `{"name":"made by spec","rate_limit_per_hour":5}`, header: keyHeader(admin), want: 200})
	if !specSecretRE.Match(created) {
		t.Fatalf("no key in %s", created)
	}
	g.do(specReq{method: "POST", path: "/api/keys", body: `{"name":"x"}`, header: keyHeader(user), want: 403})
	g.do(specReq{method: "POST", path: "/api/keys", body: `{"description":"no name"}`, header: keyHeader(admin), want: 400})
	g.do(specReq{method: "GET", path: "/api/keys", header: keyHeader(admin), want: 200})
	g.do(specReq{method: "POST", path: "/api/keys/" + userKey.ID + "/deactivate", header: keyHeader(admin), want: 200})
	g.do(specReq{method: "POST", path: "/api/keys/" + userKey.ID + "/activate", header: keyHeader(admin), want: 200})
	g.do(specReq{method: "POST", path: "/api/keys/ak_nope/rotate", header: keyHeader(admin), want: 404})

	// Admin: usage (after the usage records are written).
	if err := g.rec.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	g.do(specReq{method: "GET", path: "/api/usage?days=7", header: keyHeader(admin), want: 200})
	g.do(specReq{method: "GET", path: "/api/usage?key_id=" + userKey.ID, header: keyHeader(admin), want: 200})
	g.do(specReq{method: "GET", path: "/api/usage?days=0", header: keyHeader(admin), want: 400})
	g.do(specReq{method: "GET", path: "/api/usage?key_id=ak_nope", header: keyHeader(admin), want: 404})
	g.do(specReq{method: "GET", path: "/api/feedback?days=30&limit=10", header: keyHeader(admin), want: 200})
	g.do(specReq{method: "GET", path: "/api/feedback?feedback_type=meh", header: keyHeader(admin), want: 400})
	g.do(specReq{method: "GET", path: "/api/cost-analytics", header: keyHeader(admin), want: 200})
	g.do(specReq{method: "GET", path: "/api/cost-analytics?key_id=" + userKey.ID, header: keyHeader(admin), want: 200})
	g.do(specReq{method: "GET", path: "/api/cost-analytics?format=csv", header: keyHeader(admin), want: 200})
	g.do(specReq{method: "GET", path: "/api/cost-analytics?format=xml", header: keyHeader(admin), want: 400})
	g.do(specReq{method: "GET", path: "/api/keys", want: 401})

	// Admin: session.
	g.do(specReq{method: "GET", path: "/api/session", want: 401})
	g.do(specReq{method: "POST", path: "/login", body: `{"username":"spec-admin","password":"wrong wrong wrong"}`, want: 401})
	g.do(specReq{method: "POST", path: "/login", body: `{"username":"spec-admin"}`, want: 400})
	login := g.do(specReq{method: "POST", path: "/login", body: `{"username":"spec-admin","password":"correct horse battery staple"}`, want: 200})
	csrf := regexp.MustCompile(`"csrf_token":"([^"]+)"`).FindSubmatch(login)
	if csrf == nil {
		t.Fatalf("no CSRF token in %s", login)
	}
	g.do(specReq{method: "GET", path: "/api/session", want: 200})
	g.do(specReq{method: "POST", path: "/api/keys/" + userKey.ID + "/rotate", want: 403}) // session without CSRF
	rotated := g.do(specReq{method: "POST", path: "/api/keys/" + userKey.ID + "/rotate", header: map[string]string{"X-CSRF-Token": string(csrf[1])}, want: 200})
	if !specSecretRE.Match(rotated) {
		t.Errorf("no new secret in %s", rotated)
	}
	g.do(specReq{method: "POST", path: "/logout", header: map[string]string{"X-CSRF-Token": string(csrf[1])}, want: 200})
	g.do(specReq{method: "POST", path: "/logout", want: 401})
	g.do(specReq{method: "POST", path: "/login", body: "username=spec-admin&password=correct+horse+battery+staple&next=/api-management",
		ctype: "application/x-www-form-urlencoded", want: 303})

	// LanguageTool API.
	lt := "text=" + url.QueryEscape("😀 This sentance has erors.") + "&language=en-US"
	g.do(specReq{method: "POST", path: "/v2/check", body: lt, ctype: "application/x-www-form-urlencoded", want: 200})
	g.do(specReq{method: "POST", path: "/v2/check", body: lt + "&apiKey=" + admin, ctype: "application/x-www-form-urlencoded", want: 200})
	ltKey := "username=me&apiKey=" + admin
	g.do(specReq{method: "POST", path: "/v2/words/add", body: ltKey + "&word=Qwen", ctype: "application/x-www-form-urlencoded", want: 200})
	g.do(specReq{method: "GET", path: "/v2/words?" + ltKey + "&offset=0&limit=10", want: 200})
	g.do(specReq{method: "POST", path: "/v2/words/delete", body: ltKey + "&word=Qwen", ctype: "application/x-www-form-urlencoded", want: 200})
	g.do(specReq{method: "POST", path: "/v2/words/add", body: "word=Qwen", ctype: "application/x-www-form-urlencoded", want: 401})
	g.do(specReq{method: "POST", path: "/v2/check", body: lt + "&apiKey=appencorrect_" + strings.Repeat("1", 32), ctype: "application/x-www-form-urlencoded", want: 401})
	g.do(specReq{method: "GET", path: "/v2/check?" + lt, want: 200})
	g.do(specReq{method: "POST", path: "/v2/check", body: "language=en-US", ctype: "application/x-www-form-urlencoded", want: 400})
	g.do(specReq{method: "GET", path: "/v2/languages", want: 200})
	for _, m := range []string{"GET", "POST"} {
		g.do(specReq{method: m, path: "/v2/info", want: 200})
		g.do(specReq{method: m, path: "/v2/configinfo?language=en-US", want: 200})
		g.do(specReq{method: m, path: "/v2/maxtextlength", want: 200})
	}
	g.do(specReq{method: "GET", path: "/v2/configinfo", want: 400})

	// Pages.
	page := g.do(specReq{method: "GET", path: "/", want: 200})
	g.do(specReq{method: "GET", path: "/api-docs", want: 200})
	g.do(specReq{method: "GET", path: "/api-management", want: 200})
	g.do(specReq{method: "GET", path: "/openapi.json", want: 200})
	asset := regexp.MustCompile(`/assets/[0-9a-f]+/app\.css`).Find(page)
	if asset == nil {
		t.Fatalf("no stylesheet link in the demo page")
	}
	g.do(specReq{method: "GET", path: string(asset), want: 200})
	g.do(specReq{method: "GET", path: "/assets/0/nope.js", want: 404})

	// Outages: the database's loss is a documented 503 with Retry-After
	// on the original API and on /v2.
	if _, err := g.st.DB().Exec("DROP TABLE dictionary_versions"); err != nil {
		t.Fatal(err)
	}
	g.do(specReq{method: "POST", path: "/check", body: checkBody, header: keyHeader(admin), want: 503})
	g.do(specReq{method: "POST", path: "/v2/check", body: lt + "&apiKey=" + admin, ctype: "application/x-www-form-urlencoded", want: 503})

	t.Logf("%d responses validated", g.checked)
	var missing []string
	for _, op := range g.doc.Operations() {
		if !g.covered[op.ID] {
			missing = append(missing, op.Method+" "+op.Path+" ("+op.ID+")")
		}
	}
	if len(missing) > 0 {
		t.Errorf("documented operations never answered with a validated success in this test:\n  %s", strings.Join(missing, "\n  "))
	}
	g.checkRoutesDocumented()
}

// checkRoutesDocumented probes every path the server registered with each
// method: whatever does not answer 405 is served, so it must be
// documented.
func (g *specRig) checkRoutesDocumented() {
	g.t.Helper()
	fill := regexp.MustCompile(`\{[^}]+\}`)
	paths := make([]string, 0, len(g.srv.anyMethod))
	for p := range g.srv.anyMethod {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		concrete := fill.ReplaceAllString(strings.ReplaceAll(p, "{$}", ""), "x")
		if concrete == "" {
			concrete = "/"
		}
		for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH"} {
			hr, _ := http.NewRequest(m, g.ts.URL+concrete, nil)
			resp, err := http.DefaultClient.Do(hr)
			if err != nil {
				g.t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusMethodNotAllowed && resp.Header.Get("Allow") != "" {
				continue
			}
			if _, _, ok := g.doc.Find(m, concrete); !ok {
				g.t.Errorf("%s %s is served (status %d) but not in web/openapi.json", m, p, resp.StatusCode)
			}
		}
	}
}
