package server

import (
	"errors"
	"mime"
	"net/http"
	"strings"
	"time"

	"appencorrect/internal/apierror"
	"appencorrect/internal/auth"
)

// loginDefault is where a form login goes without a valid "next".
const loginDefault = "/api-management"

// loginPerMinute bounds login attempts per client address, besides the
// per-account lockout.
const loginPerMinute = 20

type loginBody struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Next     string `json:"next"`
}

// readLogin reads a JSON or form login; form reports which.
func readLogin(r *http.Request) (b loginBody, form bool, err error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data" {
		if err := r.ParseForm(); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return b, true, bodyReadError(err)
			}
			// A read or parse error: the HTTP library's text, with the
			// connection's addresses for a read.
			return b, true, badRequest("unreadable form: send URL-encoded fields")
		}
		b = loginBody{Username: r.PostForm.Get("username"), Password: r.PostForm.Get("password"), Next: r.PostForm.Get("next")}
		if b.Next == "" {
			b.Next = r.URL.Query().Get("next")
		}
		return b, true, nil
	}
	err = decodeJSON(r, &b)
	return b, false, err
}

// login checks a local account's password and sets the session cookie. A
// form post is redirected to "next" when it is a path on this site (never
// elsewhere); a JSON post gets the CSRF token.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		writeError(w, http.StatusForbidden, "Cross-site request refused", "the Origin header does not match this site")
		return
	}
	if !s.allow(w, r, limit{key: "login:" + s.clientAddr(r), n: loginPerMinute, window: time.Minute}) {
		return
	}
	b, form, err := readLogin(r)
	if err != nil {
		writeRequestError(w, err)
		return
	}
	if b.Username == "" || b.Password == "" {
		writeError(w, http.StatusBadRequest, "Invalid request", "username and password are required")
		return
	}
	l, err := s.deps.Accounts.Login(r.Context(), b.Username, b.Password, s.clientAddr(r))
	var locked *auth.LockedError
	switch {
	case errors.As(err, &locked):
		writeFailure(w, r, apierror.LoginLock(locked.Until, time.Now()))
		return
	case errors.Is(err, auth.ErrBadCredentials):
		s.log.Info("login failed", "request_id", RequestID(r.Context()), "client", s.clientAddr(r))
		writeError(w, http.StatusUnauthorized, "Invalid credentials", "invalid username or password")
		return
	case err != nil:
		s.fail(w, r, apierror.Auth(err))
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: s.sessionCookie(), Value: l.Token, Path: "/", Expires: l.Expires, MaxAge: int(time.Until(l.Expires).Seconds()),
		Secure: s.cfg.SessionCookieSecure, HttpOnly: true, SameSite: http.SameSiteStrictMode,
	})
	s.log.Info("login", "request_id", RequestID(r.Context()), "user", l.User.Username)
	if form {
		http.Redirect(w, r, auth.SafeRedirect(b.Next, loginDefault), http.StatusSeeOther)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "username": l.User.Username, "role": l.User.Role,
		"csrf_token": l.CSRF, "expires_at": l.Expires.UTC().Format(time.RFC3339),
		"redirect": auth.SafeRedirect(b.Next, loginDefault)})
}

// logout ends the session; it needs the CSRF token (header X-CSRF-Token
// or form field csrf_token) so other sites cannot log users out.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(s.sessionCookie())
	if err != nil || c.Value == "" {
		writeError(w, http.StatusUnauthorized, "Not logged in", "there is no session to end")
		return
	}
	token := r.Header.Get("X-CSRF-Token")
	form := false
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		form = true
		if err := r.ParseForm(); err == nil && token == "" {
			token = r.PostForm.Get("csrf_token")
		}
	}
	if !sameOrigin(r) || !s.deps.Accounts.ValidCSRF(c.Value, token) {
		writeError(w, http.StatusForbidden, "CSRF token missing or invalid", "send the session's CSRF token in X-CSRF-Token")
		return
	}
	if err := s.deps.Accounts.Logout(r.Context(), c.Value); err != nil {
		s.storeError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(), Value: "", Path: "/", MaxAge: -1,
		Secure: s.cfg.SessionCookieSecure, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	if form {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "message": "logged out"})
}

// sessionInfo tells a page who is logged in and gives it the CSRF token.
func (s *Server) sessionInfo(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(s.sessionCookie())
	if err != nil || strings.TrimSpace(c.Value) == "" {
		writeError(w, http.StatusUnauthorized, "Not logged in", "no session cookie")
		return
	}
	u, err := s.deps.Accounts.Session(r.Context(), c.Value)
	if errors.Is(err, auth.ErrNoSession) {
		writeError(w, http.StatusUnauthorized, "Not logged in", "the session has expired or ended; log in again")
		return
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "authenticated": true, "username": u.Username,
		"role": u.Role, "csrf_token": s.deps.Accounts.CSRFToken(c.Value)})
}
