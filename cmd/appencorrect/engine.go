package main

import (
	"context"
	"fmt"
	"log/slog"

	"appencorrect/internal/builtin"
	"appencorrect/internal/builtin/spell"
	"appencorrect/internal/cache"
	"appencorrect/internal/config"
	"appencorrect/internal/languagetool"
	"appencorrect/internal/llm"
	"appencorrect/internal/metrics"
	"appencorrect/internal/pipeline"
)

// newBuiltin loads the embedded dictionaries and returns the built-in
// engine.
func newBuiltin() (*builtin.Engine, error) {
	b, _, err := newBuiltinWithDict()
	return b, err
}

// newBuiltinWithDict returns the built-in engine, English and French, and
// its English dictionary (the LLM engine's classifier uses it).
func newBuiltinWithDict() (*builtin.Engine, *spell.Dictionary, error) {
	d, err := spell.Load()
	if err != nil {
		return nil, nil, fmt.Errorf("loading the English dictionary: %w", err)
	}
	fr, err := spell.LoadFrench()
	if err != nil {
		return nil, nil, fmt.Errorf("loading the French dictionary: %w", err)
	}
	return builtin.New(d, builtin.WithFrench(fr)), d, nil
}

// engines are the check pipeline and the parts other components need.
type engines struct {
	pipe    *pipeline.Pipeline
	builtin *builtin.Engine
	client  *llm.Client // nil without a model
	stop    func()      // ends the LLM client's background polling
}

// ltRules describes the built-in engine's rules for the LanguageTool API.
func (e *engines) ltRules() []languagetool.RuleInfo {
	var out []languagetool.RuleInfo
	for _, r := range e.builtin.Rules() {
		out = append(out, languagetool.RuleInfo{ID: r.ID, Description: r.Description, Category: string(r.Category), Type: r.Type})
	}
	return out
}

// llmStats maps the LLM client's state to the metrics' shape.
func llmStats(c *llm.Client) metrics.LLMSource {
	return metrics.LLMSourceFunc(func() metrics.LLMStats {
		st := c.Stats()
		out := metrics.LLMStats{Queued: st.Queued, Saturated: st.Saturated, Unavailable: st.Unavailable}
		for _, e := range st.Endpoints {
			out.Endpoints = append(out.Endpoints, metrics.EndpointStat{
				Endpoint: e.Label(), InFlight: e.InFlight, Capacity: e.Cap, Healthy: e.Healthy,
				ServerRunning: e.Running, ServerWaiting: e.Waiting, KVCacheUsage: e.KVCacheUsage,
				Served: e.Served, Failed: e.Failed,
			})
		}
		return out
	})
}

// newPipeline returns the check pipeline for the configuration: the LLM
// engine when VLLM_URL, OPENAI_API_KEY or GEMINI_API_KEY is set (with the
// built-in engine as its fallback, results cached in shared or else in
// memory), else the built-in engine alone. obs (may be nil) receives the
// pipeline's events for metrics.
func newPipeline(ctx context.Context, cfg config.Config, log *slog.Logger, shared pipeline.Cache, obs pipeline.Observer) (*engines, error) {
	b, dict, err := newBuiltinWithDict()
	if err != nil {
		return nil, err
	}
	e := &engines{builtin: b, stop: func() {}}
	lc := cfg.LLM
	provider := lc.Provider()
	if provider == "" {
		log.Info("engine ready", "engine", b.Name())
		e.pipe = pipeline.New(b, builtin.DetectLanguage, pipeline.WithObserver(obs), pipeline.WithLogger(log))
		return e, nil
	}
	c := llm.Config{
		URLs: lc.URLs, Model: lc.Model, APIKey: string(lc.APIKey), MaxModelLen: lc.MaxModelLen,
		Timeout: lc.Timeout, ConnectTimeout: lc.Connect, Retries: lc.Retries,
		PollInterval: lc.Poll, DNSRefresh: lc.DNSRefresh, Logger: log,
		Balancer: llm.BalancerConfig{MaxNumSeqs: lc.MaxNumSeqs, QueueSize: lc.QueueSize, QueueTimeout: lc.QueueWait},
	}
	if co, ok := obs.(llm.CallObserver); ok {
		c.Observer = co // the per-call histograms of /metrics
	}
	switch provider {
	case "openai":
		c.URLs, c.Model, c.APIKey, c.Hosted = []string{lc.OpenAIBaseURL}, lc.OpenAIModel, string(lc.OpenAIKey), true
	case "gemini":
		c.URLs, c.Model, c.APIKey, c.Hosted = []string{lc.GeminiBaseURL}, lc.GeminiModel, string(lc.GeminiKey), true
	}
	if c.Retries == 0 {
		c.Retries = -1 // VLLM_RETRIES=0 means none; the client's 0 means its default
	}
	client, err := llm.New(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("model engine: %w", err)
	}
	eng := llm.NewEngine(client, llm.EngineConfig{Name: provider, Mode: llm.OutputMode(lc.Output), Lexicon: dict})
	var rc pipeline.Cache = shared
	if rc == nil {
		rc = cache.NewMemory(lc.CacheMaxBytes)
	}
	opts := []pipeline.Option{
		pipeline.WithCache(rc, cfg.CacheTTL),
		pipeline.WithChunking(lc.ChunkSize, lc.ChunkConcurrency),
		pipeline.WithLogger(log),
		pipeline.WithObserver(obs),
	}
	if lc.Fallback == "builtin" {
		opts = append(opts, pipeline.WithFallback(b))
	}
	log.Info("engine ready", "engine", provider, "model", c.Model, "endpoints", len(client.Stats().Endpoints),
		"output", lc.Output, "fallback", lc.Fallback, "chunk_size", lc.ChunkSize)
	e.pipe = pipeline.New(eng, builtin.DetectLanguage, opts...)
	e.client = client
	e.stop = client.Close
	return e, nil
}
