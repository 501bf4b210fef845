// Package server is AppenCorrect's HTTP surface: the original JSON API,
// health, and the middleware every route shares (request ids, logs, limits,
// JSON errors).
package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"appencorrect/internal/auth"
	"appencorrect/internal/config"
	"appencorrect/internal/dictionary"
	"appencorrect/internal/metrics"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/quality"
	"appencorrect/internal/ratelimit"
	"appencorrect/internal/store"
	"appencorrect/internal/usage"
)

// Component reports the state of one part of the service for /health.
type Component interface {
	Name() string
	// Health returns "ok" or "degraded"/"down" with a reason.
	Health(ctx context.Context) (status, detail string)
}

// Deps are the parts the server is built from.
type Deps struct {
	Pipeline *pipeline.Pipeline
	// Limiter counts demo requests; nil means an in-memory one.
	Limiter ratelimit.Limiter
	Logger  *slog.Logger
	Version string
	// Components are reported by /health besides the engine.
	Components []Component
	// LanguageTool holds the optional parts of the LanguageTool API
	// (/v2/...): key authentication, language detection, rule catalog.
	LanguageTool LanguageToolDeps
	// Metrics counts requests and serves /metrics; nil with
	// METRICS_ENABLED (the default) means New creates one. Share it with
	// the pipeline and the LLM engine (metrics.Observer) so that /metrics
	// shows theirs too.
	Metrics *metrics.Metrics

	// State (issue 4). Without Store and Auth the keyed API (/check,
	// /custom-instructions, /feedback, /assess/quality, /api/...) is not
	// registered.
	Store *store.Store
	Auth  *auth.Authenticator
	// Accounts enables administrator logins (/login, /logout,
	// /api/session); nil leaves admin access to admin-scoped keys.
	Accounts *auth.Accounts
	// Usage records one row per request; nil records nothing.
	Usage *usage.Recorder
	// Scorer scores /assess/quality; nil means the built-in formula.
	Scorer quality.Scorer
	// Cache is the shared result cache, reported by /api/cache/status;
	// nil means the in-process one.
	Cache Component
}

// Server serves the HTTP API. Build it with New.
type Server struct {
	cfg     config.Config
	deps    Deps
	log     *slog.Logger
	limiter ratelimit.Limiter
	mux     *http.ServeMux
	started time.Time
	// patterns registered without a method, answering 405, with the
	// methods each path allows (for the Allow header); read-only once
	// the routes are registered.
	anyMethod map[string]bool
	allowed   map[string][]string

	// wordLists are the tenants' word lists, cached by version; nil
	// without a store.
	wordLists *dictionary.Lists

	// healthLast is the last state logged per /health component.
	healthMu   sync.Mutex
	healthLast map[string]string
}

// New returns a server for cfg.
func New(cfg config.Config, deps Deps) *Server {
	s := &Server{
		cfg:       cfg,
		deps:      deps,
		log:       deps.Logger,
		limiter:   deps.Limiter,
		mux:       http.NewServeMux(),
		started:   time.Now(),
		anyMethod: map[string]bool{},
		allowed:   map[string][]string{},

		healthLast: map[string]string{},
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.limiter == nil {
		s.limiter = ratelimit.NewMemory(nil)
	}
	if deps.Store != nil {
		s.wordLists = dictionary.NewLists(deps.Store, maxCachedWords)
	}
	if !cfg.MetricsEnabled {
		s.deps.Metrics = nil
	} else if s.deps.Metrics == nil {
		s.deps.Metrics = metrics.New(deps.Version)
	}
	s.routes()
	return s
}

func (s *Server) routes() {
	s.handle("GET /health", s.health)
	if s.deps.Metrics != nil && s.cfg.MetricsAddr == "" {
		s.handle("GET /metrics", s.metricsHandler().ServeHTTP)
	}
	s.handle("POST /demo/check", s.demoLimited(s.demoCheck))
	s.handle("POST /demo/check/stream", s.demoLimited(s.demoCheckStream))
	s.languageToolRoutes()
	s.stateRoutes()
	s.registerPages()
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeClientError(w, r, http.StatusNotFound, "Endpoint not found", "no endpoint "+echoed(r.Method, maxLoggedMethod)+" "+echoed(r.URL.Path, maxEchoedPath))
	})
}

// handle registers a "METHOD /path" pattern and makes other methods on the
// same path answer 405 with Allow and a body in the path's API format.
func (s *Server) handle(pattern string, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, h)
	method, path, ok := cutMethod(pattern)
	if !ok {
		return
	}
	s.allowed[path] = append(s.allowed[path], method)
	if method == http.MethodGet {
		s.allowed[path] = append(s.allowed[path], http.MethodHead)
	}
	if s.anyMethod[path] {
		return
	}
	s.anyMethod[path] = true
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		allow := strings.Join(s.allowed[path], ", ")
		w.Header().Set("Allow", allow)
		writeClientError(w, r, http.StatusMethodNotAllowed, "Method not allowed", echoed(r.Method, maxLoggedMethod)+" is not allowed on "+echoed(r.URL.Path, maxEchoedPath)+"; use "+allow)
	})
}

func cutMethod(pattern string) (method, path string, ok bool) {
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == ' ' {
			return pattern[:i], pattern[i+1:], true
		}
	}
	return "", pattern, false
}

// MetricsHandler serves /metrics for the separate listener of
// METRICS_ADDR (nil when metrics are off): Prometheus text, behind
// METRICS_TOKEN when one is set, and 404 for any other path.
func (s *Server) MetricsHandler() http.Handler {
	if s.deps.Metrics == nil {
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metricsHandler())
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "Endpoint not found", "this listener serves GET /metrics only")
	})
	return s.recoverer(mux)
}

// metricsHandler is the registry's handler, requiring METRICS_TOKEN as a
// bearer token when one is configured.
func (s *Server) metricsHandler() http.Handler {
	h := s.deps.Metrics.Handler()
	token := string(s.cfg.MetricsToken)
	if token == "" {
		return h
	}
	want := sha256.Sum256([]byte("Bearer " + token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := sha256.Sum256([]byte(r.Header.Get("Authorization")))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			writeError(w, http.StatusUnauthorized, "Metrics token required", "send METRICS_TOKEN as Authorization: Bearer <token>")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Handler returns the server's root handler with its middleware.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.mux
	if s.deps.Metrics != nil {
		// Innermost, so it sees the route the mux matched (r.Pattern).
		h = s.deps.Metrics.Middleware(h)
	}
	return s.recoverer(s.requestID(s.logRequests(s.recordUsage(s.limitBody(h)))))
}
