package main

import (
	"appencorrect/internal/dictionary"
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"appencorrect/internal/api"
	"appencorrect/internal/config"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/pipeline"
)

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// document is one text to check and the name it is reported under.
type document struct {
	name string
	text string
}

// parseInterleaved parses flags that may come after positional arguments.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func runCheck(ctx context.Context, args []string, s stdio) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(s.err)
	lang := fs.String("language", "auto", "language: auto, en, en-US, en-GB, fr")
	asJSON := fs.Bool("json", false, "print the full result as JSON (the API's /check response)")
	fix := fs.Bool("fix", false, "print the corrected text")
	lines := fs.Bool("lines", false, "treat each input line as its own document and print one JSON object per line (JSONL)")
	stream := fs.Bool("stream", false, "print problems as they are found, sentence by sentence while the model writes (withdrawn ones are marked); not with --json, --fix, --lines")
	var files, dicts stringList
	fs.Var(&files, "file", "check this file (repeatable; - is stdin)")
	fs.Var(&dicts, "dictionary", "a word list, one word a line (# comments): never flagged, suggested for close misspellings (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, `usage: appencorrect check [flags] [TEXT ...]

Checks TEXT, the --file files, or standard input when neither is given.
Prints each problem as FILE:LINE:COL: TYPE MESSAGE (ORIGINAL → SUGGESTION).
Exit status: 0 no problems, 1 problems found, 2 bad usage or unreadable input.

flags:`)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if n := btoi(*asJSON) + btoi(*fix) + btoi(*lines); n > 1 {
		fmt.Fprintln(s.err, "appencorrect check: --json, --fix and --lines exclude each other")
		return 2
	}
	if *stream && (*asJSON || *fix || *lines) {
		fmt.Fprintln(s.err, "appencorrect check: --stream prints problems; it excludes --json, --fix and --lines")
		return 2
	}
	tag, err := language.Parse(*lang)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect check:", err)
		return 2
	}
	docs, err := readDocuments(pos, files, s.in)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect check:", err)
		return 2
	}
	words, err := readWordLists(dicts)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect check:", err)
		return 2
	}
	cfg, err := config.Load(s.getenv)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect check:", err)
		return 2
	}
	if s.getenv("LOG_LEVEL") == "" {
		cfg.LogLevel = "warn" // a linter prints problems, not start-up chatter
	}
	log := newLogger(s.err, cfg)
	eng, err := newPipeline(ctx, cfg, log.With("cmd", "check"), nil, nil)
	if err != nil {
		fmt.Fprintln(s.err, "appencorrect check:", err)
		return 1
	}
	defer eng.stop()
	out := bufio.NewWriter(s.out)
	defer out.Flush()
	c := checker{pipe: eng.pipe, tag: tag, out: out, words: words, stream: *stream}
	var found bool
	for _, d := range docs {
		var f bool
		switch {
		case *lines:
			f, err = c.lines(ctx, d)
		case *asJSON:
			f, err = c.json(ctx, d)
		case *fix:
			f, err = c.fix(ctx, d)
		default:
			f, err = c.lint(ctx, d)
		}
		if err != nil {
			out.Flush()
			fmt.Fprintf(s.err, "appencorrect check: %s: %v\n", d.name, err)
			return 1
		}
		found = found || f
	}
	if found {
		return 1
	}
	return 0
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func readDocuments(args, files []string, stdin io.Reader) ([]document, error) {
	var docs []document
	if len(args) > 0 {
		docs = append(docs, document{name: "<args>", text: strings.Join(args, " ")})
	}
	for _, f := range files {
		var b []byte
		var err error
		if f == "-" {
			b, err = io.ReadAll(stdin)
			f = "<stdin>"
		} else {
			b, err = os.ReadFile(f)
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", f, err)
		}
		// A byte-order mark is an encoding signature, not text.
		docs = append(docs, document{name: f, text: strings.TrimPrefix(string(b), "\ufeff")})
	}
	if len(docs) == 0 {
		b, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("reading standard input: %w", err)
		}
		docs = append(docs, document{name: "<stdin>", text: strings.TrimPrefix(string(b), "\ufeff")})
	}
	for _, d := range docs {
		if !utf8.ValidString(d.text) {
			return nil, fmt.Errorf("%s is not valid UTF-8 text", d.name)
		}
	}
	return docs, nil
}

type checker struct {
	pipe   *pipeline.Pipeline
	tag    language.Tag
	out    *bufio.Writer
	words  *dictionary.Words
	stream bool // lint prints problems as they are settled
}

func (c *checker) check(ctx context.Context, text string) (*pipeline.Result, error) {
	return c.pipe.Check(ctx, pipeline.Request{Text: text, Language: c.tag, Words: c.words})
}

// readWordLists reads --dictionary files: one word a line, blank lines
// and lines starting with # skipped; nil when none is given.
func readWordLists(paths []string) (*dictionary.Words, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	var words []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("--dictionary: %w", err)
		}
		for i, line := range strings.Split(strings.TrimPrefix(string(b), "\uFEFF"), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			w, err := dictionary.Normalize(line)
			if err != nil {
				return nil, fmt.Errorf("--dictionary %s:%d: %w", p, i+1, err)
			}
			words = append(words, w)
		}
	}
	return dictionary.New(words, "cli"), nil
}

// lineJSON is one line of --lines output.
type lineJSON struct {
	Line int `json:"line"`
	api.CheckResponse
}

func (c *checker) lines(ctx context.Context, d document) (bool, error) {
	found := false
	enc := json.NewEncoder(c.out)
	enc.SetEscapeHTML(false)
	for i, line := range strings.Split(strings.TrimSuffix(d.text, "\n"), "\n") {
		line = strings.TrimSuffix(line, "\r")
		res, err := c.check(ctx, line)
		if err != nil {
			return found, fmt.Errorf("line %d: %w", i+1, err)
		}
		found = found || len(res.Corrections) > 0
		if err := enc.Encode(lineJSON{Line: i + 1, CheckResponse: api.NewCheckResponse(res, true)}); err != nil {
			return found, err
		}
	}
	return found, nil
}

func (c *checker) json(ctx context.Context, d document) (bool, error) {
	res, err := c.check(ctx, d.text)
	if err != nil {
		return false, err
	}
	enc := json.NewEncoder(c.out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return len(res.Corrections) > 0, enc.Encode(api.NewCheckResponse(res, true))
}

func (c *checker) fix(ctx context.Context, d document) (bool, error) {
	res, err := c.check(ctx, d.text)
	if err != nil {
		return false, err
	}
	_, err = c.out.WriteString(res.Corrected)
	return len(res.Corrections) > 0, err
}

// lint prints each correction as NAME:LINE:COL: TYPE MESSAGE (A → B) with
// the line it is on and a caret under it.
func (c *checker) lint(ctx context.Context, d document) (bool, error) {
	var res *pipeline.Result
	var err error
	if c.stream {
		res, err = c.pipe.CheckStream(ctx, pipeline.Request{Text: d.text, Language: c.tag, Words: c.words}, &lintProgress{c: c, d: d})
	} else {
		res, err = c.check(ctx, d.text)
	}
	if err != nil {
		return false, err
	}
	if !c.stream {
		for _, cr := range res.Corrections {
			c.problem(d, cr, "")
		}
	}
	if len(res.Corrections) > 0 {
		fmt.Fprintf(c.out, "%s: %d problem(s), engine %s\n", d.name, len(res.Corrections), res.Engine)
	}
	if res.Degraded {
		fmt.Fprintf(c.out, "%s: degraded: %s\n", d.name, res.Reason)
	}
	return len(res.Corrections) > 0, nil
}

// lintProgress prints a streamed check's problems as they arrive.
type lintProgress struct {
	c *checker
	d document
}

// Corrections implements pipeline.Progress.
func (p *lintProgress) Corrections(_, _ int, cs []correction.Correction) {
	for _, cr := range cs {
		p.c.problem(p.d, cr, "")
	}
	p.c.out.Flush()
}

// Withdraw implements pipeline.Progress.
func (p *lintProgress) Withdraw(cs []correction.Correction) {
	for _, cr := range cs {
		p.c.problem(p.d, cr, "withdrawn: ")
	}
	p.c.out.Flush()
}

// problem prints one correction as NAME:LINE:COL: PREFIX TYPE MESSAGE
// (A → B) with its line and a caret under it.
func (c *checker) problem(d document, cr correction.Correction, prefix string) {
	line, col, lineText := position(d.text, cr.Start)
	msg := cr.Message
	if msg == "" {
		msg = string(cr.Type)
	}
	sugg := cr.Suggestion()
	if len(cr.Suggestions) == 0 {
		sugg = "?"
	}
	fmt.Fprintf(c.out, "%s:%d:%d: %s%s %s (%s → %s)\n", d.name, line, col, prefix, cr.Type, msg, quoteIfSpace(cr.Original), quoteIfSpace(sugg))
	width := max(1, utf8.RuneCountInString(firstLine(cr.Original)))
	fmt.Fprintf(c.out, "    %s\n    %s%s\n", lineText, strings.Repeat(" ", col-1), strings.Repeat("^", width))
}

// position returns the 1-based line and column (in characters) of byte
// offset b, and the text of that line with tabs shown as spaces.
func position(text string, b int) (line, col int, lineText string) {
	start := strings.LastIndexByte(text[:b], '\n') + 1
	end := strings.IndexByte(text[b:], '\n')
	if end < 0 {
		end = len(text)
	} else {
		end += b
	}
	line = strings.Count(text[:b], "\n") + 1
	col = utf8.RuneCountInString(text[start:b]) + 1
	return line, col, strings.ReplaceAll(strings.TrimSuffix(text[start:end], "\r"), "\t", " ")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func quoteIfSpace(s string) string {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s, "\n\t") {
		return fmt.Sprintf("%q", s)
	}
	return s
}
