// Package launcher builds, checks and starts the vLLM server that the LLM
// engine talks to. Args is the single source of vLLM's command line: the
// `appencorrect vllm args` command prints it, `vllm serve` runs it, and the
// Helm chart's test compares its values with Args(Default()).
package launcher

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Config is a vLLM server configuration.
type Config struct {
	Model string `json:"model"`
	Host  string `json:"host"`
	Port  int    `json:"port"`
	DType string `json:"dtype"`
	// MaxModelLen is the context (prompt + output) per sequence.
	MaxModelLen int `json:"max_model_len"`
	// GPUMemoryUtilization is the share of GPU memory vLLM takes.
	GPUMemoryUtilization float64 `json:"gpu_memory_utilization"`
	MaxNumBatchedTokens  int     `json:"max_num_batched_tokens"`
	// MaxNumSeqs is the largest decode batch; the LLM engine caps its
	// in-flight requests per endpoint at this number.
	MaxNumSeqs    int  `json:"max_num_seqs"`
	PrefixCaching bool `json:"prefix_caching"`
	// GenerationConfig "vllm" ignores the model's generation_config.json,
	// whose sampling defaults (Qwen's temperature 0.7, top_p 0.8,
	// repetition_penalty 1.05) would otherwise apply to every request that
	// does not set them.
	GenerationConfig string `json:"generation_config"`
	// PromptTokensDetails makes vLLM report usage.prompt_tokens_details
	// .cached_tokens (--enable-prompt-tokens-details; off by default in
	// vLLM, where the field is then absent and the engine's count of
	// prompt tokens served from the prefix cache reads 0).
	PromptTokensDetails bool `json:"prompt_tokens_details"`
	// ServedModelName, when set, is the name clients use instead of Model.
	ServedModelName string `json:"served_model_name,omitempty"`
	// Ngram turns on n-gram (prompt lookup) speculative decoding: the
	// corrected text mostly copies the input, so proposals taken from the
	// prompt are often accepted.
	Ngram NgramConfig `json:"ngram"`
	// Extra arguments are appended as given.
	Extra []string `json:"extra,omitempty"`
}

// NgramConfig is vLLM's n-gram speculative decoding.
type NgramConfig struct {
	Enabled bool `json:"enabled"`
	// NumSpeculativeTokens is how many tokens are proposed per step.
	NumSpeculativeTokens int `json:"num_speculative_tokens"`
	// PromptLookupMin and PromptLookupMax bound the n-gram length matched
	// in the prompt.
	PromptLookupMin int `json:"prompt_lookup_min"`
	PromptLookupMax int `json:"prompt_lookup_max"`
}

// Default is the deployment of the original guide (Qwen2.5-7B-Instruct on
// one 24 GB GPU) plus --generation-config vllm.
func Default() Config {
	return Config{
		Model:                "Qwen/Qwen2.5-7B-Instruct",
		Host:                 "0.0.0.0",
		Port:                 8000,
		DType:                "auto",
		MaxModelLen:          4096,
		GPUMemoryUtilization: 0.85,
		MaxNumBatchedTokens:  8192,
		MaxNumSeqs:           64,
		PrefixCaching:        true,
		GenerationConfig:     "vllm",
		PromptTokensDetails:  true,
		Ngram:                NgramConfig{NumSpeculativeTokens: 5, PromptLookupMin: 2, PromptLookupMax: 4},
	}
}

// Validate reports a configuration vLLM would reject or that makes no sense.
func (c Config) Validate() error {
	switch {
	case strings.TrimSpace(c.Model) == "":
		return fmt.Errorf("model is empty")
	case c.Port < 1 || c.Port > 65535:
		return fmt.Errorf("port %d: must be 1..65535", c.Port)
	case c.MaxModelLen < 16:
		return fmt.Errorf("max-model-len %d: must be at least 16", c.MaxModelLen)
	case c.GPUMemoryUtilization <= 0 || c.GPUMemoryUtilization > 1:
		return fmt.Errorf("gpu-memory-utilization %g: must be in (0, 1]", c.GPUMemoryUtilization)
	case c.MaxNumSeqs < 1:
		return fmt.Errorf("max-num-seqs %d: must be at least 1", c.MaxNumSeqs)
	case c.MaxNumBatchedTokens < c.MaxNumSeqs:
		return fmt.Errorf("max-num-batched-tokens %d: must be at least max-num-seqs %d", c.MaxNumBatchedTokens, c.MaxNumSeqs)
	case c.Ngram.Enabled && (c.Ngram.NumSpeculativeTokens < 1 || c.Ngram.PromptLookupMin < 1 || c.Ngram.PromptLookupMax < c.Ngram.PromptLookupMin):
		return fmt.Errorf("ngram: need num_speculative_tokens ≥ 1 and 1 ≤ prompt_lookup_min ≤ prompt_lookup_max")
	}
	return nil
}

// Args returns the arguments that follow `vllm serve`: the model, then the
// flags, in a fixed order.
func Args(c Config) []string {
	a := []string{
		c.Model,
		"--host", c.Host,
		"--port", strconv.Itoa(c.Port),
		"--dtype", c.DType,
		"--max-model-len", strconv.Itoa(c.MaxModelLen),
		"--gpu-memory-utilization", strconv.FormatFloat(c.GPUMemoryUtilization, 'f', -1, 64),
		"--max-num-batched-tokens", strconv.Itoa(c.MaxNumBatchedTokens),
		"--max-num-seqs", strconv.Itoa(c.MaxNumSeqs),
	}
	if c.PrefixCaching {
		a = append(a, "--enable-prefix-caching")
	} else {
		a = append(a, "--no-enable-prefix-caching")
	}
	if c.GenerationConfig != "" {
		a = append(a, "--generation-config", c.GenerationConfig)
	}
	if c.PromptTokensDetails {
		a = append(a, "--enable-prompt-tokens-details")
	}
	if c.ServedModelName != "" {
		a = append(a, "--served-model-name", c.ServedModelName)
	}
	if c.Ngram.Enabled {
		a = append(a, "--speculative-config", c.Ngram.JSON())
	}
	return append(a, c.Extra...)
}

// JSON is the --speculative-config value.
func (n NgramConfig) JSON() string {
	b, _ := json.Marshal(struct {
		Method          string `json:"method"`
		NumSpecTokens   int    `json:"num_speculative_tokens"`
		PromptLookupMax int    `json:"prompt_lookup_max"`
		PromptLookupMin int    `json:"prompt_lookup_min"`
	}{"ngram", n.NumSpeculativeTokens, n.PromptLookupMax, n.PromptLookupMin})
	return string(b)
}

// Command is the whole command line: vllm serve followed by Args.
func Command(c Config) []string {
	return append([]string{"vllm", "serve"}, Args(c)...)
}

// ShellQuote renders args as one shell command line.
func ShellQuote(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = quote(a)
	}
	return strings.Join(out, " ")
}

func quote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=,@+%", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// FromEnv applies VLLM_MODEL, VLLM_MAX_MODEL_LEN, GPU_MEMORY_UTILIZATION,
// VLLM_MAX_NUM_SEQS, VLLM_MAX_NUM_BATCHED_TOKENS, VLLM_PORT and
// VLLM_SPECULATIVE_NGRAM (described in config.Vars, the one table of
// environment variables) to c. Unset variables keep c's values.
func FromEnv(c Config, getenv func(string) string) (Config, error) {
	get := func(n string) string { return strings.TrimSpace(getenv(n)) }
	if v := get("VLLM_MODEL"); v != "" {
		c.Model = v
	}
	ints := []struct {
		name string
		dst  *int
	}{{"VLLM_MAX_MODEL_LEN", &c.MaxModelLen}, {"VLLM_MAX_NUM_SEQS", &c.MaxNumSeqs}, {"VLLM_MAX_NUM_BATCHED_TOKENS", &c.MaxNumBatchedTokens}, {"VLLM_PORT", &c.Port}}
	for _, iv := range ints {
		if v := get(iv.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return c, fmt.Errorf("%s=%q: not a whole number", iv.name, v)
			}
			*iv.dst = n
		}
	}
	if v := get("GPU_MEMORY_UTILIZATION"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return c, fmt.Errorf("GPU_MEMORY_UTILIZATION=%q: not a number", v)
		}
		c.GPUMemoryUtilization = f
	}
	if v := get("VLLM_SPECULATIVE_NGRAM"); v != "" {
		b, err := strconv.ParseBool(strings.ToLower(v))
		if err != nil {
			return c, fmt.Errorf("VLLM_SPECULATIVE_NGRAM=%q: not true or false", v)
		}
		c.Ngram.Enabled = b
	}
	return c, c.Validate()
}
