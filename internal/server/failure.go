package server

import (
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/apierror"
)

// apiFormat is how an API writes its error bodies.
type apiFormat int

const (
	// formatJSON is the original API's and the admin API's
	// {"status":"error","error":...,"message":...,"code":...}.
	formatJSON apiFormat = iota
	// formatLT is LanguageTool's plain text "Error: message".
	formatLT
)

// formatOf is the error format of r's API: LanguageTool's under /v2/,
// else the original API's JSON (admin and pages included).
func formatOf(r *http.Request) apiFormat {
	if strings.HasPrefix(r.URL.Path, "/v2/") {
		return formatLT
	}
	return formatJSON
}

// writeFailure answers f: its status and headers (Retry-After) as
// apierror says, the body in r's API format.
func writeFailure(w http.ResponseWriter, r *http.Request, f apierror.Failure) {
	f.SetHeaders(w.Header())
	switch formatOf(r) {
	case formatLT:
		ltError(w, f.Status, f.Message)
	default:
		writeJSON(w, f.Status, ErrorBody{Status: "error", Error: f.Title, Message: f.Message, Code: string(f.Code)})
	}
}

// writeClientError answers a client's mistake (status 4xx) with a short
// title and a message saying what is wrong, the body in r's API format.
func writeClientError(w http.ResponseWriter, r *http.Request, status int, title, message string) {
	writeFailure(w, r, apierror.Failure{Status: status, Title: title, Message: message})
}

// maxEchoedPath bounds the path an error body quotes back to the client
// (404, 405): enough to recognise it, never the whole of what was sent.
const maxEchoedPath = 200

// echoed is a client-chosen string (a method, a path) as an error body
// quotes it: invalid UTF-8 and control characters become U+FFFD, so the
// plain text of /v2 stays one clean line, and the result is clipped to n
// bytes at a rune boundary, as the request log clips it. Bodies are JSON
// (HTML characters escaped) or text/plain, both with nosniff: never HTML.
func echoed(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return utf8.RuneError
		}
		return r
	}, s)
	return clip(s, n)
}

// failure maps err, which ended r, to its answer with apierror.From and
// logs err (never shown to the client) with the failure's code.
func (s *Server) failure(r *http.Request, err error) apierror.Failure {
	f := apierror.From(r.Context(), err)
	s.log.Log(r.Context(), f.Level(), "request failed", "request_id", RequestID(r.Context()),
		"path", clip(r.URL.Path, maxLoggedPath), "status", f.Status, "code", string(f.Code), "error", err)
	return f
}

// fail answers err in r's API format: the one way every handler answers
// an error that is not the client's (a failed check, an unreachable
// database or key store).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	writeFailure(w, r, s.failure(r, err))
}

// storeError answers a failed store call: 503 with Retry-After.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error) {
	s.fail(w, r, apierror.Storage(err))
}

// limit is one rate limit: what it counts and how it reads to a client.
type limit struct {
	key    string // limiter key, e.g. "demo:" + address
	n      int    // requests allowed per window; 0 or less: no limit
	window time.Duration
}

// allow counts one request against l and, when it is over, answers 429
// with Retry-After and the X-RateLimit headers, the body in r's API
// format; it returns false when it answered. The one rate-limit responder
// of every API (demo, keys on the original API and /v2, anonymous /v2,
// logins). A limiter that is down lets the request through (logged): it
// must not take the service down.
func (s *Server) allow(w http.ResponseWriter, r *http.Request, l limit) bool {
	if l.n <= 0 {
		return true
	}
	d, err := s.limiter.Allow(r.Context(), l.key, l.n, l.window)
	if err != nil {
		s.log.Warn("rate limiter failed; request allowed", "request_id", RequestID(r.Context()), "error", err)
		return true
	}
	setRateHeaders(w, d.Limit, d.Remaining, d.Reset)
	if d.Allowed {
		return true
	}
	writeFailure(w, r, apierror.RateLimit(l.n, l.window, d.RetryAfter))
	return false
}

// StartingHandler answers every request that comes while the process
// starts (its state and dictionaries loading), before a Server exists:
// /health says "starting" with version, anything else gets apierror's
// NotReady (503 with Retry-After) in its API's format, as a Server would.
func StartingHandler(version string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/health" {
			apierror.NotReady().SetHeaders(w.Header())
			writeJSON(w, http.StatusServiceUnavailable, struct {
				Status  string `json:"status"`
				Version string `json:"version"`
			}{"starting", version})
			return
		}
		writeFailure(w, r, apierror.NotReady())
	})
}
