package server

import (
	"appencorrect/internal/httpx"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"appencorrect/internal/pipeline"
	"appencorrect/internal/store"
)

// usageInfo collects what handlers learn about a request for its usage
// record. It is shared by pointer through the context; handlers of one
// request may run helper goroutines, hence the mutex.
type usageInfo struct {
	mu                 sync.Mutex
	keyID              string
	chars              int
	prompt, completion int
	cacheHit           bool
	engine, model      string
}

type usageKey struct{}

func usageFrom(ctx context.Context) *usageInfo {
	u, _ := ctx.Value(usageKey{}).(*usageInfo)
	return u
}

// noteKey records which key made the request.
func noteKey(ctx context.Context, id string) {
	if u := usageFrom(ctx); u != nil {
		u.mu.Lock()
		u.keyID = id
		u.mu.Unlock()
	}
}

// noteCheck records a check's characters, model tokens, cache use and
// engine. Any handler that runs the pipeline calls it.
func noteCheck(ctx context.Context, chars int, res *pipeline.Result) {
	u := usageFrom(ctx)
	if u == nil {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.chars += chars
	if res == nil {
		return
	}
	u.prompt += res.Usage.PromptTokens
	u.completion += res.Usage.CompletionTokens
	u.cacheHit = u.cacheHit || res.CachedChunks > 0
	u.engine = res.Engine
	u.model = res.Model
}

// noteTokens records model tokens spent outside the pipeline (quality).
func noteTokens(ctx context.Context, model string, prompt, completion int) {
	if u := usageFrom(ctx); u != nil {
		u.mu.Lock()
		u.prompt += prompt
		u.completion += completion
		if model != "" {
			u.model = model
		}
		u.mu.Unlock()
	}
}

// countingBody counts the request body bytes read.
type countingBody struct {
	io.ReadCloser
	n int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n += int64(n)
	return n, err
}

// usageExempt are requests that are not API usage: probes, metrics, the
// pages, their assets and the OpenAPI document.
func usageExempt(r *http.Request) bool {
	switch p := r.URL.Path; p {
	case "/health", "/metrics", "/favicon.ico", "/openapi.json":
		return true
	case "/", "/api-docs", "/api-management":
		return r.Method == http.MethodGet || r.Method == http.MethodHead
	default:
		return strings.HasPrefix(p, "/assets/")
	}
}

// recordUsage writes one usage record per request (except health and
// metrics) through the recorder, after the handler returns, also when it
// panicked. Recording is an append to memory: it never slows a request.
func (s *Server) recordUsage(next http.Handler) http.Handler {
	rec := s.deps.Usage
	if rec == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if usageExempt(r) {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		info := &usageInfo{}
		sw := httpx.NewStatusWriter(w)
		var body *countingBody
		if r.Body != nil && r.Body != http.NoBody {
			body = &countingBody{ReadCloser: r.Body}
			r.Body = body
		}
		r = r.WithContext(context.WithValue(r.Context(), usageKey{}, info))
		defer func() {
			status := sw.Status
			if p := recover(); p != nil {
				status = http.StatusInternalServerError
				defer panic(p)
			}
			if status == 0 {
				status = http.StatusOK
			}
			info.mu.Lock()
			defer info.mu.Unlock()
			ur := store.UsageRecord{
				Time: start, KeyID: info.keyID, Endpoint: endpointOf(r), Method: httpx.MethodLabel(r.Method), Status: status,
				Latency: time.Since(start), Characters: info.chars, ResponseBytes: int64(sw.Bytes),
				PromptTokens: info.prompt, CompletionTokens: info.completion, CacheHit: info.cacheHit,
				Engine: info.engine, Model: info.model, RequestID: RequestID(r.Context()),
			}
			if body != nil {
				ur.RequestBytes = body.n
			}
			rec.Record(ur)
		}()
		next.ServeHTTP(sw, r)
	})
}

// endpointOf names the route a request matched ("/api/keys/{key_id}/
// deactivate"), or "unmatched".
func endpointOf(r *http.Request) string {
	p := r.Pattern
	if i := strings.IndexByte(p, ' '); i >= 0 {
		p = p[i+1:]
	}
	if p == "" || p == "/" {
		return "unmatched"
	}
	return p
}

// parseDays reads the days parameter: def when absent, 1..365 otherwise.
func parseDays(r *http.Request, def int) (int, error) {
	v := r.URL.Query().Get("days")
	if v == "" {
		return def, nil
	}
	d, err := strconv.Atoi(v)
	if err != nil || d < 1 || d > 365 {
		return 0, badRequest("parameter \"days\" must be a whole number from 1 to 365, not %q", v)
	}
	return d, nil
}

// keyParam reads an optional key_id parameter and checks that it exists.
func (s *Server) keyParam(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.URL.Query().Get("key_id")
	if id == "" {
		return "", true
	}
	if len(id) > 64 {
		writeError(w, http.StatusBadRequest, "Invalid request", "parameter \"key_id\" is too long")
		return "", false
	}
	if _, err := s.deps.Store.KeyByID(r.Context(), id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			writeError(w, http.StatusNotFound, "Key not found", "no API key has the id given in \"key_id\"")
			return "", false
		}
		s.storeError(w, r, err)
		return "", false
	}
	return id, true
}

func (s *Server) usageStats(w http.ResponseWriter, r *http.Request) {
	days, err := parseDays(r, 7)
	if err != nil {
		writeRequestError(w, err)
		return
	}
	keyID, ok := s.keyParam(w, r)
	if !ok {
		return
	}
	stats, err := s.deps.Store.UsageStats(r.Context(), keyID, time.Now().AddDate(0, 0, -days))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	var kid *string
	if keyID != "" {
		kid = &keyID
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"success": true, "usage_stats": stats, "period_days": days, "key_id": kid,
	})
}

// costRow is one row of cost_data.
type costRow struct {
	KeyID             string  `json:"key_id,omitempty"`
	Date              string  `json:"date"`
	Endpoint          string  `json:"endpoint"`
	Requests          int64   `json:"requests"`
	TotalInputTokens  int64   `json:"total_input_tokens"`
	TotalOutputTokens int64   `json:"total_output_tokens"`
	TotalCost         float64 `json:"total_cost"`
	AvgProcessingTime float64 `json:"avg_processing_time"`
	ModelUsed         string  `json:"model_used"`
	RequestType       string  `json:"request_type"`
	GPUSeconds        float64 `json:"gpu_seconds"`
}

// gpuSeconds converts tokens to GPU time: output tokens at the measured
// throughput, prompt tokens weighted (prefill is far cheaper per token).
func (s *Server) gpuSeconds(prompt, completion int64) float64 {
	tps := s.cfg.CostTokensPerSecond
	if tps <= 0 {
		return 0
	}
	return (float64(prompt)*s.cfg.CostPromptWeight + float64(completion)) / tps
}

func (s *Server) costAnalytics(w http.ResponseWriter, r *http.Request) {
	days, err := parseDays(r, 30)
	if err != nil {
		writeRequestError(w, err)
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "json"
	}
	if format != "json" && format != "csv" {
		writeError(w, http.StatusBadRequest, "Invalid request", fmt.Sprintf("parameter \"format\" must be json or csv, not %q", format))
		return
	}
	keyID, ok := s.keyParam(w, r)
	if !ok {
		return
	}
	end := time.Now().UTC()
	start := end.AddDate(0, 0, -days)
	rows, err := s.deps.Store.CostRows(r.Context(), keyID, start)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	out := make([]costRow, 0, len(rows))
	var totReq, totIn, totOut int64
	var totCost, totGPU, latSum float64
	for _, c := range rows {
		gpu := s.gpuSeconds(c.PromptTokens, c.CompletionTokens)
		cost := gpu / 3600 * s.cfg.CostGPUHourPrice
		typ := "fresh"
		if c.Cached {
			typ = "cached"
		}
		model := c.Model
		if model == "" {
			model = "none"
		}
		row := costRow{Date: c.Day.Format("2006-01-02"), Endpoint: c.Endpoint, Requests: c.Requests,
			TotalInputTokens: c.PromptTokens, TotalOutputTokens: c.CompletionTokens, TotalCost: cost,
			AvgProcessingTime: c.AvgLatencyMS, ModelUsed: model, RequestType: typ, GPUSeconds: gpu}
		if keyID == "" {
			row.KeyID = c.KeyID
			if row.KeyID == "" {
				row.KeyID = "anonymous"
			}
		}
		out = append(out, row)
		totReq += c.Requests
		totIn += c.PromptTokens
		totOut += c.CompletionTokens
		totCost += cost
		totGPU += gpu
		latSum += c.AvgLatencyMS * float64(c.Requests)
	}
	if format == "csv" {
		s.writeCostCSV(w, keyID, out, start, end)
		return
	}
	avg := 0.0
	if totReq > 0 {
		avg = latSum / float64(totReq)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"status": "success",
		"period": map[string]any{"start_date": start.Format(time.RFC3339), "end_date": end.Format(time.RFC3339), "days": days},
		"summary": map[string]any{
			"total_requests": totReq, "total_input_tokens": totIn, "total_output_tokens": totOut,
			"total_cost_usd": totCost, "avg_processing_time_ms": avg,
			"cost_per_request": totCost / float64(max(totReq, 1)), "total_gpu_seconds": totGPU,
		},
		"cost_data": out,
		"pricing": map[string]any{
			"input_tokens_per_usd": 0, "output_tokens_per_usd": 0, "currency": "USD",
			"gpu_hour_price_usd":    s.cfg.CostGPUHourPrice,
			"gpu_tokens_per_second": s.cfg.CostTokensPerSecond,
			"prompt_token_weight":   s.cfg.CostPromptWeight,
			"note": "Self-hosted model: cost = (input_tokens × prompt_token_weight + output_tokens) / gpu_tokens_per_second / 3600 × gpu_hour_price_usd, " +
				"from the tokens the model reported for each request; cached and built-in answers use no model tokens and cost 0.",
		},
	})
}

// csvCell neutralises spreadsheet formulas in a text cell.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (s *Server) writeCostCSV(w http.ResponseWriter, keyID string, rows []costRow, start, end time.Time) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if keyID != "" {
		_ = cw.Write([]string{"Date", "Endpoint", "Requests", "Input Tokens", "Output Tokens", "Total Cost USD", "Avg Processing Time MS", "Model", "Request Type", "GPU Seconds"})
	} else {
		_ = cw.Write([]string{"API Key ID", "Date", "Endpoint", "Requests", "Input Tokens", "Output Tokens", "Total Cost USD", "Avg Processing Time MS", "Model", "Request Type", "GPU Seconds"})
	}
	for _, r := range rows {
		rec := []string{r.Date, csvCell(r.Endpoint), strconv.FormatInt(r.Requests, 10), strconv.FormatInt(r.TotalInputTokens, 10),
			strconv.FormatInt(r.TotalOutputTokens, 10), strconv.FormatFloat(r.TotalCost, 'f', 6, 64),
			strconv.FormatFloat(r.AvgProcessingTime, 'f', 1, 64), csvCell(r.ModelUsed), r.RequestType, strconv.FormatFloat(r.GPUSeconds, 'f', 3, 64)}
		if keyID == "" {
			rec = append([]string{csvCell(r.KeyID)}, rec...)
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=appencorrect_costs_%s_%s.csv", start.Format("20060102"), end.Format("20060102")))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}
