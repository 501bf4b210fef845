package main

import (
	"context"
	"fmt"
	"log/slog"

	"appencorrect/internal/builtin"
	"appencorrect/internal/builtin/spell"
	"appencorrect/internal/cache"
	"appencorrect/internal/config"
	"appencorrect/internal/llm"
	"appencorrect/internal/pipeline"
)

// newBuiltin loads the embedded dictionaries and returns the built-in
// engine.
func newBuiltin() (*builtin.Engine, error) {
	b, _, err := newBuiltinWithDict()
	return b, err
}

func newBuiltinWithDict() (*builtin.Engine, *spell.Dictionary, error) {
	d, err := spell.Load()
	if err != nil {
		return nil, nil, fmt.Errorf("loading the English dictionary: %w", err)
	}
	return builtin.New(d), d, nil
}

// newPipeline returns the check pipeline for the configuration: the LLM
// engine when VLLM_URL, OPENAI_API_KEY or GEMINI_API_KEY is set (with the
// built-in engine as its fallback, results cached in shared or else in
// memory), else the built-in engine alone. stop ends the LLM client's
// background polling.
func newPipeline(ctx context.Context, cfg config.Config, log *slog.Logger, shared pipeline.Cache) (p *pipeline.Pipeline, stop func(), err error) {
	b, dict, err := newBuiltinWithDict()
	if err != nil {
		return nil, nil, err
	}
	lc := cfg.LLM
	provider := lc.Provider()
	if provider == "" {
		log.Info("engine ready", "engine", b.Name())
		return pipeline.New(b, builtin.DetectLanguage), func() {}, nil
	}
	c := llm.Config{
		URLs: lc.URLs, Model: lc.Model, APIKey: string(lc.APIKey), MaxModelLen: lc.MaxModelLen,
		Timeout: lc.Timeout, ConnectTimeout: lc.Connect, Retries: lc.Retries,
		PollInterval: lc.Poll, DNSRefresh: lc.DNSRefresh, Logger: log,
		Balancer: llm.BalancerConfig{MaxNumSeqs: lc.MaxNumSeqs, QueueSize: lc.QueueSize, QueueTimeout: lc.QueueWait},
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
		return nil, nil, fmt.Errorf("model engine: %w", err)
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
	}
	if lc.Fallback == "builtin" {
		opts = append(opts, pipeline.WithFallback(b))
	}
	log.Info("engine ready", "engine", provider, "model", c.Model, "endpoints", len(client.Stats().Endpoints),
		"output", lc.Output, "fallback", lc.Fallback, "chunk_size", lc.ChunkSize)
	return pipeline.New(eng, builtin.DetectLanguage, opts...), client.Close, nil
}
