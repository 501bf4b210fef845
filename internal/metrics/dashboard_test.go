package metrics

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// vllmMetrics are vLLM's metric names the dashboard may use (vLLM's
// production metrics documentation, V1 engine; gpu_cache_usage_perc is the
// name before the rename to kv_cache_usage_perc).
var vllmMetrics = map[string]bool{
	"vllm:num_requests_running": true, "vllm:num_requests_waiting": true,
	"vllm:kv_cache_usage_perc": true, "vllm:gpu_cache_usage_perc": true,
	"vllm:time_to_first_token_seconds": true, "vllm:e2e_request_latency_seconds": true,
	"vllm:prompt_tokens_total": true, "vllm:generation_tokens_total": true,
	"vllm:num_preemptions_total": true, "vllm:prefix_cache_hits_total": true, "vllm:prefix_cache_queries_total": true,
}

// TestDashboard checks that every query of the Grafana dashboard names a
// metric this package exports or a known vLLM metric, so a renamed metric
// cannot leave a panel silently empty.
func TestDashboard(t *testing.T) {
	b, err := os.ReadFile("../../deploy/grafana/appencorrect-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		UID    string `json:"uid"`
		Panels []struct {
			ID      int    `json:"id"`
			Type    string `json:"type"`
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("dashboard JSON: %v", err)
	}

	// Every series of the registry, with every label set touched.
	m := New("test")
	m.EngineDone("llm", "ok", time.Second)
	m.CacheLookup(true)
	m.Fallback("llm", "builtin", "timeout")
	m.LLMRequestDone("e", "ok", 0, time.Second)
	m.WatchLLM(LLMSourceFunc(func() LLMStats { return LLMStats{Endpoints: []EndpointStat{{Endpoint: "e"}}} }))
	m.Middleware(http.NotFoundHandler()).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string]bool{}
	for _, f := range fams {
		ours[f.GetName()] = true
	}

	name := regexp.MustCompile(`\b(appencorrect_[a-z0-9_]+|vllm:[a-z0-9_:]+)`)
	ids := map[int]bool{}
	queries := 0
	for _, p := range d.Panels {
		if ids[p.ID] {
			t.Errorf("panel id %d repeated", p.ID)
		}
		ids[p.ID] = true
		if p.Type == "row" {
			continue
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, tg := range p.Targets {
			queries++
			names := name.FindAllString(tg.Expr, -1)
			if len(names) == 0 {
				t.Errorf("panel %q: query %q names no metric", p.Title, tg.Expr)
			}
			for _, n := range names {
				base := n
				for _, suf := range []string{"_bucket", "_count", "_sum"} {
					base = strings.TrimSuffix(base, suf)
				}
				if strings.HasPrefix(n, "vllm:") {
					if !vllmMetrics[base] {
						t.Errorf("panel %q: unknown vLLM metric %s", p.Title, n)
					}
				} else if !ours[base] {
					t.Errorf("panel %q: %s is not exported by package metrics", p.Title, n)
				}
			}
		}
	}
	if d.UID == "" || queries < 20 {
		t.Errorf("uid %q, %d queries", d.UID, queries)
	}
}
