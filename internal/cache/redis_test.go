package cache

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"appencorrect/internal/testsvc"
)

func TestRedisCache(t *testing.T) {
	opt, err := redis.ParseURL(testsvc.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	defer c.Close()
	prefix := "test:" + testsvc.Suffix() + ":"
	r := NewRedis(c, RedisOptions{Prefix: prefix})
	ctx := context.Background()
	if _, ok, err := r.Get(ctx, "tenant-a|text"); ok || err != nil {
		t.Fatalf("miss: %v %v", ok, err)
	}
	// A TTL long enough that the hits below cannot outrun it on a loaded
	// machine; that Set gave it to Redis is read back (PTTL) below.
	const ttl = time.Minute
	if err := r.Set(ctx, "tenant-a|text", []byte("v"), ttl); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := r.Get(ctx, "tenant-a|text"); !ok || err != nil || string(v) != "v" {
		t.Fatalf("hit: %q %v %v", v, ok, err)
	}
	if _, ok, _ := r.Get(ctx, "tenant-b|text"); ok {
		t.Error("another key hit")
	}
	// Keys are hashed: neither tenant nor text appears in Redis.
	keys, _ := c.Keys(ctx, prefix+"*").Result()
	if len(keys) != 1 || strings.Contains(keys[0], "tenant") || len(keys[0]) != len(prefix)+64 {
		t.Errorf("stored keys %v", keys)
	}
	if len(keys) == 1 {
		if pttl, err := c.PTTL(ctx, keys[0]).Result(); err != nil || pttl <= 0 || pttl > ttl {
			t.Errorf("the entry's TTL in Redis is %v (%v), want (0, %v]", pttl, err, ttl)
		}
		// Expiry is Redis's (its clock cannot be faked here): cut the TTL
		// to a millisecond and wait, with a deadline, until Redis no longer
		// has the key; then the cache must miss.
		if err := c.PExpire(ctx, keys[0], time.Millisecond).Err(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for c.Exists(ctx, keys[0]).Val() != 0 {
			if time.Now().After(deadline) {
				t.Fatal("Redis kept the key 10 s past its 1 ms TTL")
			}
		}
	}
	if _, ok, _ := r.Get(ctx, "tenant-a|text"); ok {
		t.Error("entry outlived its TTL")
	}
	if st, _ := r.Health(ctx); st != "ok" {
		t.Errorf("health %s", st)
	}
	if s := r.Stats(); s.Hits != 1 || s.Sets != 1 || s.Misses != 3 {
		t.Errorf("stats %+v", s)
	}
}

func TestRedisCacheDown(t *testing.T) {
	dead := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", DialTimeout: 50 * time.Millisecond, MaxRetries: -1})
	defer dead.Close()
	r := NewRedis(dead, RedisOptions{Cooldown: time.Hour})
	ctx := context.Background()
	if _, _, err := r.Get(ctx, "k"); err == nil {
		t.Fatal("no error from a dead Redis")
	}
	for range 100 {
		if _, _, err := r.Get(ctx, "k"); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("during cooldown: %v", err)
		}
		if err := r.Set(ctx, "k", nil, time.Second); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("set during cooldown: %v", err)
		}
	}
	if st, _ := r.Health(ctx); st != "degraded" {
		t.Errorf("health %s", st)
	}
	// Skipped, not timed: during the cooldown no call reaches Redis.
	if s := r.Stats(); s.Errors != 1 || s.Skipped != 200 {
		t.Errorf("stats %+v, want 1 error and 200 calls skipped", s)
	}
}

func TestNewRedisClientTLS(t *testing.T) {
	c, err := NewRedisClient(RedisConfig{Host: "cache.example", Port: 6380, TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tc := c.Options().TLSConfig
	if tc == nil || tc.InsecureSkipVerify || tc.ServerName != "cache.example" {
		t.Errorf("TLS config %+v: must verify the server", tc)
	}
	if _, err := NewRedisClient(RedisConfig{TLS: true, CAFile: "/nonexistent"}); err == nil {
		t.Error("missing CA file accepted")
	}
}
