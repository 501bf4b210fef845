package server

import (
	"errors"
	"net/http"
	"time"

	"appencorrect/internal/auth"
	"appencorrect/internal/store"
)

// stateRoutes registers the endpoints that need the store: the keyed
// check API, instructions, feedback, quality, cache control, the admin
// API and logins. Without a store they are not registered.
func (s *Server) stateRoutes() {
	if s.deps.Store == nil || s.deps.Auth == nil {
		return
	}
	check := func(h http.HandlerFunc) http.HandlerFunc { return s.withKey(auth.ScopeCheck, h) }
	s.handle("POST /check", check(s.checkFull))
	s.handle("POST /check/stream", check(s.checkStream))
	s.handle("POST /check/spelling", check(s.checkSpelling))
	s.handle("POST /check/grammar", check(s.checkGrammar))
	s.handle("POST /assess/quality", check(s.assessQuality))
	s.handle("POST /demo/assess/quality", s.demoLimited(s.assessQuality))
	s.handle("POST /feedback", check(s.submitFeedback))
	s.handle("POST /demo/feedback", s.demoLimited(s.submitFeedback))
	s.handle("GET /custom-instructions", check(s.getInstructions))
	s.handle("POST /custom-instructions", check(s.putInstructions))
	s.handle("PUT /custom-instructions", check(s.putInstructions))
	s.handle("DELETE /custom-instructions", check(s.deleteInstructions))
	s.handle("GET /dictionary", check(s.listDictionary))
	s.handle("POST /dictionary", check(s.changeDictionary(true)))
	s.handle("DELETE /dictionary", check(s.changeDictionary(false)))
	s.handle("GET /api/cache/status", check(s.cacheStatus))
	s.handle("POST /api/cache/toggle", check(s.cacheToggle))

	s.handle("POST /api/keys", s.withAdmin(s.createKey))
	s.handle("GET /api/keys", s.withAdmin(s.listKeys))
	s.handle("POST /api/keys/{key_id}/deactivate", s.withAdmin(s.setKeyActive(false)))
	s.handle("POST /api/keys/{key_id}/activate", s.withAdmin(s.setKeyActive(true)))
	s.handle("POST /api/keys/{key_id}/rotate", s.withAdmin(s.rotateKey))
	s.handle("GET /api/keys/{key_id}/dictionary", s.withAdmin(s.listDictionary))
	s.handle("POST /api/keys/{key_id}/dictionary", s.withAdmin(s.changeDictionary(true)))
	s.handle("DELETE /api/keys/{key_id}/dictionary", s.withAdmin(s.changeDictionary(false)))
	s.handle("GET /api/usage", s.withAdmin(s.usageStats))
	s.handle("GET /api/feedback", s.withAdmin(s.listFeedback))
	s.handle("GET /api/cost-analytics", s.withAdmin(s.costAnalytics))

	if s.deps.Accounts != nil {
		s.handle("POST /login", s.login)
		s.handle("POST /logout", s.logout)
		s.handle("GET /api/session", s.sessionInfo)
	}
}

type createKeyBody struct {
	Name             *string `json:"name"`
	Description      string  `json:"description"`
	RateLimitPerHour *int    `json:"rate_limit_per_hour"`
	Scope            string  `json:"scope"`
}

func (s *Server) createKey(w http.ResponseWriter, r *http.Request) {
	var b createKeyBody
	if err := decodeJSON(r, &b); err != nil {
		writeRequestError(w, err)
		return
	}
	n := auth.NewKey{Description: b.Description, Scope: b.Scope, CreatedBy: principalFrom(r.Context()).createdBy()}
	if b.Name != nil {
		n.Name = *b.Name
	}
	if b.RateLimitPerHour != nil {
		n.RateLimitPerHour = *b.RateLimitPerHour
		n.Unlimited = n.RateLimitPerHour == 0 // a service key: no hourly limit
	}
	secret, k, err := auth.CreateKey(r.Context(), s.deps.Store, n)
	var ve *auth.ValidationError
	if errors.As(err, &ve) {
		writeError(w, http.StatusBadRequest, "Invalid request", ve.Msg)
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	s.log.Info("API key created", "request_id", RequestID(r.Context()), "key_id", k.ID, "scope", k.Scope, "by", n.CreatedBy)
	writeJSON(w, http.StatusOK, CreatedKey{
		Success: true, Message: "API key created successfully. Store it now: it is shown only once.",
		APIKey: secret, KeyID: k.ID, Name: k.Name, Description: k.Description,
		RateLimitPerHour: k.RateLimitPerHour, Scope: k.Scope, CreatedAt: k.CreatedAt.Format(time.RFC3339),
	})
}

// CreatedKey is the answer of POST /api/keys and of `keys create --json`.
type CreatedKey struct {
	Success          bool   `json:"success"`
	Message          string `json:"message"`
	APIKey           string `json:"api_key"`
	KeyID            string `json:"key_id"`
	Name             string `json:"name"`
	Description      string `json:"description"`
	RateLimitPerHour int    `json:"rate_limit_per_hour"`
	Scope            string `json:"scope"`
	CreatedAt        string `json:"created_at"`
}

// KeyInfo is one key in GET /api/keys (never the secret).
type KeyInfo struct {
	KeyID            string  `json:"key_id"`
	Name             string  `json:"name"`
	Description      string  `json:"description"`
	CreatedAt        string  `json:"created_at"`
	LastUsedAt       *string `json:"last_used_at"`
	IsActive         bool    `json:"is_active"`
	UsageCount       int64   `json:"usage_count"`
	RateLimitPerHour int     `json:"rate_limit_per_hour"`
	CreatedBy        string  `json:"created_by"`
	Scope            string  `json:"scope"`
	KeyHint          string  `json:"key_hint"`
	CacheEnabled     bool    `json:"cache_enabled"`
}

// NewKeyInfo converts a stored key.
func NewKeyInfo(k store.Key) KeyInfo {
	ki := KeyInfo{KeyID: k.ID, Name: k.Name, Description: k.Description, CreatedAt: k.CreatedAt.Format(time.RFC3339),
		IsActive: k.Active, UsageCount: k.UsageCount, RateLimitPerHour: k.RateLimitPerHour, CreatedBy: k.CreatedBy,
		Scope: k.Scope, KeyHint: k.Hint, CacheEnabled: k.CacheEnabled}
	if k.LastUsedAt != nil {
		t := k.LastUsedAt.Format(time.RFC3339)
		ki.LastUsedAt = &t
	}
	return ki
}

func (s *Server) listKeys(w http.ResponseWriter, r *http.Request) {
	keys, err := s.deps.Store.ListKeys(r.Context())
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	out := make([]KeyInfo, 0, len(keys))
	for _, k := range keys {
		out = append(out, NewKeyInfo(k))
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "api_keys": out, "total_count": len(out)})
}

// validKeyID checks the shape of a key id in a path.
func validKeyID(id string) bool {
	return id != "" && len(id) <= 64 && validRequestID(id)
}

func (s *Server) setKeyActive(active bool) http.HandlerFunc {
	verb := "deactivated"
	if active {
		verb = "activated"
	}
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("key_id")
		if !validKeyID(id) {
			writeError(w, http.StatusBadRequest, "Invalid request", "the key id in the path is malformed")
			return
		}
		err := s.deps.Store.SetKeyActive(r.Context(), id, active)
		if errors.Is(err, store.ErrNotFound) {
			writeError(w, http.StatusNotFound, "Key not found", "no API key has id "+id)
			return
		}
		if err != nil {
			s.storeError(w, r, err)
			return
		}
		// This replica forgets at once; the others within auth.MaxCacheTTL.
		s.deps.Auth.Forget(id)
		s.log.Info("API key "+verb, "request_id", RequestID(r.Context()), "key_id", id, "by", principalFrom(r.Context()).createdBy())
		writeJSON(w, http.StatusOK, map[string]any{"success": true, "message": "API key " + id + " " + verb + " successfully", "key_id": id})
	}
}

func (s *Server) rotateKey(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("key_id")
	if !validKeyID(id) {
		writeError(w, http.StatusBadRequest, "Invalid request", "the key id in the path is malformed")
		return
	}
	secret, err := auth.RotateKey(r.Context(), s.deps.Store, id)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "Key not found", "no API key has id "+id)
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	s.deps.Auth.Forget(id)
	s.log.Info("API key rotated", "request_id", RequestID(r.Context()), "key_id", id, "by", principalFrom(r.Context()).createdBy())
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "message": "API key rotated: the old key no longer works. Store the new one now: it is shown only once.",
		"api_key": secret, "key_id": id})
}
