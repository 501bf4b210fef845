package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	return rec.Body.String()
}

func TestMiddleware(t *testing.T) {
	m := New("test")
	mux := http.NewServeMux()
	mux.HandleFunc("POST /demo/check", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("limit") {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		io.WriteString(w, "{}")
	})
	mux.HandleFunc("POST /check", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("mode") {
		case "key":
			w.Header().Set("X-RateLimit-Limit", "10")
			w.WriteHeader(http.StatusTooManyRequests)
		case "busy":
			w.WriteHeader(http.StatusTooManyRequests)
		case "panic":
			panic("boom")
		}
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	h := m.Middleware(mux)

	requests := []struct {
		method, target string
	}{
		{"POST", "/demo/check"}, {"POST", "/demo/check"}, {"POST", "/demo/check?limit=1"},
		{"POST", "/check?mode=key"}, {"POST", "/check?mode=busy"}, {"POST", "/check"},
		{"GET", "/no/such/path/1"}, {"GET", "/no/such/path/2"},
	}
	for _, r := range requests {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(r.method, r.target, nil))
	}
	func() {
		defer func() { recover() }()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/check?mode=panic", nil))
	}()

	tests := []struct {
		labels []string
		want   float64
	}{
		{[]string{"/demo/check", "POST", "200"}, 2},
		{[]string{"/demo/check", "POST", "429"}, 1},
		{[]string{"/check", "POST", "429"}, 2},
		{[]string{"/check", "POST", "200"}, 1},
		{[]string{"/check", "POST", "500"}, 1},
		{[]string{"other", "GET", "404"}, 2},
	}
	for _, tt := range tests {
		if got := testutil.ToFloat64(m.httpRequests.WithLabelValues(tt.labels...)); got != tt.want {
			t.Errorf("http_requests_total%v = %g, want %g", tt.labels, got, tt.want)
		}
	}
	for scope, want := range map[string]float64{"demo": 1, "key": 1, "overload": 1} {
		if got := testutil.ToFloat64(m.rateLimited.WithLabelValues(scope)); got != want {
			t.Errorf("rate_limited_total{scope=%s} = %g, want %g", scope, got, want)
		}
	}
	if got := testutil.ToFloat64(m.httpInFlight); got != 0 {
		t.Errorf("in flight after all requests = %g", got)
	}
	if n := testutil.CollectAndCount(m.httpDuration); n != len(tests) {
		t.Errorf("%d latency series, want %d (bounded labels)", n, len(tests))
	}
}

func TestObserverAndEndpoints(t *testing.T) {
	m := New("v1.2.3")
	var o Observer = m
	o.EngineDone("llm", "ok", 800*time.Millisecond)
	o.EngineDone("builtin", "ok", time.Millisecond)
	o.CacheLookup(true)
	o.CacheLookup(false)
	o.CacheLookup(false)
	o.Fallback("llm", "builtin", "timeout")
	o.LLMRequestDone("http://vllm-0:8000", "ok", 5*time.Millisecond, time.Second)
	var _ Observer = Nop{}
	src := LLMSourceFunc(func() LLMStats {
		return LLMStats{Queued: 7, Saturated: 3, Endpoints: []EndpointStat{
			{Endpoint: "http://vllm-0:8000", InFlight: 64, Capacity: 64, Healthy: true, ServerWaiting: 2, KVCacheUsage: 0.5, Served: 10},
			{Endpoint: "http://vllm-1:8000"},
		}}
	})
	if err := m.WatchLLM(src); err != nil {
		t.Fatal(err)
	}
	text := scrape(t, m)
	for _, want := range []string{
		`appencorrect_cache_lookups_total{result="hit"} 1`,
		`appencorrect_cache_lookups_total{result="miss"} 2`,
		`appencorrect_fallbacks_total{from="llm",reason="timeout",to="builtin"} 1`,
		`appencorrect_engine_duration_seconds_count{engine="llm",outcome="ok"} 1`,
		`appencorrect_llm_request_duration_seconds_count{endpoint="http://vllm-0:8000",outcome="ok"} 1`,
		`appencorrect_llm_queue_wait_seconds_count{endpoint="http://vllm-0:8000"} 1`,
		`appencorrect_llm_endpoint_in_flight{endpoint="http://vllm-0:8000"} 64`,
		`appencorrect_llm_queued 7`,
		`appencorrect_llm_refused_total{reason="saturated"} 3`,
		`appencorrect_llm_endpoint_server_waiting{endpoint="http://vllm-0:8000"} 2`,
		`appencorrect_llm_endpoint_kv_cache_usage{endpoint="http://vllm-0:8000"} 0.5`,
		`appencorrect_llm_endpoint_served_total{endpoint="http://vllm-0:8000"} 10`,
		`appencorrect_llm_endpoint_capacity{endpoint="http://vllm-0:8000"} 64`,
		`appencorrect_llm_endpoint_up{endpoint="http://vllm-1:8000"} 0`,
		`appencorrect_build_info{version="v1.2.3"} 1`,
		`appencorrect_rate_limited_total{scope="demo"} 0`,
		"go_goroutines",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("scrape lacks %s", want)
		}
	}
}

// TestRegistriesAreIndependent: two servers in one process (tests) do not
// share counters.
func TestRegistriesAreIndependent(t *testing.T) {
	a, b := New("a"), New("b")
	a.CacheLookup(true)
	if got := testutil.ToFloat64(b.cache.WithLabelValues("hit")); got != 0 {
		t.Errorf("b saw a's lookup: %g", got)
	}
}

func BenchmarkMiddleware(b *testing.B) {
	m := New("bench")
	mux := http.NewServeMux()
	mux.HandleFunc("POST /demo/check", func(w http.ResponseWriter, r *http.Request) {})
	h := m.Middleware(mux)
	req := httptest.NewRequest("POST", "/demo/check", nil)
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}
