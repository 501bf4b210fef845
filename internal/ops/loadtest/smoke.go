package loadtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// SmokeText is the text Smoke checks: every engine, the built-in one
// included, finds errors in it.
const SmokeText = "I has a eror in grammer."

// SmokeResult is what Smoke found.
type SmokeResult struct {
	// Health is /health's status (healthy or degraded) and Components
	// each component's.
	Health     string            `json:"health"`
	Components map[string]string `json:"components"`
	// Checked is whether the check got a valid answer; only then do
	// Corrections (how many it found), Degraded (whether the built-in
	// engine answered in the model's place) and LatencyMS mean anything.
	Checked     bool    `json:"checked"`
	Corrections int     `json:"corrections"`
	Degraded    bool    `json:"degraded"`
	LatencyMS   float64 `json:"latency_ms"`
}

// String is one line of what answered: /health's status and components
// when it answered, the check's corrections when it answered validly,
// and "" when neither did (the error says why).
func (r SmokeResult) String() string {
	var parts []string
	if r.Health != "" {
		parts = append(parts, fmt.Sprintf("health %s %v", r.Health, r.Components))
	}
	if r.Checked {
		parts = append(parts, fmt.Sprintf("check: %d corrections in %.0f ms, degraded %v", r.Corrections, r.LatencyMS, r.Degraded))
	}
	return strings.Join(parts, "; ")
}

// ErrSmoke is wrapped by every failure Smoke reports about the service
// (not about its arguments).
var ErrSmoke = errors.New("smoke test failed")

// Smoke checks a deployment once, as `helm test` does: the /health beside
// cfg.URL (see HealthURL) answers 200 with a status, and one check of SmokeText
// at cfg.URL (with cfg.APIKey, if any) answers a valid response (the
// load test's validation: shape, offsets, its own text) with at least
// one correction. With requireModel, a degraded /health engine or an
// answer from the built-in engine fails too.
func Smoke(ctx context.Context, cfg Config, requireModel bool) (SmokeResult, error) {
	var res SmokeResult
	api, err := DetectAPI(cfg.URL)
	if err != nil {
		return res, err
	}
	health, err := HealthURL(cfg.URL)
	if err != nil {
		return res, err
	}
	cfg.defaults()
	// What errors show: the URLs with any password redacted.
	shownHealth, shownURL := redact(health), redact(cfg.URL)

	hctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(hctx, http.MethodGet, health, nil)
	if err != nil {
		return res, err
	}
	resp, err := cfg.Client.Do(req)
	if err != nil {
		return res, fmt.Errorf("%w: GET %s: %w", ErrSmoke, shownHealth, err)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return res, fmt.Errorf("%w: GET %s: %w", ErrSmoke, shownHealth, err)
	}
	var hb struct {
		Status     string `json:"status"`
		Components map[string]struct {
			Status string `json:"status"`
		} `json:"components"`
	}
	if resp.StatusCode != http.StatusOK {
		return res, fmt.Errorf("%w: GET %s: HTTP %d: %s", ErrSmoke, shownHealth, resp.StatusCode, snippet(body))
	}
	if err := json.Unmarshal(body, &hb); err != nil || hb.Status == "" {
		return res, fmt.Errorf("%w: GET %s: not a health answer: %s", ErrSmoke, shownHealth, snippet(body))
	}
	res.Health = hb.Status
	res.Components = map[string]string{}
	for name, c := range hb.Components {
		res.Components[name] = c.Status
	}
	if requireModel && res.Components["engine"] != "ok" {
		return res, fmt.Errorf("%w: GET %s: engine %q, the model is not answering", ErrSmoke, shownHealth, res.Components["engine"])
	}

	nonce := "smoke" + strconv.FormatInt(time.Now().UnixNano()%1e9, 10)
	text := SmokeText + " Ticket " + nonce + "."
	req, err = encode(api, cfg.URL, text, cfg.Language, cfg.APIKey)
	if err != nil {
		return res, err
	}
	cctx, ccancel := context.WithTimeout(ctx, cfg.Timeout)
	defer ccancel()
	start := time.Now()
	resp, err = cfg.Client.Do(req.WithContext(cctx))
	if err != nil {
		return res, fmt.Errorf("%w: POST %s: %w", ErrSmoke, shownURL, err)
	}
	o := validate(api, resp, text, nonce)
	resp.Body.Close()
	latency := ms(time.Since(start))
	if o.kind != "" {
		return res, fmt.Errorf("%w: POST %s: %s: %s", ErrSmoke, shownURL, o.kind, o.detail)
	}
	res.Checked, res.Corrections, res.Degraded, res.LatencyMS = true, o.found, o.degraded, latency
	if o.found == 0 {
		return res, fmt.Errorf("%w: POST %s: no correction in %q", ErrSmoke, shownURL, SmokeText)
	}
	if requireModel && o.degraded {
		return res, fmt.Errorf("%w: POST %s: answered by the built-in engine, not the model", ErrSmoke, cfg.URL)
	}
	return res, nil
}
