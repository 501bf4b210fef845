package server

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"appencorrect/internal/auth"
	"appencorrect/internal/config"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/store/storetest"
)

// downModel is a model engine whose endpoints are down; its health detail
// names an internal address, as the LLM client's does.
type downModel struct{}

const internalURL = "http://10.1.2.3:8106/v1"

func (downModel) Name() string  { return "llm" }
func (downModel) Model() string { return "m" }
func (downModel) Check(context.Context, string, language.Tag) ([]correction.Correction, error) {
	return nil, errors.New(`Post "` + internalURL + `/chat/completions": context deadline exceeded`)
}
func (m downModel) CheckModel(ctx context.Context, in pipeline.ModelInput) (pipeline.ModelOutput, error) {
	_, err := m.Check(ctx, in.Text, in.Language)
	return pipeline.ModelOutput{}, err
}
func (downModel) Health() (bool, string) {
	return false, "all 1 model endpoints down (" + internalURL + `: Post "...": context deadline exceeded)`
}

// downComponent is a database whose error names its address.
type downComponent struct{}

func (downComponent) Name() string { return "database" }
func (downComponent) Health(context.Context) (string, string) {
	return "down", "postgres: dial tcp 10.9.8.7:5432: connect: connection refused"
}

func get(t *testing.T, url string, header ...string) (int, string) {
	t.Helper()
	rp := call(t, "GET", url, "", "", header...)
	return rp.status, rp.raw
}

func TestHealthPublicShowsNoInternals(t *testing.T) {
	st := storetest.SQLite(t)
	admin, _ := createKey(t, st, auth.NewKey{Name: "admin", Scope: auth.ScopeAdmin})
	user, _ := createKey(t, st, auth.NewKey{Name: "user"})
	p := pipeline.New(downModel{}, nil, pipeline.WithFallback(fakeEngine{}))
	for _, tc := range []struct {
		name     string
		cidrs    string
		proxies  string // TRUSTED_PROXIES
		query    string
		header   []string
		detailed bool
	}{
		{name: "public", query: ""},
		{name: "detail without credentials", query: "?detail=1"},
		{name: "detail with a check key", query: "?detail=1", header: []string{"X-API-Key", user}},
		{name: "admin key without detail=1", header: []string{"X-API-Key", admin}},
		{name: "detail with an admin key", query: "?detail=1", header: []string{"X-API-Key", admin}, detailed: true},
		{name: "detail from a trusted range", cidrs: "127.0.0.0/8", query: "?detail=1", detailed: true},
		{name: "trusted range, other address", cidrs: "10.0.0.0/8", query: "?detail=1"},
		{name: "detail with an admin key as a bearer token", query: "?detail=1", header: []string{"Authorization", "Bearer " + admin}, detailed: true},
		{name: "detail with an unknown key", query: "?detail=1", header: []string{"X-API-Key", auth.KeyPrefix + strings.Repeat("0", 32)}},
		// The client address is the rate limiter's: X-Forwarded-For
		// counts only from a trusted proxy, so it cannot be forged.
		{name: "forged X-Forwarded-For", cidrs: "10.0.0.0/8", query: "?detail=1", header: []string{"X-Forwarded-For", "10.0.0.5"}},
		{name: "X-Forwarded-For from a trusted proxy", cidrs: "10.0.0.0/8", proxies: "127.0.0.0/8", query: "?detail=1",
			header: []string{"X-Forwarded-For", "10.0.0.5"}, detailed: true},
		{name: "trusted proxy, client outside the range", cidrs: "127.0.0.0/8", proxies: "127.0.0.0/8", query: "?detail=1",
			header: []string{"X-Forwarded-For", "192.0.2.7"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Default()
			if tc.cidrs != "" {
				cfg.HealthDetailCIDRs = []netip.Prefix{netip.MustParsePrefix(tc.cidrs)}
			}
			if tc.proxies != "" {
				cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix(tc.proxies)}
			}
			s := New(cfg, Deps{Pipeline: p, Version: "test", Store: st, Auth: auth.NewAuthenticator(st, auth.MaxCacheTTL),
				Components: []Component{downComponent{}}})
			ts := httptest.NewServer(s.Handler())
			defer ts.Close()
			code, body := get(t, ts.URL+"/health"+tc.query, tc.header...)
			if code != 200 || !strings.Contains(body, `"degraded"`) {
				t.Fatalf("status %d, body %s", code, body)
			}
			leaks := strings.Contains(body, "10.1.2.3") || strings.Contains(body, "10.9.8.7") || strings.Contains(body, "deadline")
			if leaks != tc.detailed {
				t.Errorf("detail shown = %v, want %v: %s", leaks, tc.detailed, body)
			}
			if !tc.detailed {
				for _, want := range []string{"model endpoints unreachable", "database unreachable"} {
					if !strings.Contains(body, want) {
						t.Errorf("public /health lacks the fixed reason %q: %s", want, body)
					}
				}
			}
		})
	}
}

func TestMetricsTokenAndListener(t *testing.T) {
	cfg := config.Default()
	cfg.MetricsToken = "s3cret-token"
	s := New(cfg, Deps{Pipeline: pipeline.New(fakeEngine{}, nil), Version: "test"})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	for _, tc := range []struct {
		header []string
		want   int
	}{
		{nil, 401},
		{[]string{"Authorization", "Bearer wrong"}, 401},
		{[]string{"Authorization", "s3cret-token"}, 401},
		{[]string{"Authorization", "Bearer s3cret-token"}, 200},
	} {
		if code, body := get(t, ts.URL+"/metrics", tc.header...); code != tc.want {
			t.Errorf("/metrics with %v: %d, want %d: %.200s", tc.header, code, tc.want, body)
		}
	}

	// With METRICS_ADDR the main port has no /metrics; the separate
	// handler serves it and nothing else.
	cfg = config.Default()
	cfg.MetricsAddr = "127.0.0.1:0"
	s = New(cfg, Deps{Pipeline: pipeline.New(fakeEngine{}, nil), Version: "test"})
	main := httptest.NewServer(s.Handler())
	defer main.Close()
	if code, _ := get(t, main.URL+"/metrics"); code != 404 {
		t.Errorf("main port /metrics with METRICS_ADDR set: %d, want 404", code)
	}
	ms := httptest.NewServer(s.MetricsHandler())
	defer ms.Close()
	if code, body := get(t, ms.URL+"/metrics"); code != 200 || !strings.Contains(body, "appencorrect_build_info") {
		t.Errorf("metrics listener: %d %.200s", code, body)
	}
	if code, _ := get(t, ms.URL+"/health"); code != 404 {
		t.Errorf("metrics listener serves /health: %d, want 404", code)
	}

	// Both: the separate listener asks for the token too.
	cfg.MetricsToken = "s3cret-token"
	s = New(cfg, Deps{Pipeline: pipeline.New(fakeEngine{}, nil), Version: "test"})
	ms2 := httptest.NewServer(s.MetricsHandler())
	defer ms2.Close()
	if code, _ := get(t, ms2.URL+"/metrics"); code != 401 {
		t.Errorf("metrics listener without the token: %d, want 401", code)
	}
	if code, _ := get(t, ms2.URL+"/metrics", "Authorization", "Bearer s3cret-token"); code != 200 {
		t.Errorf("metrics listener with the token: %d, want 200", code)
	}
}
