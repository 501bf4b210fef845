// Package pipeline is the check flow shared by every API (the original
// AppenCorrect JSON API, the LanguageTool API, the command line): language
// resolution, then for a model engine the split into chunks, the result
// cache, the coalescing of identical concurrent calls and the fallback to
// the built-in engine, then the merge of the chunks' corrections and the
// corrected text built from them.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"appencorrect/internal/correction"
	"appencorrect/internal/dictionary"
	"appencorrect/internal/language"
)

// Engine finds corrections in a text. Implementations are safe for
// concurrent use. Check returns non-overlapping corrections with byte offsets
// into text, or an error; it never reports a failure as "no corrections".
type Engine interface {
	Name() string
	Check(ctx context.Context, text string, tag language.Tag) ([]correction.Correction, error)
}

// ModelInput is one call of a model engine: a chunk of the request's text.
type ModelInput struct {
	Text         string
	Language     language.Tag
	Instructions string
	// Words are the tenant's listed words the text holds, for the prompt;
	// WordsVersion the version of the lists they come from (cache keys).
	Words        []string
	WordsVersion string
}

// ModelOutput is what a model engine found in a chunk.
type ModelOutput struct {
	Corrections []correction.Correction // byte offsets into ModelInput.Text
	Usage       Usage
}

// Usage counts the model tokens a check consumed: the one usage type, what
// the LLM client reports for each call (llm.Completion), what the engine
// sums for a chunk and what the usage records store for a request.
type Usage struct {
	PromptTokens       int
	CompletionTokens   int
	CachedPromptTokens int // served from the server's prefix cache, when it says
	Calls              int // model calls made (retries and split chunks included)
}

// Add adds u2 to u.
func (u *Usage) Add(u2 Usage) {
	u.PromptTokens += u2.PromptTokens
	u.CompletionTokens += u2.CompletionTokens
	u.CachedPromptTokens += u2.CachedPromptTokens
	u.Calls += u2.Calls
}

// ModelEngine is an engine backed by a model (the LLM engine). For such an
// engine the pipeline splits long texts into chunks, caches and coalesces
// results, and answers with the fallback engine when the model fails.
type ModelEngine interface {
	Engine
	// Model identifies the model and prompt version; it is part of cache
	// keys.
	Model() string
	// CheckModel corrects one chunk, following the tenant's instructions.
	CheckModel(ctx context.Context, in ModelInput) (ModelOutput, error)
}

// HealthReporter is implemented by engines that know whether their
// backend is up.
type HealthReporter interface {
	Health() (ok bool, detail string)
}

// Cache stores results by key; a Redis implementation and an in-memory one
// exist. Errors are counted and otherwise ignored: a check never fails
// because the cache does.
type Cache interface {
	Get(ctx context.Context, key string) ([]byte, bool, error)
	Set(ctx context.Context, key string, val []byte, ttl time.Duration) error
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
	// NoCache skips the result cache for this request (the key's cache
	// toggle): nothing is read from it or written to it.
	NoCache bool
	// Words are the tenant's listed words (nil: none): never flagged,
	// never changed, suggested for close misspellings; their version is
	// part of the cache key.
	Words *dictionary.Words
}

// WordsChecker is implemented by engines that take the tenant's listed
// words themselves (the built-in engine); with others the pipeline only
// drops the corrections that change a listed word.
type WordsChecker interface {
	CheckWith(ctx context.Context, text string, tag language.Tag, words *dictionary.Words) ([]correction.Correction, error)
}

// Result is the outcome of a check.
type Result struct {
	Text        string
	Corrections []correction.Correction // sorted, non-overlapping, byte offsets
	Corrected   string                  // Text with every first suggestion applied
	Engine      string                  // the engine that answered
	// Model names the model asked (the model engine's model, without the
	// prompt version), or the engine's name for an engine without one;
	// usage records and cost analytics group by it.
	Model string
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
	// Usage is the model tokens spent (zero for cached chunks and for
	// the built-in engine); CachedChunks counts chunks served from the
	// result cache.
	Usage        Usage
	CachedChunks int
}

// Stats are cumulative counters of a pipeline, for metrics.
type Stats struct {
	Checks      uint64 // checks run
	Failures    uint64 // checks that returned an error
	Chunks      uint64 // chunks sent to the model engine (cache hits included)
	CacheHits   uint64
	CacheMisses uint64
	CacheErrors uint64 // cache Get or Set failures (the check went on)
	Coalesced   uint64 // chunk calls that shared another caller's model call
	ModelErrors uint64 // chunk calls that failed
	Fallbacks   uint64 // checks answered (partly) by the fallback engine
	Panics      uint64 // chunk calls that panicked (recovered; the fallback answered)
}

// Pipeline runs checks. It is safe for concurrent use and holds no
// per-request state.
type Pipeline struct {
	engine   Engine
	model    ModelEngine // engine as a ModelEngine, or nil
	detect   Detector
	fallback Engine
	cache    Cache
	cacheTTL time.Duration
	// chunkSize is in characters; chunkConc bounds concurrent chunks per
	// request.
	chunkSize int
	chunkConc int
	// reserve is kept from the request's deadline for the fallback.
	reserve time.Duration
	log     *slog.Logger
	flight  flight
	obs     Observer

	stats struct {
		checks, failures, chunks, hits, misses, cacheErrors, coalesced, modelErrors, fallbacks, panics atomic.Uint64
	}
	lastFallback atomic.Pointer[fallbackEvent]
}

type fallbackEvent struct {
	at time.Time
	// kind is the failure's class from a closed set (outcome), safe to show;
	// reason is the error text, for logs and the detailed /health only.
	kind, reason string
}

// Option configures a Pipeline.
type Option func(*Pipeline)

// WithFallback makes e answer when the model engine fails or its circuit
// is open; the result is flagged Degraded.
func WithFallback(e Engine) Option { return func(p *Pipeline) { p.fallback = e } }

// WithCache caches model results in c for ttl.
func WithCache(c Cache, ttl time.Duration) Option {
	return func(p *Pipeline) { p.cache, p.cacheTTL = c, ttl }
}

// WithChunking sets the chunk size in characters and how many chunks of
// one request run at once.
func WithChunking(size, concurrency int) Option {
	return func(p *Pipeline) {
		if size > 0 {
			p.chunkSize = size
		}
		if concurrency > 0 {
			p.chunkConc = concurrency
		}
	}
}

// Observer receives the pipeline's events for metrics; metrics.Metrics
// implements it. Its methods must be cheap and safe for concurrent use.
type Observer interface {
	// EngineDone reports one engine call: outcome is "ok" or "error".
	EngineDone(engine, outcome string, d time.Duration)
	// CacheLookup reports one result-cache lookup.
	CacheLookup(hit bool)
	// Fallback reports that the fallback engine answered for reason, a
	// short fixed word ("timeout", "error").
	Fallback(from, to, reason string)
}

type nopObserver struct{}

func (nopObserver) EngineDone(string, string, time.Duration) {}
func (nopObserver) CacheLookup(bool)                         {}
func (nopObserver) Fallback(string, string, string)          {}

// WithObserver sends the pipeline's events to o.
func WithObserver(o Observer) Option {
	return func(p *Pipeline) {
		if o != nil {
			p.obs = o
		}
	}
}

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(p *Pipeline) { p.log = l } }

// DefaultChunkSize is the default chunk size in characters: a text near
// the 10,000-character limit is split into about ten chunks that run
// concurrently.
const DefaultChunkSize = 1200

// New returns a pipeline over engine; detect may be nil (no detection).
func New(engine Engine, detect Detector, opts ...Option) *Pipeline {
	p := &Pipeline{engine: engine, detect: detect, chunkSize: DefaultChunkSize, chunkConc: 4,
		reserve: 500 * time.Millisecond, log: slog.New(slog.DiscardHandler), obs: nopObserver{}}
	p.model, _ = engine.(ModelEngine)
	p.flight.m = map[string]*call{}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Engine returns the configured engine, for metrics that read its own
// statistics (the LLM engine's Stats: in flight and queued per endpoint).
func (p *Pipeline) Engine() Engine { return p.engine }

// EngineName names the configured engine.
func (p *Pipeline) EngineName() string { return p.engine.Name() }

// Stats returns the pipeline's counters.
func (p *Pipeline) Stats() Stats {
	s := &p.stats
	return Stats{Checks: s.checks.Load(), Failures: s.failures.Load(), Chunks: s.chunks.Load(),
		CacheHits: s.hits.Load(), CacheMisses: s.misses.Load(), CacheErrors: s.cacheErrors.Load(),
		Coalesced: s.coalesced.Load(), ModelErrors: s.modelErrors.Load(), Fallbacks: s.fallbacks.Load(),
		Panics: s.panics.Load()}
}

// recentFallback is how long after a fallback /health still says degraded.
const recentFallback = 30 * time.Second

// Health reports the engine's state for /health: "ok", or "degraded"
// when the model's endpoints are down or a check fell back recently. public
// is a fixed reason safe for anyone to read; detail adds the endpoints'
// state and the last error, which may name internal addresses.
func (p *Pipeline) Health() (status, public, detail string) {
	public = p.engine.Name()
	detail = public
	if h, ok := p.engine.(HealthReporter); ok {
		up, d := h.Health()
		if d != "" {
			detail += ": " + d
		}
		if !up {
			public = "model endpoints unreachable; answering with " + p.fallbackName()
			if p.fallback != nil {
				detail += "; answering with " + p.fallback.Name()
			}
			return "degraded", public, detail
		}
	}
	if ev := p.lastFallback.Load(); ev != nil && time.Since(ev.at) < recentFallback {
		public = fmt.Sprintf("the model failed recently (%s); %s answered", ev.kind, p.fallbackName())
		return "degraded", public, fmt.Sprintf("%s; fell back to %s %s ago: %s", detail, p.fallbackName(),
			time.Since(ev.at).Round(time.Second), ev.reason)
	}
	return "ok", public, detail
}

// modelName is the model a check asks: the model engine's model without
// the prompt version and output mode, else the engine's name.
func (p *Pipeline) modelName() string {
	if p.model == nil {
		return p.engine.Name()
	}
	m, _, _ := strings.Cut(p.model.Model(), "|")
	return m
}

func (p *Pipeline) fallbackName() string {
	if p.fallback == nil {
		return "none"
	}
	return p.fallback.Name()
}

// ErrInconsistent is returned when an engine's corrections cannot be
// applied to the text (overlapping or out of range): an engine bug, never
// hidden as an empty result.
var ErrInconsistent = errors.New("engine returned inconsistent corrections")

// Check runs one request.
func (p *Pipeline) Check(ctx context.Context, req Request) (*Result, error) {
	return p.check(ctx, req, nil)
}

// check runs one request, reporting its progress to st when st is not nil
// (CheckStream).
func (p *Pipeline) check(ctx context.Context, req Request, st *streamState) (*Result, error) {
	start := time.Now()
	p.stats.checks.Add(1)
	res := &Result{Text: req.Text, Language: req.Language, Engine: p.engine.Name(), Model: p.modelName(), Chunks: 1}
	if req.Language.Code == language.Auto && p.detect != nil {
		if code := p.detect(req.Text); code != language.Auto {
			res.Language = language.Tag{Code: code}
			res.Detected = true
		}
	}
	var cs []correction.Correction
	var err error
	if p.model != nil {
		cs, err = p.checkModel(ctx, req, res, st)
	} else {
		t0 := time.Now()
		cs, err = checkWith(ctx, p.engine, req.Text, res.Language, req.Words)
		p.obs.EngineDone(p.engine.Name(), outcome(err), time.Since(t0))
		if err != nil {
			err = fmt.Errorf("%s engine: %w", p.engine.Name(), err)
		} else {
			st.whole(0, len(req.Text), cs)
		}
	}
	if err != nil {
		p.stats.failures.Add(1)
		return nil, err
	}
	cs = keepListed(req.Text, cs, req.Words)
	correction.Sort(cs)
	corrected, err := correction.Apply(req.Text, cs)
	if err != nil {
		p.stats.failures.Add(1)
		return nil, fmt.Errorf("%s engine: %w: %w", res.Engine, ErrInconsistent, err)
	}
	res.Corrections = cs
	res.Corrected = corrected
	res.Elapsed = time.Since(start)
	return res, nil
}

// chunkResult is the outcome of one chunk.
type chunkResult struct {
	out    ModelOutput
	cached bool
	err    error
}

// checkModel runs the model engine over the chunks of the text, falling
// back per chunk.
func (p *Pipeline) checkModel(ctx context.Context, req Request, res *Result, st *streamState) ([]correction.Correction, error) {
	spans := Chunks(req.Text, p.chunkSize)
	res.Chunks = max(1, len(spans))
	if len(spans) == 0 {
		return nil, nil
	}
	mctx := ctx
	if dl, ok := ctx.Deadline(); ok && p.fallback != nil && time.Until(dl) > 2*p.reserve {
		var cancel context.CancelFunc
		mctx, cancel = context.WithDeadline(ctx, dl.Add(-p.reserve))
		defer cancel()
	}
	results := make([]chunkResult, len(spans))
	run := func(i int) {
		in := ModelInput{Text: req.Text[spans[i].Start:spans[i].End], Language: res.Language, Instructions: req.Instructions}
		if req.Words.Len() > 0 {
			in.Words = req.Words.In(correction.Words(in.Text), dictionary.MaxPromptWords)
			in.WordsVersion = req.Words.Version
		}
		var settled func(Settled)
		if st != nil {
			settled = func(part Settled) { st.settled(i, spans[i].Start, part) }
		}
		r, err := callSafely(func() (chunkResult, error) { return p.checkChunk(mctx, req.Tenant, in, req.NoCache, settled), nil })
		if err != nil {
			r = chunkResult{err: err}
		}
		results[i] = r
		if r.err == nil && st != nil {
			st.final(i, spans[i].Start, spans[i].End, shifted(r.out.Corrections, spans[i].Start))
		}
	}
	if len(spans) == 1 {
		run(0)
	} else {
		var wg sync.WaitGroup
		sem := make(chan struct{}, p.chunkConc)
		for i := range spans {
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				run(i)
			}()
		}
		wg.Wait()
	}
	var cs []correction.Correction
	var firstErr error
	failed := 0
	for i, r := range results {
		res.Usage.Add(r.out.Usage) // failed calls spent tokens too
		if pe := (*PanicError)(nil); errors.As(r.err, &pe) {
			p.stats.panics.Add(1)
			p.obs.EngineDone(p.engine.Name(), "panic", 0)
			p.log.Error("engine panicked; the chunk falls back", "engine", p.engine.Name(), "chunk", i,
				"panic", fmt.Sprint(pe.Value), "stack", string(pe.Stack))
		}
		if r.err != nil {
			failed++
			if firstErr == nil {
				firstErr = r.err
			}
			continue
		}
		if r.cached {
			res.CachedChunks++
		}
		for _, c := range r.out.Corrections {
			cs = append(cs, c.Shift(spans[i].Start))
		}
	}
	if failed == 0 {
		return cs, nil
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("%s engine: %w", p.engine.Name(), firstErr)
	}
	if p.fallback == nil || !canFallBack(firstErr) {
		return nil, fmt.Errorf("%s engine: %w", p.engine.Name(), firstErr)
	}
	// The fallback answers the failed chunks.
	for i, r := range results {
		if r.err == nil {
			continue
		}
		fcs, err := checkWith(ctx, p.fallback, req.Text[spans[i].Start:spans[i].End], res.Language, req.Words)
		if err != nil {
			return nil, fmt.Errorf("%s engine: %w; fallback %s: %w", p.engine.Name(), firstErr, p.fallback.Name(), err)
		}
		for _, c := range fcs {
			cs = append(cs, c.Shift(spans[i].Start))
		}
		st.final(i, spans[i].Start, spans[i].End, shifted(fcs, spans[i].Start))
	}
	p.stats.fallbacks.Add(1)
	kind := outcome(firstErr)
	p.obs.Fallback(p.engine.Name(), p.fallback.Name(), kind)
	// The public reason names the kind of failure, never the error text,
	// which can hold internal addresses; the log has the details.
	reason := fmt.Sprintf("the %s model failed (%s) on %d of %d parts of the text; the %s engine answered them",
		p.engine.Name(), kind, failed, len(spans), p.fallback.Name())
	p.lastFallback.Store(&fallbackEvent{at: time.Now(), kind: kind, reason: firstErr.Error()})
	p.log.Warn("model engine failed; the fallback engine answered", "engine", p.engine.Name(),
		"fallback", p.fallback.Name(), "failed_chunks", failed, "chunks", len(spans), "error", firstErr)
	res.Degraded = true
	res.Reason = reason
	res.Engine = p.fallback.Name()
	return cs, nil
}

// saturated is implemented by errors that ask the client to come back
// later (llm.SaturatedError).
type saturated interface{ RetryAfterDuration() time.Duration }

// RetryAfter returns how long a client should wait before retrying a
// check that failed with err, and whether err is such an overload.
func RetryAfter(err error) (time.Duration, bool) {
	var s saturated
	if errors.As(err, &s) {
		return s.RetryAfterDuration(), true
	}
	return 0, false
}

// canFallBack reports whether the fallback should answer: not when the
// endpoints are merely saturated (the client is told to retry), since the
// model will answer soon.
func canFallBack(err error) bool {
	_, busy := RetryAfter(err)
	return !busy
}

// checkChunk answers one chunk from the cache, a shared call or the model.
// settled, when not nil, receives the parts of the chunk settled while the
// model writes (only when this call runs the model: not for a cache hit or
// a call shared with another caller).
func (p *Pipeline) checkChunk(ctx context.Context, tenant string, in ModelInput, noCache bool, settled func(Settled)) chunkResult {
	p.stats.chunks.Add(1)
	key := CacheKey(tenant, p.model.Name(), p.model.Model(), in)
	useCache := p.cache != nil && !noCache
	if useCache {
		gctx, cancel := context.WithTimeout(ctx, cacheTimeout)
		b, ok, err := p.cache.Get(gctx, key)
		cancel()
		switch {
		case err != nil:
			p.stats.cacheErrors.Add(1)
			p.log.Debug("result cache get failed", "error", err)
		case ok:
			if cs, err := decodeCorrections(b, p.model.Name()); err == nil {
				p.stats.hits.Add(1)
				p.obs.CacheLookup(true)
				return chunkResult{out: ModelOutput{Corrections: cs}, cached: true}
			}
			p.stats.cacheErrors.Add(1)
		default:
			p.stats.misses.Add(1)
			p.obs.CacheLookup(false)
		}
	}
	if noCache {
		key = "nocache:" + key // never shares a call with cached requests' writes
	}
	out, shared, err := p.flight.do(ctx, key, func(cctx context.Context) (ModelOutput, error) {
		t0 := time.Now()
		var out ModelOutput
		var err error
		if sm, ok := p.model.(StreamingModelEngine); ok && settled != nil {
			out, err = sm.CheckModelStream(cctx, in, settled)
		} else {
			out, err = p.model.CheckModel(cctx, in)
		}
		p.obs.EngineDone(p.model.Name(), outcome(err), time.Since(t0))
		if err == nil && useCache {
			if b, eerr := encodeCorrections(out.Corrections); eerr == nil {
				sctx, cancel := context.WithTimeout(context.WithoutCancel(cctx), cacheTimeout)
				if serr := p.cache.Set(sctx, key, b, p.cacheTTL); serr != nil {
					p.stats.cacheErrors.Add(1)
					p.log.Debug("result cache set failed", "error", serr)
				}
				cancel()
			}
		}
		return out, err
	})
	if shared {
		p.stats.coalesced.Add(1)
		out.Usage = Usage{} // the leader accounts for it
	}
	if err != nil {
		p.stats.modelErrors.Add(1)
	}
	return chunkResult{out: out, err: err}
}

// shifted returns cs moved by d bytes.
func shifted(cs []correction.Correction, d int) []correction.Correction {
	out := make([]correction.Correction, len(cs))
	for i, c := range cs {
		out[i] = c.Shift(d)
	}
	return out
}

// outcome names the kind of an engine call's result for metrics and
// public messages: "ok", "timeout" or "error".
func outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, ErrPanic):
		return "panic"
	}
	return "error"
}

// cacheTimeout bounds one cache operation: a slow cache costs at most this.
const cacheTimeout = 200 * time.Millisecond

// checkWith runs e with the listed words when it takes them.
func checkWith(ctx context.Context, e Engine, text string, tag language.Tag, words *dictionary.Words) ([]correction.Correction, error) {
	if wc, ok := e.(WordsChecker); ok && words.Len() > 0 {
		return wc.CheckWith(ctx, text, tag, words)
	}
	return e.Check(ctx, text, tag)
}

// keepListed drops the corrections that change a listed word: whatever an
// engine (a model above all) proposes, the tenant's words stay as written.
func keepListed(text string, cs []correction.Correction, words *dictionary.Words) []correction.Correction {
	if words.Len() == 0 {
		return cs
	}
	out := cs[:0]
	for _, c := range cs {
		if !words.Changed(c.Original, c.Suggestion()) {
			out = append(out, c)
		}
	}
	return out
}
