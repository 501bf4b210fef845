package metrics

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// seriesCount gathers the registry and counts the series of each family.
func seriesCount(t *testing.T, m *Metrics) map[string]int {
	t.Helper()
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	n := make(map[string]int, len(fams))
	for _, f := range fams {
		n[f.GetName()] = len(f.GetMetric())
	}
	return n
}

// TestLabelsBoundedUnderRandomRequests sends thousands of requests with
// made-up methods and paths, as any client without a key can, and checks
// that the number of series stays bounded by the routes, the closed set of
// methods and the status codes the handlers answer.
func TestLabelsBoundedUnderRandomRequests(t *testing.T) {
	m := New("test")
	mux := http.NewServeMux()
	mux.HandleFunc("POST /check", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	h := m.Middleware(mux)

	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			b[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[rng.IntN(64)]
		}
		return string(b)
	}
	methods := []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}
	for i := range 5000 {
		method := word()
		if i%3 == 0 {
			method = methods[rng.IntN(len(methods))]
		}
		path := "/" + word() + "/" + word()
		switch i % 5 {
		case 0:
			path = "/check"
		case 1:
			path = "/health"
		}
		req := httptest.NewRequest("GET", path, nil)
		req.Method = method
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	got := seriesCount(t, m)
	// endpoints: /check, /health, other (3); methods: 9 known + OTHER (10);
	// codes: 200, 404, 405 (3).
	const bound = 3 * 10 * 3
	for _, name := range []string{"appencorrect_http_requests_total", "appencorrect_http_request_duration_seconds"} {
		if got[name] == 0 || got[name] > bound {
			t.Errorf("%s has %d series after 5,000 random requests, want 1..%d", name, got[name], bound)
		}
	}
}

func TestMethodLabelsClosed(t *testing.T) {
	m := New("test")
	h := m.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for _, method := range []string{"GET", "BREW", "PROPFIND", "get"} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Method = method
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	out := scrape(t, m)
	for _, bad := range []string{`method="BREW"`, `method="PROPFIND"`, `method="get"`} {
		if contains(out, bad) {
			t.Errorf("/metrics has label %s from a client's method", bad)
		}
	}
	if !contains(out, `method="OTHER"`) || !contains(out, `method="GET"`) {
		t.Errorf("/metrics lacks method=\"OTHER\" or method=\"GET\":\n%s", out)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
