package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"appencorrect/internal/pipeline"
)

// Failure is the public answer to an error: the status, how long the
// client should wait before retrying (0: no Retry-After), a short title
// and a message safe for anyone to read (never the error's text, which can
// name internal addresses). Every API renders it in its own body format;
// the status and the headers are the same everywhere.
type Failure struct {
	Status     int
	RetryAfter time.Duration
	Short      string
	Message    string
}

// apiFormat is how an API writes its error bodies.
type apiFormat int

const (
	// formatJSON is the original API's and the admin API's
	// {"status":"error","error":...,"message":...}.
	formatJSON apiFormat = iota
	// formatLT is LanguageTool's plain text "Error: message".
	formatLT
)

// retryFailedCheck is the Retry-After of a check that failed for a reason
// other than saturation (the model down with LLM_FALLBACK=none, an engine
// error): long enough for a replica or a probe to come back.
const retryFailedCheck = 5 * time.Second

// checkFailure maps a failed check to its answer, logging the error: the
// one mapping for /check, /demo/check, /v2/check, /assess/quality and the
// streams.
func (s *Server) checkFailure(r *http.Request, err error) Failure {
	id := RequestID(r.Context())
	switch {
	case r.Context().Err() != nil && !errors.Is(r.Context().Err(), context.DeadlineExceeded):
		// The client went away; nobody reads this answer.
		s.log.Info("client gone", "request_id", id, "error", err)
		return Failure{Status: 499, Short: "Client closed request", Message: "the request was cancelled"}
	case errors.Is(err, context.DeadlineExceeded):
		s.log.Warn("check timed out", "request_id", id, "error", err)
		return Failure{Status: http.StatusGatewayTimeout, Short: "Timeout",
			Message: fmt.Sprintf("the check did not finish within %s; nothing was corrected", s.cfg.RequestTimeout)}
	case errors.Is(err, pipeline.ErrInconsistent):
		s.log.Error("engine answer inconsistent", "request_id", id, "error", err)
		return Failure{Status: http.StatusBadGateway, Short: "Check failed",
			Message: "the correction engine returned corrections that do not fit the text; nothing was corrected"}
	}
	if d, busy := pipeline.RetryAfter(err); busy {
		// Every model endpoint is at capacity: come back later.
		s.log.Warn("model endpoints saturated", "request_id", id, "error", err)
		d = roundUpSecond(d)
		return Failure{Status: http.StatusServiceUnavailable, RetryAfter: d, Short: "Service busy",
			Message: fmt.Sprintf("every model server is busy; nothing was corrected. Retry after %d s.", int(d/time.Second))}
	}
	s.log.Error("check failed", "request_id", id, "error", err)
	return Failure{Status: http.StatusServiceUnavailable, RetryAfter: retryFailedCheck, Short: "Check failed",
		Message: fmt.Sprintf("the correction engine failed on this text; nothing was corrected. Retry after %d s.", int(retryFailedCheck/time.Second))}
}

// writeFailure answers f in the API's format.
func writeFailure(w http.ResponseWriter, format apiFormat, f Failure) {
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(roundUpSecond(f.RetryAfter)/time.Second)))
	}
	switch format {
	case formatLT:
		cors(w)
		h := w.Header()
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(f.Status)
		_, _ = io.WriteString(w, "Error: "+f.Message+"\n")
	default:
		writeError(w, f.Status, f.Short, f.Message)
	}
}

// writeCheckError answers a failed check in the original API's format:
// never a 200 that looks clean.
func (s *Server) writeCheckError(w http.ResponseWriter, r *http.Request, err error) {
	writeFailure(w, formatJSON, s.checkFailure(r, err))
}

// roundUpSecond rounds d up to whole seconds, at least one.
func roundUpSecond(d time.Duration) time.Duration {
	return max(time.Second, (d+time.Second-1)/time.Second*time.Second)
}

// limit is one rate limit: what it counts and how it reads to a client.
type limit struct {
	key    string // limiter key, e.g. "demo:" + address
	n      int    // requests allowed per window
	window time.Duration
}

// allow counts one request against l and, when it is over, answers 429
// with Retry-After and the X-RateLimit headers in the API's format; it
// returns false when it answered. The one rate-limit responder of every
// API; the message is the original API's ("Rate limit of N requests per
// hour exceeded"), the wait is in Retry-After and X-RateLimit-Reset. A limiter that is down lets the request through (logged): it must
// not take the service down.
func (s *Server) allow(w http.ResponseWriter, r *http.Request, format apiFormat, l limit) bool {
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
	retry := roundUpSecond(d.RetryAfter)
	per := "minute"
	if l.window >= time.Hour {
		per = "hour"
	}
	writeFailure(w, format, Failure{Status: http.StatusTooManyRequests, RetryAfter: retry, Short: "Rate limit exceeded",
		Message: fmt.Sprintf("Rate limit of %d requests per %s exceeded", l.n, per)})
	return false
}
