package config

import (
	"fmt"
	"strings"
	"time"
)

// LLMConfig configures the model engine (VLLM_*, OPENAI_*, GEMINI_*,
// LLM_*, CHUNK_*).
type LLMConfig struct {
	// URLs are VLLM_URL's comma-separated URLs; empty: no vLLM.
	URLs        []string
	Model       string
	APIKey      Secret
	MaxModelLen int
	MaxNumSeqs  int
	Timeout     time.Duration
	Connect     time.Duration
	Retries     int
	QueueSize   int
	QueueWait   time.Duration
	Poll        time.Duration
	DNSRefresh  time.Duration
	Output      string // text or json
	Fallback    string // builtin or none

	OpenAIKey     Secret
	OpenAIModel   string
	OpenAIBaseURL string
	GeminiKey     Secret
	GeminiModel   string
	GeminiBaseURL string

	ChunkSize        int
	ChunkConcurrency int
	CacheMaxBytes    int
}

// Provider returns which model engine the configuration selects: "vllm"
// (VLLM_URL), "openai" (OPENAI_API_KEY), "gemini" (GEMINI_API_KEY), or ""
// for the built-in engine alone.
func (c LLMConfig) Provider() string {
	switch {
	case len(c.URLs) > 0:
		return "vllm"
	case c.OpenAIKey != "":
		return "openai"
	case c.GeminiKey != "":
		return "gemini"
	}
	return ""
}

func loadLLM(e *env) LLMConfig {
	c := LLMConfig{
		Model:            e.str("VLLM_MODEL"),
		APIKey:           Secret(e.str("VLLM_API_KEY")),
		MaxModelLen:      e.int("VLLM_MAX_MODEL_LEN"),
		MaxNumSeqs:       e.int("VLLM_MAX_NUM_SEQS"),
		Timeout:          e.duration("VLLM_TIMEOUT"),
		Connect:          e.duration("VLLM_CONNECT_TIMEOUT"),
		Retries:          e.int("VLLM_RETRIES"),
		QueueSize:        e.int("VLLM_QUEUE_SIZE"),
		QueueWait:        e.duration("VLLM_QUEUE_TIMEOUT"),
		Poll:             e.duration("VLLM_POLL_INTERVAL"),
		DNSRefresh:       e.duration("VLLM_DNS_REFRESH"),
		Output:           strings.ToLower(e.str("LLM_OUTPUT")),
		Fallback:         strings.ToLower(e.str("LLM_FALLBACK")),
		OpenAIKey:        Secret(e.str("OPENAI_API_KEY")),
		OpenAIModel:      e.str("OPENAI_MODEL"),
		OpenAIBaseURL:    e.str("OPENAI_BASE_URL"),
		GeminiKey:        Secret(e.str("GEMINI_API_KEY")),
		GeminiModel:      e.str("GEMINI_MODEL"),
		GeminiBaseURL:    e.str("GEMINI_BASE_URL"),
		ChunkSize:        e.int("CHUNK_SIZE"),
		ChunkConcurrency: e.int("CHUNK_CONCURRENCY"),
		CacheMaxBytes:    e.int("CACHE_MAX_BYTES"),
	}
	for _, u := range strings.Split(e.str("VLLM_URL"), ",") {
		if u = strings.TrimSpace(u); u != "" {
			c.URLs = append(c.URLs, u)
		}
	}
	return c
}

func (c LLMConfig) validate() error {
	switch {
	case c.Output != "text" && c.Output != "json":
		return fmt.Errorf("LLM_OUTPUT %q: must be text or json", c.Output)
	case c.Fallback != "builtin" && c.Fallback != "none":
		return fmt.Errorf("LLM_FALLBACK %q: must be builtin or none", c.Fallback)
	case c.ChunkSize < 100:
		return fmt.Errorf("CHUNK_SIZE %d: must be at least 100 characters", c.ChunkSize)
	case c.ChunkConcurrency < 1:
		return fmt.Errorf("CHUNK_CONCURRENCY %d: must be at least 1", c.ChunkConcurrency)
	case c.MaxModelLen < 0:
		return fmt.Errorf("VLLM_MAX_MODEL_LEN %d: must be positive", c.MaxModelLen)
	case c.Timeout <= 0:
		return fmt.Errorf("VLLM_TIMEOUT %s: must be positive", c.Timeout)
	case c.QueueSize < 1:
		return fmt.Errorf("VLLM_QUEUE_SIZE %d: must be at least 1", c.QueueSize)
	}
	for _, u := range c.URLs {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return fmt.Errorf("VLLM_URL %q: must start with http:// or https://", u)
		}
	}
	return nil
}
