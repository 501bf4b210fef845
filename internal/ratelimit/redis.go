package ratelimit

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// fixedWindow counts one request in the window containing Redis's own
// clock (so replicas with skewed clocks agree), atomically: the read, the
// limit check, the increment and the expiry run as one script, so
// concurrent requests on any number of replicas never exceed the limit.
// Refused requests are not counted. Both keys share a hash tag, so the
// script also runs on a Redis Cluster.
//
// KEYS[1]: the counter's base name. ARGV[1]: limit. ARGV[2]: window in ms.
// Returns {allowed (0/1), count, ms until the window ends}.
var fixedWindow = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local win = tonumber(ARGV[2])
local start = now - (now % win)
local key = KEYS[1] .. ':' .. start
local left = start + win - now
local c = tonumber(redis.call('GET', key) or '0')
if c >= limit then
  return {0, c, left}
end
c = redis.call('INCR', key)
if c == 1 then
  redis.call('PEXPIRE', key, win + 1000)
end
return {1, c, left}
`)

// Redis is a fixed-window limiter shared by every replica using the same
// Redis or Valkey server.
type Redis struct {
	c      redis.Scripter
	prefix string
	now    func() time.Time
}

// NewRedis returns a limiter on client c; prefix starts its keys (default
// "appencorrect:rl:").
func NewRedis(c redis.Scripter, prefix string) *Redis {
	if prefix == "" {
		prefix = "appencorrect:rl:"
	}
	return &Redis{c: c, prefix: prefix, now: time.Now}
}

// Allow counts one request of key against limit per window.
func (r *Redis) Allow(ctx context.Context, key string, limit int, window time.Duration) (Decision, error) {
	if window < time.Millisecond {
		window = time.Minute
	}
	res, err := fixedWindow.Run(ctx, r.c, []string{r.prefix + "{" + key + "}"}, limit, window.Milliseconds()).Int64Slice()
	if err != nil {
		return Decision{}, fmt.Errorf("redis limiter: %w", err)
	}
	if len(res) != 3 {
		return Decision{}, fmt.Errorf("redis limiter: unexpected reply %v", res)
	}
	left := time.Duration(res[2]) * time.Millisecond
	d := Decision{Allowed: res[0] == 1, Limit: limit, Remaining: max(limit-int(res[1]), 0), Reset: r.now().Add(left)}
	if !d.Allowed {
		d.RetryAfter = left
	}
	return d, nil
}

// Fallback uses Primary (Redis) and, when it fails, Secondary (memory, per
// replica): limits stay enforced, approximately, while Redis is down,
// and no request fails because of it. After a failure Primary is skipped
// for Cooldown (default 2s), so a dead Redis does not add its timeouts to
// every request.
type Fallback struct {
	Primary, Secondary Limiter
	Logger             *slog.Logger
	Cooldown           time.Duration
	failures           atomic.Int64
	downUntil          atomic.Int64 // unix nanoseconds
}

// Allow asks Primary, then Secondary when Primary fails or cools down.
func (f *Fallback) Allow(ctx context.Context, key string, limit int, window time.Duration) (Decision, error) {
	if time.Now().UnixNano() < f.downUntil.Load() {
		f.failures.Add(1)
		return f.Secondary.Allow(ctx, key, limit, window)
	}
	d, err := f.Primary.Allow(ctx, key, limit, window)
	if err == nil {
		return d, nil
	}
	cool := f.Cooldown
	if cool <= 0 {
		cool = 2 * time.Second
	}
	f.downUntil.Store(time.Now().Add(cool).UnixNano())
	if n := f.failures.Add(1); n == 1 || n%1000 == 0 {
		if f.Logger != nil {
			f.Logger.Warn("shared rate limiter failed; limiting per replica until it is back", "error", err, "failures", n)
		}
	}
	return f.Secondary.Allow(ctx, key, limit, window)
}

// Failures counts the calls Secondary answered because Primary failed
// or was cooling down.
func (f *Fallback) Failures() int64 { return f.failures.Load() }
