package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"appencorrect/internal/ops/launcher"
)

const vllmUsage = `usage: appencorrect vllm COMMAND [flags]

commands:
  args     print the vLLM server command line (--json: the arguments after
           "vllm serve" as a JSON array; --lines: one per line)
  serve    run vLLM with that command line (SIGTERM stops it)
  image    print the pinned vLLM image, its CUDA and the NVIDIA driver it
           needs (--json)
  doctor   check this machine for vLLM: GPU, driver against the image's CUDA
           (--image-tag to name another tag), its free memory, model weights
           in $HF_HOME/hub, disk, host memory, vLLM version, port; with --url,
           check a running server (/health, /v1/models, one correction)

The configuration is the guide's (Qwen/Qwen2.5-7B-Instruct, port 8000,
--max-model-len 4096, --gpu-memory-utilization 0.85, --max-num-batched-tokens
8192, --max-num-seqs 64, prefix caching, --generation-config vllm,
--enable-prompt-tokens-details), then the
environment (VLLM_MODEL, VLLM_MAX_MODEL_LEN, GPU_MEMORY_UTILIZATION,
VLLM_MAX_NUM_SEQS, VLLM_MAX_NUM_BATCHED_TOKENS, VLLM_PORT,
VLLM_SPECULATIVE_NGRAM), then the flags.
`

func runVLLM(ctx context.Context, args []string, s stdio) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(s.err, vllmUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("vllm "+sub, flag.ContinueOnError)
	fs.SetOutput(s.err)
	c := launcher.Default()
	model := fs.String("model", c.Model, "model (Hugging Face id or local folder)")
	host := fs.String("host", c.Host, "address vLLM listens on")
	port := fs.Int("port", c.Port, "port vLLM listens on")
	maxLen := fs.Int("max-model-len", c.MaxModelLen, "context per sequence, in tokens")
	util := fs.Float64("gpu-memory-utilization", c.GPUMemoryUtilization, "share of GPU memory vLLM takes")
	seqs := fs.Int("max-num-seqs", c.MaxNumSeqs, "largest decode batch")
	batched := fs.Int("max-num-batched-tokens", c.MaxNumBatchedTokens, "tokens per scheduler step")
	prefix := fs.Bool("prefix-caching", c.PrefixCaching, "enable prefix caching")
	ngram := fs.Bool("ngram", c.Ngram.Enabled, "n-gram (prompt lookup) speculative decoding")
	specTokens := fs.Int("ngram-tokens", c.Ngram.NumSpeculativeTokens, "tokens proposed per step with --ngram")
	served := fs.String("served-model-name", "", "name clients use for the model (default: the model)")
	var asJSON, lines, dryRun bool
	var url, imageTag string
	var timeout time.Duration
	switch sub {
	case "args":
		fs.BoolVar(&asJSON, "json", false, "print the arguments after `vllm serve` as a JSON array")
		fs.BoolVar(&lines, "lines", false, "print the arguments after `vllm serve` one per line")
	case "serve":
		fs.BoolVar(&dryRun, "dry-run", false, "print the command instead of running it")
	case "image":
		fs.BoolVar(&asJSON, "json", false, "print the image as JSON")
	case "doctor":
		fs.StringVar(&imageTag, "image-tag", launcher.PinnedImage.Tag, "vllm/vllm-openai tag this host runs (its CUDA sets the driver floor)")
		fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
		fs.StringVar(&url, "url", "", "also check the vLLM server at this URL, e.g. http://127.0.0.1:8000")
		fs.DurationVar(&timeout, "timeout", 2*time.Minute, "bound on the whole check")
	default:
		fmt.Fprintf(s.err, "appencorrect vllm: unknown command %q\n\n%s", sub, vllmUsage)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	c, err := launcher.FromEnv(c, s.getenv)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect vllm:", err)
		return 2
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "model":
			c.Model = *model
		case "host":
			c.Host = *host
		case "port":
			c.Port = *port
		case "max-model-len":
			c.MaxModelLen = *maxLen
		case "gpu-memory-utilization":
			c.GPUMemoryUtilization = *util
		case "max-num-seqs":
			c.MaxNumSeqs = *seqs
		case "max-num-batched-tokens":
			c.MaxNumBatchedTokens = *batched
		case "prefix-caching":
			c.PrefixCaching = *prefix
		case "ngram":
			c.Ngram.Enabled = *ngram
		case "ngram-tokens":
			c.Ngram.NumSpeculativeTokens = *specTokens
		case "served-model-name":
			c.ServedModelName = *served
		}
	})
	c.Extra = fs.Args()
	if err := c.Validate(); err != nil {
		fmt.Fprintln(s.err, "appencorrect vllm:", err)
		return 2
	}

	switch sub {
	case "image":
		img := launcher.PinnedImage
		if asJSON {
			b, _ := json.Marshal(img)
			fmt.Fprintln(s.out, string(b))
		} else {
			fmt.Fprintf(s.out, "%s (CUDA %s: NVIDIA driver %d or later)\n", img.Ref(), img.CUDA, img.MinDriver)
		}
		return 0
	case "args":
		a := launcher.Args(c)
		switch {
		case asJSON:
			b, _ := json.Marshal(a)
			fmt.Fprintln(s.out, string(b))
		case lines:
			fmt.Fprintln(s.out, strings.Join(a, "\n"))
		default:
			fmt.Fprintln(s.out, launcher.ShellQuote(launcher.Command(c)))
		}
		return 0
	case "serve":
		if dryRun {
			fmt.Fprintln(s.out, launcher.ShellQuote(launcher.Command(c)))
			return 0
		}
		fmt.Fprintln(s.err, "starting:", launcher.ShellQuote(launcher.Command(c)))
		err := launcher.Serve(ctx, c, launcher.ServeOptions{Getenv: s.getenv, Env: os.Environ(), Stdout: s.out, Stderr: s.err})
		if err != nil {
			fmt.Fprintln(s.err, "appencorrect vllm serve:", err)
			return 1
		}
		return 0
	default: // doctor
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		r := launcher.Doctor(ctx, launcher.DoctorOptions{Config: c, Getenv: s.getenv, URL: url, APIKey: s.getenv("VLLM_API_KEY"),
			Image: launcher.ImageFor(launcher.PinnedImage.Repository, imageTag)})
		if asJSON {
			enc := json.NewEncoder(s.out)
			enc.SetIndent("", "  ")
			enc.Encode(r)
		} else {
			launcher.WriteReport(s.out, r)
		}
		if !r.Ready {
			return 1
		}
		return 0
	}
}
