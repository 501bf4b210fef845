package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"appencorrect/internal/ops/plan"
)

func runPlan(_ context.Context, args []string, s stdio) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(s.err)
	d := plan.Defaults()
	modelName := fs.String("model", "qwen2.5-7b-instruct", "model preset: "+strings.Join(plan.ModelPresetNames(), ", "))
	configPath := fs.String("config", "", "a model's config.json instead of a preset")
	params := fs.Float64("params", 0, "parameter count in billions (default: computed from the shape)")
	gpuName := fs.String("gpu", "l4", "GPU preset: "+strings.Join(plan.GPUPresetNames(), ", "))
	maxLen := fs.Int("max-model-len", d.MaxModelLen, "vLLM --max-model-len")
	util := fs.Float64("gpu-memory-utilization", d.GPUMemoryUtilization, "vLLM --gpu-memory-utilization")
	seqs := fs.Int("max-num-seqs", d.MaxNumSeqs, "vLLM --max-num-seqs")
	batched := fs.Int("max-num-batched-tokens", d.MaxNumBatchedTokens, "vLLM --max-num-batched-tokens")
	prefix := fs.Bool("prefix-caching", d.PrefixCaching, "vLLM prefix caching (the instruction prefix is computed once)")
	kvDType := fs.String("kv-cache-dtype", "auto", "KV cache dtype: auto (the model's) or fp8")
	reserve := fs.Float64("reserve-gib", 0, "memory besides weights and KV cache, GiB (default: estimated from --max-num-batched-tokens)")
	bwEff := fs.Float64("bandwidth-efficiency", d.BandwidthEfficiency, "share of peak memory bandwidth decode reaches")
	flEff := fs.Float64("compute-efficiency", d.ComputeEfficiency, "share of peak FLOPS prefill reaches")
	target := fs.Float64("target-utilization", d.TargetUtilization, "share of a GPU's throughput to plan for")
	textChars := fs.Int("text-chars", d.Profile.TextChars, "typical text length, characters")
	cpt := fs.Float64("chars-per-token", d.Profile.CharsPerToken, "characters per token")
	promptTok := fs.Int("prompt-tokens", d.Profile.PromptTokens, "instruction tokens before the text")
	rps := fs.Float64("rps-per-user", d.Profile.RequestsPerSecondPerUser, "requests per second of one active user")
	users := fs.Int("users", d.Profile.Users, "active users to serve")
	sched := fs.String("schedule", d.Schedule.String(), "month as HOURSh:REPLICAS,... (e.g. 400h:1,200h:2,130h:6)")
	spot := fs.Float64("price", 0, "spot price per GPU-hour, USD (e.g. 0.452)")
	onDemand := fs.Float64("on-demand-price", 0, "on-demand price per GPU-hour, USD (default: the GPU preset's)")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	wake := fs.Bool("wake", false, "price one wake of a vLLM scaled to zero with each home for the weights (emptyDir download, EFS claim, pre-baked image)")
	dw := plan.DefaultWake(0)
	wakes := fs.Int("wakes-per-month", dw.WakesPerMonth, "with --wake: wakes a month")
	nodeStart := fs.Duration("wake-node-start", dw.NodeStart, "with --wake: GPU node launch to Ready")
	imageGB := fs.Float64("wake-image-gb", dw.ImageGB, "with --wake: vLLM image size, GB compressed")
	pull := fs.Float64("wake-image-pull-mbps", dw.ImagePullMBps, "with --wake: registry pull speed, MB/s")
	load := fs.Duration("wake-load", dw.LoadToGPU, "with --wake: weights into GPU memory and vLLM warm-up")
	hfMBps := fs.Float64("wake-download-mbps", dw.Options[0].ReadMBps, "with --wake: Hugging Face download speed, MB/s")
	efsMBps := fs.Float64("wake-efs-mbps", dw.Options[1].ReadMBps, "with --wake: EFS read speed to one node, MB/s")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "usage: appencorrect plan [flags]\n\nCapacity and cost of a vLLM deployment, with the arithmetic shown. Example:\n  appencorrect plan --model qwen2.5-7b-instruct --gpu l4 --max-model-len 4096 \\\n    --gpu-memory-utilization 0.85 --schedule 400h:1,200h:2,130h:6 --price 0.452")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(s.err, "appencorrect plan:", err)
		return 2
	}
	in := d
	if *configPath != "" {
		f, err := os.Open(*configPath)
		if err != nil {
			return fail(err)
		}
		m, err := plan.ReadConfig(f)
		f.Close()
		if err != nil {
			return fail(err)
		}
		in.Model = m
	} else {
		m, ok := plan.ModelPreset(*modelName)
		if !ok {
			return fail(fmt.Errorf("unknown model %q: use one of %s, or --config config.json", *modelName, strings.Join(plan.ModelPresetNames(), ", ")))
		}
		in.Model = m
	}
	if *params > 0 {
		in.Model.Params = int64(*params * 1e9)
	}
	g, ok := plan.GPUPreset(*gpuName)
	if !ok {
		return fail(fmt.Errorf("unknown GPU %q: use one of %s", *gpuName, strings.Join(plan.GPUPresetNames(), ", ")))
	}
	in.GPU = g
	schedule, err := plan.ParseSchedule(*sched)
	if err != nil {
		return fail(err)
	}
	in.Schedule = schedule
	in.MaxModelLen, in.GPUMemoryUtilization, in.MaxNumSeqs, in.MaxNumBatchedTokens = *maxLen, *util, *seqs, *batched
	in.PrefixCaching, in.KVCacheDType = *prefix, *kvDType
	in.ReserveBytes = int64(*reserve * plan.GiB)
	in.BandwidthEfficiency, in.ComputeEfficiency, in.TargetUtilization = *bwEff, *flEff, *target
	in.Profile = plan.Profile{TextChars: *textChars, CharsPerToken: *cpt, PromptTokens: *promptTok,
		OutputOverheadTokens: d.Profile.OutputOverheadTokens, RequestsPerSecondPerUser: *rps, Users: *users}
	in.SpotPrice, in.OnDemandPrice = *spot, *onDemand
	r, err := plan.Compute(in)
	if err != nil {
		return fail(err)
	}
	if *wake {
		wi := plan.DefaultWake(float64(r.WeightsBytes) / plan.GB)
		wi.WakesPerMonth, wi.NodeStart, wi.ImageGB, wi.ImagePullMBps, wi.LoadToGPU = *wakes, *nodeStart, *imageGB, *pull, *load
		wi.Options[0].ReadMBps, wi.Options[1].ReadMBps = *hfMBps, *efsMBps
		if *spot > 0 {
			wi.GPUPriceUSDPerHour = *spot
		}
		cs, err := plan.Wake(wi)
		if err != nil {
			return fail(err)
		}
		if *asJSON {
			enc := json.NewEncoder(s.out)
			enc.SetIndent("", "  ")
			if err := enc.Encode(map[string]any{"inputs": wi, "wake": cs}); err != nil {
				return fail(err)
			}
			return 0
		}
		if err := plan.WriteWake(s.out, wi, cs); err != nil {
			return fail(err)
		}
		return 0
	}
	if *asJSON {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return fail(err)
		}
		return 0
	}
	if err := plan.WriteText(s.out, r); err != nil {
		return fail(err)
	}
	return 0
}
