package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"appencorrect/internal/builtin"
	"appencorrect/internal/config"
	"appencorrect/internal/metrics"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/server"
)

func newLogger(w io.Writer, cfg config.Config) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(cfg.LogFormat, "text") {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func runServe(ctx context.Context, args []string, s stdio) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(s.err)
	addr := fs.String("addr", "", "listen address HOST:PORT (default from HOST and PORT)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "usage: appencorrect serve [--addr HOST:PORT]\n\nConfiguration comes from the environment: appencorrect help env")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	cfg, err := config.Load(s.getenv)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect serve:", err)
		return 2
	}
	log := newLogger(s.err, cfg)
	if err := serve(ctx, cfg, *addr, log); err != nil {
		log.Error("serve failed", "error", err)
		return 1
	}
	return 0
}

// serve runs the HTTP server until ctx is cancelled (SIGTERM, SIGINT), then
// stops accepting connections and waits for requests in flight.
//
// It binds the port first and answers at once: /health says "starting"
// (503) while the state and the dictionaries load, then the real handler
// takes over and "listening" is logged.
func serve(ctx context.Context, cfg config.Config, addr string, log *slog.Logger) error {
	if addr == "" {
		addr = cfg.Addr()
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	var handler atomic.Pointer[http.Handler]
	starting := server.StartingHandler(buildVersion())
	handler.Store(&starting)
	hs := &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*handler.Load()).ServeHTTP(w, r) }),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 10*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("starting", "addr", ln.Addr().String(), "version", buildVersion())
	stopHTTP := func() error {
		sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("shutdown: %w", err)
		}
		return nil
	}

	st, err := openState(ctx, cfg, log)
	if err != nil {
		_ = stopHTTP()
		return err
	}
	// Deferred, so it runs after the shutdown below has returned: the usage
	// of requests in flight at SIGTERM has been recorded by then and is
	// written here.
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := st.close(cctx, log); err != nil {
			log.Error("closing the state", "error", err)
		}
	}()
	deps := server.Deps{Logger: log, Version: buildVersion()}
	var obs pipeline.Observer
	if cfg.MetricsEnabled {
		deps.Metrics = metrics.New(buildVersion())
		obs = deps.Metrics
	}
	var shared pipeline.Cache // the Redis result cache when configured, else in memory
	if st.resultCache != nil {
		shared = st.resultCache
	}
	eng, err := newPipeline(ctx, cfg, log, shared, obs)
	if err != nil {
		_ = stopHTTP()
		return err
	}
	defer eng.stop()
	deps.Pipeline = eng.pipe
	deps.LanguageTool.Detect = builtin.DetectLanguage
	deps.LanguageTool.Rules = eng.ltRules()
	if eng.client != nil {
		deps.Scorer = llmScorer(eng.client)
		if deps.Metrics != nil {
			if err := deps.Metrics.WatchLLM(llmStats(eng.client)); err != nil {
				_ = stopHTTP()
				return fmt.Errorf("metrics: %w", err)
			}
		}
	}
	if err := st.wire(cfg, &deps); err != nil {
		_ = stopHTTP()
		return err
	}
	srv := server.New(cfg, deps)
	if mh := srv.MetricsHandler(); mh != nil && cfg.MetricsAddr != "" {
		stopMetrics, err := serveMetrics(cfg.MetricsAddr, mh, log)
		if err != nil {
			_ = stopHTTP()
			return err
		}
		defer stopMetrics()
	}
	ready := srv.Handler()
	handler.Store(&ready)
	log.Info("listening", "addr", ln.Addr().String(), "version", buildVersion())

	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight", "timeout", cfg.ShutdownTimeout.String())
	if err := stopHTTP(); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// serveMetrics serves h (GET /metrics) on its own listener, METRICS_ADDR,
// and returns the function that stops it.
func serveMetrics(addr string, h http.Handler, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener on %s: %w", addr, err)
	}
	ms := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := ms.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener failed", "error", err)
		}
	}()
	log.Info("metrics listening", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = ms.Shutdown(ctx)
	}, nil
}
