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
	pipe, err := newPipeline(log)
	if err != nil {
		return err
	}
	srv := server.New(cfg, server.Deps{Pipeline: pipe, Logger: log, Version: buildVersion()})
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
