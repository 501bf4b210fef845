package metrics

import (
	"appencorrect/internal/httpx"
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
		sw := httpx.NewStatusWriter(w)
		panicked := true
		defer func() {
			m.httpInFlight.Dec()
			code := sw.Status
			if panicked {
				code = http.StatusInternalServerError
			} else if code == 0 {
				code = http.StatusOK
			}
			ep := endpoint(r.Pattern)
			c := strconv.Itoa(code)
			method := httpx.MethodLabel(r.Method)
			m.httpRequests.WithLabelValues(ep, method, c).Inc()
			m.httpDuration.WithLabelValues(ep, method, c).Observe(time.Since(start).Seconds())
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
