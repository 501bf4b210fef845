package server

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"appencorrect/internal/auth"
	"appencorrect/internal/config"
	"appencorrect/internal/metrics"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/store/storetest"
)

// TestMetricLabelsBoundedOnTheRealRoutes sends thousands of requests with
// made-up methods and paths (many under real routes with wildcards, such
// as /api/keys/{key_id}/dictionary) to the server's own handler, then
// gathers the registry: every endpoint label is a registered route or
// "other", every method one of the closed set, and the series stay few.
func TestMetricLabelsBoundedOnTheRealRoutes(t *testing.T) {
	st := storetest.SQLite(t)
	m := metrics.New("test")
	cfg := config.Default()
	cfg.DemoRateLimit = 0
	s := New(cfg, Deps{Pipeline: pipeline.New(fakeEngine{}, nil), Version: "test", Store: st,
		Auth: auth.NewAuthenticator(st, auth.MaxCacheTTL), Metrics: m})
	h := s.Handler()
	routes := map[string]bool{"other": true}
	var paths []string
	for p := range s.allowed {
		routes[p] = true
		paths = append(paths, p)
	}
	wild := regexp.MustCompile(`\{[^}]*\}`)
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		b := make([]byte, 1+rng.IntN(10))
		for i := range b {
			b[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~%"[rng.IntN(67)]
		}
		return string(b)
	}
	known := []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}
	const n = 4000
	for i := range n {
		method := known[rng.IntN(len(known))]
		if i%2 == 0 {
			method = strings.ToUpper(word())
		}
		var path string
		switch i % 3 {
		case 0: // a real route, wildcards filled with made-up values
			path = wild.ReplaceAllStringFunc(paths[rng.IntN(len(paths))], func(string) string { return word() })
		case 1: // under a real route
			path = paths[rng.IntN(len(paths))] + "/" + word()
		default:
			path = "/" + word() + "/" + word()
		}
		req := httptest.NewRequest("GET", "/", nil)
		req.Method, req.URL.Path, req.RequestURI = method, path, path
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	methods := map[string]bool{"OTHER": true, "GET": true, "HEAD": true, "POST": true, "PUT": true,
		"PATCH": true, "DELETE": true, "OPTIONS": true, "CONNECT": true, "TRACE": true}
	for _, f := range fams {
		if !strings.HasPrefix(f.GetName(), "appencorrect_http_") {
			continue
		}
		for _, mt := range f.GetMetric() {
			for _, l := range mt.GetLabel() {
				switch l.GetName() {
				case "endpoint":
					if !routes[l.GetValue()] {
						t.Errorf("%s: endpoint label %q is not a route", f.GetName(), l.GetValue())
					}
				case "method":
					if !methods[l.GetValue()] {
						t.Errorf("%s: method label %q is not in the closed set", f.GetName(), l.GetValue())
					}
				}
			}
		}
		// Each route answers a handful of methods and statuses: far
		// fewer series than requests, whatever n is.
		if got := len(f.GetMetric()); got > 10*len(routes) {
			t.Errorf("%s: %d series after %d random requests over %d routes", f.GetName(), got, n, len(routes))
		}
		t.Logf("%s: %d series", f.GetName(), len(f.GetMetric()))
	}
}

// TestRequestLogBounded: the request log line of a made-up 10 KB method
// and path is clipped (at a rune boundary).
func TestRequestLogBounded(t *testing.T) {
	var buf strings.Builder
	var mu sync.Mutex
	log := slog.New(slog.NewJSONHandler(lockedWriter{&mu, &buf}, nil))
	s := New(config.Default(), Deps{Pipeline: pipeline.New(fakeEngine{}, nil), Version: "test", Logger: log})
	h := s.Handler()
	req := httptest.NewRequest("GET", "/", nil)
	req.Method, req.URL.Path = strings.Repeat("M", 10000), "/"+strings.Repeat("é", 5000)
	h.ServeHTTP(httptest.NewRecorder(), req)
	mu.Lock()
	defer mu.Unlock()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var req1 map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err == nil && m["msg"] == "request" {
			req1 = m
		}
	}
	if req1 == nil {
		t.Fatalf("no request lines in %q", buf.String())
	}
	method, path := req1["method"].(string), req1["path"].(string)
	if len(method) > maxLoggedMethod+3 || len(path) > maxLoggedPath+3 || !utf8.ValidString(path) {
		t.Errorf("logged method of %d bytes and path of %d bytes (valid UTF-8: %v)", len(method), len(path), utf8.ValidString(path))
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// TestRequestLogStatusAsSent: a handler that writes nothing sends 200, and
// the request log says 200, not the 0 the writer holds until a write.
func TestRequestLogStatusAsSent(t *testing.T) {
	var buf strings.Builder
	var mu sync.Mutex
	log := slog.New(slog.NewJSONHandler(lockedWriter{&mu, &buf}, nil))
	s := New(config.Default(), Deps{Pipeline: pipeline.New(fakeEngine{}, nil), Version: "test", Logger: log})
	rec := httptest.NewRecorder()
	s.logRequests(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})).ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	mu.Lock()
	defer mu.Unlock()
	var line struct {
		Msg    string `json:"msg"`
		Status int    `json:"status"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(buf.String())), &line); err != nil || line.Msg != "request" {
		t.Fatalf("log %q: %v", buf.String(), err)
	}
	if rec.Code != 200 || line.Status != 200 {
		t.Errorf("sent %d, logged status %d; want 200 both", rec.Code, line.Status)
	}
}

// TestFailureLogBounded: the "request failed" line clips the path as the
// request line does, whatever path the failing request was sent to.
func TestFailureLogBounded(t *testing.T) {
	var buf strings.Builder
	var mu sync.Mutex
	log := slog.New(slog.NewJSONHandler(lockedWriter{&mu, &buf}, nil))
	s := New(config.Default(), Deps{Pipeline: pipeline.New(fakeEngine{}, nil), Version: "test", Logger: log})
	tests := []struct {
		name, path string
	}{
		{"short", "/check"},
		{"long ASCII", "/" + strings.Repeat("a", 10000)},
		{"long multibyte", "/" + strings.Repeat("é", 5000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf.Reset()
			req := httptest.NewRequest("POST", "/", nil)
			req.URL.Path = tt.path
			s.failure(req, errors.New("engine down"))
			var line map[string]any
			if err := json.Unmarshal([]byte(buf.String()), &line); err != nil || line["msg"] != "request failed" {
				t.Fatalf("log %q: %v", buf.String(), err)
			}
			path, _ := line["path"].(string)
			if want := clip(tt.path, maxLoggedPath); path != want {
				t.Errorf("logged path of %d bytes (valid UTF-8: %v), want %d", len(path), utf8.ValidString(path), len(want))
			}
		})
	}
}
