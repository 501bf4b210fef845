package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/pipeline"
)

// ErrOverCorrection: the output rewrites the text far beyond a
// correction (see the over-correction rule in classify.go).
var ErrOverCorrection = errors.New("model output is not a correction of the text")

// Completer runs chat completions; *Client is one.
type Completer interface {
	Complete(ctx context.Context, cr ChatRequest) (*Completion, error)
	// Tokens estimates the server's token count of a string.
	Tokens(s string) int
	// MaxModelLen is the server's context in tokens.
	MaxModelLen() int
	// Model names the model.
	Model() string
}

// EngineConfig configures an Engine.
type EngineConfig struct {
	// Name is the engine's name in results and cache keys: "vllm",
	// "openai", "gemini".
	Name string
	// Mode is the output format (default OutputText).
	Mode OutputMode
	// Lexicon tells misspellings from real words; nil: every close
	// single-word change is a spelling correction.
	Lexicon Lexicon
	// MaxSplits bounds how many times a text is halved after a truncated
	// or invalid output (default 3).
	MaxSplits int
}

// Engine corrects text with a model: it asks for the corrected text,
// derives the corrections by alignment (their offsets are exact by
// construction) and classifies them.
type Engine struct {
	c      Completer
	cfg    EngineConfig
	prompt *prompt
}

// NewEngine returns an engine over c.
func NewEngine(c Completer, cfg EngineConfig) *Engine {
	if cfg.Name == "" {
		cfg.Name = "vllm"
	}
	if cfg.Mode == "" {
		cfg.Mode = OutputText
	}
	if cfg.MaxSplits <= 0 {
		cfg.MaxSplits = 3
	}
	return &Engine{c: c, cfg: cfg, prompt: newPrompt(cfg.Mode)}
}

// Name returns the engine's name.
func (e *Engine) Name() string { return e.cfg.Name }

// Model identifies the model, the prompt and the output mode: results
// differ when any of them does, so it is part of cache keys.
func (e *Engine) Model() string {
	return e.c.Model() + "|" + PromptVersion + "|" + string(e.cfg.Mode)
}

// Stats returns the balancer's state (in flight and queued per endpoint,
// health, server gauges) when the completer is a *Client.
func (e *Engine) Stats() (Stats, bool) {
	if c, ok := e.c.(*Client); ok {
		return c.Stats(), true
	}
	return Stats{}, false
}

// Health reports the endpoints' state when the completer knows it.
func (e *Engine) Health() (ok bool, detail string) {
	if h, isH := e.c.(interface{ Health() (bool, string) }); isH {
		return h.Health()
	}
	return true, ""
}

// Result is the outcome of one Correct.
type Result struct {
	Corrections []correction.Correction
	Corrected   string
	Usage       pipeline.Usage
}

// CheckModel implements pipeline.ModelEngine: it corrects one chunk with
// the tenant's instructions and reports the tokens spent.
func (e *Engine) CheckModel(ctx context.Context, in pipeline.ModelInput) (pipeline.ModelOutput, error) {
	r, err := e.Correct(ctx, in.Text, in.Language, in.Instructions, in.Words...)
	return pipeline.ModelOutput{Corrections: r.Corrections, Usage: r.Usage}, err
}

// Check implements pipeline.Engine: Correct without custom instructions.
func (e *Engine) Check(ctx context.Context, text string, tag language.Tag) ([]correction.Correction, error) {
	r, err := e.Correct(ctx, text, tag, "")
	if err != nil {
		return nil, err
	}
	return r.Corrections, nil
}

// Correct corrects text: leading and trailing white space stay as they
// are, the rest is sent to the model, and the corrections are derived from
// its answer. A truncated or invalid answer is retried on the two halves of
// the text (split at a sentence boundary, never inside a sentence) up to
// MaxSplits times, and a single truncated sentence once with twice the
// output budget; after that,
// and for refusals, over-corrections and server failures, it returns an
// error, never an empty success.
func (e *Engine) Correct(ctx context.Context, text string, tag language.Tag, instructions string, keep ...string) (Result, error) {
	return e.correct(ctx, text, tag, steer{instructions, keep}, nil)
}

// correct is Correct, reporting the settled parts of the text to settled
// while the model writes when settled is not nil.
func (e *Engine) correct(ctx context.Context, text string, tag language.Tag, st steer, settled func(pipeline.Settled)) (Result, error) {
	a, b := trimSpaceSpan(text)
	res := Result{Corrected: text}
	if a == b {
		return res, nil
	}
	core := text[a:b]
	var onText func(string)
	if settled != nil {
		onText = newSettler(e, core, a, tag, settled).text
	}
	out, err := e.correctSpan(ctx, core, tag, st, 0, 1, &res.Usage, onText)
	if err != nil {
		return res, err
	}
	cs := correction.Align(core, out)
	for i := range cs {
		classify(&cs[i], e.cfg.Lexicon, tag.Variant, e.cfg.Name)
		cs[i] = cs[i].Shift(a)
	}
	res.Corrections = cs
	res.Corrected = text[:a] + out + text[b:]
	return res, nil
}

// steer is what a request adds to the prompt after its static part: the
// tenant's instructions and the listed words the text holds, both quoted
// as data.
type steer struct {
	instructions string
	keep         []string
}

// retrySmaller reports errors that a smaller text may avoid.
func retrySmaller(err error) bool {
	return errors.Is(err, ErrTruncated) || errors.Is(err, ErrContextLength) || errors.Is(err, ErrInvalidOutput)
}

// correctSpan returns the model's correction of s (no outer white space).
// onText, when set, streams the first call's answer (the retries are
// not streamed). budget multiplies the output token budget (1, or 2 on the retry of one
// truncated sentence).
func (e *Engine) correctSpan(ctx context.Context, s string, tag language.Tag, st steer, depth, budget int, usage *pipeline.Usage, onText func(string)) (string, error) {
	msg := e.prompt.message(tag, st.instructions, st.keep, s)
	textTokens := e.c.Tokens(s)
	maxTokens := budget * (textTokens*13/10 + 16)
	if e.cfg.Mode == OutputJSON {
		maxTokens += 16
	}
	// Counted each time: the client's token ratio is calibrated against
	// the server's tokenizer after start.
	promptTokens := 8 + e.c.Tokens(msg.Content) + 4
	for _, m := range e.prompt.static {
		promptTokens += e.c.Tokens(m.Content) + 4
	}
	var err error
	if promptTokens+maxTokens > e.c.MaxModelLen() {
		err = fmt.Errorf("%w: about %d prompt and %d output tokens for a context of %d", ErrContextLength, promptTokens, maxTokens, e.c.MaxModelLen())
	} else {
		var comp *Completion
		comp, err = e.c.Complete(ctx, ChatRequest{Prefix: e.prompt.prefix, Messages: []Message{msg}, Schema: e.schema(), MaxTokens: maxTokens, OnText: onText})
		if comp != nil {
			usage.Add(comp.Usage)
		}
		if err == nil {
			var out string
			out, err = e.parse(s, comp.Text)
			if err == nil {
				return out, nil
			}
		}
	}
	if !retrySmaller(err) || depth >= e.cfg.MaxSplits || ctx.Err() != nil {
		return "", err
	}
	left, sep, right, ok := splitSentences(s)
	if !ok {
		// One sentence: never cut inside it (the halves would come back
		// with capitals and full stops the alignment would report as
		// fixes). A truncated answer gets one more try with twice the
		// output budget, when the context holds it; otherwise the error
		// stands and the fallback answers.
		if errors.Is(err, ErrTruncated) && budget == 1 {
			return e.correctSpan(ctx, s, tag, st, depth+1, 2, usage, nil)
		}
		return "", err
	}
	o1, err1 := e.correctSpan(ctx, left, tag, st, depth+1, 1, usage, nil)
	if err1 != nil {
		return "", err1
	}
	o2, err2 := e.correctSpan(ctx, right, tag, st, depth+1, 1, usage, nil)
	if err2 != nil {
		return "", err2
	}
	return o1 + sep + o2, nil
}

func (e *Engine) schema() *Schema {
	if e.cfg.Mode == OutputJSON {
		return CorrectionSchema
	}
	return nil
}

// parse validates the model's answer for s and returns the corrected text
// without outer white space.
func (e *Engine) parse(s, answer string) (string, error) {
	out := answer
	if e.cfg.Mode == OutputJSON {
		dec := json.NewDecoder(strings.NewReader(answer))
		dec.DisallowUnknownFields()
		var v struct {
			CorrectedText *string `json:"corrected_text"`
		}
		if err := dec.Decode(&v); err != nil || v.CorrectedText == nil {
			return "", fmt.Errorf("%w: not the JSON object asked for: %q", ErrInvalidOutput, truncate(answer, 120))
		}
		if rest := bytes.TrimSpace(readRest(dec)); len(rest) > 0 {
			return "", fmt.Errorf("%w: text after the JSON object", ErrInvalidOutput)
		}
		out = *v.CorrectedText
	}
	a, b := trimSpaceSpan(out)
	out = out[a:b]
	switch {
	case out == "":
		return "", fmt.Errorf("%w: empty output for a text of %d bytes", ErrInvalidOutput, len(s))
	case strings.HasPrefix(out, "Language: ") && !strings.HasPrefix(s, "Language: "),
		strings.HasPrefix(out, TextMarker) && !strings.HasPrefix(s, TextMarker):
		return "", fmt.Errorf("%w: the output echoes the prompt", ErrInvalidOutput)
	}
	out, err := restoreBreaks(s, out)
	if err != nil {
		return "", err
	}
	if out == s {
		return out, nil
	}
	if why := overCorrected(s, out); why != "" {
		return "", fmt.Errorf("%w: %s", ErrOverCorrection, why)
	}
	return out, nil
}

// restoreBreaks puts the paragraph breaks of in (blank lines, byte for
// byte) between the paragraphs of out. An output with another number of
// paragraphs is invalid (and retried on smaller parts).
func restoreBreaks(in, out string) (string, error) {
	pin := correction.Paragraphs(in)
	if len(pin) <= 1 {
		return out, nil
	}
	pout := correction.Paragraphs(out)
	if len(pout) != len(pin) {
		return "", fmt.Errorf("%w: %d paragraphs for %d", ErrInvalidOutput, len(pout), len(pin))
	}
	var b strings.Builder
	b.Grow(len(out) + 16)
	for i, p := range pout {
		if i > 0 {
			b.WriteString(in[pin[i-1].End:pin[i].Start])
		}
		b.WriteString(out[p.Start:p.End])
	}
	return b.String(), nil
}

func readRest(dec *json.Decoder) []byte {
	var buf bytes.Buffer
	buf.ReadFrom(dec.Buffered())
	return buf.Bytes()
}

// splitSentences splits s at the sentence boundary nearest its middle,
// returning the parts and the white space between them; ok is false for a
// single sentence, which is never cut.
func splitSentences(s string) (left, sep, right string, ok bool) {
	mid := len(s) / 2
	best := -1
	sents := correction.Sentences(s)
	for i := 1; i < len(sents); i++ {
		if best < 0 || abs(sents[i].Start-mid) < abs(sents[best].Start-mid) {
			best = i
		}
	}
	if best <= 0 {
		return "", "", "", false
	}
	return s[:sents[best-1].End], s[sents[best-1].End:sents[best].Start], s[sents[best].Start:], true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
