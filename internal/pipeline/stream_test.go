package pipeline

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

// streamModel is fakeModel reporting each sentence but the last as
// settled before answering; on texts holding INVALID it reports them and
// then fails, like an answer that fails validation when finished.
type streamModel struct{ fakeModel }

// CheckModel fails on INVALID, as the finished streamed answer does.
func (f *streamModel) CheckModel(ctx context.Context, in ModelInput) (ModelOutput, error) {
	if strings.Contains(in.Text, "INVALID") {
		return ModelOutput{}, errors.New("over-correction")
	}
	return f.fakeModel.CheckModel(ctx, in)
}

func (f *streamModel) CheckModelStream(ctx context.Context, in ModelInput, settled func(Settled)) (ModelOutput, error) {
	out, err := f.fakeModel.CheckModel(ctx, ModelInput{Text: strings.ReplaceAll(in.Text, "INVALID", "invalid"), Language: in.Language})
	if err != nil {
		return out, err
	}
	sents := correction.Sentences(in.Text)
	prev := 0
	for _, s := range sents[:max(0, len(sents)-1)] {
		var part []correction.Correction
		for _, c := range out.Corrections {
			if c.Start >= prev && c.End <= s.End {
				part = append(part, c)
			}
		}
		settled(Settled{Start: prev, End: s.End, Corrections: part})
		prev = s.End
	}
	if strings.Contains(in.Text, "INVALID") {
		return ModelOutput{}, errors.New("over-correction")
	}
	return out, nil
}

// progressLog records a streamed check's events.
type progressLog struct {
	events    []string // "corrections" or "withdraw"
	kept      []correction.Correction
	withdrawn []correction.Correction
	spans     [][2]int
}

func (p *progressLog) Corrections(start, end int, cs []correction.Correction) {
	p.events = append(p.events, "corrections")
	p.spans = append(p.spans, [2]int{start, end})
	p.kept = append(p.kept, cs...)
}

func (p *progressLog) Withdraw(cs []correction.Correction) {
	p.events = append(p.events, "withdraw")
	p.withdrawn = append(p.withdrawn, cs...)
	for _, c := range cs {
		i := slices.IndexFunc(p.kept, func(k correction.Correction) bool { return reflect.DeepEqual(k, c) })
		if i < 0 {
			panic("withdrawn correction was not sent")
		}
		p.kept = slices.Delete(p.kept, i, i+1)
	}
}

func TestCheckStream(t *testing.T) {
	const three = "I saw teh cat. Then teh dog came. And teh bird."
	tests := []struct {
		name     string
		engine   Engine
		opts     []Option
		text     string
		twice    bool // check twice: the second answer comes from the cache
		events   []string
		degraded bool
		err      bool
	}{
		{name: "settled sentences then the rest", engine: &streamModel{}, text: three,
			events: []string{"corrections", "corrections", "corrections"}},
		{name: "chunks stream concurrently", engine: &streamModel{}, opts: []Option{WithChunking(20, 4)}, text: three + " " + three,
			events: nil}, // counted below: at least one per chunk
		{name: "failed validation withdraws before the fallback", engine: &streamModel{}, opts: []Option{WithFallback(fakeBuiltin{})},
			text: "INVALID teh one. Then teh dog. Last teh.", events: []string{"corrections", "corrections", "withdraw", "corrections"}, degraded: true},
		{name: "failure without fallback", engine: &streamModel{}, text: "FAIL teh. And teh.", err: true},
		{name: "built-in engine: one event", engine: fakeBuiltin{}, text: three, events: []string{"corrections"}},
		{name: "cache hit: one event", engine: &streamModel{}, opts: []Option{WithCache(&memCache{m: map[string][]byte{}}, time.Minute)}, text: three, twice: true,
			events: []string{"corrections"}},
		{name: "model without streaming: one event", engine: &fakeModel{}, text: three, events: []string{"corrections"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New(tt.engine, nil, tt.opts...)
			req := Request{Text: tt.text, Language: language.Tag{Code: language.English}}
			if tt.twice {
				if _, err := p.Check(context.Background(), req); err != nil {
					t.Fatal(err)
				}
			}
			var log progressLog
			res, err := p.CheckStream(context.Background(), req, &log)
			if tt.err {
				if err == nil {
					t.Fatalf("no error; result %+v", res)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want, err := p.Check(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Corrections, want.Corrections) || res.Corrected != want.Corrected || res.Degraded != want.Degraded {
				t.Errorf("streamed result %+v, Check %+v", res, want)
			}
			if res.Degraded != tt.degraded {
				t.Errorf("degraded %v, want %v", res.Degraded, tt.degraded)
			}
			kept := slices.Clone(log.kept)
			correction.Sort(kept)
			if !reflect.DeepEqual(kept, res.Corrections) && len(kept)+len(res.Corrections) > 0 {
				t.Errorf("sent less withdrawn %+v, result %+v", kept, res.Corrections)
			}
			if tt.events != nil && !slices.Equal(log.events, tt.events) {
				t.Errorf("events %v, want %v", log.events, tt.events)
			}
			if tt.events == nil && len(log.events) < res.Chunks {
				t.Errorf("%d events for %d chunks", len(log.events), res.Chunks)
			}
			// Together, the spans cover the text.
			covered := make([]bool, len(tt.text))
			for _, s := range log.spans {
				for i := s[0]; i < s[1]; i++ {
					covered[i] = true
				}
			}
			for i, c := range covered {
				if !c && strings.TrimSpace(tt.text[i:i+1]) != "" {
					t.Errorf("byte %d (%q) is in no span %v", i, tt.text[i], log.spans)
					break
				}
			}
		})
	}
}
