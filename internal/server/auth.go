package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"appencorrect/internal/apierror"
	"appencorrect/internal/auth"
	"appencorrect/internal/store"
)

// principal is who made a request: an API key, or an administrator
// logged in with a session.
type principal struct {
	key  *store.Key
	user *store.User
	// session is the session token, for CSRF checks.
	session string
}

type principalKey struct{}

func withPrincipal(ctx context.Context, p principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

func principalFrom(ctx context.Context) principal {
	p, _ := ctx.Value(principalKey{}).(principal)
	return p
}

// createdBy names the principal for created_by columns.
func (p principal) createdBy() string {
	switch {
	case p.key != nil:
		return "key:" + p.key.ID
	case p.user != nil:
		return "user:" + p.user.Username
	}
	return "unknown"
}

// authenticate resolves the request's API key and answers 401/503 when it
// cannot; ok is false when it answered.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (store.Key, bool) {
	k, err := s.deps.Auth.Authenticate(r.Context(), auth.FromRequest(r))
	switch {
	case errors.Is(err, auth.ErrNoKey):
		writeError(w, http.StatusUnauthorized, "API key required", "Provide an API key in the X-API-Key header or as Authorization: Bearer <key>")
		return store.Key{}, false
	case errors.Is(err, auth.ErrInvalidKey):
		writeError(w, http.StatusUnauthorized, "Invalid API key", "The provided API key is invalid or inactive")
		return store.Key{}, false
	case err != nil:
		s.fail(w, r, apierror.Auth(err))
		return store.Key{}, false
	}
	noteKey(r.Context(), k.ID)
	return k, true
}

// keyRateLimited counts the request against the key's hourly limit and
// answers 429 when it is over; it returns false when it answered. The
// limiter is shared by replicas when Redis is configured, and the count
// is shared with the LanguageTool API ("key:" + id).
func (s *Server) keyRateLimited(w http.ResponseWriter, r *http.Request, k store.Key) bool {
	return s.allow(w, r, s.keyLimit(k.ID, k.RateLimitPerHour))
}

// keyLimit is a key's hourly limit, shared by every API ("key:" + id).
func (s *Server) keyLimit(id string, perHour int) limit {
	return limit{key: "key:" + id, n: perHour, window: time.Hour}
}

// withKey requires an active API key allowed scope, within its hourly
// limit.
func (s *Server) withKey(scope string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		k, ok := s.authenticate(w, r)
		if !ok {
			return
		}
		if !auth.Allows(k, scope) {
			writeError(w, http.StatusForbidden, "Forbidden", fmt.Sprintf("this API key has the %q scope; this endpoint needs %q", k.Scope, scope))
			return
		}
		if !s.keyRateLimited(w, r, k) {
			return
		}
		h(w, r.WithContext(withPrincipal(r.Context(), principal{key: &k})))
	}
}

// sessionCookie is the admin session cookie's name: the __Host- prefix
// makes browsers refuse it unless Secure, host-only and Path=/.
func (s *Server) sessionCookie() string {
	if s.cfg.SessionCookieSecure {
		return "__Host-appencorrect_session"
	}
	return "appencorrect_session"
}

// withAdmin requires an admin-scoped API key, or an administrator's
// session; with a session, changes (any method but GET/HEAD) also need the
// CSRF token in X-CSRF-Token and a same-origin Origin when one is sent.
func (s *Server) withAdmin(h http.HandlerFunc) http.HandlerFunc {
	keyed := s.withKey(auth.ScopeAdmin, h)
	return func(w http.ResponseWriter, r *http.Request) {
		if auth.FromRequest(r) != "" || s.deps.Accounts == nil {
			keyed(w, r)
			return
		}
		c, err := r.Cookie(s.sessionCookie())
		if err != nil || c.Value == "" {
			writeError(w, http.StatusUnauthorized, "API key required",
				"Provide an admin API key in the X-API-Key header or as Authorization: Bearer <key>, or log in")
			return
		}
		u, err := s.deps.Accounts.Session(r.Context(), c.Value)
		switch {
		case errors.Is(err, auth.ErrNoSession):
			writeError(w, http.StatusUnauthorized, "Not logged in", "the session has expired or ended; log in again")
			return
		case err != nil:
			s.fail(w, r, apierror.Auth(err))
			return
		}
		if u.Role != auth.ScopeAdmin {
			writeError(w, http.StatusForbidden, "Forbidden", "this account is not an administrator")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if !sameOrigin(r) {
				writeError(w, http.StatusForbidden, "Cross-site request refused", "the Origin header does not match this site")
				return
			}
			if !s.deps.Accounts.ValidCSRF(c.Value, r.Header.Get("X-CSRF-Token")) {
				writeError(w, http.StatusForbidden, "CSRF token missing or invalid", "send the session's CSRF token (GET /api/session) in the X-CSRF-Token header")
				return
			}
		}
		noteKey(r.Context(), "user:"+u.Username)
		h(w, r.WithContext(withPrincipal(r.Context(), principal{user: &u, session: c.Value})))
	}
}

// sameOrigin reports whether the request's Origin (or, failing that,
// Referer) names this host; requests without either (non-browser clients)
// pass, since they cannot carry a victim's cookie cross-site anyway
// (SameSite=Strict) and still need the CSRF token.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		o = r.Header.Get("Referer")
	}
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil {
		return false
	}
	return u.Host == r.Host
}

// LTKeys adapts the API key authenticator to the LanguageTool API.
type LTKeys struct{ Auth *auth.Authenticator }

// AuthenticateLT implements LTAuthenticator; username is ignored (the key
// alone identifies the client).
func (l LTKeys) AuthenticateLT(ctx context.Context, _ string, apiKey string) (LTPrincipal, error) {
	k, err := l.Auth.Authenticate(ctx, apiKey)
	if errors.Is(err, auth.ErrInvalidKey) || errors.Is(err, auth.ErrNoKey) {
		return LTPrincipal{}, ErrLTInvalidKey
	}
	if err != nil {
		return LTPrincipal{}, err
	}
	noteKey(ctx, k.ID)
	return LTPrincipal{KeyID: k.ID, Tenant: k.Tenant, RateLimitPerHour: k.RateLimitPerHour, CacheEnabled: k.CacheEnabled}, nil
}
