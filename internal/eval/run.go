package eval

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"time"

	"appencorrect/internal/language"
)

// RunOptions tune Correct.
type RunOptions struct {
	// Tag is the language passed to the checker.
	Tag language.Tag
	// Style is the tokenization of the data (see DetectStyle).
	Style Style
	// Workers is the number of sentences checked at once (0: GOMAXPROCS).
	Workers int
}

// RunStats describes a run of the checker over tokenized sentences.
type RunStats struct {
	Sentences int `json:"sentences"`
	// Changed counts sentences the checker changed.
	Changed int `json:"changed"`
	// Corrections is the total number of corrections returned.
	Corrections int `json:"corrections"`
	// Errors counts sentences the checker failed on (or whose corrections
	// were invalid); they are scored unchanged. FirstError describes one.
	Errors     int     `json:"errors"`
	FirstError string  `json:"first_error,omitempty"`
	Workers    int     `json:"workers"`
	Seconds    float64 `json:"seconds"`
	// SentencesPerSecond is Sentences over the wall-clock time.
	SentencesPerSecond float64 `json:"sentences_per_second"`
}

// Correct runs the checker over tokenized sentences: each is detokenized,
// checked, corrected and tokenized back (Retokenize), on at most
// opt.Workers goroutines. It returns the corrected token lists in input
// order. A failure on one sentence leaves it unchanged and is counted; only
// the end of ctx stops the run (with ctx's error).
func Correct(ctx context.Context, c Checker, sents [][]string, opt RunOptions) ([][]string, RunStats, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([][]string, len(sents))
	type result struct {
		changed bool
		ncorr   int
		err     error
	}
	results := make([]result, len(sents))
	start := time.Now()
	err := forEach(ctx, len(sents), workers, func(i int) error {
		toks, n, err := correctOne(ctx, c, sents[i], opt)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			out[i] = slices.Clone(sents[i])
			results[i] = result{err: err}
			return nil
		}
		out[i] = toks
		results[i] = result{changed: !slices.Equal(toks, sents[i]), ncorr: n}
		return nil
	})
	elapsed := time.Since(start)
	st := RunStats{Sentences: len(sents), Workers: workers, Seconds: elapsed.Seconds()}
	if err != nil {
		return nil, st, err
	}
	for i, r := range results {
		if r.err != nil {
			st.Errors++
			if st.FirstError == "" {
				st.FirstError = fmt.Sprintf("sentence %d: %v", i+1, r.err)
			}
		}
		if r.changed {
			st.Changed++
		}
		st.Corrections += r.ncorr
	}
	if elapsed > 0 {
		st.SentencesPerSecond = float64(len(sents)) / elapsed.Seconds()
	}
	return out, st, nil
}

func correctOne(ctx context.Context, c Checker, toks []string, opt RunOptions) ([]string, int, error) {
	text, spans := Detokenize(toks, opt.Style)
	cs, err := c.Check(ctx, text, opt.Tag)
	if err != nil {
		return nil, 0, err
	}
	out, err := Retokenize(toks, text, spans, cs, opt.Style)
	if err != nil {
		return nil, 0, fmt.Errorf("invalid corrections: %w", err)
	}
	return out, len(cs), nil
}

// ReadTokenized reads one tokenized sentence per line (tokens separated by
// white space). A final line break is optional; every other line, empty
// ones included, is a sentence.
func ReadTokenized(r io.Reader) ([][]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var out [][]string
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			line = strings.TrimPrefix(line, "\ufeff")
			first = false
		}
		out = append(out, strings.Fields(line))
	}
	return out, sc.Err()
}
