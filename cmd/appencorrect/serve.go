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
	"time"

	"appencorrect/internal/config"
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
func serve(ctx context.Context, cfg config.Config, addr string, log *slog.Logger) error {
	if addr == "" {
		addr = cfg.Addr()
	}
	st, err := openState(ctx, cfg, log)
	if err != nil {
		return err
	}
	// Deferred, so it runs after Shutdown below has returned: the usage of
	// requests in flight at SIGTERM has been recorded by then and is
	// written here.
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := st.close(cctx, log); err != nil {
			log.Error("closing the state", "error", err)
		}
	}()
	var shared pipeline.Cache // the Redis result cache when configured, else in memory
	if st.resultCache != nil {
		shared = st.resultCache
	}
	pipe, stopEngine, err := newPipeline(ctx, cfg, log, shared)
	if err != nil {
		return err
	}
	defer stopEngine()
	deps := server.Deps{Pipeline: pipe, Logger: log, Version: buildVersion()}
	if err := st.wire(cfg, &deps); err != nil {
		return err
	}
	srv := server.New(cfg, deps)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 10*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "version", buildVersion())
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight", "timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}
