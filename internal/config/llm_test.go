package config

import "testing"

func TestLLMConfig(t *testing.T) {
	tests := []struct {
		env      map[string]string
		provider string
		urls     int
		err      bool
	}{
		{map[string]string{}, "", 0, false},
		{map[string]string{"VLLM_URL": "http://a:8000, http://b:8000"}, "vllm", 2, false},
		{map[string]string{"OPENAI_API_KEY": "sk"}, "openai", 0, false},
		{map[string]string{"GEMINI_API_KEY": "g"}, "gemini", 0, false},
		{map[string]string{"VLLM_URL": "vllm:8000"}, "", 0, true},
		{map[string]string{"LLM_OUTPUT": "xml"}, "", 0, true},
		{map[string]string{"CHUNK_SIZE": "10"}, "", 0, true},
	}
	for _, tt := range tests {
		c, err := Load(func(k string) string { return tt.env[k] })
		if (err != nil) != tt.err {
			t.Errorf("%v: err %v", tt.env, err)
			continue
		}
		if err == nil && (c.LLM.Provider() != tt.provider || len(c.LLM.URLs) != tt.urls) {
			t.Errorf("%v: provider %q urls %v", tt.env, c.LLM.Provider(), c.LLM.URLs)
		}
	}
	d := Default().LLM
	if d.Model != "Qwen/Qwen2.5-7B-Instruct" || d.ChunkSize != 1200 || d.Output != "text" || d.Fallback != "builtin" {
		t.Errorf("defaults %+v", d)
	}
}
