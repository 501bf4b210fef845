package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"appencorrect/internal/ops/loadtest"
)

func runLoadtest(ctx context.Context, args []string, s stdio) int {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(s.err)
	url := fs.String("url", "", "endpoint to load: http://HOST:PORT/demo/check, /check, /check/spelling, /check/grammar or /v2/check (required)")
	mode := fs.String("mode", "closed", "closed (users with think time) or open (fixed arrival rate)")
	conc := fs.String("concurrency", "1,10,50,100,300,500", "closed loop: users per step")
	rates := fs.String("rate", "", "open loop: arrivals per second per step, e.g. 5,10,20")
	step := fs.Duration("duration", 10*time.Second, "length of each step")
	maxReq := fs.Int("max-requests", 20000, "cap on the requests of each step")
	baseline := fs.Int("baseline", 20, "sequential requests before the steps (0: none)")
	sustain := fs.Duration("sustain", 0, "length of a sustained phase after the steps (0: none)")
	sustainC := fs.Int("sustain-concurrency", 0, "users in the sustained phase (default: the last step's)")
	sustainR := fs.Float64("sustain-rate", 0, "arrival rate in the sustained phase (default: the last step's)")
	think := fs.Duration("think", 0, "closed loop: each user's pause between requests (uniform ±50%)")
	timeout := fs.Duration("timeout", 30*time.Second, "per request")
	maxDur := fs.Duration("max-duration", 15*time.Minute, "bound on the whole run")
	maxInFlight := fs.Int("max-in-flight", 2000, "open loop: requests in flight before arrivals count as client_overload")
	texts := fs.String("texts", "", "file of texts, one per line (default: built-in texts with errors)")
	lang := fs.String("language", "", "language sent with each request (default: none; auto for /v2/check)")
	key := fs.String("api-key", "", "API key for /check (also APPENCORRECT_API_KEY)")
	metricsURL := fs.String("vllm-metrics", "", "vLLM /metrics URL to sample during the run (waiting requests, KV-cache use)")
	stream := fs.Bool("stream", false, "use the URL's event stream (/check/stream, /demo/check/stream) and report the time to the first correction (p50/p95/p99) beside the full answer's")
	jsonOut := fs.String("json", "", "write the JSON report to this file")
	mdOut := fs.String("md", "", "write the Markdown summary to this file")
	svgOut := fs.String("svg", "", "write the SVG chart to this file")
	progress := fs.String("progress", "auto", "progress bar on stderr: auto (when a terminal), always, never")
	smoke := fs.Bool("smoke", false, "instead of a load test: read /health beside the URL (its endpoint path replaced by /health, any prefix kept: http://HOST/prefix/demo/check reads http://HOST/prefix/health) and send one validated check of a text with errors; exit 1 if either fails (what `helm test` runs)")
	requireModel := fs.Bool("require-model", false, "with --smoke: fail unless the model (not the built-in engine) answered")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "usage: appencorrect loadtest --url URL [flags]\n\nExample:\n  appencorrect loadtest --url http://127.0.0.1:5006/demo/check --concurrency 1,300 --duration 8s --json report.json --svg chart.svg")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(s.err, "appencorrect loadtest:", err)
		return 2
	}
	if *url == "" {
		return fail(errors.New("--url is required"))
	}
	if *key == "" {
		*key = s.getenv("APPENCORRECT_API_KEY")
	}
	if *smoke {
		res, err := loadtest.Smoke(ctx, loadtest.Config{URL: *url, APIKey: *key, Language: *lang, Timeout: *timeout}, *requireModel)
		if line := res.String(); line != "" {
			fmt.Fprintln(s.out, line)
		}
		if err != nil {
			fmt.Fprintln(s.err, "appencorrect loadtest:", err)
			if errors.Is(err, loadtest.ErrSmoke) {
				return 1
			}
			return 2
		}
		return 0
	}
	cfg := loadtest.Config{
		URL: *url, Stream: *stream, APIKey: *key, Language: *lang, Mode: loadtest.Mode(*mode),
		StepDuration: *step, MaxRequestsPerStep: *maxReq, Baseline: *baseline,
		Sustain: *sustain, ThinkTime: *think, Timeout: *timeout, MaxDuration: *maxDur,
		MaxInFlight: *maxInFlight, MetricsURL: *metricsURL,
	}
	var err error
	if cfg.Mode == loadtest.Open {
		if cfg.Rates, err = floats(*rates); err != nil {
			return fail(fmt.Errorf("--rate: %w", err))
		}
		cfg.SustainRate = *sustainR
		if cfg.SustainRate == 0 && len(cfg.Rates) > 0 {
			cfg.SustainRate = cfg.Rates[len(cfg.Rates)-1]
		}
	} else {
		if cfg.Concurrency, err = ints(*conc); err != nil {
			return fail(fmt.Errorf("--concurrency: %w", err))
		}
		cfg.SustainConcurrency = *sustainC
		if cfg.SustainConcurrency == 0 && len(cfg.Concurrency) > 0 {
			cfg.SustainConcurrency = cfg.Concurrency[len(cfg.Concurrency)-1]
		}
	}
	if *texts != "" {
		if cfg.Texts, err = readTexts(*texts); err != nil {
			return fail(err)
		}
	}
	switch *progress {
	case "always":
		cfg.Progress = s.err
	case "auto":
		if f, ok := s.err.(*os.File); ok && loadtest.IsTerminal(f) {
			cfg.Progress = s.err
		}
	case "never":
	default:
		return fail(fmt.Errorf("--progress %q: auto, always or never", *progress))
	}

	rep, err := loadtest.Run(ctx, cfg)
	if err != nil {
		return fail(err)
	}
	if *jsonOut != "" {
		if err := writeFile(*jsonOut, func(f *os.File) error { return loadtest.WriteJSON(f, rep) }); err != nil {
			return fail(err)
		}
	}
	if *svgOut != "" {
		if err := writeFile(*svgOut, func(f *os.File) error { return loadtest.WriteSVG(f, rep) }); err != nil {
			return fail(err)
		}
	}
	chart := ""
	if *svgOut != "" {
		chart = *svgOut
		if *mdOut != "" {
			if rel, err := filepath.Rel(filepath.Dir(*mdOut), *svgOut); err == nil {
				chart = rel
			}
		}
	}
	if *mdOut != "" {
		if err := writeFile(*mdOut, func(f *os.File) error { return loadtest.WriteMarkdown(f, rep, chart) }); err != nil {
			return fail(err)
		}
	}
	loadtest.WriteMarkdown(s.out, rep, chart)
	if rep.Errors > 0 {
		return 1
	}
	return 0
}

func writeFile(path string, write func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func floats(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// readTexts reads one text per non-empty line.
func readTexts(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); t != "" {
			out = append(out, t)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s has no texts", path)
	}
	return out, nil
}
