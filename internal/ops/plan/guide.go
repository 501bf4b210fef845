package plan

import (
	"fmt"
	"math"
	"strings"
)

// GuideClaim is one figure of the original vLLM deployment guide checked
// against the plan.
type GuideClaim struct {
	Claim   string `json:"claim"`
	Guide   string `json:"guide"`
	Ours    string `json:"ours"`
	Verdict string `json:"verdict"` // ok, optimistic, wrong
	Why     string `json:"why"`
}

// The guide's figures.
const (
	guideRPSLow, guideRPSHigh     = 15.0, 20.0
	guideUsersLow, guideUsersHigh = 100.0, 150.0
	guideSpot, guideOnDemand      = 0.452, 0.805
	guideMonthlyTotal             = 437.0
)

// guideCheck returns the comparison when the plan is for the guide's
// deployment (Qwen2.5-7B-Instruct on an L4), else nil.
func guideCheck(r *Result) []GuideClaim {
	in := r.Inputs
	if !strings.EqualFold(in.Model.ID, "Qwen/Qwen2.5-7B-Instruct") || !strings.Contains(in.GPU.Name, "L4") {
		return nil
	}
	var out []GuideClaim
	add := func(c GuideClaim) { out = append(out, c) }

	add(GuideClaim{"model size", "~14GB", fmt.Sprintf("%.2f GiB (%.2f GB)", gib(r.WeightsBytes), float64(r.WeightsBytes)/GB), "ok",
		"7.62 B parameters × 2 bytes; the guide's figure is in GiB"})

	kvGuide := 24 - 14.5
	add(GuideClaim{"KV cache on one L4", "~9.5GB", fmt.Sprintf("%.2f GiB", gib(r.KVCacheBytes)), verdict(gib(r.KVCacheBytes) < 0.8*kvGuide),
		fmt.Sprintf("24 − 14.5 ignores that the driver reports %.1f GiB, that vLLM takes only %.0f%% of it, and the activation/CUDA-graph reserve (%.2f GiB)",
			gib(in.GPU.MemoryBytes), in.GPUMemoryUtilization*100, gib(r.ReserveBytes))})

	maxTok := int64(0)
	if r.KVCacheTokens > 0 {
		maxTok = r.KVCacheTokens / 52
	}
	add(GuideClaim{"concurrent requests per GPU", "52-64",
		fmt.Sprintf("%.0f at %d tokens each; %d at the profile's %d tokens (capped by --max-num-seqs %d)", math.Floor(r.SeqsAtMaxModelLen), in.MaxModelLen, r.Batch, r.TokensPerRequest, in.MaxNumSeqs),
		concurrencyVerdict(r.Batch < 52, r.SeqsAtMaxModelLen < 52),
		fmt.Sprintf("52 sequences fit only while each holds at most %d tokens (prompt + text + answer); long texts at --max-model-len fit %.0f", maxTok, math.Floor(r.SeqsAtMaxModelLen))})

	need := 0.0
	if r.StepSecondsAtBatch > 0 {
		// Output tokens at which the GPU would reach the guide's low figure.
		need = (1/guideRPSLow - r.PrefillSecondsPerReq) * float64(r.Batch) / r.StepSecondsAtBatch
	}
	add(GuideClaim{"throughput per GPU", "15-20 req/s", fmt.Sprintf("%.1f req/s for %d-character texts", r.RequestsPerSecondPerGPU, in.Profile.TextChars),
		verdict(r.RequestsPerSecondPerGPU < guideRPSLow),
		fmt.Sprintf("decode is bound by reading %.1f GB of weights per step over %.0f GB/s; 15 req/s needs answers of at most ~%.0f tokens (~%.0f characters)",
			float64(r.WeightsBytes)/GB, in.GPU.BandwidthBytesPerSec/GB, math.Max(need, 0), math.Max(need, 0)*in.Profile.CharsPerToken)})

	add(GuideClaim{"users per GPU", "~100-150", fmt.Sprintf("%.0f at %.2f req/s per user and %.0f%% target utilization", r.UsersPerGPU, in.Profile.RequestsPerSecondPerUser, in.TargetUtilization*100),
		verdict(r.UsersPerGPU < guideUsersLow), "follows from the throughput; the guide also plans the GPU at 100% busy, leaving no headroom for bursts"})

	add(GuideClaim{"6 GPUs", "90-120 req/s, 500-600 users", fmt.Sprintf("%.0f req/s, %.0f users", 6*r.RequestsPerSecondPerGPU, 6*r.UsersPerGPU),
		verdict(6*r.UsersPerGPU < 500), fmt.Sprintf("%d users at the profile need %d GPUs", in.Profile.Users, r.GPUsNeeded)})

	add(GuideClaim{"latency, warm", "1-3 s, p95 < 4 s", fmt.Sprintf("%.1f s idle, %.1f s at full batch (before queueing)", r.LatencySecondsIdle, r.LatencySecondsFullBatch),
		verdict(r.LatencySecondsIdle > 3),
		fmt.Sprintf("each output token costs a decode step (≈%.0f ms on an L4 at %.0f%% of peak bandwidth); 1-3 s holds for texts under ~%.0f characters", r.StepSecondsSingle*1000, in.BandwidthEfficiency*100, 3/r.StepSecondsSingle*in.Profile.CharsPerToken)})

	spotSaving := 1 - guideSpot/guideOnDemand
	add(GuideClaim{"spot saving", "44%", fmt.Sprintf("%.1f%% ($%.3f vs $%.3f)", spotSaving*100, guideSpot, guideOnDemand), "ok",
		"spot prices move; Karpenter must handle interruptions (2-minute notice, minutes to reload the model)"})

	sched := GuideSchedule()
	lines, total := sched.Price(guideSpot)
	guideLines := []float64{181, 181, 354}
	var parts []string
	for i, l := range lines {
		parts = append(parts, fmt.Sprintf("%gh×%d = $%.2f (guide $%.0f)", l.Hours, l.Replicas, l.USD, guideLines[i]))
	}
	add(GuideClaim{"monthly cost (spot, 400h×1 + 200h×2 + 130h×6)", "~$437", fmt.Sprintf("$%.2f: %s", total, strings.Join(parts, ", ")), "wrong",
		fmt.Sprintf("the guide's own lines add up to $%.0f, not $%.0f; %g GPU-hours × $%.3f = $%.2f, and $%.2f on demand; EKS, storage, CPU pods and traffic are extra",
			guideLines[0]+guideLines[1]+guideLines[2], guideMonthlyTotal, sched.GPUHours(), guideSpot, total, sched.GPUHours()*guideOnDemand)})

	if t4, ok := GPUPreset("t4"); ok {
		budget := float64(t4.MemoryBytes) * in.GPUMemoryUtilization
		add(GuideClaim{"smallest GPU", "T4 16GB: ~14GB + 2GB KV", fmt.Sprintf("T4 budget %.2f GiB at %.2f < weights %.2f GiB", budget/GiB, in.GPUMemoryUtilization, gib(r.WeightsBytes)),
			wrongIf(budget < float64(r.WeightsBytes)),
			"the driver reports 15 GiB, so bf16 weights alone fill it; the T4 also lacks bfloat16; use a quantized model (AWQ/GPTQ, ~5 GiB) or a 24 GB GPU"})
	}

	add(GuideClaim{"monthly cost overview", "$250-450/month", fmt.Sprintf("$%.2f spot, $%.2f on demand (at the guide's $0.805/h) for the guide's schedule", total, sched.GPUHours()*guideOnDemand), "wrong",
		"follows from the mis-added schedule"})
	return out
}

func verdict(optimistic bool) string {
	if optimistic {
		return "optimistic"
	}
	return "ok"
}

// concurrencyVerdict: the guide's range is wrong when even the profile's
// short requests do not reach it, and holds only for short requests when
// full-length ones do not.
func concurrencyVerdict(profileShort, maxLenShort bool) string {
	switch {
	case profileShort:
		return "optimistic"
	case maxLenShort:
		return "short requests only"
	}
	return "ok"
}

func wrongIf(b bool) string {
	if b {
		return "wrong"
	}
	return "ok"
}
