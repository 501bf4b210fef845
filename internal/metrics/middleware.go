package metrics

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Middleware counts and times the requests next serves. Wrap the
// http.ServeMux itself (innermost), so that the route the mux matched
// (r.Pattern, e.g. "POST /demo/check") labels the request; requests no
// route matched are labelled "other", which keeps label values bounded
// whatever paths clients send. A 429 is also counted in
// appencorrect_rate_limited_total: scope "demo" on /demo routes, "key" when
// the response carries X-RateLimit-Limit, else "overload".
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.httpInFlight.Inc()
		sw := &statusWriter{ResponseWriter: w}
		panicked := true
		defer func() {
			m.httpInFlight.Dec()
			code := sw.status
			if panicked {
				code = http.StatusInternalServerError
			} else if code == 0 {
				code = http.StatusOK
			}
			ep := endpoint(r.Pattern)
			c := strconv.Itoa(code)
			m.httpRequests.WithLabelValues(ep, r.Method, c).Inc()
			m.httpDuration.WithLabelValues(ep, r.Method, c).Observe(time.Since(start).Seconds())
			if code == http.StatusTooManyRequests {
				m.rateLimited.WithLabelValues(scope(ep, sw.Header())).Inc()
			}
		}()
		next.ServeHTTP(sw, r)
		panicked = false
	})
}

// endpoint turns a mux pattern into a label: the path without the method;
// the catch-all "/" and unmatched requests become "other".
func endpoint(pattern string) string {
	if i := strings.IndexByte(pattern, ' '); i >= 0 {
		pattern = pattern[i+1:]
	}
	if pattern == "" || pattern == "/" {
		return "other"
	}
	return pattern
}

func scope(ep string, h http.Header) string {
	switch {
	case strings.HasPrefix(ep, "/demo/"):
		return "demo"
	case h.Get("X-RateLimit-Limit") != "":
		return "key"
	}
	return "overload"
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
