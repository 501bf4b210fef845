package plan

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestPresetShapes(t *testing.T) {
	// Published parameter counts (model cards) and the KV-cache size per
	// token from 2 × layers × kv_heads × head_dim × 2 bytes.
	tests := []struct {
		name      string
		params    float64 // billions, from the model card
		kvPerTok  int64
		wantLayer int
	}{
		{"qwen2.5-7b-instruct", 7.61, 2 * 28 * 4 * 128 * 2, 28},
		{"llama-3.1-8b-instruct", 8.03, 2 * 32 * 8 * 128 * 2, 32},
		{"mistral-7b-instruct", 7.25, 2 * 32 * 8 * 128 * 2, 32},
		{"phi-3-mini-4k-instruct", 3.82, 2 * 32 * 32 * 96 * 2, 32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := ModelPreset(tt.name)
			if !ok {
				t.Fatalf("no preset %s", tt.name)
			}
			got := float64(m.ParamCount()) / 1e9
			if math.Abs(got-tt.params)/tt.params > 0.01 {
				t.Errorf("params = %.3f B, model card says %.2f B", got, tt.params)
			}
			in := Defaults()
			in.Model = m
			r, err := Compute(in)
			if err != nil {
				t.Fatal(err)
			}
			if r.KVCacheBytesPerToken != tt.kvPerTok {
				t.Errorf("KV bytes/token = %d, want %d", r.KVCacheBytesPerToken, tt.kvPerTok)
			}
		})
	}
}

func TestModelAliasesAndIDs(t *testing.T) {
	for _, name := range []string{"qwen", "Qwen/Qwen2.5-7B-Instruct", "QWEN2.5-7B-INSTRUCT", "phi-3", "llama", "mistral"} {
		if _, ok := ModelPreset(name); !ok {
			t.Errorf("ModelPreset(%q) not found", name)
		}
	}
	if _, ok := ModelPreset("gpt-5"); ok {
		t.Error("unknown model found")
	}
	for _, g := range []string{"l4", "A10G", "t4", "l40s", "a100", "h100"} {
		if _, ok := GPUPreset(g); !ok {
			t.Errorf("GPUPreset(%q) not found", g)
		}
	}
}

// The shape of Qwen/Qwen2.5-7B-Instruct's config.json.
const qwenConfig = `{
  "_name_or_path": "Qwen/Qwen2.5-7B-Instruct",
  "architectures": ["Qwen2ForCausalLM"],
  "hidden_size": 3584, "intermediate_size": 18944, "max_position_embeddings": 32768,
  "model_type": "qwen2", "num_attention_heads": 28, "num_hidden_layers": 28,
  "num_key_value_heads": 4, "tie_word_embeddings": false, "torch_dtype": "bfloat16",
  "vocab_size": 152064
}`

func TestReadConfig(t *testing.T) {
	m, err := ReadConfig(strings.NewReader(qwenConfig))
	if err != nil {
		t.Fatal(err)
	}
	preset, _ := ModelPreset("qwen")
	if m.HeadDim != 128 || !m.QKVBias || m.ID != "Qwen/Qwen2.5-7B-Instruct" {
		t.Errorf("derived fields: head_dim %d, qkv bias %v, id %q", m.HeadDim, m.QKVBias, m.ID)
	}
	if m.ParamCount() != preset.ParamCount() {
		t.Errorf("params from config %d != preset %d", m.ParamCount(), preset.ParamCount())
	}

	bad := []string{`{`, `{"num_hidden_layers": 0}`, `{"num_hidden_layers": 2, "hidden_size": 8, "num_attention_heads": 2, "intermediate_size": 4, "vocab_size": 10, "torch_dtype": "int3"}`}
	for _, b := range bad {
		if _, err := ReadConfig(strings.NewReader(b)); err == nil {
			t.Errorf("ReadConfig(%s) accepted", b)
		}
	}
}

func TestSchedule(t *testing.T) {
	tests := []struct {
		in       string
		gpuHours float64
		hours    float64
		spot     float64 // at $0.452
		wantErr  bool
	}{
		{"400h:1,200h:2,130h:6", 1580, 730, 714.16, false},
		{"730:1", 730, 730, 329.96, false},
		{" 100h:0 , 630h:3 ", 1890, 730, 854.28, false},
		{"", 0, 0, 0, true},
		{"400h", 0, 0, 0, true},
		{"xh:1", 0, 0, 0, true},
		{"10h:-1", 0, 0, 0, true},
	}
	for _, tt := range tests {
		s, err := ParseSchedule(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("ParseSchedule(%q) accepted", tt.in)
			}
			continue
		}
		if err != nil {
			t.Fatalf("ParseSchedule(%q): %v", tt.in, err)
		}
		_, total := s.Price(0.452)
		if s.GPUHours() != tt.gpuHours || s.Hours() != tt.hours || math.Abs(total-tt.spot) > 0.005 {
			t.Errorf("%q: GPU-h %g h %g $%.2f, want %g %g $%.2f", tt.in, s.GPUHours(), s.Hours(), total, tt.gpuHours, tt.hours, tt.spot)
		}
	}
}

// TestGuideSettings is the acceptance case: Qwen2.5-7B on one L4
// at the guide's settings and schedule.
func TestGuideSettings(t *testing.T) {
	in := Defaults()
	in.SpotPrice = 0.452
	r, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what string
		ok   bool
	}{
		{"KV bytes/token 57344", r.KVCacheBytesPerToken == 57344},
		{"weights 15.23 GB", r.WeightsBytes == 7_615_616_512*2},
		{"budget = 23034 MiB × 0.85", r.BudgetBytes == int64(float64(r.Inputs.GPU.MemoryBytes)*0.85) && r.Inputs.GPU.MemoryBytes == 23034*MiB},
		{"KV memory = budget − weights − reserve", r.KVCacheBytes == r.BudgetBytes-r.WeightsBytes-r.ReserveBytes},
		{"KV tokens whole blocks", r.KVCacheTokens%BlockTokens == 0 && r.KVCacheTokens*r.KVCacheBytesPerToken <= r.KVCacheBytes},
		{"KV tokens within one block of the memory", r.KVCacheBytes-r.KVCacheTokens*r.KVCacheBytesPerToken < BlockTokens*r.KVCacheBytesPerToken},
		{"fits 4096", r.Fits},
		{"batch capped at 64", r.Batch == 64},
		{"spot $714.16", math.Abs(r.MonthlyCostSpotUSD-714.16) < 0.005},
		{"monthly_cost_usd is the spot total", r.MonthlyCostUSD == r.MonthlyCostSpotUSD},
		{"on demand 1580 × 0.8048", math.Abs(r.MonthlyCostOnDemandUSD-1580*0.8048) < 0.005},
		{"throughput below the guide's 15 req/s", r.RequestsPerSecondPerGPU > 1 && r.RequestsPerSecondPerGPU < 15},
		{"more GPUs than the guide's 6 for 500 users", r.GPUsNeeded > 6},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: failed (result %+v)", c.what, *r)
		}
	}
	verdicts := map[string]string{}
	for _, c := range r.Guide {
		verdicts[c.Claim] = c.Verdict
	}
	if v := verdicts["monthly cost (spot, 400h×1 + 200h×2 + 130h×6)"]; v != "wrong" {
		t.Errorf("the guide's $437 must be flagged wrong, got %q", v)
	}
	if v := verdicts["KV cache on one L4"]; v != "optimistic" {
		t.Errorf("the guide's 9.5 GB KV cache must be flagged optimistic, got %q", v)
	}

	var text bytes.Buffer
	if err := WriteText(&text, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 (K and V) × 28 layers × 4 KV heads × 128 head_dim × 2 bytes", "57,344 B", "$714.16", "$352.56", "add up to $716, not $437", "sequences at max-model-len"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text output lacks %q", want)
		}
	}

	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	if m["kv_cache_bytes_per_token"] != float64(57344) || m["monthly_cost_usd"] == nil {
		t.Errorf("JSON lacks kv_cache_bytes_per_token/monthly_cost_usd: %v %v", m["kv_cache_bytes_per_token"], m["monthly_cost_usd"])
	}
}

func TestWarnings(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Inputs)
		want   string
		fits   bool
	}{
		{"T4 cannot hold bf16 weights", func(in *Inputs) { in.GPU, _ = GPUPreset("t4") }, "does not fit", false},
		{"max-model-len beyond the KV cache", func(in *Inputs) { in.MaxModelLen = 100000 }, "less than --max-model-len", false},
		{"text longer than the context", func(in *Inputs) { in.Profile.TextChars = 40000 }, "must be split", true},
		{"schedule not a month", func(in *Inputs) { in.Schedule = Schedule{{100, 1}} }, "a month has 730 h", true},
		{"T4 lacks bfloat16", func(in *Inputs) { in.GPU, _ = GPUPreset("t4"); in.Model, _ = ModelPreset("phi-3") }, "no bfloat16", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Defaults()
			tt.mutate(&in)
			r, err := Compute(in)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(r.Warnings, "\n"), tt.want) {
				t.Errorf("warnings %q lack %q", r.Warnings, tt.want)
			}
			if r.Fits != tt.fits {
				t.Errorf("fits = %v, want %v", r.Fits, tt.fits)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []func(*Inputs){
		func(in *Inputs) { in.GPUMemoryUtilization = 1.5 },
		func(in *Inputs) { in.MaxModelLen = 0 },
		func(in *Inputs) { in.BandwidthEfficiency = 0 },
		func(in *Inputs) { in.Profile.CharsPerToken = 0 },
		func(in *Inputs) { in.SpotPrice = -1 },
		func(in *Inputs) { in.Model.Layers = 0 },
	}
	for i, mutate := range tests {
		in := Defaults()
		mutate(&in)
		if _, err := Compute(in); err == nil {
			t.Errorf("case %d: invalid inputs accepted", i)
		}
	}
}

func TestPrefixCachingAndFP8(t *testing.T) {
	in := Defaults()
	with, _ := Compute(in)
	in.PrefixCaching = false
	without, _ := Compute(in)
	if without.PrefillSecondsPerReq <= with.PrefillSecondsPerReq || without.RequestsPerSecondPerGPU >= with.RequestsPerSecondPerGPU {
		t.Errorf("prefix caching should cut prefill: %v vs %v", with.PrefillSecondsPerReq, without.PrefillSecondsPerReq)
	}
	in = Defaults()
	in.KVCacheDType = "fp8"
	fp8, _ := Compute(in)
	if fp8.KVCacheBytesPerToken*2 != with.KVCacheBytesPerToken {
		t.Errorf("fp8 KV cache should halve bytes per token: %d", fp8.KVCacheBytesPerToken)
	}
}

func BenchmarkCompute(b *testing.B) {
	in := Defaults()
	in.SpotPrice = 0.452
	for b.Loop() {
		if _, err := Compute(in); err != nil {
			b.Fatal(err)
		}
	}
}
