package plan

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

var sectionTitles = []struct{ key, title string }{
	{"weights", "Weights"},
	{"kv", "KV cache"},
	{"memory", "Memory"},
	{"profile", "Traffic profile"},
	{"capacity", "Capacity"},
	{"throughput", "Throughput (decode-bound, from memory bandwidth)"},
	{"latency", "Latency estimate"},
	{"users", "Users and GPUs"},
	{"cost", "Monthly cost"},
}

// WriteText prints the plan as tables with the arithmetic shown.
func WriteText(w io.Writer, r *Result) error {
	in := r.Inputs
	var b strings.Builder
	fmt.Fprintf(&b, "Plan: %s on %s\n", nameOf(in.Model), in.GPU.Name)
	fmt.Fprintf(&b, "vLLM: --max-model-len %d --gpu-memory-utilization %.2f --max-num-seqs %d --max-num-batched-tokens %d, prefix caching %s\n",
		in.MaxModelLen, in.GPUMemoryUtilization, in.MaxNumSeqs, in.MaxNumBatchedTokens, onOff(in.PrefixCaching))
	fmt.Fprintf(&b, "Assumed: bandwidth efficiency %.2f, compute efficiency %.2f, target utilization %.2f; %s\n",
		in.BandwidthEfficiency, in.ComputeEfficiency, in.TargetUtilization, in.GPU.Name+fmt.Sprintf(" %.0f GB/s, %.0f TFLOPS dense", in.GPU.BandwidthBytesPerSec/GB, in.GPU.FLOPS/1e12))
	fmt.Fprintf(&b, "Profile: %d-character texts, %d-token instructions, %.3f req/s per user, %d users\n",
		in.Profile.TextChars, in.Profile.PromptTokens, in.Profile.RequestsPerSecondPerUser, in.Profile.Users)

	// Memory steps come before the KV cache ones that use them.
	order := []string{"weights", "memory", "kv", "profile", "capacity", "throughput", "latency", "users", "cost"}
	for _, key := range order {
		var rows []Step
		for _, s := range r.Steps {
			if s.Section == key {
				rows = append(rows, s)
			}
		}
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s\n", title(key))
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		for _, s := range rows {
			fmt.Fprintf(tw, "  %s\t%s\t= %s\n", s.What, s.Formula, s.Value)
		}
		tw.Flush()
	}
	fmt.Fprintf(&b, "  prices: %s\n", r.PriceAssumption)

	fmt.Fprintf(&b, "\nSummary\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  KV cache\t%s B/token, %.2f GiB, %s tokens\n", commas(r.KVCacheBytesPerToken), gib(r.KVCacheBytes), commas(r.KVCacheTokens))
	fmt.Fprintf(tw, "  concurrent sequences\t%.1f at %d tokens, %d at the profile (batch %d)\n", r.SeqsAtMaxModelLen, in.MaxModelLen, r.SeqsAtProfile, r.Batch)
	fmt.Fprintf(tw, "  throughput\t%.0f tokens/s, %.1f req/s per GPU\n", r.DecodeTokensPerSecond, r.RequestsPerSecondPerGPU)
	fmt.Fprintf(tw, "  GPUs for %d users\t%d\n", in.Profile.Users, r.GPUsNeeded)
	if r.MonthlyCostSpotUSD > 0 {
		fmt.Fprintf(tw, "  monthly cost (%s)\t%s spot at $%.3f/h, %s on demand at $%.4f/h\n", in.Schedule, usd(r.MonthlyCostSpotUSD), in.SpotPrice, usd(r.MonthlyCostOnDemandUSD), r.OnDemandUSDPerHour)
	} else {
		fmt.Fprintf(tw, "  monthly cost (%s)\t%s on demand at $%.4f/h\n", in.Schedule, usd(r.MonthlyCostOnDemandUSD), r.OnDemandUSDPerHour)
	}
	tw.Flush()

	if len(r.Warnings) > 0 {
		fmt.Fprintf(&b, "\nWarnings\n")
		for _, wn := range r.Warnings {
			fmt.Fprintf(&b, "  ! %s\n", wn)
		}
	}
	if len(r.Guide) > 0 {
		fmt.Fprintf(&b, "\nThe deployment guide's figures, checked\n")
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  CLAIM\tGUIDE\tTHIS PLAN\tVERDICT\n")
		for _, c := range r.Guide {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", c.Claim, c.Guide, c.Ours, strings.ToUpper(c.Verdict))
		}
		tw.Flush()
		fmt.Fprintf(&b, "  why:\n")
		for _, c := range r.Guide {
			if c.Verdict != "ok" {
				fmt.Fprintf(&b, "  - %s: %s\n", c.Claim, c.Why)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func nameOf(m Model) string {
	if m.ID != "" {
		return m.ID
	}
	return m.Name
}

func title(key string) string {
	for _, s := range sectionTitles {
		if s.key == key {
			return s.title
		}
	}
	return key
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
