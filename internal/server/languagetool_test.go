package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"appencorrect/internal/config"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/languagetool"
	"appencorrect/internal/pipeline"
)

// ltEngine is a fake engine for the LanguageTool API tests. It finds:
// "teh" (spelling, no rule id, like the LLM engine's corrections), "a"
// before a vowel (grammar, rule EN_A_VS_AN), a missing comma after
// "However" (an insertion), and "very unique" (style). "FAIL" makes it fail
// and "SLOW" makes it wait for its deadline. It records the language it was
// asked for.
type ltEngine struct {
	mu    sync.Mutex
	tag   language.Tag
	calls int
}

func (e *ltEngine) Name() string { return "fake" }

func (e *ltEngine) lastTag() (language.Tag, int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.tag, e.calls
}

func (e *ltEngine) Check(ctx context.Context, text string, tag language.Tag) ([]correction.Correction, error) {
	e.mu.Lock()
	e.tag, e.calls = tag, e.calls+1
	e.mu.Unlock()
	if strings.Contains(text, "FAIL") {
		return nil, errors.New("backend down")
	}
	if strings.Contains(text, "SLOW") {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	var cs []correction.Correction
	toks := correction.Tokenize(text, nil)
	word := func(i int) string {
		if i < len(toks) && toks[i].Kind == correction.Word {
			return toks[i].Text(text)
		}
		return ""
	}
	for i, t := range toks {
		w := t.Text(text)
		switch {
		case w == "teh" || w == "Teh":
			cs = append(cs, correction.Correction{Start: t.Start, End: t.End, Original: w,
				Suggestions: []string{strings.Replace(w, "eh", "he", 1)}, Type: correction.Spelling, Engine: "fake"})
		case w == "a" && word(i+2) != "" && strings.ContainsRune("aeiou", rune(word(i + 2)[0])):
			cs = append(cs, correction.Correction{Start: t.Start, End: t.End, Original: w, Suggestions: []string{"an"},
				Type: correction.Grammar, RuleID: "EN_A_VS_AN", Category: "GRAMMAR", Engine: "fake",
				Message: "Use “an” instead of “a” if the following word starts with a vowel sound."})
		case w == "However" && i+1 < len(toks) && toks[i+1].Kind == correction.Space:
			cs = append(cs, correction.Correction{Start: t.End, End: t.End, Suggestions: []string{","},
				Type: correction.Punctuation, Engine: "fake"})
		case w == "very" && word(i+2) == "unique":
			end := toks[i+2].End
			cs = append(cs, correction.Correction{Start: t.Start, End: end, Original: text[t.Start:end],
				Suggestions: []string{"unique"}, Type: correction.Style, Engine: "fake"})
		}
	}
	return cs, nil
}

// fakeAuth accepts the key "good" (tenant t1, limited to limit per hour) and
// fails on "broken".
type fakeAuth struct{ limit int }

func (a fakeAuth) AuthenticateLT(_ context.Context, _ string, key string) (LTPrincipal, error) {
	switch key {
	case "good":
		return LTPrincipal{KeyID: "k1", Tenant: "t1", RateLimitPerHour: a.limit}, nil
	case "broken":
		return LTPrincipal{}, errors.New("database down")
	}
	return LTPrincipal{}, ErrLTInvalidKey
}

func newLTServer(t *testing.T, cfg config.Config, lt LanguageToolDeps) (*httptest.Server, *ltEngine) {
	t.Helper()
	eng := &ltEngine{}
	s := New(cfg, Deps{Pipeline: pipeline.New(eng, nil), Version: "test", LanguageTool: lt})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, eng
}

// ltDo sends a request and returns the response and its body.
func ltDo(t *testing.T, method, target, contentType, body string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func decodeCheck(t *testing.T, resp *http.Response, body []byte) languagetool.CheckResponse {
	t.Helper()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q", ct)
	}
	var cr languagetool.CheckResponse
	if err := json.Unmarshal(body, &cr); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return cr
}

func testConfig() config.Config {
	cfg := config.Default()
	cfg.DemoRateLimit = 0
	return cfg
}

func TestLTCheckRequestForms(t *testing.T) {
	ts, _ := newLTServer(t, testConfig(), LanguageToolDeps{})
	form := url.Values{"text": {"😀 teh cat"}, "language": {"en-US"}}.Encode()
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	_ = mw.WriteField("text", "😀 teh cat")
	_ = mw.WriteField("language", "en-US")
	_ = mw.Close()
	tests := []struct {
		name, method, path, contentType, body string
	}{
		{"form POST", "POST", "/v2/check", "application/x-www-form-urlencoded", form},
		{"form labelled JSON (LTeX)", "POST", "/v2/check", "application/json", form},
		{"form without content type", "POST", "/v2/check", "", form},
		{"form as text/plain", "POST", "/v2/check", "text/plain;charset=UTF-8", form},
		{"POST with query only", "POST", "/v2/check?" + form, "", ""},
		{"GET", "GET", "/v2/check?" + form, "", ""},
		{"JSON object", "POST", "/v2/check", "application/json", `{"text":"😀 teh cat","language":"en-US"}`},
		{"multipart", "POST", "/v2/check", mw.FormDataContentType(), mp.String()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ltDo(t, tt.method, ts.URL+tt.path, tt.contentType, tt.body)
			cr := decodeCheck(t, resp, body)
			if len(cr.Matches) != 1 {
				t.Fatalf("matches %s", body)
			}
			m := cr.Matches[0]
			if m.Offset != 3 || m.Length != 3 || m.Rule.ID != "MORFOLOGIK_RULE_EN_US" || m.Rule.IssueType != "misspelling" ||
				m.Replacements[0].Value != "the" {
				t.Errorf("match %+v", m)
			}
			if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Error("no CORS header")
			}
		})
	}
}

func TestLTCheckErrors(t *testing.T) {
	cfg := testConfig()
	cfg.MaxTextLength = 20
	cfg.RequestTimeout = 100 * time.Millisecond
	ts, eng := newLTServer(t, cfg, LanguageToolDeps{})
	tests := []struct {
		name, body string
		status     int
		want       string
	}{
		{"missing text", "language=en-US", 400, "Error: Missing 'text' or 'data' parameter"},
		{"text and data", "text=a&data=%7B%7D", 400, "not both"},
		{"bad data", "data=%7Bnope", 400, "Could not parse JSON from 'data'"},
		{"unsupported language", "text=Hallo&language=de-DE", 400, "'language' parameter"},
		{"too long", "text=" + strings.Repeat("x", 21), 413, "exceeds the limit of 20 characters"},
		{"enabledOnly without rules", "text=a&enabledOnly=true", 400, "must specify enabled rules"},
		{"engine failure", "text=FAIL&language=en-US", 503, "nothing was corrected"},
		{"timeout", "text=SLOW&language=en-US", 504, "did not finish within"},
		{"invalid UTF-8", "language=en-US&text=ab%FF+cd", 400, "not valid UTF-8: an invalid byte at byte 2"},
		{"NUL", "language=en-US&text=ab%00+cd", 400, "NUL character at character 2"},
		{"data with a lone surrogate", "language=en-US&data=" + url.QueryEscape(`{"text":"ab\ud800 cd"}`), 400, "unpaired UTF-16 surrogate escape at byte 11"},
		{"JSON body with a lone surrogate", `{"language":"en-US","text":"ab\ud800 cd"}`, 400, "unpaired UTF-16 surrogate escape at byte 30"},
		{"JSON body with invalid UTF-8", "{\"language\":\"en-US\",\"text\":\"ab\xff cd\"}", 400, "invalid UTF-8 at byte 30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctype := "application/x-www-form-urlencoded"
			if strings.HasPrefix(tt.body, "{") {
				ctype = "application/json"
			}
			resp, body := ltDo(t, "POST", ts.URL+"/v2/check", ctype, tt.body)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Fatalf("status %d body %q, want %d with %q", resp.StatusCode, body, tt.status, tt.want)
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") || !strings.HasPrefix(string(body), "Error: ") {
				t.Errorf("not a LanguageTool error: %q %q", resp.Header.Get("Content-Type"), body)
			}
		})
	}
	_, calls := eng.lastTag()
	if calls != 2 {
		t.Errorf("engine called %d times, want 2 (only the failure and the timeout reach it)", calls)
	}

	resp, _ := ltDo(t, "PUT", ts.URL+"/v2/check", "", "")
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("PUT: status %d", resp.StatusCode)
	}
}

func TestLTRuleSelection(t *testing.T) {
	ts, _ := newLTServer(t, testConfig(), LanguageToolDeps{})
	text := "However teh cat ate a apple. It was very unique."
	tests := []struct {
		extra string
		want  []string
	}{
		{"", []string{"APPENCORRECT_PUNCTUATION", "MORFOLOGIK_RULE_EN_US", "EN_A_VS_AN"}},
		{"&disabledRules=MORFOLOGIK_RULE_EN_US", []string{"APPENCORRECT_PUNCTUATION", "EN_A_VS_AN"}},
		{"&disabledCategories=PUNCTUATION,GRAMMAR", []string{"MORFOLOGIK_RULE_EN_US"}},
		{"&level=picky", []string{"APPENCORRECT_PUNCTUATION", "MORFOLOGIK_RULE_EN_US", "EN_A_VS_AN", "APPENCORRECT_STYLE"}},
		{"&enabledOnly=yes&enabledRules=EN_A_VS_AN", []string{"EN_A_VS_AN"}},
	}
	for _, tt := range tests {
		t.Run(tt.extra, func(t *testing.T) {
			body := url.Values{"text": {text}, "language": {"en-US"}}.Encode() + tt.extra
			resp, b := ltDo(t, "POST", ts.URL+"/v2/check", "application/x-www-form-urlencoded", body)
			cr := decodeCheck(t, resp, b)
			var got []string
			for _, m := range cr.Matches {
				got = append(got, m.Rule.ID)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("rules %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLTDataMarkup(t *testing.T) {
	ts, _ := newLTServer(t, testConfig(), LanguageToolDeps{})
	data := `{"annotation":[{"markup":"<p>"},{"text":"😀 "},{"markup":"<b>"},{"text":"teh"},{"markup":"</b>"},{"text":" cat ate a apple."},{"markup":"</p>","interpretAs":"\n\n"}]}`
	body := url.Values{"data": {data}, "language": {"en-US"}}.Encode()
	resp, b := ltDo(t, "POST", ts.URL+"/v2/check", "application/x-www-form-urlencoded", body)
	cr := decodeCheck(t, resp, b)
	if len(cr.Matches) != 2 {
		t.Fatalf("matches %s", b)
	}
	// "<p>😀 <b>" is 3+2+1+3 = 9 UTF-16 units.
	if m := cr.Matches[0]; m.Offset != 9 || m.Length != 3 || m.Sentence != "😀 teh cat ate a apple." {
		t.Errorf("teh match %+v", m)
	}
	// "<p>😀 <b>teh</b> cat ate " is 9+3+4+9 = 25 units.
	if m := cr.Matches[1]; m.Offset != 25 || m.Length != 1 || m.Rule.ID != "EN_A_VS_AN" {
		t.Errorf("a match %+v", m)
	}
}

func TestLTLimitsAndKeys(t *testing.T) {
	cfg := testConfig()
	cfg.DemoRateLimit = 2
	ts, _ := newLTServer(t, cfg, LanguageToolDeps{Auth: fakeAuth{limit: 3}})
	check := func(extra string, header ...string) (*http.Response, []byte) {
		return ltDo(t, "POST", ts.URL+"/v2/check", "application/x-www-form-urlencoded", "text=teh&language=en-US"+extra, header...)
	}
	for i := 0; i < 2; i++ {
		if resp, b := check(""); resp.StatusCode != 200 {
			t.Fatalf("anonymous request %d: %d %s", i, resp.StatusCode, b)
		}
	}
	resp, b := check("")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || !strings.HasPrefix(string(b), "Error: Rate limit of 2 requests per minute exceeded") {
		t.Fatalf("third anonymous request: %d %q", resp.StatusCode, b)
	}
	if resp.Header.Get("X-RateLimit-Limit") != "2" {
		t.Errorf("X-RateLimit-Limit %q", resp.Header.Get("X-RateLimit-Limit"))
	}
	// A key is not limited like an anonymous client, but by its own limit.
	for i := 0; i < 3; i++ {
		hdr := []string{}
		extra := "&username=me%40example.com&apiKey=good"
		if i == 1 {
			extra, hdr = "", []string{"X-API-Key", "good"}
		}
		if i == 2 {
			extra, hdr = "", []string{"Authorization", "Bearer good"}
		}
		if resp, b := check(extra, hdr...); resp.StatusCode != 200 {
			t.Fatalf("keyed request %d: %d %s", i, resp.StatusCode, b)
		}
	}
	if resp, b := check("&apiKey=good"); resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(b), "per hour") {
		t.Fatalf("over the key's limit: %d %s", resp.StatusCode, b)
	}
	if resp, b := check("&apiKey=nope"); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(b), "Invalid API key") {
		t.Fatalf("bad key: %d %s", resp.StatusCode, b)
	}
	if resp, b := check("&apiKey=broken"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("key store down: %d %s", resp.StatusCode, b)
	}
}

func TestLTKeyWithoutAuthenticator(t *testing.T) {
	ts, _ := newLTServer(t, testConfig(), LanguageToolDeps{})
	resp, b := ltDo(t, "POST", ts.URL+"/v2/check", "", "text=teh&language=en-US&username=u&apiKey=whatever")
	decodeCheck(t, resp, b)
}

func TestLTLanguageDetection(t *testing.T) {
	detect := func(text string) language.Code {
		if strings.Contains(text, "le chat") {
			return language.French
		}
		return language.English
	}
	tests := []struct {
		name     string
		detect   pipeline.Detector
		params   string
		engine   language.Tag
		code     string
		detected string
	}{
		{"variant from preferredVariants", detect, "text=teh+colour&language=auto&preferredVariants=en-GB,de-DE",
			language.Tag{Code: language.English, Variant: language.GB}, "en-GB", "detector"},
		{"other language", detect, "text=le+chat&language=auto&preferredVariants=en-GB",
			language.Tag{Code: language.French}, "fr", "detector"},
		{"no variant", detect, "text=teh&language=auto", language.Tag{Code: language.English}, "en", "detector"},
		{"language given", detect, "text=teh&language=en-US", language.Tag{Code: language.English, Variant: language.US}, "en-US", "request"},
		{"no detector: left to the pipeline", nil, "text=teh&language=auto&preferredVariants=en-GB", language.Tag{}, "auto", "request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, eng := newLTServer(t, testConfig(), LanguageToolDeps{Detect: tt.detect})
			resp, b := ltDo(t, "POST", ts.URL+"/v2/check", "", tt.params)
			cr := decodeCheck(t, resp, b)
			if got, _ := eng.lastTag(); got != tt.engine {
				t.Errorf("engine asked for %v, want %v", got, tt.engine)
			}
			if cr.Language.Code != tt.code || cr.Language.DetectedLanguage.Source != tt.detected {
				t.Errorf("language %+v", cr.Language)
			}
		})
	}
}

func TestLTBlankAndTextLevelOnly(t *testing.T) {
	ts, eng := newLTServer(t, testConfig(), LanguageToolDeps{})
	for _, body := range []string{"text=&language=en-US", "text=+%0A+&language=en-US", "text=teh&language=en-US&mode=textLevelOnly"} {
		resp, b := ltDo(t, "POST", ts.URL+"/v2/check", "", body)
		if cr := decodeCheck(t, resp, b); len(cr.Matches) != 0 {
			t.Errorf("%s: matches %s", body, b)
		}
	}
	if _, calls := eng.lastTag(); calls != 0 {
		t.Errorf("engine called %d times for nothing to check", calls)
	}
}

func TestLTOtherEndpoints(t *testing.T) {
	cfg := testConfig()
	cfg.MaxTextLength = 12345
	ts, _ := newLTServer(t, cfg, LanguageToolDeps{Rules: []languagetool.RuleInfo{
		{ID: "EN_A_VS_AN", Description: "Use of 'a' vs. 'an'", Category: "GRAMMAR", Type: correction.Grammar}}})

	resp, b := ltDo(t, "GET", ts.URL+"/v2/languages", "", "")
	var langs []languagetool.LanguageInfo
	if err := json.Unmarshal(b, &langs); err != nil || resp.StatusCode != 200 || len(langs) != 4 || langs[2].LongCode != "en-US" {
		t.Errorf("languages %d %s", resp.StatusCode, b)
	}

	resp, b = ltDo(t, "GET", ts.URL+"/v2/info", "", "")
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"name":"AppenCorrect"`) || !strings.Contains(string(b), `"version":"test"`) {
		t.Errorf("info %d %s", resp.StatusCode, b)
	}

	for _, method := range []string{"GET", "POST"} {
		resp, b = ltDo(t, method, ts.URL+"/v2/maxtextlength", "", "")
		if resp.StatusCode != 200 || string(b) != "12345" {
			t.Errorf("%s maxtextlength %d %q", method, resp.StatusCode, b)
		}
	}

	// LanguageTool's Java client (the LibreOffice extension) POSTs a form.
	resp, b = ltDo(t, "POST", ts.URL+"/v2/configinfo", "application/x-www-form-urlencoded", "language=en-GB")
	var ci languagetool.ConfigInfoResponse
	if err := json.Unmarshal(b, &ci); err != nil || resp.StatusCode != 200 || ci.Parameter.MaxTextLength != 12345 {
		t.Fatalf("configinfo %d %s", resp.StatusCode, b)
	}
	ids := map[string]bool{}
	for _, r := range ci.Rules {
		ids[r["ruleId"]] = true
	}
	if !ids["EN_A_VS_AN"] || !ids["MORFOLOGIK_RULE_EN_GB"] || !ids["APPENCORRECT_GRAMMAR"] {
		t.Errorf("configinfo rules %v", ids)
	}
	resp, b = ltDo(t, "GET", ts.URL+"/v2/configinfo", "", "")
	if resp.StatusCode != 400 || !strings.Contains(string(b), "'language' parameter missing") {
		t.Errorf("configinfo without language: %d %s", resp.StatusCode, b)
	}

	resp, _ = ltDo(t, "OPTIONS", ts.URL+"/v2/check", "", "", "Origin", "app://obsidian.md",
		"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Methods"), "POST") ||
		resp.Header.Get("Access-Control-Allow-Headers") != "content-type" {
		t.Errorf("preflight %d %v", resp.StatusCode, resp.Header)
	}
}
