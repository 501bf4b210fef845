package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"appencorrect/internal/store"
)

// Authentication errors. Both mean 401; ErrInvalidKey covers unknown,
// malformed and deactivated keys alike, so a caller learns nothing about
// which.
var (
	ErrNoKey      = errors.New("API key required")
	ErrInvalidKey = errors.New("invalid API key")
)

// MaxCacheTTL bounds how long a replica may keep answering from its
// in-process cache after a key was deactivated elsewhere.
const MaxCacheTTL = 2 * time.Second

// maxCacheEntries bounds the cache against floods of random keys.
const maxCacheEntries = 10000

// Authenticator maps presented API keys to stored keys. Lookups are cached
// in process for at most MaxCacheTTL, so a deactivation made on any replica
// takes effect on every replica within that time, and at once on the
// replica that made it (Forget). It is safe for concurrent use.
type Authenticator struct {
	st  KeyStore
	ttl time.Duration
	now func() time.Time

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	key     store.Key
	found   bool
	expires time.Time
}

// NewAuthenticator returns an authenticator over st caching for ttl
// (capped at MaxCacheTTL; 0 disables the cache).
func NewAuthenticator(st KeyStore, ttl time.Duration) *Authenticator {
	return &Authenticator{st: st, ttl: min(ttl, MaxCacheTTL), now: time.Now, cache: map[string]cached{}}
}

// SetClock replaces time.Now for the cache's expiry, for tests. Call it
// before the authenticator is used.
func (a *Authenticator) SetClock(now func() time.Time) { a.now = now }

// Authenticate returns the active key whose secret is raw. It returns
// ErrNoKey for an empty raw, ErrInvalidKey for a malformed, unknown or
// inactive one, and a wrapped store error when the lookup itself failed.
func (a *Authenticator) Authenticate(ctx context.Context, raw string) (store.Key, error) {
	if raw == "" {
		return store.Key{}, ErrNoKey
	}
	if !WellFormed(raw) {
		return store.Key{}, ErrInvalidKey
	}
	hash := HashSecret(raw)
	now := a.now()
	if a.ttl > 0 {
		a.mu.Lock()
		c, ok := a.cache[hash]
		a.mu.Unlock()
		if ok && now.Before(c.expires) {
			return check(c.key, c.found, hash)
		}
	}
	k, err := a.st.KeyByHash(ctx, hash)
	found := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return store.Key{}, fmt.Errorf("looking up API key: %w", err)
	}
	if a.ttl > 0 {
		a.mu.Lock()
		if len(a.cache) >= maxCacheEntries {
			for h, c := range a.cache {
				if !now.Before(c.expires) {
					delete(a.cache, h)
				}
			}
			if len(a.cache) >= maxCacheEntries {
				clear(a.cache)
			}
		}
		a.cache[hash] = cached{key: k, found: found, expires: now.Add(a.ttl)}
		a.mu.Unlock()
	}
	return check(k, found, hash)
}

func check(k store.Key, found bool, hash string) (store.Key, error) {
	// The database found the row by its hash; comparing again in constant
	// time guards against a backend that matched loosely (collation,
	// truncation) and costs nothing.
	if !found || !equalHash(k.Hash, hash) || !k.Active {
		return store.Key{}, ErrInvalidKey
	}
	return k, nil
}

// Forget drops cached entries of key id, after this replica changed it.
func (a *Authenticator) Forget(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for h, c := range a.cache {
		if c.key.ID == id {
			delete(a.cache, h)
		}
	}
}
