package server

import (
	"context"
	"net/http"
	"time"
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

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	body := HealthBody{
		Status:    "healthy",
		Timestamp: time.Now().UTC().Format(time.RFC3339),
		Version:   s.deps.Version,
		Uptime:    time.Since(s.started).Round(time.Second).String(),
		Components: map[string]ComponentHealth{
			"engine": {Status: "ok", Detail: s.deps.Pipeline.EngineName()},
		},
		Capabilities: []string{"spelling", "grammar", "punctuation", "en-US", "en-GB"},
	}
	// The model engine's state: degraded, with the reason, while its
	// endpoints are down or a check fell back to the built-in engine.
	engineStatus, engineDetail := s.deps.Pipeline.Health()
	body.Components["engine"] = ComponentHealth{Status: engineStatus, Detail: engineDetail}
	if engineStatus != "ok" {
		body.Status = "degraded"
	}
	for _, c := range s.deps.Components {
		st, detail := c.Health(ctx)
		body.Components[c.Name()] = ComponentHealth{Status: st, Detail: detail}
		if st != "ok" {
			body.Status = "degraded"
		}
	}
	writeJSON(w, http.StatusOK, body)
}
