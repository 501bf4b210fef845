package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"appencorrect/internal/config"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/sim"
)

// runSim serves the vLLM simulator until ctx is cancelled.
func runSim(ctx context.Context, args []string, s stdio) int {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(s.err)
	addr := fs.String("addr", "127.0.0.1:8000", "listen address HOST:PORT")
	model := fs.String("model", "Qwen/Qwen2.5-7B-Instruct", "model name served")
	maxLen := fs.Int("max-model-len", 4096, "context in tokens (/v1/models max_model_len)")
	seqs := fs.Int("max-num-seqs", 64, "requests running at once; the rest wait (0: no limit)")
	latency := fs.Duration("latency", 0, "fixed time per request instead of the batching model (e.g. 200ms)")
	prefill := fs.Float64("prefill-tps", 0, "prefill tokens per second of the model (default 4000, one L4)")
	step := fs.Duration("decode-step", 0, "decode step time with one request running (default 51ms, one L4)")
	tokenLat := fs.Duration("token-latency", 0, "time per output token of one stream: the decode step with one request running, as --decode-step (default 51ms, one L4: about 20 tokens/s)")
	perSeq := fs.Duration("decode-step-per-seq", 0, "added decode step time per running request (default 350µs)")
	replayFile := fs.String("replay", "", "file of source<TAB>target lines: each source sentence found in a text is replaced by its target")
	corrector := fs.String("corrector", "builtin", "what corrects texts the replay file does not hold: builtin or echo")
	var f sim.Faults
	fs.Float64Var(&f.ErrorRate, "error-rate", 0, "share of requests answered 500")
	fs.Float64Var(&f.HangRate, "hang-rate", 0, "share of requests never answered")
	fs.Float64Var(&f.TruncateRate, "truncate-rate", 0, "share of answers cut in half with finish_reason length")
	fs.Float64Var(&f.MalformedRate, "malformed-rate", 0, "share of answers that are not the corrected text")
	fs.Float64Var(&f.DropRate, "drop-rate", 0, "share of connections closed without an answer")
	fs.DurationVar(&f.AddedLatency, "added-latency", 0, "latency added to every answer")
	seed := fs.Uint64("seed", 0, "random seed of the fault injection (0: from the clock)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "usage: appencorrect sim [flags]\n\nA vLLM simulator: OpenAI-compatible chat completions, /v1/models, /health, /tokenize, /metrics.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *seqs == 0 {
		*seqs = -1
	}
	if *tokenLat > 0 {
		if *step > 0 && *step != *tokenLat {
			fmt.Fprintln(s.err, "appencorrect sim: --token-latency and --decode-step are the same setting; give one")
			return 2
		}
		*step = *tokenLat
	}
	cfg := sim.Config{Model: *model, MaxModelLen: *maxLen, MaxNumSeqs: *seqs, Latency: *latency,
		PrefillTokensPerSec: *prefill, DecodeStep: *step, DecodeStepPerSeq: *perSeq, Faults: f, Seed: *seed}
	if *replayFile != "" {
		fh, err := os.Open(*replayFile)
		if err != nil {
			fmt.Fprintln(s.err, "appencorrect sim:", err)
			return 2
		}
		cfg.Replay, err = sim.LoadReplay(fh)
		fh.Close()
		if err != nil {
			fmt.Fprintln(s.err, "appencorrect sim:", err)
			return 2
		}
	}
	switch *corrector {
	case "echo":
	case "builtin":
		b, err := newBuiltin()
		if err != nil {
			fmt.Fprintln(s.err, "appencorrect sim:", err)
			return 1
		}
		cfg.Corrector = func(ctx context.Context, text, lang string) (string, error) {
			cs, err := b.Check(ctx, text, simLanguage(lang))
			if err != nil {
				return "", err
			}
			return correction.Apply(text, cs)
		}
	default:
		fmt.Fprintf(s.err, "appencorrect sim: --corrector %q: use builtin or echo\n", *corrector)
		return 2
	}
	c, err := config.Load(s.getenv)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect sim:", err)
		return 2
	}
	log := newLogger(s.err, c)
	cfg.Logger = log
	srv := sim.New(cfg)
	defer srv.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect sim:", err)
		return 1
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("vLLM simulator listening", "addr", ln.Addr().String(), "model", *model, "latency", latency.String(),
		"max_num_seqs", *seqs, "replay_entries", len(cfg.Replay), "corrector", *corrector)
	select {
	case err := <-errc:
		fmt.Fprintln(s.err, "appencorrect sim:", err)
		return 1
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		hs.Close()
	}
	return 0
}

// simLanguage reads the prompt's "Language:" line back into a tag.
func simLanguage(line string) language.Tag {
	switch {
	case strings.HasPrefix(line, "English (American"):
		return language.Tag{Code: language.English, Variant: language.US}
	case strings.HasPrefix(line, "English (British"):
		return language.Tag{Code: language.English, Variant: language.GB}
	case strings.HasPrefix(line, "English"):
		return language.Tag{Code: language.English}
	case strings.HasPrefix(line, "French"):
		return language.Tag{Code: language.French}
	}
	return language.Tag{}
}
