package sim

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// job is one request in the continuous-batching model.
type job struct {
	prefill   int // uncached prompt tokens to prefill
	kv        int // tokens it holds in the KV cache
	remaining int // output tokens left
	first     chan struct{}
	done      chan struct{}
	failed    bool
	// decoded counts the output tokens decoded; tick is signalled after
	// each step that decoded one (a streamed answer follows them).
	decoded atomic.Int64
	tick    chan struct{}

	mu        sync.Mutex
	cancelled bool
	started   bool
}

func (j *job) cancel() {
	j.mu.Lock()
	j.cancelled = true
	j.mu.Unlock()
}

func (j *job) isCancelled() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.cancelled
}

// scheduler runs the jobs in steps: each step admits waiting jobs up to
// MaxNumSeqs (their prefill adds to the step's time), then decodes one token
// of every running job in DecodeStep + DecodeStepPerSeq × running.
type scheduler struct {
	s       *Server
	mu      sync.Mutex
	waiting []*job
	wake    chan struct{}
}

func newScheduler(s *Server) *scheduler {
	return &scheduler{s: s, wake: make(chan struct{}, 1)}
}

func (sc *scheduler) submit(ctx context.Context, j *job) error {
	sc.mu.Lock()
	sc.waiting = append(sc.waiting, j)
	sc.mu.Unlock()
	sc.s.waiting.Add(1)
	select {
	case sc.wake <- struct{}{}:
	default:
	}
	return ctx.Err()
}

func (sc *scheduler) run(ctx context.Context) {
	cfg := sc.s.cfg
	var running []*job
	defer func() {
		sc.mu.Lock()
		all := append(running, sc.waiting...)
		sc.waiting = nil
		sc.mu.Unlock()
		for _, j := range all {
			j.failed = true
			if !j.started {
				close(j.first)
			}
			close(j.done)
		}
	}()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		// Admit.
		prefill := 0
		sc.mu.Lock()
		for len(sc.waiting) > 0 && (cfg.MaxNumSeqs < 0 || len(running) < cfg.MaxNumSeqs) {
			j := sc.waiting[0]
			sc.waiting = sc.waiting[1:]
			sc.s.waiting.Add(-1)
			if j.isCancelled() {
				close(j.first)
				close(j.done)
				continue
			}
			running = append(running, j)
			sc.s.running.Add(1)
			sc.s.kvTokens.Add(int64(j.kv))
			prefill += j.prefill
		}
		sc.mu.Unlock()
		if len(running) == 0 {
			select {
			case <-ctx.Done():
				return
			case <-sc.wake:
				continue
			}
		}
		step := cfg.DecodeStep + time.Duration(len(running))*cfg.DecodeStepPerSeq +
			time.Duration(float64(prefill)/cfg.PrefillTokensPerSec*float64(time.Second))
		timer.Reset(step)
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		kept := running[:0]
		for _, j := range running {
			if !j.started {
				j.started = true
				close(j.first)
			}
			j.remaining--
			j.decoded.Add(1)
			select {
			case j.tick <- struct{}{}:
			default:
			}
			if j.remaining <= 0 || j.isCancelled() {
				sc.s.running.Add(-1)
				sc.s.kvTokens.Add(-int64(j.kv))
				close(j.done)
				continue
			}
			kept = append(kept, j)
		}
		running = kept
	}
}
