package launcher

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestDefaultArgs pins the guide's command line; the Helm chart's values
// must equal this list.
func TestDefaultArgs(t *testing.T) {
	want := []string{
		"Qwen/Qwen2.5-7B-Instruct",
		"--host", "0.0.0.0",
		"--port", "8000",
		"--dtype", "auto",
		"--max-model-len", "4096",
		"--gpu-memory-utilization", "0.85",
		"--max-num-batched-tokens", "8192",
		"--max-num-seqs", "64",
		"--enable-prefix-caching",
		"--generation-config", "vllm",
		"--enable-prompt-tokens-details",
	}
	if got := Args(Default()); !slices.Equal(got, want) {
		t.Errorf("Args(Default()) =\n%q\nwant\n%q", got, want)
	}
	if got := Command(Default())[:3]; !slices.Equal(got, []string{"vllm", "serve", "Qwen/Qwen2.5-7B-Instruct"}) {
		t.Errorf("Command starts %q", got)
	}
	if err := Default().Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
}

func TestNgramAndOptions(t *testing.T) {
	c := Default()
	c.Ngram.Enabled = true
	c.PrefixCaching = false
	c.ServedModelName = "qwen"
	c.Extra = []string{"--enforce-eager"}
	a := Args(c)
	i := slices.Index(a, "--speculative-config")
	if i < 0 {
		t.Fatalf("no --speculative-config in %q", a)
	}
	var spec map[string]any
	if err := json.Unmarshal([]byte(a[i+1]), &spec); err != nil {
		t.Fatalf("speculative config %q: %v", a[i+1], err)
	}
	if spec["method"] != "ngram" || spec["num_speculative_tokens"] != float64(5) || spec["prompt_lookup_max"] != float64(4) || spec["prompt_lookup_min"] != float64(2) {
		t.Errorf("speculative config = %v", spec)
	}
	for _, want := range []string{"--no-enable-prefix-caching", "--served-model-name", "--enforce-eager"} {
		if !slices.Contains(a, want) {
			t.Errorf("args lack %s: %q", want, a)
		}
	}
	line := ShellQuote(Command(c))
	if !strings.Contains(line, `--speculative-config '{"method":"ngram",`) {
		t.Errorf("shell line does not quote the JSON: %s", line)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
	}{
		{"empty model", func(c *Config) { c.Model = " " }},
		{"port", func(c *Config) { c.Port = 70000 }},
		{"utilization", func(c *Config) { c.GPUMemoryUtilization = 1.2 }},
		{"max model len", func(c *Config) { c.MaxModelLen = 0 }},
		{"seqs", func(c *Config) { c.MaxNumSeqs = 0 }},
		{"batched tokens below seqs", func(c *Config) { c.MaxNumBatchedTokens = 8 }},
		{"ngram lookup", func(c *Config) {
			c.Ngram = NgramConfig{Enabled: true, NumSpeculativeTokens: 3, PromptLookupMin: 5, PromptLookupMax: 2}
		}},
	}
	for _, tt := range tests {
		c := Default()
		tt.mutate(&c)
		if c.Validate() == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		env     map[string]string
		check   func(Config) bool
		wantErr bool
	}{
		{map[string]string{}, func(c Config) bool { return slices.Equal(Args(c), Args(Default())) }, false},
		{map[string]string{"VLLM_MODEL": "meta-llama/Llama-3.1-8B-Instruct", "VLLM_MAX_MODEL_LEN": "8192", "GPU_MEMORY_UTILIZATION": "0.9", "VLLM_SPECULATIVE_NGRAM": "true"},
			func(c Config) bool {
				return c.Model == "meta-llama/Llama-3.1-8B-Instruct" && c.MaxModelLen == 8192 && c.GPUMemoryUtilization == 0.9 && c.Ngram.Enabled
			}, false},
		{map[string]string{"VLLM_MAX_NUM_SEQS": "many"}, nil, true},
		{map[string]string{"GPU_MEMORY_UTILIZATION": "85%"}, nil, true},
		{map[string]string{"GPU_MEMORY_UTILIZATION": "1.5"}, nil, true},
		{map[string]string{"VLLM_SPECULATIVE_NGRAM": "maybe"}, nil, true},
	}
	for i, tt := range tests {
		c, err := FromEnv(Default(), func(k string) string { return tt.env[k] })
		if (err != nil) != tt.wantErr {
			t.Errorf("case %d: err = %v", i, err)
			continue
		}
		if err == nil && !tt.check(c) {
			t.Errorf("case %d: config %+v", i, c)
		}
	}
}

func writeScript(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	argsFile := filepath.Join(dir, "args")
	writeScript(t, dir, "vllm", `for a in "$@"; do echo "$a"; done > "`+argsFile+`"`+"\n")
	env := map[string]string{"PATH": dir}
	err := Serve(context.Background(), Default(), ServeOptions{Getenv: func(k string) string { return env[k] }, Env: []string{"PATH=" + dir}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(argsFile)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSpace(string(b)), "\n")
	if want := append([]string{"serve"}, Args(Default())...); !slices.Equal(got, want) {
		t.Errorf("vllm got %q, want %q", got, want)
	}

	// Not installed: a clear error.
	err = Serve(context.Background(), Default(), ServeOptions{Getenv: func(string) string { return t.TempDir() }})
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "pip install vllm") {
		t.Errorf("missing vllm: %v", err)
	}

	// Cancelled: SIGTERM, and no error.
	writeScript(t, dir, "vllm", "trap 'exit 0' TERM\nwhile :; do sleep 0.05; done\n")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := Serve(ctx, Default(), ServeOptions{Getenv: func(k string) string { return env[k] }, StopTimeout: 5 * time.Second}); err != nil {
		t.Errorf("stopped vllm: %v", err)
	}
	if time.Since(start) > 4*time.Second {
		t.Errorf("stop took %s", time.Since(start))
	}
}

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"0.10.1", "0.9.2", 1},
		{"0.6.3", "0.8.0", -1},
		{"0.8.0", "0.8", 0},
		{"0.8.5.post1", "0.8.5", 0},
		{"0.11.0+cu128", "0.8.0", 1},
		{"v1.0.0", "0.8.0", 1},
	}
	for _, tt := range tests {
		if got := compareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("compare(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
