package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"appencorrect/internal/auth"
	"appencorrect/internal/cache"
	"appencorrect/internal/config"
	"appencorrect/internal/llm"
	"appencorrect/internal/metrics"
	"appencorrect/internal/quality"
	"appencorrect/internal/ratelimit"
	"appencorrect/internal/server"
	"appencorrect/internal/store"
	usagerec "appencorrect/internal/usage"
)

// openStore opens the configured database: PostgreSQL when DATABASE_URL
// is set, else the SQLite file DATABASE_PATH. exclusive is for serve: a
// second server on the same SQLite file fails instead of sharing it.
func openStore(ctx context.Context, cfg config.Config, exclusive bool) (*store.Store, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	st, err := store.Open(ctx, store.Options{URL: string(cfg.DatabaseURL), Path: cfg.DatabasePath, Exclusive: exclusive})
	if err != nil {
		return nil, fmt.Errorf("opening the database: %w", err)
	}
	return st, nil
}

// state is what serve builds besides the engine: the store, key and
// account authentication, the usage recorder, and Redis when configured.
type state struct {
	store    *store.Store
	auth     *auth.Authenticator
	accounts *auth.Accounts
	usage    *usagerec.Recorder
	redis    *redis.Client
	// resultCache is the shared result cache (nil without Redis): give it
	// to the pipeline (pipeline.WithCache).
	resultCache *cache.Redis
	limiter     ratelimit.Limiter
	fallback    *ratelimit.Fallback
}

// openState opens the store and Redis and starts the usage recorder.
func openState(ctx context.Context, cfg config.Config, log *slog.Logger) (*state, error) {
	st, err := openStore(ctx, cfg, true)
	if err != nil {
		return nil, err
	}
	s := &state{store: st}
	secret, generated, err := auth.LoadSecret(ctx, st, string(cfg.SecretKey))
	if err != nil {
		st.Close()
		return nil, err
	}
	if generated {
		log.Info("SECRET_KEY is not set: using the generated secret stored in the database")
	}
	s.auth = auth.NewAuthenticator(st, cfg.APIKeyCacheTTL)
	s.accounts = auth.NewAccounts(st, secret, auth.AccountOptions{MaxFailures: cfg.LoginMaxFailures, LockFor: cfg.LoginLockout})
	s.usage = usagerec.New(st, usagerec.Options{Logger: log})
	s.limiter = ratelimit.NewMemory(nil)
	if cfg.RedisEnabled {
		rc, err := cache.NewRedisClient(cache.RedisConfig{Host: cfg.RedisHost, Port: cfg.RedisPort, DB: cfg.RedisDB,
			Password: string(cfg.RedisPassword), TLS: cfg.RedisTLS, CAFile: cfg.RedisCAFile})
		if err != nil {
			s.close(context.Background(), log)
			return nil, err
		}
		s.redis = rc
		s.resultCache = cache.NewRedis(rc, cache.RedisOptions{})
		s.fallback = &ratelimit.Fallback{Primary: ratelimit.NewRedis(rc, ""), Secondary: s.limiter, Logger: log}
		s.limiter = s.fallback
		pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		if err := rc.Ping(pctx).Err(); err != nil {
			// Not fatal: requests go on without the shared cache, limits
			// fall back to this replica, and /health says degraded.
			log.Warn("redis unreachable at start; running without it until it answers", "error", err)
		}
		cancel()
	}
	log.Info("state ready", "database", string(st.Kind()), "schema_version", st.SchemaVersion(), "redis", cfg.RedisEnabled)
	return s, nil
}

// components are reported by /health.
func (s *state) components() []server.Component {
	cs := []server.Component{s.store}
	if s.resultCache != nil {
		cs = append(cs, s.resultCache)
	}
	return cs
}

// cacheComponent is the shared cache for /api/cache/status, or nil.
func (s *state) cacheComponent() server.Component {
	if s.resultCache == nil {
		return nil
	}
	return s.resultCache
}

// registerMetrics exports the state's counters: usage records, Redis
// cache errors and rate limiter fallbacks, so that a Redis outage shows.
func (s *state) registerMetrics(reg *prometheus.Registry) error {
	cs := []prometheus.Collector{
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "appencorrect", Name: "usage_records_written_total",
			Help: "Usage records written to the database."}, func() float64 { w, _, _ := s.usage.Stats(); return float64(w) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "appencorrect", Name: "usage_records_dropped_total",
			Help: "Usage records dropped because the buffer was full while the database refused writes."}, func() float64 { _, d, _ := s.usage.Stats(); return float64(d) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "appencorrect", Name: "usage_records_pending",
			Help: "Usage records waiting to be written."}, func() float64 { return float64(s.usage.Pending()) }),
	}
	if s.resultCache != nil {
		cs = append(cs,
			prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "appencorrect", Name: "redis_cache_errors_total",
				Help: "Redis result cache operations that failed (the request went on without the cache)."}, func() float64 { return float64(s.resultCache.Stats().Errors) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "appencorrect", Name: "redis_cache_skipped_total",
				Help: "Redis result cache operations skipped during the cooldown after an error."}, func() float64 { return float64(s.resultCache.Stats().Skipped) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "appencorrect", Name: "ratelimit_fallbacks_total",
				Help: "Rate limit checks answered by this replica's memory because Redis failed."}, func() float64 { return float64(s.fallback.Failures()) }),
		)
	}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("registering metrics: %w", err)
		}
	}
	return nil
}

// close writes the remaining usage records (call it after the HTTP server
// has shut down, so requests in flight at SIGTERM are recorded), then
// closes Redis and the database.
func (s *state) close(ctx context.Context, log *slog.Logger) error {
	var errs []error
	if s.usage != nil {
		if err := s.usage.Close(ctx); err != nil {
			errs = append(errs, err)
		}
		w, d, _ := s.usage.Stats()
		log.Info("usage records flushed", "written", w, "dropped", d)
	}
	if s.redis != nil {
		if err := s.redis.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := s.store.Close(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// wire puts the state into the server's dependencies.
func (s *state) wire(cfg config.Config, d *server.Deps) error {
	d.Store, d.Auth, d.Accounts, d.Usage = s.store, s.auth, s.accounts, s.usage
	d.Limiter = s.limiter
	d.Cache = s.cacheComponent()
	d.Components = append(d.Components, s.components()...)
	d.LanguageTool.Auth = server.LTKeys{Auth: s.auth}
	if cfg.MetricsEnabled {
		if d.Metrics == nil {
			d.Metrics = metrics.New(buildVersion())
		}
		if err := s.registerMetrics(d.Metrics.Registry()); err != nil {
			return err
		}
	}
	return nil
}

// llmScorer makes the model score /assess/quality through the LLM
// engine's client; the server still computes the weighted score and
// applies the caps. Wire it with deps.Scorer = llmScorer(client).
func llmScorer(c *llm.Client) quality.Scorer {
	return quality.LLM{Model: c.Model(), Chat: func(ctx context.Context, system, user string, schema json.RawMessage) (string, quality.Tokens, error) {
		text, u, err := c.Chat(ctx, []llm.Message{{Role: "system", Content: system}, {Role: "user", Content: user}},
			&llm.Schema{Name: "quality_assessment", Schema: schema})
		return text, quality.Tokens{Prompt: u.PromptTokens, Completion: u.CompletionTokens}, err
	}}
}
