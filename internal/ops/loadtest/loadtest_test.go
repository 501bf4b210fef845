package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"
)

// fakeCheck is /demo/check: it "corrects" eror→error and answers in the
// original API's shape. Misbehaviours are switched on per test.
type fakeCheck struct {
	mu        sync.Mutex
	last      string // shared state, used only by the "swap" defect
	swap      bool   // answer with the previous request's text (defect 2)
	limitEach int    // every Nth request gets 429
	badOffset bool
	delay     time.Duration
	n         atomic.Int64
}

func (f *fakeCheck) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := f.n.Add(1)
	var body struct {
		Text string `json:"text"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Text == "" {
		http.Error(w, `{"error":"bad"}`, 400)
		return
	}
	if f.limitEach > 0 && n%int64(f.limitEach) == 0 {
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"error":"Rate limit exceeded"}`)
		return
	}
	time.Sleep(f.delay)
	text := body.Text
	if f.swap {
		f.mu.Lock()
		prev := f.last
		f.last = body.Text
		f.mu.Unlock()
		if prev != "" {
			text = prev
		}
	}
	processed := strings.ReplaceAll(text, "eror", "error")
	var corr []map[string]any
	if i := strings.Index(body.Text, "eror"); i >= 0 {
		start := len([]rune(body.Text[:i]))
		if f.badOffset {
			start++
		}
		corr = append(corr, map[string]any{"type": "spelling", "position": []int{start, start + 4}, "original": "eror", "suggestion": "error"})
	}
	if corr == nil {
		corr = []map[string]any{}
	}
	json.NewEncoder(w).Encode(map[string]any{
		"status": "success", "original_text": body.Text, "corrections": corr, "processed_text": processed,
		"statistics": map[string]any{"total_errors": len(corr)}, "degraded": n%5 == 0,
	})
}

const vllmExposition = `# HELP vllm:num_requests_waiting Number of requests waiting.
# TYPE vllm:num_requests_waiting gauge
vllm:num_requests_waiting{engine="0",model_name="Qwen/Qwen2.5-7B-Instruct"} 3.0
vllm:num_requests_running{engine="0",model_name="Qwen/Qwen2.5-7B-Instruct"} 64.0
vllm:kv_cache_usage_perc{engine="0",model_name="Qwen/Qwen2.5-7B-Instruct"} 0.75
vllm:prompt_tokens_total{model_name="Qwen/Qwen2.5-7B-Instruct"} 12345
`

func server(t *testing.T, h http.Handler) *httptest.Server {
	mux := http.NewServeMux()
	mux.Handle("POST /demo/check", h)
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, vllmExposition) })
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestRunClosedLoop(t *testing.T) {
	tests := []struct {
		name      string
		fake      *fakeCheck
		wantKinds map[string]bool
		clean     bool
	}{
		{"good server", &fakeCheck{}, nil, true},
		{"answers swapped between requests", &fakeCheck{swap: true, delay: 2 * time.Millisecond}, map[string]bool{KindWrongText: true}, false},
		{"rate limited", &fakeCheck{limitEach: 3}, map[string]bool{KindHTTP429: true}, false},
		{"wrong offsets", &fakeCheck{badOffset: true}, map[string]bool{KindBadOffsets: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := server(t, tt.fake)
			rep, err := Run(context.Background(), Config{
				URL: s.URL + "/demo/check", Concurrency: []int{1, 8}, Baseline: 5,
				StepDuration: 2 * time.Second, MaxRequestsPerStep: 60, MetricsURL: s.URL + "/metrics", SampleInterval: 50 * time.Millisecond,
				Sustain: 300 * time.Millisecond, SustainConcurrency: 4,
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Steps) != 4 || rep.Steps[0].Phase != "baseline" || rep.Steps[3].Phase != "sustained" {
				t.Fatalf("phases: %+v", rep.Steps)
			}
			if rep.Steps[0].Requests != 5 || rep.Steps[1].Concurrency != 1 || rep.Steps[2].Concurrency != 8 {
				t.Errorf("baseline %d requests, steps at %d and %d", rep.Steps[0].Requests, rep.Steps[1].Concurrency, rep.Steps[2].Concurrency)
			}
			for _, st := range rep.Steps[1:3] {
				if st.Requests > 60 {
					t.Errorf("step exceeded its request cap: %d", st.Requests)
				}
				if st.Requests != st.OK+st.Errors {
					t.Errorf("requests %d != ok %d + errors %d", st.Requests, st.OK, st.Errors)
				}
			}
			st := rep.Steps[2]
			if tt.clean {
				if rep.Errors != 0 {
					t.Fatalf("errors on a good server: %+v", st)
				}
				if st.P50MS <= 0 || st.P50MS > st.P95MS || st.P95MS > st.P99MS || st.P99MS > st.MaxMS || st.RequestsPerSecond <= 0 {
					t.Errorf("percentiles out of order: %+v", st)
				}
				if st.Degraded == 0 {
					t.Error("degraded answers not counted")
				}
			}
			for k := range tt.wantKinds {
				total := 0
				for _, s := range rep.Steps {
					total += s.ErrorsByKind[k]
				}
				if total == 0 {
					t.Errorf("no %s errors detected: %+v", k, rep.Steps)
				}
			}
			if st.VLLM == nil || st.VLLM.Samples == 0 || st.VLLM.MaxWaiting != 3 || st.VLLM.MaxKVCacheUsage != 0.75 || st.VLLM.KVMetric != "vllm:kv_cache_usage_perc" {
				t.Errorf("vLLM sampling: %+v", st.VLLM)
			}
		})
	}
}

func TestRunOpenLoop(t *testing.T) {
	s := server(t, &fakeCheck{delay: 20 * time.Millisecond})
	rep, err := Run(context.Background(), Config{URL: s.URL + "/demo/check", Mode: Open, Rates: []float64{20, 100}, StepDuration: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Steps) != 2 {
		t.Fatalf("steps: %+v", rep.Steps)
	}
	for i, want := range []float64{20, 100} {
		st := rep.Steps[i]
		if st.ArrivalRate != want || st.Errors != 0 {
			t.Errorf("step %d: %+v", i, st)
		}
		// About rate × duration requests, whatever the latency.
		if got := float64(st.Requests); got < want*0.8 || got > want*1.05+1 {
			t.Errorf("rate %g: %d requests in %.2f s", want, st.Requests, st.DurationS)
		}
	}
	// Little's law: at 100/s and ≥20 ms each, ≥2 in flight on average.
	if rep.Steps[1].MeanInFlight < 1.5 {
		t.Errorf("mean in flight %g", rep.Steps[1].MeanInFlight)
	}

	// A tester capped at 1 in flight counts the arrivals it cannot send.
	rep, err = Run(context.Background(), Config{URL: s.URL + "/demo/check", Mode: Open, Rates: []float64{200}, StepDuration: 500 * time.Millisecond, MaxInFlight: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Steps[0].ErrorsByKind[KindOverload] == 0 {
		t.Errorf("no client_overload with max in flight 1: %+v", rep.Steps[0])
	}
}

func TestBounds(t *testing.T) {
	s := server(t, &fakeCheck{delay: 300 * time.Millisecond})
	start := time.Now()
	rep, err := Run(context.Background(), Config{URL: s.URL + "/demo/check", Concurrency: []int{2, 2, 2, 2}, StepDuration: 10 * time.Second,
		MaxDuration: 700 * time.Millisecond, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("run took %s despite --max-duration 700ms", el)
	}
	if rep.Stopped == "" || rep.Steps[0].ErrorsByKind[KindTimeout] == 0 {
		t.Errorf("stopped %q, steps %+v", rep.Stopped, rep.Steps)
	}
}

func TestLanguageToolAPI(t *testing.T) {
	mux := http.NewServeMux()
	var offsetBug atomic.Bool
	mux.HandleFunc("POST /v2/check", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || r.FormValue("language") != "auto" {
			http.Error(w, "bad form", 400)
			return
		}
		text := r.FormValue("text")
		n := len(utf16.Encode([]rune(text)))
		off := 2
		if offsetBug.Load() {
			off = n
		}
		fmt.Fprintf(w, `{"software":{"name":"AppenCorrect"},"language":{"code":"en-US"},"matches":[{"offset":%d,"length":3}]}`, off)
	})
	s := httptest.NewServer(mux)
	defer s.Close()
	for _, bug := range []bool{false, true} {
		offsetBug.Store(bug)
		rep, err := Run(context.Background(), Config{URL: s.URL + "/v2/check", Concurrency: []int{2}, StepDuration: time.Second, MaxRequestsPerStep: 10})
		if err != nil {
			t.Fatal(err)
		}
		if rep.API != LanguageTool {
			t.Errorf("API %s", rep.API)
		}
		if got := rep.Steps[0].ErrorsByKind[KindBadOffsets] > 0; got != bug {
			t.Errorf("offset bug %v: %+v", bug, rep.Steps[0])
		}
	}
}

func TestValidateConfig(t *testing.T) {
	bad := []Config{
		{URL: "localhost:5006/demo/check", Concurrency: []int{1}},
		{URL: "http://127.0.0.1:5006/health", Concurrency: []int{1}},
		{URL: "http://127.0.0.1:5006/demo/check"},
		{URL: "http://127.0.0.1:5006/demo/check", Concurrency: []int{0}},
		{URL: "http://127.0.0.1:5006/demo/check", Mode: Open, Rates: []float64{-1}},
		{URL: "http://127.0.0.1:5006/demo/check", Mode: "burst", Concurrency: []int{1}},
		{URL: "http://127.0.0.1:5006/demo/check", Concurrency: []int{1}, Texts: []string{""}},
	}
	for i, c := range bad {
		if _, err := Run(context.Background(), c); err == nil {
			t.Errorf("case %d accepted: %+v", i, c)
		}
	}
}

func TestParseVLLMMetrics(t *testing.T) {
	tests := []struct {
		name, text string
		want       VLLMGauges
		wantErr    bool
	}{
		{"current", vllmExposition, VLLMGauges{Waiting: 3, Running: 64, KVCacheUsage: 0.75, KVMetric: "vllm:kv_cache_usage_perc"}, false},
		{"before the rename", "vllm:num_requests_waiting{model_name=\"m\"} 1\nvllm:gpu_cache_usage_perc{model_name=\"m\"} 0.5\n",
			VLLMGauges{Waiting: 1, KVCacheUsage: 0.5, KVMetric: "vllm:gpu_cache_usage_perc"}, false},
		{"two engines, tricky labels", "vllm:num_requests_waiting{engine=\"0\",x=\"a} b\"} 2\nvllm:num_requests_waiting{engine=\"1\"} 5 1712345678\n",
			VLLMGauges{Waiting: 7}, false},
		{"not vLLM", "appencorrect_http_requests_total 3\n", VLLMGauges{}, true},
	}
	for _, tt := range tests {
		got, err := ParseVLLMMetrics(strings.NewReader(tt.text))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("%s: got %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}

func TestPercentile(t *testing.T) {
	var l []time.Duration
	for i := 1; i <= 100; i++ {
		l = append(l, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{50: 50 * time.Millisecond, 95: 95 * time.Millisecond, 99: 99 * time.Millisecond, 100: 100 * time.Millisecond} {
		if got := percentile(l, p); got != want {
			t.Errorf("p%g = %s, want %s", p, got, want)
		}
	}
	if percentile(nil, 50) != 0 || percentile(l[:1], 99) != time.Millisecond {
		t.Error("edge cases")
	}
}

func TestReports(t *testing.T) {
	s := server(t, &fakeCheck{limitEach: 7})
	rep, err := Run(context.Background(), Config{URL: s.URL + "/demo/check", Concurrency: []int{1, 4, 16}, StepDuration: 300 * time.Millisecond, MaxRequestsPerStep: 40, MetricsURL: s.URL + "/metrics"})
	if err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, rep); err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Steps []map[string]any `json:"steps"`
	}
	if err := json.Unmarshal(js.Bytes(), &parsed); err != nil || len(parsed.Steps) != 3 {
		t.Fatalf("JSON: %v, %d steps", err, len(parsed.Steps))
	}
	for _, k := range []string{"concurrency", "requests_per_second", "p50_ms", "p95_ms", "p99_ms", "errors", "errors_by_kind", "max_ms"} {
		if _, ok := parsed.Steps[0][k]; !ok {
			t.Errorf("JSON step lacks %s", k)
		}
	}

	var md bytes.Buffer
	WriteMarkdown(&md, rep, "chart.svg")
	for _, want := range []string{"| phase | concurrency", "| step | 16 |", "http_429", "![latency and throughput against concurrency](chart.svg)", "vLLM waiting"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}

	var svg bytes.Buffer
	WriteSVG(&svg, rep)
	dec := xml.NewDecoder(bytes.NewReader(svg.Bytes()))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
	}
	for _, want := range []string{"latency (ms)", "requests/s", "concurrent users", ">p95<", ">16<", "<polyline"} {
		if !strings.Contains(svg.String(), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestNiceCeil(t *testing.T) {
	for in, want := range map[float64]float64{0: 1, 0.3: 1, 3: 5, 12: 20, 150: 200, 5000: 5000, 5001: 10000} {
		if got := niceCeil(in); got != want {
			t.Errorf("niceCeil(%g) = %g, want %g", in, got, want)
		}
	}
}

func TestProgressBar(t *testing.T) {
	s := server(t, &fakeCheck{})
	var buf syncBuffer
	if _, err := Run(context.Background(), Config{URL: s.URL + "/demo/check", Concurrency: []int{2}, StepDuration: 500 * time.Millisecond, MaxRequestsPerStep: 1000, Progress: &buf}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "\rstep") || !strings.Contains(out, "c=2") || !strings.Contains(out, "████████████████████████") {
		t.Errorf("progress output %q", out)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func BenchmarkValidateOriginal(b *testing.B) {
	body := []byte(`{"status":"success","original_text":"I has a eror. Ticket 1231000001.","corrections":[{"type":"spelling","position":[8,12],"original":"eror","suggestion":"error"}],"processed_text":"I has a error. Ticket 1231000001.","statistics":{"total_errors":1}}`)
	for b.Loop() {
		if o := validateOriginal(body, "I has a eror. Ticket 1231000001.", "1231000001"); o.kind != "" {
			b.Fatal(o.detail)
		}
	}
}

func TestEvents(t *testing.T) {
	stream := ": keep-alive\n\nevent: corrections\ndata: {\"a\":1}\n\nevent: withdraw\ndata: {\"b\":2}\n\nevent: result\ndata: {\"c\":3}\n\nevent: corrections\ndata: late\n\n"
	var got []string
	err := Events(strings.NewReader(stream), func(event, data string) bool {
		got = append(got, event+"="+data)
		return event == "result"
	})
	if err != nil || strings.Join(got, " ") != `corrections={"a":1} withdraw={"b":2} result={"c":3}` {
		t.Errorf("events %v, %v", got, err)
	}
}

func TestHealthURL(t *testing.T) {
	tests := []struct {
		check, health string
	}{
		{"http://host:5006/demo/check", "http://host:5006/health"},
		{"http://host/check", "http://host/health"},
		{"http://host/check/spelling", "http://host/health"},
		{"http://host/check/grammar/", "http://host/health"},
		{"https://host/v2/check", "https://host/health"},
		{"http://host/prefix/demo/check", "http://host/prefix/health"},
		{"http://host/a/b/v2/check?x=1#f", "http://host/a/b/health"},
		{"http://host/prefix/check/spelling", "http://host/prefix/health"},
	}
	for _, tt := range tests {
		got, err := HealthURL(tt.check)
		if err != nil || got != tt.health {
			t.Errorf("HealthURL(%q) = %q, %v; want %q", tt.check, got, err, tt.health)
		}
	}
	for _, bad := range []string{"http://host/prefix", "ftp://host/check", "/demo/check"} {
		if got, err := HealthURL(bad); err == nil {
			t.Errorf("HealthURL(%q) = %q, want an error", bad, got)
		}
	}
}

// TestSmokeUnderPrefix: an API served under a path prefix (as behind an
// ingress that does not strip it) has its /health under the same prefix,
// and the host's root answers nothing.
func TestSmokeUnderPrefix(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("POST /prefix/demo/check", &fakeCheck{})
	mux.HandleFunc("GET /prefix/health", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"status":"healthy","components":{"engine":{"status":"ok"}}}`)
	})
	s := httptest.NewServer(mux)
	defer s.Close()
	res, err := Smoke(context.Background(), Config{URL: s.URL + "/prefix/demo/check", Timeout: 10 * time.Second}, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Health != "healthy" || res.Components["engine"] != "ok" || res.Corrections != 1 || res.Degraded {
		t.Errorf("result %+v", res)
	}
}

// TestSmokeReportsOnlyWhatAnswered: the result's line names /health only
// when it answered and the check only when it answered validly, never
// "0 corrections in 0 ms" for a check that did not happen.
func TestSmokeReportsOnlyWhatAnswered(t *testing.T) {
	healthy := func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"status":"healthy","components":{"engine":{"status":"ok"}}}`)
	}
	tests := []struct {
		name          string
		health, check http.HandlerFunc // nil: 404
		want          string           // the line, with the latency cut off
		wantErr       bool
	}{
		{"both answer", healthy, (&fakeCheck{}).ServeHTTP, "health healthy map[engine:ok]; check: 1 corrections in", false},
		{"check fails", healthy, func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", 503) }, "health healthy map[engine:ok]", true},
		{"check answers nonsense", healthy, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "{}") }, "health healthy map[engine:ok]", true},
		{"health fails", nil, (&fakeCheck{}).ServeHTTP, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mux := http.NewServeMux()
			if tt.health != nil {
				mux.HandleFunc("GET /health", tt.health)
			}
			mux.HandleFunc("POST /demo/check", tt.check)
			s := httptest.NewServer(mux)
			defer s.Close()
			res, err := Smoke(context.Background(), Config{URL: s.URL + "/demo/check", Timeout: 10 * time.Second}, false)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want one: %v", err, tt.wantErr)
			}
			line := res.String()
			if i := strings.Index(line, " corrections in "); i >= 0 {
				line = line[:i+len(" corrections in")]
			}
			if line != tt.want {
				t.Errorf("line %q, want %q", res.String(), tt.want)
			}
			if res.Checked != strings.Contains(tt.want, "check:") {
				t.Errorf("Checked %v", res.Checked)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://host:5006/demo/check", "http://host:5006/demo/check"},
		{"http://user:s3cr3t@host/check", "http://user:xxxxx@host/check"},
		{"https://user@host/check", "https://user@host/check"},
		{"http://user:s3cr3t@host/check?q=a:b@c", "http://user:xxxxx@host/check?q=a:b@c"},
		{"http://host/a:b@c/check", "http://host/a:b@c/check"},
		{"http://user:s3%zzcr3t@host/check", "http://user:xxxxx@host/check"}, // does not parse
		{"http://user:p@ss:w@rd@host/check", "http://user:xxxxx@host/check"},
		{"user:s3cr3t@host/check", "user:xxxxx@host/check"}, // no scheme
		{"", ""},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSmokeRedactsPassword: whatever fails, the smoke test's error names
// the URL without the password the URL holds.
func TestSmokeRedactsPassword(t *testing.T) {
	const secret = "s3cr3tpw"
	healthy := func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"status":"healthy","components":{"engine":{"status":"ok"}}}`)
	}
	up := func(health, check http.HandlerFunc) string {
		mux := http.NewServeMux()
		mux.HandleFunc("GET /health", health)
		mux.HandleFunc("POST /demo/check", check)
		s := httptest.NewServer(mux)
		t.Cleanup(s.Close)
		return s.URL
	}
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	withPassword := func(base string) string {
		return strings.Replace(base, "://", "://user:"+secret+"@", 1) + "/demo/check"
	}
	tests := []struct {
		name, url string
		smoke     bool // the error is the service's (ErrSmoke), not the URL's
	}{
		{"health 500", withPassword(up(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", 500) }, (&fakeCheck{}).ServeHTTP)), true},
		{"health unreachable", withPassword(down.URL), true},
		{"check 503", withPassword(up(healthy, func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", 503) })), true},
		{"check nonsense", withPassword(up(healthy, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "{}") })), true},
		{"wrong path", "http://user:" + secret + "@127.0.0.1:1/health", false},
		{"unparsable", "http://user:" + secret + "%zz@127.0.0.1:1/demo/check", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Smoke(context.Background(), Config{URL: tt.url, Timeout: 10 * time.Second}, false)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrSmoke) != tt.smoke {
				t.Errorf("error %q: ErrSmoke %v, want %v", err, !tt.smoke, tt.smoke)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "zz") {
				t.Errorf("error shows the password: %q", err)
			}
			if !strings.Contains(err.Error(), "user:xxxxx@") {
				t.Errorf("error does not name the URL, redacted: %q", err)
			}
		})
	}
}

// TestReportRedactsPassword: the report (JSON, Markdown, SVG) names the
// endpoint and the metrics URL without their passwords; the requests
// still carry them.
func TestReportRedactsPassword(t *testing.T) {
	const secret = "s3cr3tpw"
	var sent atomic.Bool
	check := &fakeCheck{}
	s := server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, p, ok := r.BasicAuth(); ok && p == secret {
			sent.Store(true)
		}
		check.ServeHTTP(w, r)
	}))
	withPassword := strings.Replace(s.URL, "://", "://user:"+secret+"@", 1)
	rep, err := Run(context.Background(), Config{URL: withPassword + "/demo/check", MetricsURL: withPassword + "/metrics",
		Baseline: 2, Timeout: 10 * time.Second, SampleInterval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if !sent.Load() {
		t.Error("the requests did not carry the URL's password")
	}
	var out bytes.Buffer
	if err := WriteJSON(&out, rep); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&out, rep, ""); err != nil {
		t.Fatal(err)
	}
	if err := WriteSVG(&out, rep); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), secret) {
		t.Errorf("report shows the password: %s", out.String())
	}
	if !strings.Contains(rep.URL, "user:xxxxx@") || !strings.Contains(rep.MetricsURL, "user:xxxxx@") {
		t.Errorf("report names %q and %q, want them redacted", rep.URL, rep.MetricsURL)
	}
	if _, err := Run(context.Background(), Config{URL: s.URL + "/demo/check", MetricsURL: "http://user:" + secret + "%zz@host/metrics", Baseline: 1}); err == nil || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "zz") {
		t.Errorf("unparsable metrics URL: error %v", err)
	}
}
