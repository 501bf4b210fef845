package eval

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"appencorrect/internal/language"
)

// SpellingPair is one misspelling and the word meant.
type SpellingPair struct {
	Wrong, Right string
}

// SpellingFormat names a spelling test file format.
type SpellingFormat string

// The spelling file formats ParseSpelling reads.
const (
	// Norvig: one line per word, "right: wrong1 wrong2 ...".
	Norvig SpellingFormat = "norvig"
	// Mitton: "$right" on a line of its own, then one misspelling per line
	// (optionally followed by a count, as in holbrook-missp). Underscores
	// stand for spaces ("a_lot").
	Mitton SpellingFormat = "mitton"
)

// ParseSpelling reads a spelling test file in either format, detected from
// the first line that is not blank: a leading '$' means Mitton, a colon
// Norvig. Pairs come in file order; a misspelling equal to its target is
// skipped.
func ParseSpelling(r io.Reader) ([]SpellingPair, SpellingFormat, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	var (
		pairs  []SpellingPair
		format SpellingFormat
		right  string // current Mitton target
		lineNo int
	)
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" {
			continue
		}
		if format == "" {
			switch {
			case strings.HasPrefix(line, "$"):
				format = Mitton
			case strings.Contains(line, ":"):
				format = Norvig
			default:
				return nil, "", fmt.Errorf("line %d: neither a Norvig \"right: wrong ...\" line nor a Mitton \"$right\" line: %q", lineNo, line)
			}
		}
		switch format {
		case Norvig:
			r, wrongs, ok := strings.Cut(line, ":")
			r = strings.TrimSpace(r)
			if !ok || r == "" {
				return nil, "", fmt.Errorf("line %d: expected \"right: wrong1 wrong2 ...\": %q", lineNo, line)
			}
			for _, w := range strings.Fields(wrongs) {
				if w != r {
					pairs = append(pairs, SpellingPair{Wrong: w, Right: r})
				}
			}
		case Mitton:
			if strings.HasPrefix(line, "$") {
				right = mittonWord(line[1:])
				if right == "" {
					return nil, "", fmt.Errorf("line %d: empty target word", lineNo)
				}
				continue
			}
			if right == "" {
				return nil, "", fmt.Errorf("line %d: misspelling before any \"$word\" line: %q", lineNo, line)
			}
			f := strings.Fields(line)
			w := mittonWord(f[0])
			if w != right {
				pairs = append(pairs, SpellingPair{Wrong: w, Right: right})
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, "", err
	}
	if format == "" {
		return nil, "", fmt.Errorf("no spelling pairs found")
	}
	return pairs, format, nil
}

func mittonWord(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "_", " ")
}

// SpellingOptions tune EvalSpelling.
type SpellingOptions struct {
	// Variant is the spelling variant asked of the suggester (the Birkbeck
	// targets are British: language.GB).
	Variant language.Variant
	// Workers is the number of concurrent Suggest calls (0: GOMAXPROCS).
	Workers int
	// Lexicon says whether a misspelling is a dictionary word. When nil,
	// the Suggester is used if it implements Lexicon; otherwise a
	// misspelling counts as known when its first suggestion is itself.
	Lexicon Lexicon
	// MaxMisses bounds the misses kept in the result for inspection.
	MaxMisses int
}

// SpellingResult is the outcome of a spelling evaluation.
type SpellingResult struct {
	Pairs int `json:"pairs"`
	// Targets is the number of distinct target words.
	Targets int `json:"targets"`
	// Top1 counts pairs whose first suggestion is the target, Top5 those
	// with the target among the first five. Known misspellings are misses
	// whatever the suggestions: a checker would not flag them.
	Top1 int `json:"top1"`
	Top5 int `json:"top5"`
	// Known counts misspellings that are dictionary words; KnownBy says how
	// that was decided ("lexicon" or "first suggestion").
	Known   int    `json:"known"`
	KnownBy string `json:"known_by"`
	// NoSuggestion counts unknown misspellings without any suggestion.
	NoSuggestion int `json:"no_suggestion"`
	// Rates are fractions of Pairs.
	Top1Rate  float64 `json:"top1_rate"`
	Top5Rate  float64 `json:"top5_rate"`
	KnownRate float64 `json:"known_rate"`
	// Top1OfUnknown is Top1 over the pairs whose misspelling is not known.
	Top1OfUnknown  float64 `json:"top1_of_unknown"`
	Top5OfUnknown  float64 `json:"top5_of_unknown"`
	Workers        int     `json:"workers"`
	Seconds        float64 `json:"seconds"`
	WordsPerSecond float64 `json:"words_per_second"`
	// Misses are the first MaxMisses misses, in file order.
	Misses []SpellingMiss `json:"misses,omitempty"`
}

// SpellingMiss is a pair whose target was not the first suggestion.
type SpellingMiss struct {
	Wrong       string   `json:"wrong"`
	Right       string   `json:"right"`
	Known       bool     `json:"known,omitempty"`
	Suggestions []string `json:"suggestions"`
}

// spellingTopN is the number of suggestions asked for.
const spellingTopN = 5

// EvalSpelling asks s for suggestions for every misspelling and counts how
// often the target comes first and among the first five. The comparison is
// exact (case included: "america" is not "America").
func EvalSpelling(ctx context.Context, s Suggester, pairs []SpellingPair, opt SpellingOptions) (SpellingResult, error) {
	lex := opt.Lexicon
	if lex == nil {
		lex, _ = s.(Lexicon)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type outcome struct {
		sugg  []string
		known bool
	}
	outs := make([]outcome, len(pairs))
	start := time.Now()
	err := forEach(ctx, len(pairs), workers, func(i int) error {
		p := pairs[i]
		var o outcome
		o.sugg = s.Suggest(p.Wrong, opt.Variant, spellingTopN)
		if len(o.sugg) > spellingTopN {
			o.sugg = o.sugg[:spellingTopN]
		}
		if lex != nil {
			o.known = lex.Known(p.Wrong, opt.Variant)
		} else {
			o.known = len(o.sugg) > 0 && o.sugg[0] == p.Wrong
		}
		outs[i] = o
		return nil
	})
	elapsed := time.Since(start)
	if err != nil {
		return SpellingResult{}, err
	}
	res := SpellingResult{Pairs: len(pairs), Workers: workers, Seconds: elapsed.Seconds(), KnownBy: "first suggestion"}
	if lex != nil {
		res.KnownBy = "lexicon"
	}
	targets := map[string]bool{}
	for i, p := range pairs {
		targets[p.Right] = true
		o := outs[i]
		hit1, hit5 := false, false
		if o.known {
			res.Known++
		} else {
			if len(o.sugg) == 0 {
				res.NoSuggestion++
			}
			for k, w := range o.sugg {
				if w == p.Right {
					hit1 = k == 0
					hit5 = true
					break
				}
			}
		}
		if hit1 {
			res.Top1++
		}
		if hit5 {
			res.Top5++
		}
		if !hit1 && len(res.Misses) < opt.MaxMisses {
			res.Misses = append(res.Misses, SpellingMiss{Wrong: p.Wrong, Right: p.Right, Known: o.known, Suggestions: o.sugg})
		}
	}
	res.Targets = len(targets)
	if n := float64(res.Pairs); n > 0 {
		res.Top1Rate = float64(res.Top1) / n
		res.Top5Rate = float64(res.Top5) / n
		res.KnownRate = float64(res.Known) / n
	}
	if u := float64(res.Pairs - res.Known); u > 0 {
		res.Top1OfUnknown = float64(res.Top1) / u
		res.Top5OfUnknown = float64(res.Top5) / u
	}
	if elapsed > 0 {
		res.WordsPerSecond = float64(res.Pairs) / elapsed.Seconds()
	}
	return res, nil
}

// forEach calls f(i) for i in [0, n) on at most workers goroutines. It stops
// early at the first error or when ctx is done, and returns that error.
func forEach(ctx context.Context, n, workers int, f func(i int) error) error {
	workers = max(1, min(workers, n))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		next     int
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next >= n || firstErr != nil {
			return 0, false
		}
		i := next
		next++
		return i, true
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if ctx.Err() != nil {
					return
				}
				i, ok := take()
				if !ok {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					cancel()
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}
