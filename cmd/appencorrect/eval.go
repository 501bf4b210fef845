package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"appencorrect/internal/builtin"
	"appencorrect/internal/builtin/rules"
	"appencorrect/internal/builtin/spell"
	"appencorrect/internal/eval"
	"appencorrect/internal/language"
)

const evalUsage = `usage: appencorrect eval TASK [flags]

tasks:
  spelling FILE   suggestion accuracy on a misspelling list: Norvig "right: wrong1 wrong2"
                  or Mitton "$right" format (detected); top-1, top-5, already-known, words/s
  gleu            GLEU (JFLEG, gleu.py) of the engine's corrections of --src against --ref files
  m2 FILE         M2 precision, recall and F0.5 (CoNLL-2014 / BEA-2019 scorer) on an M2 file

examples:
  appencorrect eval spelling data/spelling/birkbeck-missp.dat --language en-GB
  appencorrect eval gleu --src jfleg-dev.src --ref jfleg-dev.ref0 --ref jfleg-dev.ref1 \
      --ref jfleg-dev.ref2 --ref jfleg-dev.ref3
  appencorrect eval m2 bea-dev.m2 --json

The GEC data are tokenized: each sentence is detokenized, checked, and its corrected
text tokenized back (untouched tokens kept as they were) before scoring.
Run "appencorrect eval TASK -h" for the flags of a task.
Exit status: 0 success, 1 failure while evaluating, 2 bad usage or unreadable file.
`

// runEval is the eval subcommand.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, evalUsage)
		return 2
	}
	switch args[0] {
	case "spelling":
		return evalSpelling(ctx, args[1:], stdout, stderr)
	case "gleu":
		return evalGLEU(ctx, args[1:], stdout, stderr)
	case "m2":
		return evalM2(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, evalUsage)
		return 0
	}
	fmt.Fprintf(stderr, "appencorrect eval: unknown task %q (want spelling, gleu or m2)\n\n", args[0])
	fmt.Fprint(stderr, evalUsage)
	return 2
}

// evalExit carries an exit status and the message explaining it.
type evalExit struct {
	code int
	msg  string
}

func (e *evalExit) Error() string { return e.msg }

func evalUsageErr(format string, a ...any) error {
	return &evalExit{2, fmt.Sprintf(format, a...)}
}

// evalFinish prints err (if any) and returns the exit status.
func evalFinish(task string, err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ex *evalExit
	if errors.As(err, &ex) {
		fmt.Fprintf(stderr, "appencorrect eval %s: %s\n", task, ex.msg)
		return ex.code
	}
	fmt.Fprintf(stderr, "appencorrect eval %s: %v\n", task, err)
	return 1
}

// evalStrings is a repeatable string flag.
type evalStrings []string

func (l *evalStrings) String() string     { return strings.Join(*l, ",") }
func (l *evalStrings) Set(v string) error { *l = append(*l, v); return nil }

// evalParse parses flags placed before, between or after positional
// arguments and returns the positional ones.
func evalParse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, evalUsageErr("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// evalCommon are the flags every task has.
type evalCommon struct {
	json    bool
	lang    string
	engine  string
	workers int
	limit   int
	without string // rule ids the builtin engine runs without, comma-separated
}

func (c *evalCommon) register(fs *flag.FlagSet, defLang string, engines string) {
	fs.BoolVar(&c.json, "json", false, "print the result as JSON")
	fs.StringVar(&c.lang, "language", defLang, "language and variant passed to the engine (en, en-US, en-GB, fr)")
	fs.StringVar(&c.engine, "engine", "builtin", "engine to evaluate: "+engines)
	fs.IntVar(&c.workers, "workers", 0, "concurrent checks (0: GOMAXPROCS)")
	fs.IntVar(&c.limit, "limit", 0, "evaluate only the first N items (0: all)")
	fs.StringVar(&c.without, "without", "", "rule ids (comma-separated) the builtin engine leaves out, to measure what a rule brings")
}

func (c *evalCommon) tag() (language.Tag, error) {
	t, err := language.Parse(c.lang)
	if err != nil {
		return t, evalUsageErr("--language: %v", err)
	}
	return t, nil
}

func newEvalFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("appencorrect eval "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: appencorrect eval %s %s\n\nflags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// evalOpen opens a data file; a missing or unreadable file is a usage
// error.
func evalOpen(what, path string) (*os.File, error) {
	if path == "" {
		return nil, evalUsageErr("%s: no file given", what)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, evalUsageErr("%s: %v", what, err)
	}
	return f, nil
}

func evalCheckReadable(what, path string) error {
	f, err := evalOpen(what, path)
	if err != nil {
		return err
	}
	return f.Close()
}

// evalEngine is what the eval tasks need of an engine.
type evalEngine struct {
	checker   eval.Checker
	suggester eval.Suggester
	lexicon   eval.Lexicon
}

// loadEvalEngine builds the named engine. "none" checks nothing (the
// unchanged-source baseline).
func loadEvalEngine(name, without string) (*evalEngine, error) {
	switch name {
	case "none":
		return &evalEngine{checker: eval.Identity}, nil
	case "builtin":
		d, err := spell.Load()
		if err != nil {
			return nil, fmt.Errorf("loading the dictionary: %w", err)
		}
		var ids []string
		for _, id := range strings.Split(without, ",") {
			if id = strings.TrimSpace(id); id != "" {
				if rules.ByID(id) == nil {
					return nil, evalUsageErr("--without: no rule %q (appencorrect rules lists them)", id)
				}
				ids = append(ids, id)
			}
		}
		eng := builtin.New(d, builtin.WithoutRules(ids...))
		// The engine checks; spelling suggestions and the dictionary test
		// come from whichever of the engine and the dictionary offers them.
		e := &evalEngine{checker: eng}
		for _, v := range []any{eng, d} {
			if sg, ok := v.(eval.Suggester); ok && e.suggester == nil {
				e.suggester = sg
			}
			if lx, ok := v.(eval.Lexicon); ok && e.lexicon == nil {
				e.lexicon = lx
			}
		}
		return e, nil
	}
	return nil, evalUsageErr("unknown engine %q", name)
}

func evalJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func pct(x float64) string { return fmt.Sprintf("%.2f", 100*x) }

// ---- spelling ----

func evalSpelling(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newEvalFlags("spelling", "FILE [flags]", stderr)
	var c evalCommon
	c.register(fs, "en", "builtin")
	misses := fs.Int("misses", 0, "print the first N misses (wrong → right: suggestions)")
	err := func() error {
		pos, err := evalParse(fs, args)
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return evalUsageErr("want exactly one spelling file, got %d arguments", len(pos))
		}
		tag, err := c.tag()
		if err != nil {
			return err
		}
		f, err := evalOpen("spelling file", pos[0])
		if err != nil {
			return err
		}
		pairs, format, err := eval.ParseSpelling(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", pos[0], err)
		}
		if c.limit > 0 && c.limit < len(pairs) {
			pairs = pairs[:c.limit]
		}
		eng, err := loadEvalEngine(c.engine, c.without)
		if err != nil {
			return err
		}
		if eng.suggester == nil {
			return evalUsageErr("engine %q gives no spelling suggestions", c.engine)
		}
		res, err := eval.EvalSpelling(ctx, eng.suggester, pairs, eval.SpellingOptions{
			Variant: tag.Variant, Workers: c.workers, Lexicon: eng.lexicon, MaxMisses: *misses,
		})
		if err != nil {
			return err
		}
		if c.json {
			return evalJSON(stdout, struct {
				Task     string              `json:"task"`
				File     string              `json:"file"`
				Format   eval.SpellingFormat `json:"format"`
				Engine   string              `json:"engine"`
				Language string              `json:"language"`
				Result   eval.SpellingResult `json:"result"`
			}{"spelling", pos[0], format, c.engine, tag.String(), res})
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "Spelling: %s (%s format), engine %s, %s\n", filepath.Base(pos[0]), format, c.engine, tag)
		fmt.Fprintf(tw, "  pairs\t%d\t(%d target words)\n", res.Pairs, res.Targets)
		fmt.Fprintf(tw, "  top-1\t%s%%\t(%d)\n", pct(res.Top1Rate), res.Top1)
		fmt.Fprintf(tw, "  top-5\t%s%%\t(%d)\n", pct(res.Top5Rate), res.Top5)
		fmt.Fprintf(tw, "  already known\t%s%%\t(%d: the misspelling is a dictionary word, by %s; counted as a miss)\n", pct(res.KnownRate), res.Known, res.KnownBy)
		fmt.Fprintf(tw, "  no suggestion\t%d\t\n", res.NoSuggestion)
		fmt.Fprintf(tw, "  top-1 of unknown\t%s%%\t(over the %d misspellings not in the dictionary)\n", pct(res.Top1OfUnknown), res.Pairs-res.Known)
		fmt.Fprintf(tw, "  top-5 of unknown\t%s%%\t\n", pct(res.Top5OfUnknown))
		fmt.Fprintf(tw, "  speed\t%.0f\twords/s (%d workers, %.2f s)\n", res.WordsPerSecond, res.Workers, res.Seconds)
		tw.Flush()
		if len(res.Misses) > 0 {
			fmt.Fprintln(stdout, "\nmisses (wrong → right: suggestions):")
			for _, m := range res.Misses {
				k := ""
				if m.Known {
					k = " [known]"
				}
				fmt.Fprintf(stdout, "  %s → %s%s: %s\n", m.Wrong, m.Right, k, strings.Join(m.Suggestions, ", "))
			}
		}
		return nil
	}()
	return evalFinish("spelling", err, stderr)
}

// ---- GEC helpers ----

// evalHypotheses produces the tokenized hypotheses for sources: read from
// hypFile when given, else the engine's corrections. It returns the run
// statistics when the engine ran.
func evalHypotheses(ctx context.Context, c *evalCommon, hypFile string, sources [][]string, gold func() [][]string) ([][]string, *eval.RunStats, error) {
	if hypFile != "" {
		f, err := evalOpen("--hyp", hypFile)
		if err != nil {
			return nil, nil, err
		}
		hyps, err := eval.ReadTokenized(f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", hypFile, err)
		}
		if len(hyps) < len(sources) {
			return nil, nil, fmt.Errorf("%s: %d hypotheses for %d sentences", hypFile, len(hyps), len(sources))
		}
		return hyps[:len(sources)], nil, nil
	}
	if c.engine == "gold" && gold != nil {
		return gold(), nil, nil
	}
	tag, err := c.tag()
	if err != nil {
		return nil, nil, err
	}
	eng, err := loadEvalEngine(c.engine, c.without)
	if err != nil {
		return nil, nil, err
	}
	hyps, st, err := eval.Correct(ctx, eng.checker, sources, eval.RunOptions{
		Tag: tag, Style: eval.DetectStyle(sources), Workers: c.workers,
	})
	if err != nil {
		return nil, nil, err
	}
	return hyps, &st, nil
}

func evalWriteHyps(path string, hyps [][]string) error {
	if path == "" {
		return nil
	}
	var b strings.Builder
	for _, h := range hyps {
		b.WriteString(strings.Join(h, " "))
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func evalReadTokenized(what, path string) ([][]string, error) {
	f, err := evalOpen(what, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := eval.ReadTokenized(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

func printRun(tw io.Writer, st *eval.RunStats, roundTrip float64) {
	if st == nil {
		return
	}
	fmt.Fprintf(tw, "  engine errors\t%d\t(sentences left unchanged because the engine failed)\n", st.Errors)
	if st.FirstError != "" {
		fmt.Fprintf(tw, "  first error\t\t%s\n", st.FirstError)
	}
	fmt.Fprintf(tw, "  corrections\t%d\t(returned by the engine)\n", st.Corrections)
	fmt.Fprintf(tw, "  speed\t%.1f\tsentences/s (%d workers, %.2f s)\n", st.SentencesPerSecond, st.Workers, st.Seconds)
	fmt.Fprintf(tw, "  detok round trip\t%s%%\t(sources given back by Tokenize(Detokenize(s)); untouched tokens are kept anyway)\n", pct(roundTrip))
}

// ---- GLEU ----

func evalGLEU(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newEvalFlags("gleu", "--src FILE --ref FILE [--ref FILE ...] [flags]", stderr)
	var c evalCommon
	c.register(fs, "en", "builtin, none (the unchanged source)")
	src := fs.String("src", "", "tokenized source sentences, one per line (required)")
	var refs evalStrings
	fs.Var(&refs, "ref", "tokenized reference file, one sentence per line (repeat for several references)")
	hyp := fs.String("hyp", "", "score this tokenized hypothesis file instead of running an engine")
	out := fs.String("out", "", "write the tokenized hypotheses to this file")
	iters := fs.Int("iterations", eval.DefaultGLEUIterations, "reference samplings (gleu.py: 500)")
	sampling := fs.String("sampling", "python2", "reference draws as gleu.py under python2 (the JFLEG leaderboard) or python3")
	err := func() error {
		pos, err := evalParse(fs, args)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return evalUsageErr("unexpected argument %q (use --src and --ref)", pos[0])
		}
		if *src == "" || len(refs) == 0 {
			return evalUsageErr("--src and at least one --ref are required")
		}
		var smp eval.Sampling
		switch *sampling {
		case "python2":
			smp = eval.SamplePython2
		case "python3":
			smp = eval.SamplePython3
		default:
			return evalUsageErr("--sampling: want python2 or python3, not %q", *sampling)
		}
		for _, r := range refs {
			if err := evalCheckReadable("--ref", r); err != nil {
				return err
			}
		}
		sources, err := evalReadTokenized("--src", *src)
		if err != nil {
			return err
		}
		var refSets [][][]string
		for _, r := range refs {
			rs, err := evalReadTokenized("--ref", r)
			if err != nil {
				return err
			}
			if len(rs) != len(sources) {
				return fmt.Errorf("%s has %d lines, %s has %d", r, len(rs), *src, len(sources))
			}
			refSets = append(refSets, rs)
		}
		if c.limit > 0 && c.limit < len(sources) {
			sources = sources[:c.limit]
			for k := range refSets {
				refSets[k] = refSets[k][:c.limit]
			}
		}
		g, err := eval.NewGLEU(sources, refSets)
		if err != nil {
			return err
		}
		hyps, st, err := evalHypotheses(ctx, &c, *hyp, sources, nil)
		if err != nil {
			return err
		}
		if err := evalWriteHyps(*out, hyps); err != nil {
			return err
		}
		opt := eval.GLEUOptions{Iterations: *iters, Sampling: smp}
		res, err := g.Score(hyps, opt)
		if err != nil {
			return err
		}
		base, err := g.Score(sources, opt)
		if err != nil {
			return err
		}
		engine := c.engine
		if *hyp != "" {
			engine = "file " + *hyp
		}
		rt := eval.RoundTrip(sources, eval.DetectStyle(sources))
		if c.json {
			return evalJSON(stdout, struct {
				Task      string          `json:"task"`
				Source    string          `json:"source"`
				Refs      []string        `json:"references"`
				Engine    string          `json:"engine"`
				Language  string          `json:"language"`
				Result    eval.GLEUResult `json:"result"`
				Baseline  eval.GLEUResult `json:"source_baseline"`
				Run       *eval.RunStats  `json:"run,omitempty"`
				RoundTrip float64         `json:"detok_round_trip"`
			}{"gleu", *src, refs, engine, c.lang, res, base, st, rt})
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "GLEU: %s, %d references, engine %s, %s\n", filepath.Base(*src), len(refs), engine, c.lang)
		changed := ""
		if st != nil {
			changed = fmt.Sprintf("(%d changed)", st.Changed)
		}
		fmt.Fprintf(tw, "  sentences\t%d\t%s\n", res.Sentences, changed)
		fmt.Fprintf(tw, "  GLEU\t%s\t(mean of %d samplings as gleu.py/%s; std %s, 95%% CI %s–%s)\n",
			pct(res.Score), res.Iterations, res.Sampling, pct(res.Std), pct(res.CI95[0]), pct(res.CI95[1]))
		var per []string
		for _, s := range res.PerReference {
			per = append(per, pct(s))
		}
		fmt.Fprintf(tw, "  GLEU per reference\t%s\t(refs %s)\n", pct(res.PerReferenceMean), strings.Join(per, " "))
		fmt.Fprintf(tw, "  source GLEU\t%s\t(the unchanged source, for comparison)\n", pct(base.Score))
		printRun(tw, st, rt)
		tw.Flush()
		return nil
	}()
	return evalFinish("gleu", err, stderr)
}

// evalPerRule prints, per rule, how often its corrections alone match the
// gold edits (right) or not (wrong), worst first.
func evalPerRule(ctx context.Context, c *evalCommon, hyp, show string, gold []eval.M2Sentence, stdout io.Writer) error {
	if hyp != "" || c.engine != "builtin" {
		return evalUsageErr("--per-rule runs the builtin engine: no --hyp, --engine builtin")
	}
	tag, err := c.tag()
	if err != nil {
		return err
	}
	eng, err := loadEvalEngine(c.engine, c.without)
	if err != nil {
		return err
	}
	sources := make([][]string, len(gold))
	for i, s := range gold {
		sources[i] = s.Source
	}
	scores, err := eval.PerRule(ctx, eng.checker, gold, eval.RunOptions{Tag: tag, Style: eval.DetectStyle(sources)}, show)
	if err != nil {
		return err
	}
	if c.json {
		return evalJSON(stdout, struct {
			Task  string           `json:"task"`
			Rules []eval.RuleScore `json:"rules"`
		}{"m2-per-rule", scores})
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rule\tright\twrong\tnet\t")
	for _, sc := range scores {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%+d\t\n", sc.Rule, sc.Right, sc.Wrong, sc.Right-sc.Wrong)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, sc := range scores {
		if sc.Rule != show {
			continue
		}
		fmt.Fprintf(stdout, "\n%s, correction by correction:\n", show)
		for _, k := range sc.Cases {
			verdict := "wrong"
			if k.Right {
				verdict = "right"
			}
			fmt.Fprintf(stdout, "  %s  %q → %q  | %s\n", verdict, k.Original, k.Suggestion, k.Text)
		}
	}
	return nil
}

// ---- M2 ----

func evalM2(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newEvalFlags("m2", "FILE [flags]", stderr)
	var c evalCommon
	c.register(fs, "en", "builtin, none (the unchanged source), gold (the first annotator's corrections: a self-check)")
	hyp := fs.String("hyp", "", "score this tokenized hypothesis file instead of running an engine")
	out := fs.String("out", "", "write the tokenized hypotheses to this file")
	beta := fs.Float64("beta", 0.5, "F-score beta")
	perRule := fs.Bool("per-rule", false, "score each rule's corrections alone against the gold edits: right/wrong per rule (an engine run only)")
	show := fs.String("show", "", "with --per-rule: list this rule's corrections one by one, each right or wrong")
	err := func() error {
		pos, err := evalParse(fs, args)
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return evalUsageErr("want exactly one M2 file, got %d arguments", len(pos))
		}
		f, err := evalOpen("M2 file", pos[0])
		if err != nil {
			return err
		}
		gold, err := eval.ParseM2(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", pos[0], err)
		}
		if c.limit > 0 && c.limit < len(gold) {
			gold = gold[:c.limit]
		}
		if *show != "" && !*perRule {
			return evalUsageErr("--show goes with --per-rule")
		}
		if *perRule {
			return evalPerRule(ctx, &c, *hyp, *show, gold, stdout)
		}
		sources := make([][]string, len(gold))
		for i, s := range gold {
			sources[i] = s.Source
		}
		goldText := func() [][]string {
			out := make([][]string, len(gold))
			for i, s := range gold {
				out[i] = s.GoldText(0)
			}
			return out
		}
		hyps, st, err := evalHypotheses(ctx, &c, *hyp, sources, goldText)
		if err != nil {
			return err
		}
		if err := evalWriteHyps(*out, hyps); err != nil {
			return err
		}
		res, err := eval.ScoreM2(gold, hyps, *beta)
		if err != nil {
			return err
		}
		engine := c.engine
		if *hyp != "" {
			engine = "file " + *hyp
		}
		rt := eval.RoundTrip(sources, eval.DetectStyle(sources))
		if c.json {
			return evalJSON(stdout, struct {
				Task      string         `json:"task"`
				File      string         `json:"file"`
				Engine    string         `json:"engine"`
				Language  string         `json:"language"`
				Result    eval.M2Result  `json:"result"`
				Run       *eval.RunStats `json:"run,omitempty"`
				RoundTrip float64        `json:"detok_round_trip"`
			}{"m2", pos[0], engine, c.lang, res, st, rt})
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "M2: %s, engine %s, %s\n", filepath.Base(pos[0]), engine, c.lang)
		fmt.Fprintf(tw, "  sentences\t%d\t(%d changed)\n", res.Sentences, res.ChangedSentences)
		fmt.Fprintf(tw, "  TP / FP / FN\t%d / %d / %d\t\n", res.TP, res.FP, res.FN)
		pnote := ""
		if res.TP+res.FP == 0 {
			pnote = "(no edit proposed: 100 by the scorer's convention)"
		}
		fmt.Fprintf(tw, "  precision\t%s\t%s\n", pct(res.Precision), pnote)
		fmt.Fprintf(tw, "  recall\t%s\t\n", pct(res.Recall))
		fmt.Fprintf(tw, "  F%g\t%s\t\n", res.Beta, pct(res.F))
		if res.Uncorrectable > 0 {
			fmt.Fprintf(tw, "  uncorrectable gold\t%d\t(edits whose correction is the source, e.g. UNK: always false negatives)\n", res.Uncorrectable)
		}
		if res.DroppedEdits > 0 {
			fmt.Fprintf(tw, "  dropped gold edits\t%d\t(outside their sentence in the file)\n", res.DroppedEdits)
		}
		printRun(tw, st, rt)
		tw.Flush()
		return nil
	}()
	return evalFinish("m2", err, stderr)
}
