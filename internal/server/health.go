package server

import (
	"context"
	"net/http"
	"net/netip"
	"time"

	"appencorrect/internal/auth"
)

// ComponentHealth is one entry of /health's components.
type ComponentHealth struct {
	Status string `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// HealthBody is the /health response.
type HealthBody struct {
	Status       string                     `json:"status"`
	Timestamp    string                     `json:"timestamp"`
	Version      string                     `json:"version"`
	Uptime       string                     `json:"uptime"`
	Components   map[string]ComponentHealth `json:"components"`
	Capabilities []string                   `json:"capabilities"`
}

// publicReasons are what an unauthenticated /health says of a component
// that is not "ok": fixed words, never the error, which can hold internal
// addresses. The detail goes to the log and to /health?detail=1.
var publicReasons = map[string]string{
	"database": "database unreachable",
	"cache":    "shared cache unreachable; running without it",
}

// health answers the state of every component. Anyone gets fixed reasons;
// ?detail=1 from an admin key or an address in HEALTH_DETAIL_CIDRS gets the
// full detail (endpoint states, error texts).
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	detailed := r.URL.Query().Get("detail") == "1" && s.healthDetailAllowed(r)
	body := HealthBody{
		Status:       "healthy",
		Timestamp:    time.Now().UTC().Format(time.RFC3339),
		Version:      s.deps.Version,
		Uptime:       time.Since(s.started).Round(time.Second).String(),
		Components:   map[string]ComponentHealth{},
		Capabilities: []string{"spelling", "grammar", "punctuation", "en-US", "en-GB"},
	}
	// The model engine's state: degraded, with the reason, while its
	// endpoints are down or a check fell back to the built-in engine.
	engineStatus, public, detail := s.deps.Pipeline.Health()
	s.logHealth("engine", engineStatus, detail)
	if !detailed {
		detail = public
	}
	body.Components["engine"] = ComponentHealth{Status: engineStatus, Detail: detail}
	if engineStatus != "ok" {
		body.Status = "degraded"
	}
	for _, c := range s.deps.Components {
		st, detail := c.Health(ctx)
		s.logHealth(c.Name(), st, detail)
		if st != "ok" {
			body.Status = "degraded"
			if !detailed {
				detail = publicReasons[c.Name()]
				if detail == "" {
					detail = "unavailable"
				}
			}
		}
		body.Components[c.Name()] = ComponentHealth{Status: st, Detail: detail}
	}
	writeJSON(w, http.StatusOK, body)
}

// logHealth logs a component's detail when its state changes, so that the
// log has what the public /health leaves out without a line per probe.
func (s *Server) logHealth(name, status, detail string) {
	s.healthMu.Lock()
	prev, seen := s.healthLast[name]
	s.healthLast[name] = status + "\x00" + detail
	s.healthMu.Unlock()
	if seen && prev == status+"\x00"+detail {
		return
	}
	if status == "ok" {
		if seen {
			s.log.Info("component recovered", "component", name, "detail", detail)
		}
		return
	}
	s.log.Warn("component unhealthy", "component", name, "status", status, "detail", detail)
}

// healthDetailAllowed: an admin-scoped API key, or a client address in
// HEALTH_DETAIL_CIDRS (empty by default: behind a proxy on the same host
// every client would look local).
func (s *Server) healthDetailAllowed(r *http.Request) bool {
	if a, err := netip.ParseAddr(s.clientAddr(r)); err == nil {
		a = a.Unmap()
		for _, p := range s.cfg.HealthDetailCIDRs {
			if p.Contains(a) {
				return true
			}
		}
	}
	if s.deps.Auth == nil || auth.FromRequest(r) == "" {
		return false
	}
	k, err := s.deps.Auth.Authenticate(r.Context(), auth.FromRequest(r))
	return err == nil && k.Scope == auth.ScopeAdmin
}
