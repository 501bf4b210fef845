package cache

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisConfig locates a Redis or Valkey server (the VALKEY_* variables).
type RedisConfig struct {
	Host     string
	Port     int
	DB       int
	Password string
	// TLS turns on TLS with certificate verification against the system
	// roots, or against CAFile when it is set. Verification is never
	// skipped.
	TLS    bool
	CAFile string
	// PoolSize bounds connections; 0 means go-redis's default.
	PoolSize int
}

// NewRedisClient returns a client for c; it does not connect until used.
func NewRedisClient(c RedisConfig) (*redis.Client, error) {
	host := c.Host
	if host == "" {
		host = "localhost"
	}
	port := c.Port
	if port == 0 {
		port = 6379
	}
	opts := &redis.Options{
		Addr:         net.JoinHostPort(host, strconv.Itoa(port)),
		Password:     c.Password,
		DB:           c.DB,
		DialTimeout:  2 * time.Second,
		ReadTimeout:  time.Second,
		WriteTimeout: time.Second,
		PoolSize:     c.PoolSize,
	}
	if c.TLS {
		tc := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: host}
		if c.CAFile != "" {
			pem, err := os.ReadFile(c.CAFile)
			if err != nil {
				return nil, fmt.Errorf("redis CA file: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("redis CA file %s: no PEM certificates", c.CAFile)
			}
			tc.RootCAs = pool
		}
		opts.TLSConfig = tc
	}
	return redis.NewClient(opts), nil
}

// RedisOptions tune a Redis cache.
type RedisOptions struct {
	// Prefix starts every key; default "appencorrect:result:".
	Prefix string
	// Timeout bounds one operation, so a slow Redis costs a request at
	// most this much; default 200ms.
	Timeout time.Duration
	// Cooldown is how long the cache is skipped after an error, so a
	// Redis that is down costs requests nothing; default 2s.
	Cooldown time.Duration
}

// RedisStats counts cache operations since start.
type RedisStats struct {
	Hits, Misses, Sets, Errors, Skipped int64
}

// Redis is the shared result cache (Redis or Valkey) implementing the
// pipeline's cache: Get and Set with a TTL. Keys are hashed (SHA-256), so
// long keys holding tenant instructions stay short and opaque in Redis.
// Errors are returned, never hidden, and trip a short cooldown during
// which calls fail fast with ErrUnavailable; callers treat an error as a
// miss and go on without the cache.
type Redis struct {
	c    redis.UniversalClient
	opts RedisOptions
	now  func() time.Time

	downUntil                             atomic.Int64 // unix nanoseconds
	lastErr                               atomic.Value // string
	hits, misses, sets, errorsN, skippedN atomic.Int64
}

// ErrUnavailable is returned during the cooldown after a Redis error.
var ErrUnavailable = errors.New("redis cache unavailable")

// NewRedis returns a cache on client c.
func NewRedis(c redis.UniversalClient, opts RedisOptions) *Redis {
	if opts.Prefix == "" {
		opts.Prefix = "appencorrect:result:"
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 200 * time.Millisecond
	}
	if opts.Cooldown <= 0 {
		opts.Cooldown = 2 * time.Second
	}
	return &Redis{c: c, opts: opts, now: time.Now}
}

func (r *Redis) key(k string) string {
	sum := sha256.Sum256([]byte(k))
	return r.opts.Prefix + hex.EncodeToString(sum[:])
}

func (r *Redis) available() bool {
	if r.now().UnixNano() < r.downUntil.Load() {
		r.skippedN.Add(1)
		return false
	}
	return true
}

func (r *Redis) fail(err error) error {
	r.errorsN.Add(1)
	r.lastErr.Store(err.Error())
	r.downUntil.Store(r.now().Add(r.opts.Cooldown).UnixNano())
	return fmt.Errorf("redis cache: %w", err)
}

// Get returns the value stored under key; found is false on a miss.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, bool, error) {
	if !r.available() {
		return nil, false, ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	v, err := r.c.Get(ctx, r.key(key)).Bytes()
	if errors.Is(err, redis.Nil) {
		r.misses.Add(1)
		return nil, false, nil
	}
	if err != nil {
		return nil, false, r.fail(err)
	}
	r.hits.Add(1)
	return v, true, nil
}

// Set stores val under key for ttl (at least a millisecond).
func (r *Redis) Set(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	if !r.available() {
		return ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	if err := r.c.Set(ctx, r.key(key), val, max(ttl, time.Millisecond)).Err(); err != nil {
		return r.fail(err)
	}
	r.sets.Add(1)
	return nil
}

// Stats returns the operation counters.
func (r *Redis) Stats() RedisStats {
	return RedisStats{Hits: r.hits.Load(), Misses: r.misses.Load(), Sets: r.sets.Load(),
		Errors: r.errorsN.Load(), Skipped: r.skippedN.Load()}
}

// Name names the component in /health.
func (r *Redis) Name() string { return "cache" }

// Health pings Redis: "ok", or "degraded" with the error (requests go on
// without the cache).
func (r *Redis) Health(ctx context.Context) (status, detail string) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := r.c.Ping(ctx).Err(); err != nil {
		return "degraded", "redis unreachable, running without the shared cache: " + err.Error()
	}
	return "ok", "redis"
}
