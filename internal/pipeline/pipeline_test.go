package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"appencorrect/internal/correction"
	"appencorrect/internal/dictionary"
	"appencorrect/internal/language"
)

// fakeModel corrects "teh" to "the" by alignment, fails on texts holding
// FAIL, reports saturation on BUSY, and can block until released.
type fakeModel struct {
	calls   atomic.Int64
	gate    chan struct{} // when set, calls wait for it
	started chan struct{} // when set, receives one value per call
}

func (f *fakeModel) Name() string  { return "vllm" }
func (f *fakeModel) Model() string { return "fake|p1" }

func (f *fakeModel) Check(ctx context.Context, text string, tag language.Tag) ([]correction.Correction, error) {
	out, err := f.CheckModel(ctx, ModelInput{Text: text, Language: tag})
	return out.Corrections, err
}

type busyError struct{}

func (busyError) Error() string                     { return "saturated" }
func (busyError) RetryAfterDuration() time.Duration { return 2 * time.Second }

func (f *fakeModel) CheckModel(ctx context.Context, in ModelInput) (ModelOutput, error) {
	f.calls.Add(1)
	if f.started != nil {
		f.started <- struct{}{}
	}
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return ModelOutput{}, ctx.Err()
		}
	}
	switch {
	case strings.Contains(in.Text, "PANIC"):
		var cs []correction.Correction
		_ = cs[len(in.Text)] // an index out of range, as a bug in alignment would
	case strings.Contains(in.Text, "FAIL"):
		return ModelOutput{}, errors.New("model down")
	case strings.Contains(in.Text, "BUSY"):
		return ModelOutput{}, busyError{}
	}
	out := strings.ReplaceAll(in.Text, "teh", "the")
	cs := correction.Align(in.Text, out)
	for i := range cs {
		cs[i].Type, cs[i].Engine = correction.Spelling, "vllm"
	}
	return ModelOutput{Corrections: cs, Usage: Usage{PromptTokens: 100, CompletionTokens: len(in.Text) / 4, Calls: 1}}, nil
}

// fakeBuiltin flags "teh" too, as the built-in engine would.
type fakeBuiltin struct{}

func (fakeBuiltin) Name() string { return "builtin" }
func (fakeBuiltin) Check(_ context.Context, text string, _ language.Tag) ([]correction.Correction, error) {
	var cs []correction.Correction
	for _, t := range correction.Tokenize(text, nil) {
		if t.Text(text) == "teh" {
			cs = append(cs, correction.Correction{Start: t.Start, End: t.End, Original: "teh", Suggestions: []string{"the"}, Type: correction.Spelling, Engine: "builtin"})
		}
	}
	return cs, nil
}

// memCache is a map cache that can be made to fail.
type memCache struct {
	mu   sync.Mutex
	m    map[string][]byte
	fail bool
}

func (c *memCache) Get(_ context.Context, k string) ([]byte, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail {
		return nil, false, errors.New("cache down")
	}
	v, ok := c.m[k]
	return v, ok, nil
}

func (c *memCache) Set(_ context.Context, k string, v []byte, _ time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail {
		return errors.New("cache down")
	}
	c.m[k] = v
	return nil
}

func TestChunks(t *testing.T) {
	long := strings.Repeat("word ", 30) // 150 characters
	tests := []struct {
		name string
		text string
		size int
		want []string
	}{
		{"empty", "  \n ", 100, nil},
		{"one", "  Hello teh world.  ", 100, []string{"Hello teh world."}},
		{"paragraphs packed", "A b.\n\nC d.\n\nE f.", 10, []string{"A b.\n\nC d.", "E f."}},
		{"sentences", "One two. Three four. Five six.", 12, []string{"One two.", "Three four.", "Five six."}},
		{"words", strings.TrimSpace(long), 50, nil},
		{"no limit", "A.\n\nB.", 0, []string{"A.\n\nB."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := Chunks(tt.text, tt.size)
			var got []string
			prev := 0
			for _, s := range spans {
				c := tt.text[s.Start:s.End]
				if strings.TrimSpace(tt.text[prev:s.Start]) != "" {
					t.Errorf("non-space between chunks: %q", tt.text[prev:s.Start])
				}
				if tt.size > 0 && len([]rune(c)) > tt.size {
					t.Errorf("chunk of %d > %d characters", len([]rune(c)), tt.size)
				}
				prev = s.End
				got = append(got, c)
			}
			if strings.TrimSpace(tt.text[prev:]) != "" {
				t.Errorf("text after the last chunk: %q", tt.text[prev:])
			}
			if tt.want != nil && fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestModelChunksMerge(t *testing.T) {
	fm := &fakeModel{}
	p := New(fm, nil, WithChunking(20, 3))
	text := "Teh first teh one.\n\n  Second is teh.\r\n\r\nThird: teh end teh.  "
	res, err := p.Check(context.Background(), Request{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.ReplaceAll(text, "teh", "the"); res.Corrected != want {
		t.Errorf("corrected %q, want %q", res.Corrected, want)
	}
	if res.Chunks != 3 || len(res.Corrections) != 4 || res.Degraded {
		t.Errorf("chunks %d corrections %d degraded %v", res.Chunks, len(res.Corrections), res.Degraded)
	}
	for _, c := range res.Corrections {
		if text[c.Start:c.End] != c.Original {
			t.Errorf("offset of %+v", c)
		}
	}
	if res.Usage.Calls != 3 || res.Usage.PromptTokens != 300 {
		t.Errorf("usage %+v", res.Usage)
	}
}

// TestPanicFallsBack: a panic in one chunk's model call or alignment
// becomes that chunk's fallback, counted, and the process lives on; one
// chunk or several.
func TestPanicFallsBack(t *testing.T) {
	for _, text := range []string{
		"PANIC teh model.",
		"PANIC teh model.\n\nThis is teh rest.",
	} {
		fm := &fakeModel{}
		obs := &recordingObserver{}
		p := New(fm, nil, WithFallback(fakeBuiltin{}), WithChunking(30, 2), WithObserver(obs))
		res, err := p.Check(context.Background(), Request{Text: text})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if !res.Degraded || !strings.Contains(res.Reason, "panic") {
			t.Errorf("%q: degraded %v, reason %q", text, res.Degraded, res.Reason)
		}
		if want := strings.ReplaceAll(text, "teh", "the"); res.Corrected != want {
			t.Errorf("%q: corrected %q, want %q", text, res.Corrected, want)
		}
		if s := p.Stats(); s.Panics != 1 || s.Fallbacks != 1 {
			t.Errorf("%q: stats %+v, want 1 panic and 1 fallback", text, s)
		}
		if obs.outcomes["panic"] != 1 {
			t.Errorf("%q: observed outcomes %v, want one panic", text, obs.outcomes)
		}
	}
}

type recordingObserver struct {
	mu       sync.Mutex
	outcomes map[string]int
}

func (o *recordingObserver) EngineDone(_, outcome string, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.outcomes == nil {
		o.outcomes = map[string]int{}
	}
	o.outcomes[outcome]++
}
func (o *recordingObserver) CacheLookup(bool)                {}
func (o *recordingObserver) Fallback(string, string, string) {}

func TestFallback(t *testing.T) {
	fm := &fakeModel{}
	cache := &memCache{m: map[string][]byte{}}
	p := New(fm, nil, WithFallback(fakeBuiltin{}), WithCache(cache, time.Hour), WithChunking(30, 2))
	ctx := context.Background()
	res, err := p.Check(ctx, Request{Text: "FAIL teh model.\n\nThis is teh rest."})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Degraded || res.Engine != "builtin" || res.Reason == "" {
		t.Errorf("degraded %v engine %q reason %q", res.Degraded, res.Engine, res.Reason)
	}
	if res.Corrected != "FAIL the model.\n\nThis is the rest." {
		t.Errorf("corrected %q", res.Corrected)
	}
	if st, _, _ := p.Health(); st != "degraded" {
		t.Errorf("health %q after a fallback", st)
	}
	// The failed chunk was not cached; the good one was.
	if len(cache.m) != 1 {
		t.Errorf("%d cache entries, want 1 (failures are never cached)", len(cache.m))
	}
	// Saturation is no reason to fall back: the client retries.
	_, err = p.Check(ctx, Request{Text: "BUSY now."})
	if d, ok := RetryAfter(err); !ok || d != 2*time.Second {
		t.Errorf("saturation: err %v, retry after %v %v", err, d, ok)
	}
	// Without a fallback a failure is an error, never an empty success.
	p2 := New(fm, nil)
	if res, err := p2.Check(ctx, Request{Text: "FAIL here"}); err == nil {
		t.Errorf("no error: %+v", res)
	}
	if s := p.Stats(); s.Fallbacks != 1 || s.ModelErrors < 2 {
		t.Errorf("stats %+v", s)
	}
}

func TestCache(t *testing.T) {
	fm := &fakeModel{}
	cache := &memCache{m: map[string][]byte{}}
	p := New(fm, nil, WithCache(cache, time.Hour))
	ctx := context.Background()
	req := Request{Text: "I saw teh cat.", Tenant: "a", Language: language.Tag{Code: language.English}}
	first, err := p.Check(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	second, err := p.Check(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if fm.calls.Load() != 1 || second.CachedChunks != 1 || second.Usage.Calls != 0 {
		t.Errorf("calls %d cached %d usage %+v", fm.calls.Load(), second.CachedChunks, second.Usage)
	}
	if fmt.Sprint(first.Corrections) != fmt.Sprint(second.Corrections) || second.Corrected != first.Corrected {
		t.Errorf("cached result differs:\n%+v\n%+v", first.Corrections, second.Corrections)
	}
	// Another tenant, other instructions or another language miss.
	for _, r := range []Request{
		{Text: req.Text, Tenant: "b", Language: req.Language},
		{Text: req.Text, Tenant: "a", Language: req.Language, Instructions: "formal"},
		{Text: req.Text, Tenant: "a", Language: language.Tag{Code: language.English, Variant: language.GB}},
	} {
		if _, err := p.Check(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if fm.calls.Load() != 4 {
		t.Errorf("calls %d, want 4", fm.calls.Load())
	}
	// A failing cache costs nothing but a counter.
	cache.fail = true
	if _, err := p.Check(ctx, req); err != nil {
		t.Fatalf("check failed because the cache did: %v", err)
	}
	if s := p.Stats(); s.CacheErrors == 0 || s.CacheHits != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestCoalescing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fm := &fakeModel{gate: make(chan struct{}), started: make(chan struct{}, 100)}
		p := New(fm, nil)
		ctx := context.Background()
		var wg sync.WaitGroup
		results := make([]*Result, 10)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := p.Check(ctx, Request{Text: "Same teh text."})
				if err != nil {
					t.Error(err)
				}
				results[i] = r
			}()
		}
		// Every caller is blocked: the leader on the model, the others on
		// its flight. Then release the model.
		synctest.Wait()
		if n := len(fm.started); n != 1 {
			t.Fatalf("%d model calls started for 10 identical concurrent checks", n)
		}
		close(fm.gate)
		wg.Wait()
		if n := fm.calls.Load(); n != 1 {
			t.Errorf("%d model calls for 10 identical concurrent checks", n)
		}
		for _, r := range results {
			if r == nil || r.Corrected != "Same the text." {
				t.Fatalf("result %+v", r)
			}
		}
		if s := p.Stats(); s.Coalesced != 9 {
			t.Errorf("coalesced %d", s.Coalesced)
		}
	})
}

func TestCoalescedCallerLeaves(t *testing.T) {
	fm := &fakeModel{gate: make(chan struct{}), started: make(chan struct{}, 10)}
	p := New(fm, nil)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := p.Check(ctx, Request{Text: "Some teh text."})
		errc <- err
	}()
	<-fm.started
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("err %v", err)
	}
	// The call was cancelled once nobody waited: a new caller starts a
	// new one.
	done := make(chan struct{})
	go func() {
		p.Check(context.Background(), Request{Text: "Some teh text."})
		close(done)
	}()
	<-fm.started
	close(fm.gate)
	<-done
	if n := fm.calls.Load(); n != 2 {
		t.Errorf("calls %d", n)
	}
}

func TestCacheKey(t *testing.T) {
	in := ModelInput{Text: "x", Language: language.Tag{Code: language.English}}
	k := CacheKey("t", "vllm", "m|p1", in)
	if k != CacheKey("t", "vllm", "m|p1", in) || strings.Contains(k, "x") && len(k) < 64 {
		t.Errorf("key %q", k)
	}
	// Field boundaries matter: ("ab","c") differs from ("a","bc").
	if CacheKey("ab", "c", "m", in) == CacheKey("a", "bc", "m", in) {
		t.Error("ambiguous key")
	}
	if CacheKey("t", "vllm", "m|p2", in) == k {
		t.Error("prompt version ignored")
	}
}

func BenchmarkPipelineModel600(b *testing.B) {
	fm := &fakeModel{}
	p := New(fm, nil, WithFallback(fakeBuiltin{}))
	text := strings.Repeat("This is teh sentence that we check today. ", 14)[:600]
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Check(ctx, Request{Text: text}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestListedWords: a model correction that changes a listed word is
// dropped, the listed words reach the model's input, and a change of the
// lists' version misses the cache.
func TestListedWords(t *testing.T) {
	fm := &recordingModel{}
	cache := &memCache{m: map[string][]byte{}}
	p := New(fm, nil, WithCache(cache, time.Hour))
	ctx := context.Background()
	text := "We use teh kubectl tool."
	v1 := dictionary.New([]string{"kubectl"}, "1")
	res, err := p.Check(ctx, Request{Text: text, Tenant: "a", Words: v1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Corrected != "We use the kubectl tool." {
		t.Errorf("corrected %q: the model's change of the listed kubectl was kept, or teh was lost", res.Corrected)
	}
	if got := fm.lastWords(); len(got) != 1 || got[0] != "kubectl" {
		t.Errorf("the model was told %v, want [kubectl]", got)
	}
	// Without the list the model's change stands.
	res, _ = p.Check(ctx, Request{Text: text, Tenant: "b"})
	if res.Corrected != "We use the kube-control tool." {
		t.Errorf("without a list: %q", res.Corrected)
	}
	// Same lists: a cache hit; a new version: a miss.
	calls := fm.calls.Load()
	p.Check(ctx, Request{Text: text, Tenant: "a", Words: v1})
	if fm.calls.Load() != calls {
		t.Error("same version missed the cache")
	}
	res, _ = p.Check(ctx, Request{Text: text, Tenant: "a", Words: dictionary.New(nil, "2")})
	if fm.calls.Load() != calls+1 || res.Corrected != "We use the kube-control tool." {
		t.Errorf("a new version (the word deleted) was answered from the cache: %q", res.Corrected)
	}
}

// recordingModel corrects "teh" and renames "kubectl", recording the
// listed words it was given.
type recordingModel struct {
	calls atomic.Int64
	mu    sync.Mutex
	words []string
}

func (*recordingModel) Name() string  { return "vllm" }
func (*recordingModel) Model() string { return "fake|p1" }
func (m *recordingModel) Check(ctx context.Context, text string, tag language.Tag) ([]correction.Correction, error) {
	out, err := m.CheckModel(ctx, ModelInput{Text: text, Language: tag})
	return out.Corrections, err
}
func (m *recordingModel) CheckModel(_ context.Context, in ModelInput) (ModelOutput, error) {
	m.calls.Add(1)
	m.mu.Lock()
	m.words = in.Words
	m.mu.Unlock()
	out := strings.NewReplacer("teh", "the", "kubectl", "kube-control").Replace(in.Text)
	return ModelOutput{Corrections: correction.Align(in.Text, out)}, nil
}
func (m *recordingModel) lastWords() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.words
}
