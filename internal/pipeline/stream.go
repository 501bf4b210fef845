package pipeline

import (
	"context"
	"reflect"
	"sync"

	"appencorrect/internal/correction"
)

// Settled is a part of a chunk the model has finished while it still
// writes: the corrections found in [Start, End), byte offsets into the
// chunk.
type Settled struct {
	Start, End  int
	Corrections []correction.Correction
}

// StreamingModelEngine is a ModelEngine that reports the settled parts of
// a chunk while the model writes. Its output is the same as CheckModel's;
// what it reported before is a preview that the pipeline reconciles with it.
type StreamingModelEngine interface {
	ModelEngine
	CheckModelStream(ctx context.Context, in ModelInput, settled func(Settled)) (ModelOutput, error)
}

// Progress receives the partial answers of a streamed check. Its calls are
// serialised; offsets are bytes into the request's text.
type Progress interface {
	// Corrections reports that [start, end) of the text is settled and the
	// corrections found in it. Each correction is reported once, unless
	// withdrawn.
	Corrections(start, end int, cs []correction.Correction)
	// Withdraw takes back corrections reported before: the finished answer
	// does not hold them (it failed validation and the fallback answered,
	// or the model's finished text aligned differently).
	Withdraw(cs []correction.Correction)
}

// CheckStream runs one request like Check, reporting to prog as parts of
// the text are settled. The result is Check's, by the same code; prog has
// received exactly its corrections (reported, less withdrawn) by the time
// CheckStream returns without error. prog is not called after it returns.
func (p *Pipeline) CheckStream(ctx context.Context, req Request, prog Progress) (*Result, error) {
	st := &streamState{prog: prog}
	defer st.close()
	return p.check(ctx, req, st)
}

// streamState is the progress of one streamed check: what each chunk has
// reported, to report each correction once and withdraw what the finished
// chunk does not hold.
type streamState struct {
	mu     sync.Mutex
	prog   Progress
	closed bool
	chunks map[int]*chunkProgress
}

type chunkProgress struct {
	sent    []correction.Correction
	settled int // end of the settled part, in the text
	done    bool
}

func (s *streamState) close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
}

func (s *streamState) chunk(i int) *chunkProgress {
	if s.chunks == nil {
		s.chunks = map[int]*chunkProgress{}
	}
	c, ok := s.chunks[i]
	if !ok {
		c = &chunkProgress{}
		s.chunks[i] = c
	}
	return c
}

// settled reports a settled part of chunk i; offset is the chunk's start
// in the text.
func (s *streamState) settled(i, offset int, part Settled) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chunk(i)
	if s.closed || c.done {
		return
	}
	cs := make([]correction.Correction, len(part.Corrections))
	for k, x := range part.Corrections {
		cs[k] = x.Shift(offset)
	}
	c.sent = append(c.sent, cs...)
	c.settled = offset + part.End
	s.prog.Corrections(offset+part.Start, offset+part.End, cs)
}

// final reports the finished answer of chunk i, [start, end) of the text,
// with final's offsets into the text: it withdraws what was sent and is
// not in final, then reports the rest of final.
func (s *streamState) final(i, start, end int, final []correction.Correction) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chunk(i)
	if s.closed || c.done {
		return
	}
	c.done = true
	var withdraw []correction.Correction
	kept := make([]bool, len(final))
	for _, x := range c.sent {
		found := false
		for k, y := range final {
			if !kept[k] && reflect.DeepEqual(x, y) {
				kept[k], found = true, true
				break
			}
		}
		if !found {
			withdraw = append(withdraw, x)
		}
	}
	if len(withdraw) > 0 {
		s.prog.Withdraw(withdraw)
		c.settled = start
	}
	var rest []correction.Correction
	for k, y := range final {
		if !kept[k] {
			rest = append(rest, y)
		}
	}
	correction.Sort(rest)
	if c.settled < start {
		c.settled = start
	}
	if c.settled < end || len(rest) > 0 {
		s.prog.Corrections(min(c.settled, firstStart(rest, c.settled)), end, rest)
	}
}

func firstStart(cs []correction.Correction, def int) int {
	for _, c := range cs {
		def = min(def, c.Start)
	}
	return def
}

// whole reports the answer of an engine that checks the text in one go
// (the built-in engine): one corrections event for the whole text.
func (s *streamState) whole(start, end int, cs []correction.Correction) {
	s.final(0, start, end, cs)
}
