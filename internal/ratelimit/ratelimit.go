// Package ratelimit counts requests per key in fixed time windows ("N per
// minute", "N per hour"). Memory is the in-process limiter; a shared one
// (Redis) satisfies the same Limiter interface for several replicas.
package ratelimit

import (
	"context"
	"hash/maphash"
	"sync"
	"time"
)

// Decision is the answer for one request.
type Decision struct {
	Allowed   bool
	Limit     int
	Remaining int
	// Reset is when the current window ends; RetryAfter is the wait until
	// then when the request was refused.
	Reset      time.Time
	RetryAfter time.Duration
}

// Limiter decides whether one more request of key fits in limit per window.
type Limiter interface {
	Allow(ctx context.Context, key string, limit int, window time.Duration) (Decision, error)
}

const shards = 32

// Memory is an exact fixed-window limiter for one process. The zero value
// is not usable; call NewMemory.
type Memory struct {
	now    func() time.Time
	seed   maphash.Seed
	shards [shards]shard
}

type shard struct {
	mu      sync.Mutex
	windows map[string]*counter
	calls   int
}

type counter struct {
	end   time.Time
	count int
}

// NewMemory returns an in-memory limiter; now may be nil (time.Now).
func NewMemory(now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	m := &Memory{now: now, seed: maphash.MakeSeed()}
	for i := range m.shards {
		m.shards[i].windows = make(map[string]*counter)
	}
	return m
}

// Allow counts one request of key. Windows are aligned to multiples of
// window since the Unix epoch, so every process agrees on their edges.
func (m *Memory) Allow(_ context.Context, key string, limit int, window time.Duration) (Decision, error) {
	now := m.now()
	end := WindowEnd(now, window)
	s := &m.shards[maphash.String(m.seed, key)%shards]
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.calls%1024 == 0 {
		for k, c := range s.windows {
			if !c.end.After(now) {
				delete(s.windows, k)
			}
		}
	}
	c, ok := s.windows[key]
	if !ok || !c.end.After(now) {
		c = &counter{end: end}
		s.windows[key] = c
	}
	d := Decision{Limit: limit, Reset: c.end}
	if c.count >= limit {
		d.RetryAfter = c.end.Sub(now)
		return d, nil
	}
	c.count++
	d.Allowed = true
	d.Remaining = limit - c.count
	return d, nil
}

// WindowEnd returns the end of the fixed window of the given length that
// contains t.
func WindowEnd(t time.Time, window time.Duration) time.Time {
	if window <= 0 {
		window = time.Minute
	}
	return t.Truncate(window).Add(window)
}
