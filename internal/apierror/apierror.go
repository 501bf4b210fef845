// Package apierror is the one mapping from a failure to its HTTP answer:
// the status, how long the client should wait before retrying
// (Retry-After), a stable machine-readable code, a short title and a
// message safe for anyone to read. Every API answers failures through it
// (the original JSON API, LanguageTool's /v2, the admin API, logins and
// the event streams) and renders only the body in its own format; the
// status and the headers are the same everywhere.
//
// A handler that ran a check and got an error calls From with the
// request's context:
//
//	f := apierror.From(r.Context(), err)
//	f.SetHeaders(w.Header()) // Retry-After, when there is a wait
//	w.WriteHeader(f.Status)
//	// then the body in the API's format: f.Title, f.Message, f.Code
//
// A stream that has already sent events reports f.Code and f.Message in
// its error event instead. The error's own text never reaches the answer:
// it can name internal addresses; log it beside f.Code (f.Level says how
// loudly).
package apierror

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"appencorrect/internal/pipeline"
)

// Code names a failure for programs: one of the constants below, a closed
// set (it is also what logs and metrics may be labelled with).
type Code string

// The failure codes.
const (
	// Cancelled: the client closed the request (499; nobody reads it).
	Cancelled Code = "cancelled"
	// Timeout: the check did not finish within the request deadline (504).
	Timeout Code = "timeout"
	// Busy: every model server is at capacity (503, Retry-After from the
	// balancer's queue).
	Busy Code = "busy"
	// EngineFailed: the model failed and no fallback answered
	// (LLM_FALLBACK=none) or the engine failed otherwise (503,
	// Retry-After: RetryFailed).
	EngineFailed Code = "engine_failed"
	// BadEngineAnswer: the engine's corrections do not fit the text (502).
	BadEngineAnswer Code = "bad_engine_answer"
	// StorageUnavailable: the database failed (503, Retry-After:
	// RetryFailed).
	StorageUnavailable Code = "storage_unavailable"
	// AuthUnavailable: a key or a session could not be checked because
	// its store failed (503, Retry-After: RetryFailed).
	AuthUnavailable Code = "auth_unavailable"
	// RateLimited: over a rate limit (429, Retry-After until the window
	// ends).
	RateLimited Code = "rate_limited"
	// Internal: the server failed on the request (500: a recovered
	// panic, logged with its stack).
	Internal Code = "internal"
	// LoginLocked: too many failed logins of one user name from one
	// address (429, Retry-After until the lock ends).
	LoginLocked Code = "login_locked"
	// Starting: the process is still loading its state and dictionaries
	// (503, Retry-After: RetryStarting).
	Starting Code = "starting"
)

// RetryStarting is the Retry-After of a request answered while the
// process starts: it takes the real handler within seconds.
const RetryStarting = time.Second

// RetryFailed is the Retry-After of a failure other than saturation or a
// rate limit (the model down with LLM_FALLBACK=none, the database or key
// store unreachable): long enough for a replica or a probe to come back.
const RetryFailed = 5 * time.Second

// StatusClientClosed is the status logged for a request its client
// closed (nginx's 499); no client reads it.
const StatusClientClosed = 499

// Failure is the public answer to a failure.
type Failure struct {
	// Status is the HTTP status.
	Status int
	// RetryAfter is how long to wait before retrying, in whole seconds
	// (at least one) when positive; 0 means no Retry-After header.
	RetryAfter time.Duration
	// Code is the stable machine-readable name of the failure.
	Code Code
	// Title is a short human title: the original API's "error" field.
	Title string
	// Message says what happened and what to do; safe for anyone to read.
	Message string
}

// ErrStorage marks an error of the database (keys, usage, feedback,
// instructions, dictionaries): wrap the store's error with it
// (fmt.Errorf("...: %w: %w", apierror.ErrStorage, err)) or use Storage.
var ErrStorage = errors.New("storage unavailable")

// ErrAuth marks a failure to check credentials because their store
// failed (not a wrong key: that is a 401 the caller writes itself).
var ErrAuth = errors.New("credentials could not be checked")

// Storage marks err as a database failure for From.
func Storage(err error) error { return fmt.Errorf("%w: %w", ErrStorage, err) }

// Auth marks err as a failure of the credential store for From.
func Auth(err error) error { return fmt.Errorf("%w: %w", ErrAuth, err) }

// From maps err, which ended the request whose context is ctx, to its
// answer. Any error that is not one of the known kinds is an engine
// failure of a check (503 with Retry-After), never a 200 that looks clean.
func From(ctx context.Context, err error) Failure {
	switch {
	case ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded):
		// The client went away; nobody reads this answer.
		return Failure{Status: StatusClientClosed, Code: Cancelled, Title: "Client closed request",
			Message: "the request was cancelled"}
	case errors.Is(err, ErrAuth):
		return withRetry(Failure{Status: http.StatusServiceUnavailable, Code: AuthUnavailable, Title: "Authentication unavailable",
			Message: "the credentials could not be checked because their store is unreachable"}, RetryFailed)
	case errors.Is(err, ErrStorage):
		return withRetry(Failure{Status: http.StatusServiceUnavailable, Code: StorageUnavailable, Title: "Storage unavailable",
			Message: "the database could not be reached; nothing was changed"}, RetryFailed)
	case errors.Is(err, context.DeadlineExceeded):
		return Failure{Status: http.StatusGatewayTimeout, Code: Timeout, Title: "Timeout",
			Message: "the check did not finish within the request deadline; nothing was corrected"}
	case errors.Is(err, pipeline.ErrInconsistent):
		return Failure{Status: http.StatusBadGateway, Code: BadEngineAnswer, Title: "Check failed",
			Message: "the correction engine returned corrections that do not fit the text; nothing was corrected"}
	}
	if d, busy := pipeline.RetryAfter(err); busy {
		return withRetry(Failure{Status: http.StatusServiceUnavailable, Code: Busy, Title: "Service busy",
			Message: "every model server is busy; nothing was corrected"}, d)
	}
	return withRetry(Failure{Status: http.StatusServiceUnavailable, Code: EngineFailed, Title: "Check failed",
		Message: "the correction engine failed on this text; nothing was corrected"}, RetryFailed)
}

// RateLimit is the answer to a request over a limit of n requests per
// window, retryable after wait (the end of the window).
func RateLimit(n int, window, wait time.Duration) Failure {
	per := "minute"
	if window >= time.Hour {
		per = "hour"
	}
	return withRetry(Failure{Status: http.StatusTooManyRequests, Code: RateLimited, Title: "Rate limit exceeded",
		Message: fmt.Sprintf("Rate limit of %d requests per %s exceeded", n, per)}, wait)
}

// LoginLock is the answer to a login of a user name from an address that
// failed too often; the lock ends at until.
func LoginLock(until, now time.Time) Failure {
	return withRetry(Failure{Status: http.StatusTooManyRequests, Code: LoginLocked, Title: "Too many failed logins",
		Message: "too many failed logins for this user name from this address; try again after " + until.UTC().Format(time.RFC3339)},
		until.Sub(now))
}

// NotReady is the answer to a request that came before the process was
// ready to serve it.
func NotReady() Failure {
	return withRetry(Failure{Status: http.StatusServiceUnavailable, Code: Starting, Title: "Starting",
		Message: "the service is starting"}, RetryStarting)
}

// withRetry sets f's wait, rounded up to whole seconds, and says it in the
// message (clients that show only the message still learn it).
func withRetry(f Failure, d time.Duration) Failure {
	f.RetryAfter = roundUpSecond(d)
	if f.Code != RateLimited && f.Code != LoginLocked {
		f.Message += fmt.Sprintf(". Retry after %d s.", f.RetryAfterSeconds())
	}
	return f
}

// RetryAfterSeconds is the Retry-After header's value: whole seconds, 0
// when there is none.
func (f Failure) RetryAfterSeconds() int {
	if f.RetryAfter <= 0 {
		return 0
	}
	return int(roundUpSecond(f.RetryAfter) / time.Second)
}

// SetHeaders sets the headers every API sends with f: Retry-After when
// there is a wait. Call it before writing the status.
func (f Failure) SetHeaders(h http.Header) {
	if s := f.RetryAfterSeconds(); s > 0 {
		h.Set("Retry-After", strconv.Itoa(s))
	}
}

// Level is how loudly to log the error behind f: a client that left is
// news, overload and limits a warning, the rest an error.
func (f Failure) Level() slog.Level {
	switch f.Code {
	case Cancelled:
		return slog.LevelInfo
	case Busy, RateLimited, LoginLocked, Timeout:
		return slog.LevelWarn
	}
	return slog.LevelError
}

// roundUpSecond rounds d up to whole seconds, at least one.
func roundUpSecond(d time.Duration) time.Duration {
	return max(time.Second, (d+time.Second-1)/time.Second*time.Second)
}
