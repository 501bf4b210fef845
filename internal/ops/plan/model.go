// Package plan estimates what a vLLM deployment of a model on a GPU can
// hold and serve, and what it costs, from first principles: the model's
// shape (its config.json), the GPU's memory, bandwidth and compute, and the
// vLLM settings. Every figure comes with the arithmetic that produced it, so
// an operator can check it by hand.
package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Model is the part of a Hugging Face config.json that sizing needs.
type Model struct {
	// Name is a preset key or the config's _name_or_path.
	Name string `json:"name"`
	// ID is the Hugging Face repository, e.g. Qwen/Qwen2.5-7B-Instruct.
	ID               string `json:"id,omitempty"`
	Type             string `json:"model_type"`
	Layers           int    `json:"num_hidden_layers"`
	Hidden           int    `json:"hidden_size"`
	Heads            int    `json:"num_attention_heads"`
	KVHeads          int    `json:"num_key_value_heads"`
	HeadDim          int    `json:"head_dim"`
	Intermediate     int    `json:"intermediate_size"`
	Vocab            int    `json:"vocab_size"`
	TiedEmbeddings   bool   `json:"tie_word_embeddings"`
	QKVBias          bool   `json:"qkv_bias"`
	DType            string `json:"torch_dtype"`
	MaxContextTokens int    `json:"max_position_embeddings"`
	// Params is the parameter count; zero means "compute it from the shape".
	Params int64 `json:"params,omitempty"`
}

// Presets are the models the guide names, with the shapes of their
// published config.json files.
var presets = map[string]Model{
	"qwen2.5-7b-instruct": {
		Name: "qwen2.5-7b-instruct", ID: "Qwen/Qwen2.5-7B-Instruct", Type: "qwen2",
		Layers: 28, Hidden: 3584, Heads: 28, KVHeads: 4, HeadDim: 128, Intermediate: 18944,
		Vocab: 152064, QKVBias: true, DType: "bfloat16", MaxContextTokens: 32768,
	},
	"llama-3.1-8b-instruct": {
		Name: "llama-3.1-8b-instruct", ID: "meta-llama/Llama-3.1-8B-Instruct", Type: "llama",
		Layers: 32, Hidden: 4096, Heads: 32, KVHeads: 8, HeadDim: 128, Intermediate: 14336,
		Vocab: 128256, DType: "bfloat16", MaxContextTokens: 131072,
	},
	"mistral-7b-instruct": {
		Name: "mistral-7b-instruct", ID: "mistralai/Mistral-7B-Instruct-v0.3", Type: "mistral",
		Layers: 32, Hidden: 4096, Heads: 32, KVHeads: 8, HeadDim: 128, Intermediate: 14336,
		Vocab: 32768, DType: "bfloat16", MaxContextTokens: 32768,
	},
	"phi-3-mini-4k-instruct": {
		Name: "phi-3-mini-4k-instruct", ID: "microsoft/Phi-3-mini-4k-instruct", Type: "phi3",
		Layers: 32, Hidden: 3072, Heads: 32, KVHeads: 32, HeadDim: 96, Intermediate: 8192,
		Vocab: 32064, DType: "bfloat16", MaxContextTokens: 4096,
	},
}

// aliases map short names to presets.
var modelAliases = map[string]string{
	"qwen": "qwen2.5-7b-instruct", "qwen2.5-7b": "qwen2.5-7b-instruct",
	"llama-3.1-8b": "llama-3.1-8b-instruct", "llama": "llama-3.1-8b-instruct",
	"mistral-7b": "mistral-7b-instruct", "mistral": "mistral-7b-instruct",
	"phi-3": "phi-3-mini-4k-instruct", "phi3": "phi-3-mini-4k-instruct", "phi-3-mini": "phi-3-mini-4k-instruct",
}

// ModelPreset returns a preset by name (case-insensitive), by alias, or by
// its Hugging Face id.
func ModelPreset(name string) (Model, bool) {
	k := strings.ToLower(strings.TrimSpace(name))
	if a, ok := modelAliases[k]; ok {
		k = a
	}
	if m, ok := presets[k]; ok {
		return m, true
	}
	for _, m := range presets {
		if strings.EqualFold(m.ID, name) {
			return m, true
		}
	}
	return Model{}, false
}

// ModelPresetNames lists the preset keys, sorted.
func ModelPresetNames() []string {
	out := make([]string, 0, len(presets))
	for k := range presets {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ReadConfig parses a Hugging Face config.json.
func ReadConfig(r io.Reader) (Model, error) {
	var raw struct {
		Model
		NameOrPath string `json:"_name_or_path"`
		AttnBias   *bool  `json:"attention_bias"`
	}
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return Model{}, fmt.Errorf("reading config.json: %w", err)
	}
	m := raw.Model
	if m.Name == "" {
		m.Name = raw.NameOrPath
	}
	if m.ID == "" && strings.Count(raw.NameOrPath, "/") == 1 {
		m.ID = raw.NameOrPath
	}
	if m.KVHeads == 0 {
		m.KVHeads = m.Heads // no grouped-query attention
	}
	if m.HeadDim == 0 && m.Heads > 0 {
		m.HeadDim = m.Hidden / m.Heads
	}
	switch {
	case raw.AttnBias != nil:
		m.QKVBias = *raw.AttnBias
	case m.Type == "qwen2":
		m.QKVBias = true // Qwen2 has biases on q, k and v
	}
	if m.DType == "" {
		m.DType = "bfloat16"
	}
	if err := m.Validate(); err != nil {
		return Model{}, err
	}
	return m, nil
}

// Validate reports a shape that cannot be sized.
func (m Model) Validate() error {
	switch {
	case m.Layers <= 0:
		return fmt.Errorf("model %s: num_hidden_layers must be positive", m.Name)
	case m.Hidden <= 0 || m.Heads <= 0 || m.KVHeads <= 0 || m.HeadDim <= 0:
		return fmt.Errorf("model %s: hidden_size, num_attention_heads, num_key_value_heads and head_dim must be positive", m.Name)
	case m.Intermediate <= 0 || m.Vocab <= 0:
		return fmt.Errorf("model %s: intermediate_size and vocab_size must be positive", m.Name)
	}
	if _, err := DTypeBytes(m.DType); err != nil {
		return fmt.Errorf("model %s: %w", m.Name, err)
	}
	return nil
}

// DTypeBytes is the size of one value of a dtype name.
func DTypeBytes(dtype string) (int, error) {
	switch strings.ToLower(dtype) {
	case "bfloat16", "bf16", "float16", "fp16", "half", "auto":
		return 2, nil
	case "float32", "fp32", "float":
		return 4, nil
	case "fp8", "float8", "fp8_e4m3", "fp8_e5m2", "int8":
		return 1, nil
	}
	return 0, fmt.Errorf("unknown dtype %q (bfloat16, float16, float32, fp8)", dtype)
}

// ParamCount returns Params if set, else the count from the shape of a
// decoder-only transformer with gated MLP (SwiGLU) and RMSNorm:
//
//	embeddings  vocab × hidden (× 2 when the LM head is not tied)
//	per layer   q: hidden × heads·head_dim, k and v: hidden × kv_heads·head_dim each,
//	            o: heads·head_dim × hidden, MLP: 3 × hidden × intermediate,
//	            two norms: 2 × hidden, biases on q, k, v when the model has them
//	final norm  hidden
func (m Model) ParamCount() int64 {
	if m.Params > 0 {
		return m.Params
	}
	h, q, kv := int64(m.Hidden), int64(m.Heads*m.HeadDim), int64(m.KVHeads*m.HeadDim)
	emb := int64(m.Vocab) * h
	if !m.TiedEmbeddings {
		emb *= 2
	}
	layer := h*q + 2*h*kv + q*h + 3*h*int64(m.Intermediate) + 2*h
	if m.QKVBias {
		layer += q + 2*kv
	}
	return emb + int64(m.Layers)*layer + h
}
