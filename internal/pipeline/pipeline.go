// Package pipeline is the check flow shared by every API (the original
// AppenCorrect JSON API, the LanguageTool API, the command line): language
// resolution, the engine call, and the corrected text built from the
// corrections.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

// Engine finds corrections in a text. Implementations are safe for
// concurrent use. Check returns non-overlapping corrections with byte offsets
// into text, or an error; it never reports a failure as "no corrections".
type Engine interface {
	Name() string
	Check(ctx context.Context, text string, tag language.Tag) ([]correction.Correction, error)
}

// Detector guesses the base language of a text.
type Detector func(text string) language.Code

// Request is one check.
type Request struct {
	Text     string
	Language language.Tag
	// Tenant and Instructions isolate cached results and steer model
	// engines; the built-in engine ignores Instructions.
	Tenant       string
	Instructions string
}

// Result is the outcome of a check.
type Result struct {
	Text        string
	Corrections []correction.Correction // sorted, non-overlapping, byte offsets
	Corrected   string                  // Text with every first suggestion applied
	Engine      string                  // the engine that answered
	// Degraded is set when a fallback engine answered because the
	// configured one failed; Reason says why.
	Degraded bool
	Reason   string
	Chunks   int
	// Language is the language used; Detected is set when it was guessed
	// from "auto".
	Language language.Tag
	Detected bool
	Elapsed  time.Duration
}

// Pipeline runs checks. It is safe for concurrent use and holds no
// per-request state.
type Pipeline struct {
	engine Engine
	detect Detector
}

// New returns a pipeline over engine; detect may be nil (no detection).
func New(engine Engine, detect Detector) *Pipeline {
	return &Pipeline{engine: engine, detect: detect}
}

// EngineName names the configured engine.
func (p *Pipeline) EngineName() string { return p.engine.Name() }

// ErrInconsistent is returned when an engine's corrections cannot be
// applied to the text (overlapping or out of range): an engine bug, never
// hidden as an empty result.
var ErrInconsistent = errors.New("engine returned inconsistent corrections")

// Check runs one request.
func (p *Pipeline) Check(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	res := &Result{Text: req.Text, Language: req.Language, Engine: p.engine.Name(), Chunks: 1}
	if req.Language.Code == language.Auto && p.detect != nil {
		if code := p.detect(req.Text); code != language.Auto {
			res.Language = language.Tag{Code: code}
			res.Detected = true
		}
	}
	cs, err := p.engine.Check(ctx, req.Text, res.Language)
	if err != nil {
		return nil, fmt.Errorf("%s engine: %w", p.engine.Name(), err)
	}
	correction.Sort(cs)
	corrected, err := correction.Apply(req.Text, cs)
	if err != nil {
		return nil, fmt.Errorf("%s engine: %w: %w", p.engine.Name(), ErrInconsistent, err)
	}
	res.Corrections = cs
	res.Corrected = corrected
	res.Elapsed = time.Since(start)
	return res, nil
}
