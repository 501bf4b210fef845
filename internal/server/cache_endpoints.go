package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"appencorrect/internal/store"
)

type cacheToggleBody struct {
	Enabled *bool `json:"enabled"`
}

// cacheState is the shared part of the cache answers.
func (s *Server) cacheState(ctx context.Context, k store.Key) map[string]any {
	backend, available, detail := "memory", true, ""
	if c := s.deps.Cache; c != nil {
		backend = c.Name()
		hctx, cancel := context.WithTimeout(ctx, time.Second)
		st, d := c.Health(hctx)
		cancel()
		available, detail = st == "ok", d
	}
	m := map[string]any{
		"success": true, "cache_enabled": k.CacheEnabled, "api_key_id": k.ID,
		"global_cache_available": available, "global_cache_connected": available, "cache_backend": backend,
		"timestamp": time.Now().UTC().Format(time.RFC3339),
	}
	if detail != "" && !available {
		m["cache_detail"] = detail
	}
	return m
}

// cacheStatus reports the key's cache setting, the shared cache's state
// and the key's cache hits of the last 24 hours (from usage records).
func (s *Server) cacheStatus(w http.ResponseWriter, r *http.Request) {
	k := *principalFrom(r.Context()).key
	// Re-read: the authenticator's copy may be up to 2 s old.
	if fresh, err := s.deps.Store.KeyByID(r.Context(), k.ID); err == nil {
		k = fresh
	}
	m := s.cacheState(r.Context(), k)
	hits := int64(0)
	if stats, err := s.deps.Store.UsageStats(r.Context(), k.ID, time.Now().Add(-24*time.Hour)); err == nil {
		for _, st := range stats {
			hits += st.CacheHits
		}
	}
	m["cache_hits"] = hits
	m["cache_hits_period"] = "24h"
	// The shared cache holds every tenant's results under hashed keys;
	// a per-key size is not tracked.
	m["cache_size"] = 0
	writeJSON(w, http.StatusOK, m)
}

// cacheToggle turns result caching on or off for the key ({"enabled":
// bool}; absent means on, as in the original). The setting is stored, so
// every replica sees it.
func (s *Server) cacheToggle(w http.ResponseWriter, r *http.Request) {
	var b cacheToggleBody
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &b); err != nil {
			writeRequestError(w, err)
			return
		}
	}
	enabled := b.Enabled == nil || *b.Enabled
	k := *principalFrom(r.Context()).key
	err := s.deps.Store.SetKeyCache(r.Context(), k.ID, enabled)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "Key not found", "the key was deleted")
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	s.deps.Auth.Forget(k.ID)
	k.CacheEnabled = enabled
	m := s.cacheState(r.Context(), k)
	state := "disabled"
	if enabled {
		state = "enabled"
	}
	m["message"] = "Cache " + state + " for this API key"
	m["cache_size"] = 0
	writeJSON(w, http.StatusOK, m)
}
