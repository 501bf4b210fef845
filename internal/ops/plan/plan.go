package plan

import (
	"errors"
	"fmt"
	"math"
)

// Profile is the traffic a deployment must serve.
type Profile struct {
	// TextChars is the length of a typical text to check.
	TextChars int `json:"text_chars"`
	// CharsPerToken converts characters to tokens (about 4 for English
	// with the Qwen and Llama tokenizers; fewer for other scripts).
	CharsPerToken float64 `json:"chars_per_token"`
	// PromptTokens is the fixed part of the prompt: instructions and
	// examples, sent before the text. With prefix caching it is computed
	// once and shared.
	PromptTokens int `json:"prompt_tokens"`
	// OutputOverheadTokens are the tokens the answer adds to the corrected
	// text (JSON wrapper, end of sequence).
	OutputOverheadTokens int `json:"output_overhead_tokens"`
	// RequestsPerSecondPerUser is how often one active user asks for a
	// check.
	RequestsPerSecondPerUser float64 `json:"requests_per_second_per_user"`
	Users                    int     `json:"users"`
}

// DefaultProfile is a 400-character text (a paragraph), a 350-token
// instruction prefix, and 0.13 requests/s per user: the rate the guide's own
// figures imply (15–20 req/s for 100–150 users per GPU).
func DefaultProfile() Profile {
	return Profile{TextChars: 400, CharsPerToken: 4, PromptTokens: 350, OutputOverheadTokens: 10,
		RequestsPerSecondPerUser: 0.13, Users: 500}
}

// Inputs are everything a plan is computed from.
type Inputs struct {
	Model Model `json:"model"`
	GPU   GPU   `json:"gpu"`
	// vLLM settings.
	MaxModelLen          int     `json:"max_model_len"`
	GPUMemoryUtilization float64 `json:"gpu_memory_utilization"`
	MaxNumSeqs           int     `json:"max_num_seqs"`
	MaxNumBatchedTokens  int     `json:"max_num_batched_tokens"`
	PrefixCaching        bool    `json:"prefix_caching"`
	// KVCacheDType is "auto" (the model's dtype) or fp8.
	KVCacheDType string `json:"kv_cache_dtype"`
	// ReserveBytes is memory inside the utilization budget that is neither
	// weights nor KV cache (activations, CUDA graphs, CUDA context); zero
	// means estimate it (see Reserve).
	ReserveBytes int64 `json:"reserve_bytes"`
	// BandwidthEfficiency and ComputeEfficiency are the fractions of the
	// data-sheet peaks that kernels reach (typically 0.6–0.85 and 0.3–0.6).
	BandwidthEfficiency float64 `json:"bandwidth_efficiency"`
	ComputeEfficiency   float64 `json:"compute_efficiency"`
	// TargetUtilization is the share of a GPU's throughput that is planned
	// for, keeping headroom for bursts and queueing.
	TargetUtilization float64  `json:"target_utilization"`
	Profile           Profile  `json:"profile"`
	Schedule          Schedule `json:"schedule"`
	// SpotPrice is the spot price per GPU-hour (0: not priced);
	// OnDemandPrice overrides the GPU preset's on-demand price.
	SpotPrice     float64 `json:"spot_price_usd_per_hour"`
	OnDemandPrice float64 `json:"on_demand_price_usd_per_hour"`
}

// GuideSchedule is the guide's month: 400 h at 1 GPU, 200 h at 2, 130 h at 6.
func GuideSchedule() Schedule { return Schedule{{400, 1}, {200, 2}, {130, 6}} }

// Defaults are the guide's deployment: Qwen2.5-7B-Instruct on one L4 with
// the vLLM settings of its table.
func Defaults() Inputs {
	m, _ := ModelPreset("qwen2.5-7b-instruct")
	g, _ := GPUPreset("l4")
	return Inputs{Model: m, GPU: g, MaxModelLen: 4096, GPUMemoryUtilization: 0.85, MaxNumSeqs: 64,
		MaxNumBatchedTokens: 8192, PrefixCaching: true, KVCacheDType: "auto",
		BandwidthEfficiency: 0.8, ComputeEfficiency: 0.5, TargetUtilization: 0.7,
		Profile: DefaultProfile(), Schedule: GuideSchedule()}
}

// Step is one line of shown arithmetic.
type Step struct {
	Section string `json:"section"`
	What    string `json:"what"`
	Formula string `json:"formula"`
	Value   string `json:"value"`
}

// Result is a computed plan. Sizes are bytes, rates per second.
type Result struct {
	Inputs Inputs `json:"inputs"`

	Params                  int64   `json:"params"`
	WeightsBytes            int64   `json:"weights_bytes"`
	KVCacheBytesPerToken    int64   `json:"kv_cache_bytes_per_token"`
	BudgetBytes             int64   `json:"budget_bytes"`
	ReserveBytes            int64   `json:"reserve_bytes"`
	KVCacheBytes            int64   `json:"kv_cache_bytes"`
	KVCacheTokens           int64   `json:"kv_cache_tokens"`
	Fits                    bool    `json:"fits"`
	SeqsAtMaxModelLen       float64 `json:"concurrent_seqs_at_max_model_len"`
	TokensPerRequest        int     `json:"tokens_per_request"`
	PromptTokensPerRequest  int     `json:"prompt_tokens_per_request"`
	OutputTokensPerRequest  int     `json:"output_tokens_per_request"`
	SeqsAtProfile           int64   `json:"concurrent_seqs_at_profile"`
	Batch                   int64   `json:"decode_batch"`
	StepSecondsAtBatch      float64 `json:"decode_step_seconds_at_batch"`
	StepSecondsSingle       float64 `json:"decode_step_seconds_single"`
	DecodeTokensPerSecond   float64 `json:"decode_tokens_per_second"`
	PrefillSecondsPerReq    float64 `json:"prefill_seconds_per_request"`
	RequestsPerSecondPerGPU float64 `json:"requests_per_second_per_gpu"`
	LatencySecondsIdle      float64 `json:"latency_seconds_idle"`
	LatencySecondsFullBatch float64 `json:"latency_seconds_full_batch"`
	UsersPerGPU             float64 `json:"users_per_gpu"`
	DemandRequestsPerSecond float64 `json:"demand_requests_per_second"`
	GPUsNeeded              int     `json:"gpus_needed"`

	GPUHours               float64      `json:"gpu_hours_per_month"`
	ScheduleHours          float64      `json:"schedule_hours"`
	OnDemandUSDPerHour     float64      `json:"on_demand_usd_per_hour"`
	MonthlyCostUSD         float64      `json:"monthly_cost_usd"`
	MonthlyCostSpotUSD     float64      `json:"monthly_cost_spot_usd,omitempty"`
	MonthlyCostOnDemandUSD float64      `json:"monthly_cost_on_demand_usd"`
	SpotLines              []PeriodCost `json:"spot_lines,omitempty"`
	OnDemandLines          []PeriodCost `json:"on_demand_lines"`
	// AlwaysOnUSD is GPUsNeeded running all month on demand, for scale.
	AlwaysOnOnDemandUSD float64 `json:"always_on_on_demand_usd"`
	PriceAssumption     string  `json:"price_assumption"`

	Steps    []Step   `json:"steps"`
	Warnings []string `json:"warnings,omitempty"`
	// Guide compares the guide's claims with this plan when the inputs are
	// the guide's (Qwen2.5-7B on L4); empty otherwise.
	Guide []GuideClaim `json:"guide_check,omitempty"`
}

// BlockTokens is vLLM's KV-cache block size: memory is handed out in
// blocks of 16 tokens.
const BlockTokens = 16

// cudaOverheadBytes is the part of the reserve that does not scale with the
// batch: CUDA context and non-torch allocations (≈0.25–0.5 GiB) and CUDA
// graphs (≈0.25–0.5 GiB).
const cudaOverheadBytes = 3 * GiB / 4

// Reserve estimates the memory vLLM's profiling run finds in use besides
// weights: the activations of one forward pass over max_num_batched_tokens
// tokens (the MLP's gate and up projections, their product, and a few
// hidden-state buffers: tokens × (3 × intermediate + 4 × hidden) × dtype
// bytes), plus cudaOverheadBytes.
func Reserve(m Model, maxNumBatchedTokens int) (act, total int64) {
	b, _ := DTypeBytes(m.DType)
	act = int64(maxNumBatchedTokens) * int64(3*m.Intermediate+4*m.Hidden) * int64(b)
	return act, act + cudaOverheadBytes
}

// Validate reports inputs that cannot be planned.
func (in Inputs) Validate() error {
	if err := in.Model.Validate(); err != nil {
		return err
	}
	switch {
	case in.GPU.MemoryBytes <= 0 || in.GPU.BandwidthBytesPerSec <= 0 || in.GPU.FLOPS <= 0:
		return errors.New("GPU memory, bandwidth and FLOPS must be positive")
	case in.MaxModelLen <= 0:
		return errors.New("--max-model-len must be positive")
	case in.GPUMemoryUtilization <= 0 || in.GPUMemoryUtilization > 1:
		return errors.New("--gpu-memory-utilization must be in (0, 1]")
	case in.MaxNumSeqs <= 0 || in.MaxNumBatchedTokens <= 0:
		return errors.New("--max-num-seqs and --max-num-batched-tokens must be positive")
	case in.BandwidthEfficiency <= 0 || in.BandwidthEfficiency > 1 || in.ComputeEfficiency <= 0 || in.ComputeEfficiency > 1:
		return errors.New("efficiencies must be in (0, 1]")
	case in.TargetUtilization <= 0 || in.TargetUtilization > 1:
		return errors.New("--target-utilization must be in (0, 1]")
	case in.Profile.TextChars <= 0 || in.Profile.CharsPerToken <= 0 || in.Profile.PromptTokens < 0:
		return errors.New("profile: text length and characters per token must be positive")
	case in.Profile.RequestsPerSecondPerUser < 0 || in.Profile.Users < 0:
		return errors.New("profile: requests per user and users must not be negative")
	case in.SpotPrice < 0 || in.OnDemandPrice < 0:
		return errors.New("prices must not be negative")
	}
	return nil
}

// Compute returns the plan for in, with its arithmetic in Result.Steps.
func Compute(in Inputs) (*Result, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	r := &Result{Inputs: in, PriceAssumption: PriceAssumption}
	m, g, p := in.Model, in.GPU, in.Profile
	step := func(section, what, formula, value string) {
		r.Steps = append(r.Steps, Step{section, what, formula, value})
	}

	// Weights.
	wb, _ := DTypeBytes(m.DType)
	if !g.BF16 && wb == 2 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s has no bfloat16: vLLM runs the model in float16 (same size; some models lose accuracy)", g.Name))
	}
	r.Params = m.ParamCount()
	r.WeightsBytes = r.Params * int64(wb)
	step("weights", "parameters", paramFormula(m), fmt.Sprintf("%s (%.2f B)", commas(r.Params), float64(r.Params)/1e9))
	step("weights", "weights size", fmt.Sprintf("params × %d bytes (%s)", wb, m.DType),
		fmt.Sprintf("%s B = %.2f GiB = %.2f GB", commas(r.WeightsBytes), gib(r.WeightsBytes), float64(r.WeightsBytes)/GB))

	// KV cache per token.
	kvb := wb
	if in.KVCacheDType != "" && in.KVCacheDType != "auto" {
		b, err := DTypeBytes(in.KVCacheDType)
		if err != nil {
			return nil, fmt.Errorf("--kv-cache-dtype: %w", err)
		}
		kvb = b
	}
	r.KVCacheBytesPerToken = int64(2 * m.Layers * m.KVHeads * m.HeadDim * kvb)
	step("kv", "KV cache per token", fmt.Sprintf("2 (K and V) × %d layers × %d KV heads × %d head_dim × %d bytes", m.Layers, m.KVHeads, m.HeadDim, kvb),
		fmt.Sprintf("%s B = %.0f KiB", commas(r.KVCacheBytesPerToken), float64(r.KVCacheBytesPerToken)/1024))

	// Memory budget.
	r.BudgetBytes = int64(float64(g.MemoryBytes) * in.GPUMemoryUtilization)
	step("memory", "vLLM budget", fmt.Sprintf("%s MiB (driver total) × %.2f", commas(g.MemoryBytes/MiB), in.GPUMemoryUtilization),
		fmt.Sprintf("%.2f GiB", gib(r.BudgetBytes)))
	if in.ReserveBytes > 0 {
		r.ReserveBytes = in.ReserveBytes
		step("memory", "reserve (given)", "--reserve-gib", fmt.Sprintf("%.2f GiB", gib(r.ReserveBytes)))
	} else {
		act, total := Reserve(m, in.MaxNumBatchedTokens)
		r.ReserveBytes = total
		step("memory", "activation peak", fmt.Sprintf("%d batched tokens × (3 × %d intermediate + 4 × %d hidden) × %d bytes", in.MaxNumBatchedTokens, m.Intermediate, m.Hidden, wb),
			fmt.Sprintf("%.2f GiB", gib(act)))
		step("memory", "reserve", "activation peak + 0.75 GiB (CUDA context, non-torch memory, CUDA graphs)", fmt.Sprintf("%.2f GiB", gib(total)))
	}
	r.KVCacheBytes = r.BudgetBytes - r.WeightsBytes - r.ReserveBytes
	step("kv", "KV cache memory", "budget − weights − reserve",
		fmt.Sprintf("%.2f − %.2f − %.2f = %.2f GiB", gib(r.BudgetBytes), gib(r.WeightsBytes), gib(r.ReserveBytes), gib(r.KVCacheBytes)))
	if r.KVCacheBytes <= 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("the model does not fit: %s at %.2f leaves no memory for the KV cache; vLLM will refuse to start. Use a larger GPU, a higher --gpu-memory-utilization, or a quantized model", g.Name, in.GPUMemoryUtilization))
		r.KVCacheBytes = 0
	}
	blockBytes := r.KVCacheBytesPerToken * BlockTokens
	r.KVCacheTokens = r.KVCacheBytes / blockBytes * BlockTokens
	step("kv", "KV cache tokens", fmt.Sprintf("⌊KV memory ÷ (%d-token blocks × %s B)⌋ × %d", BlockTokens, commas(r.KVCacheBytesPerToken), BlockTokens),
		commas(r.KVCacheTokens)+" tokens")
	r.Fits = r.KVCacheTokens >= int64(in.MaxModelLen)
	r.SeqsAtMaxModelLen = float64(r.KVCacheTokens) / float64(in.MaxModelLen)
	step("kv", "sequences at max-model-len", fmt.Sprintf("%s ÷ %d (vLLM's \"maximum concurrency\" log line)", commas(r.KVCacheTokens), in.MaxModelLen),
		fmt.Sprintf("%.1f", r.SeqsAtMaxModelLen))
	if !r.Fits && r.KVCacheTokens > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("KV cache holds %d tokens, less than --max-model-len %d: vLLM refuses to start; lower --max-model-len or raise --gpu-memory-utilization", r.KVCacheTokens, in.MaxModelLen))
	}

	// The profile's requests.
	text := int(math.Ceil(float64(p.TextChars) / p.CharsPerToken))
	r.PromptTokensPerRequest = p.PromptTokens + text
	r.OutputTokensPerRequest = text + p.OutputOverheadTokens
	r.TokensPerRequest = r.PromptTokensPerRequest + r.OutputTokensPerRequest
	step("profile", "tokens per request", fmt.Sprintf("prompt %d + text ⌈%d chars ÷ %.1f⌉ = %d; output = text %d + %d", p.PromptTokens, p.TextChars, p.CharsPerToken, r.PromptTokensPerRequest, text, p.OutputOverheadTokens),
		fmt.Sprintf("%d in + %d out = %d", r.PromptTokensPerRequest, r.OutputTokensPerRequest, r.TokensPerRequest))
	if r.TokensPerRequest > in.MaxModelLen {
		r.Warnings = append(r.Warnings, fmt.Sprintf("a request of the profile needs %d tokens, more than --max-model-len %d: texts must be split into chunks", r.TokensPerRequest, in.MaxModelLen))
	}
	seqBlocks := int64(math.Ceil(float64(r.TokensPerRequest) / BlockTokens))
	r.SeqsAtProfile = r.KVCacheTokens / (seqBlocks * BlockTokens)
	step("capacity", "sequences at the profile", fmt.Sprintf("%s ÷ %d tokens (%d blocks; shared-prefix blocks not deducted)", commas(r.KVCacheTokens), seqBlocks*BlockTokens, seqBlocks),
		commas(r.SeqsAtProfile))
	r.Batch = min(r.SeqsAtProfile, int64(in.MaxNumSeqs))
	step("capacity", "decode batch", fmt.Sprintf("min(sequences %d, --max-num-seqs %d)", r.SeqsAtProfile, in.MaxNumSeqs), commas(r.Batch))

	// Decode: every step reads the weights once and the KV of the batch.
	bw := g.BandwidthBytesPerSec * in.BandwidthEfficiency
	avgCtx := float64(r.PromptTokensPerRequest) + float64(r.OutputTokensPerRequest)/2
	r.StepSecondsSingle = float64(r.WeightsBytes) / bw
	if r.Batch > 0 {
		kvRead := float64(r.Batch) * avgCtx * float64(r.KVCacheBytesPerToken)
		r.StepSecondsAtBatch = (float64(r.WeightsBytes) + kvRead) / bw
		r.DecodeTokensPerSecond = float64(r.Batch) / r.StepSecondsAtBatch
		step("throughput", "decode step at batch", fmt.Sprintf("(weights %.2f GB + %d seqs × %.0f avg context × %s B) ÷ (%.0f GB/s × %.2f)", float64(r.WeightsBytes)/GB, r.Batch, avgCtx, commas(r.KVCacheBytesPerToken), g.BandwidthBytesPerSec/GB, in.BandwidthEfficiency),
			fmt.Sprintf("%.1f ms", r.StepSecondsAtBatch*1000))
		step("throughput", "decode tokens/s", fmt.Sprintf("%d ÷ %.4f s", r.Batch, r.StepSecondsAtBatch), fmt.Sprintf("%.0f tokens/s", r.DecodeTokensPerSecond))
	}
	uncached := r.PromptTokensPerRequest
	note := "no prefix caching: whole prompt"
	if in.PrefixCaching {
		uncached = text
		note = "prefix caching: only the text is new"
	}
	r.PrefillSecondsPerReq = 2 * float64(r.Params) * float64(uncached) / (g.FLOPS * in.ComputeEfficiency)
	step("throughput", "prefill per request", fmt.Sprintf("2 × params × %d tokens (%s) ÷ (%.0f TFLOPS × %.2f)", uncached, note, g.FLOPS/1e12, in.ComputeEfficiency),
		fmt.Sprintf("%.1f ms", r.PrefillSecondsPerReq*1000))
	if r.Batch > 0 {
		perReq := r.PrefillSecondsPerReq + float64(r.OutputTokensPerRequest)*r.StepSecondsAtBatch/float64(r.Batch)
		r.RequestsPerSecondPerGPU = 1 / perReq
		step("throughput", "requests/s per GPU", fmt.Sprintf("1 ÷ (prefill %.3f s + %d out × %.4f s ÷ %d)", r.PrefillSecondsPerReq, r.OutputTokensPerRequest, r.StepSecondsAtBatch, r.Batch),
			fmt.Sprintf("%.1f req/s", r.RequestsPerSecondPerGPU))
		r.LatencySecondsIdle = r.PrefillSecondsPerReq + float64(r.OutputTokensPerRequest)*r.StepSecondsSingle
		r.LatencySecondsFullBatch = r.PrefillSecondsPerReq + float64(r.OutputTokensPerRequest)*r.StepSecondsAtBatch
		step("latency", "one request, idle GPU", fmt.Sprintf("prefill + %d × %.1f ms (weights ÷ bandwidth)", r.OutputTokensPerRequest, r.StepSecondsSingle*1000),
			fmt.Sprintf("%.1f s", r.LatencySecondsIdle))
		step("latency", "one request, full batch", fmt.Sprintf("prefill + %d × %.1f ms, before any queueing", r.OutputTokensPerRequest, r.StepSecondsAtBatch*1000),
			fmt.Sprintf("%.1f s", r.LatencySecondsFullBatch))
	}

	// Users and GPUs.
	r.DemandRequestsPerSecond = float64(p.Users) * p.RequestsPerSecondPerUser
	usable := r.RequestsPerSecondPerGPU * in.TargetUtilization
	if p.RequestsPerSecondPerUser > 0 {
		r.UsersPerGPU = usable / p.RequestsPerSecondPerUser
		step("users", "users per GPU", fmt.Sprintf("%.1f req/s × %.2f target utilization ÷ %.3f req/s per user", r.RequestsPerSecondPerGPU, in.TargetUtilization, p.RequestsPerSecondPerUser),
			fmt.Sprintf("%.0f users", r.UsersPerGPU))
	}
	if usable > 0 {
		r.GPUsNeeded = int(math.Ceil(r.DemandRequestsPerSecond / usable))
		step("users", "GPUs needed", fmt.Sprintf("⌈%d users × %.3f req/s = %.1f req/s ÷ %.2f usable req/s per GPU⌉", p.Users, p.RequestsPerSecondPerUser, r.DemandRequestsPerSecond, usable),
			fmt.Sprintf("%d", r.GPUsNeeded))
	}

	// Cost.
	r.OnDemandUSDPerHour = g.OnDemandUSDPerHour
	if in.OnDemandPrice > 0 {
		r.OnDemandUSDPerHour = in.OnDemandPrice
	}
	r.GPUHours = in.Schedule.GPUHours()
	r.ScheduleHours = in.Schedule.Hours()
	if len(in.Schedule) > 0 {
		step("cost", "GPU-hours per month", scheduleFormula(in.Schedule), fmt.Sprintf("%g GPU-h over %g h", r.GPUHours, r.ScheduleHours))
		if math.Abs(r.ScheduleHours-HoursPerMonth) > 1 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("the schedule covers %g h; a month has %g h", r.ScheduleHours, HoursPerMonth))
		}
	}
	r.OnDemandLines, r.MonthlyCostOnDemandUSD = in.Schedule.Price(r.OnDemandUSDPerHour)
	step("cost", "on-demand", fmt.Sprintf("%g GPU-h × $%.4f (%s)", r.GPUHours, r.OnDemandUSDPerHour, g.Instance), usd(r.MonthlyCostOnDemandUSD))
	r.MonthlyCostUSD = r.MonthlyCostOnDemandUSD
	if in.SpotPrice > 0 {
		r.SpotLines, r.MonthlyCostSpotUSD = in.Schedule.Price(in.SpotPrice)
		r.MonthlyCostUSD = r.MonthlyCostSpotUSD
		for _, l := range r.SpotLines {
			step("cost", "spot period", fmt.Sprintf("%g h × %d GPU × $%.3f", l.Hours, l.Replicas, in.SpotPrice), usd(l.USD))
		}
		step("cost", "spot total", fmt.Sprintf("%g GPU-h × $%.3f", r.GPUHours, in.SpotPrice), usd(r.MonthlyCostSpotUSD))
	}
	r.AlwaysOnOnDemandUSD = cents(float64(r.GPUsNeeded) * HoursPerMonth * r.OnDemandUSDPerHour)
	if r.GPUsNeeded > 0 {
		step("cost", "GPUs needed, always on", fmt.Sprintf("%d × %g h × $%.4f on demand", r.GPUsNeeded, HoursPerMonth, r.OnDemandUSDPerHour), usd(r.AlwaysOnOnDemandUSD))
	}
	r.Guide = guideCheck(r)
	return r, nil
}

func paramFormula(m Model) string {
	if m.Params > 0 {
		return "given"
	}
	emb := "2 × vocab × hidden"
	if m.TiedEmbeddings {
		emb = "vocab × hidden"
	}
	bias := ""
	if m.QKVBias {
		bias = " + q/k/v biases"
	}
	return fmt.Sprintf("%s + %d layers × (attention q,k,v,o + 3 × hidden × %d MLP + norms%s) + norm", emb, m.Layers, m.Intermediate, bias)
}

func scheduleFormula(s Schedule) string {
	out := ""
	for i, p := range s {
		if i > 0 {
			out += " + "
		}
		out += fmt.Sprintf("%g h × %d", p.Hours, p.Replicas)
	}
	return out
}

func gib(b int64) float64 { return float64(b) / GiB }

func usd(v float64) string { return "$" + commasF(v) }

// commas renders 1234567 as "1,234,567".
func commas(n int64) string {
	s := fmt.Sprintf("%d", n)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// commasF renders a dollar amount with two decimals and thousands commas.
func commasF(v float64) string {
	cents := int64(math.Round(v * 100))
	return fmt.Sprintf("%s.%02d", commas(cents/100), abs(cents%100))
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
