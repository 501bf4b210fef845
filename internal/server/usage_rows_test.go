package server

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"appencorrect/internal/auth"
	"appencorrect/internal/cache"
	"appencorrect/internal/config"
	"appencorrect/internal/store"
	"appencorrect/internal/store/storetest"
)

// TestUsageRowsAddUp: every check row, demo, /v2 and streams included, records its
// characters, engine, model, tokens and cache hit, and the cost analytics
// of the run equal the sum of its rows, on both databases.
func TestUsageRowsAddUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		cfg := config.Default()
		cfg.CostGPUHourPrice, cfg.CostTokensPerSecond, cfg.CostPromptWeight = 3.6, 100, 0.5
		cfg.DemoRateLimit = 0
		r := newRig(t, st, rigOptions{cfg: &cfg, cache: cache.NewMemory(1 << 20)})
		key, _ := createKey(t, st, auth.NewKey{})
		admin, _ := createKey(t, st, auth.NewKey{Scope: auth.ScopeAdmin})
		form := "application/x-www-form-urlencoded"
		for _, rq := range []struct{ method, path, key, body, ctype string }{
			{"POST", "/demo/check", "", `{"text":"teh demo text"}`, ""},
			{"POST", "/demo/check", "", `{"text":"teh demo text"}`, ""}, // a cache hit
			{"POST", "/check", key, `{"text":"teh keyed text"}`, ""},
			{"POST", "/v2/check", "", "language=en-US&text=teh+anonymous+lt", form},
			{"POST", "/v2/check", "", "language=en-US&text=teh+keyed+lt&apiKey=" + url.QueryEscape(key), form},
			{"POST", "/demo/assess/quality", "", `{"comment":"teh comment"}`, ""},
			{"POST", "/check/stream", key, `{"text":"teh streamed text"}`, ""},
			{"POST", "/demo/check/stream", "", `{"text":"teh demo stream"}`, ""},
		} {
			var hdr []string
			if rq.ctype != "" {
				hdr = []string{"Content-Type", rq.ctype}
			}
			if rp := call(t, rq.method, r.ts.URL+rq.path, rq.key, rq.body, hdr...); rp.status != 200 {
				t.Fatalf("%s %s: %d %s", rq.method, rq.path, rp.status, rp.raw)
			}
		}
		if err := r.rec.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		rows, err := st.DB().QueryContext(context.Background(), `SELECT endpoint, characters, engine, model,
			prompt_tokens, completion_tokens, cache_hit FROM usage_records WHERE endpoint <> '/api/keys'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var sumIn, sumOut int64
		n, hits := 0, 0
		for rows.Next() {
			var ep, engine, model string
			var chars, in, out int64
			var hit bool
			if err := rows.Scan(&ep, &chars, &engine, &model, &in, &out, &hit); err != nil {
				t.Fatal(err)
			}
			n++
			sumIn += in
			sumOut += out
			if hit {
				hits++
			}
			if chars == 0 || engine != "fakellm" || model == "" || (!hit && in == 0) {
				t.Errorf("row %s: characters %d engine %q model %q prompt %d completion %d cache hit %v", ep, chars, engine, model, in, out, hit)
			}
		}
		if n != 8 || hits != 1 {
			t.Errorf("%d check rows with %d cache hits, want 8 with 1", n, hits)
		}
		rp := call(t, "GET", r.ts.URL+"/api/cost-analytics", admin, "")
		sum, _ := rp.body["summary"].(map[string]any)
		if rp.status != 200 || sum == nil {
			t.Fatalf("cost analytics: %d %s", rp.status, rp.raw)
		}
		wantCost := (0.5*float64(sumIn) + float64(sumOut)) / 100 / 3600 * 3.6
		if sum["total_input_tokens"].(float64) != float64(sumIn) || sum["total_output_tokens"].(float64) != float64(sumOut) ||
			math.Abs(sum["total_cost_usd"].(float64)-wantCost) > 1e-9 {
			t.Errorf("cost analytics %v, want the rows' sums: input %d output %d cost %.6f", sum, sumIn, sumOut, wantCost)
		}
	})
}

// TestUsageRowsKeepMethodsClosed: a made-up method (up to the 64 KiB a
// header may hold) is recorded as OTHER, so anonymous requests cannot
// write what they like into every usage row.
func TestUsageRowsKeepMethodsClosed(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st, rigOptions{})
	long := strings.Repeat("X", 10000)
	for _, m := range []string{"GET", "BREW", long} {
		req, err := http.NewRequest(m, r.ts.URL+"/check", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if err := r.rec.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	rows, err := st.DB().QueryContext(context.Background(), `SELECT method FROM usage_records ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			t.Fatal(err)
		}
		got = append(got, m)
	}
	if !slices.Equal(got, []string{"GET", "OTHER", "OTHER"}) {
		t.Errorf("usage rows' methods: %.80q, want [GET OTHER OTHER]", got)
	}
}
