// Package usage records one row per request off the request path: Record
// appends to an in-memory buffer (a mutex and a slice append, never I/O),
// a background loop writes the buffer in batches, and Close writes what is
// left. The server calls Close after http.Server.Shutdown has returned, so
// requests that were in flight at SIGTERM are recorded too.
package usage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"appencorrect/internal/store"
)

// Writer stores batches of records; *store.Store is one.
type Writer interface {
	InsertUsage(ctx context.Context, recs []store.UsageRecord) error
}

// Options tune a Recorder.
type Options struct {
	// Interval between writes; default 1s.
	Interval time.Duration
	// Batch is the size that triggers a write before Interval; default 500.
	Batch int
	// MaxPending bounds the buffer while the database is unreachable;
	// records beyond it are dropped and counted. Default 200000.
	MaxPending int
	// WriteTimeout bounds one batch write; default 10s.
	WriteTimeout time.Duration
	Logger       *slog.Logger
}

// Recorder buffers usage records and writes them in batches. It is safe
// for concurrent use.
type Recorder struct {
	w    Writer
	opts Options
	log  *slog.Logger

	mu      sync.Mutex
	pending []store.UsageRecord
	closed  bool

	kick chan struct{}
	stop chan struct{}
	done chan struct{}

	written, dropped, failures atomic.Int64
}

// New starts a recorder writing to w.
func New(w Writer, opts Options) *Recorder {
	if opts.Interval <= 0 {
		opts.Interval = time.Second
	}
	if opts.Batch <= 0 {
		opts.Batch = 500
	}
	if opts.MaxPending <= 0 {
		opts.MaxPending = 200000
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = 10 * time.Second
	}
	r := &Recorder{
		w: w, opts: opts, log: opts.Logger,
		kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	go r.loop()
	return r
}

// Record queues one record; it never blocks on I/O. After Close, records
// are still accepted and written by the next Flush or Close call.
func (r *Recorder) Record(rec store.UsageRecord) {
	r.mu.Lock()
	if len(r.pending) >= r.opts.MaxPending {
		r.mu.Unlock()
		if r.dropped.Add(1) == 1 {
			r.log.Error("usage buffer full: dropping usage records until the database accepts writes", "max_pending", r.opts.MaxPending)
		}
		return
	}
	r.pending = append(r.pending, rec)
	n := len(r.pending)
	r.mu.Unlock()
	if n >= r.opts.Batch {
		select {
		case r.kick <- struct{}{}:
		default:
		}
	}
}

func (r *Recorder) loop() {
	defer close(r.done)
	t := time.NewTicker(r.opts.Interval)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
		case <-r.kick:
		}
		ctx, cancel := context.WithTimeout(context.Background(), r.opts.WriteTimeout)
		if err := r.Flush(ctx); err != nil {
			r.log.Warn("writing usage records failed; will retry", "error", err, "pending", r.Pending())
		}
		cancel()
	}
}

var errNoWriter = errors.New("usage: no writer")

// Flush writes every pending record now. On failure the unwritten records
// stay pending.
func (r *Recorder) Flush(ctx context.Context) error {
	if r.w == nil {
		return errNoWriter
	}
	r.mu.Lock()
	batch := r.pending
	r.pending = nil
	r.mu.Unlock()
	for start := 0; start < len(batch); start += r.opts.Batch {
		part := batch[start:min(start+r.opts.Batch, len(batch))]
		if err := r.w.InsertUsage(ctx, part); err != nil {
			r.failures.Add(1)
			r.requeue(batch[start:])
			return fmt.Errorf("usage: writing %d records: %w", len(batch)-start, err)
		}
		r.written.Add(int64(len(part)))
	}
	return nil
}

// requeue puts unwritten records back in front of newer ones.
func (r *Recorder) requeue(recs []store.UsageRecord) {
	r.mu.Lock()
	defer r.mu.Unlock()
	merged := make([]store.UsageRecord, 0, len(recs)+len(r.pending))
	merged = append(merged, recs...)
	merged = append(merged, r.pending...)
	if over := len(merged) - r.opts.MaxPending; over > 0 {
		r.dropped.Add(int64(over))
		merged = merged[over:]
	}
	r.pending = merged
}

// Close stops the background loop and writes every pending record,
// retrying until ctx ends. Call it after the HTTP server has shut down.
func (r *Recorder) Close(ctx context.Context) error {
	r.mu.Lock()
	already := r.closed
	r.closed = true
	r.mu.Unlock()
	if !already {
		close(r.stop)
	}
	select {
	case <-r.done:
	case <-ctx.Done():
		return fmt.Errorf("usage: waiting for the writer: %w", ctx.Err())
	}
	backoff := 50 * time.Millisecond
	for {
		err := r.Flush(ctx)
		if err == nil {
			return nil
		}
		r.log.Warn("final usage flush failed; retrying", "error", err, "pending", r.Pending())
		select {
		case <-ctx.Done():
			return fmt.Errorf("usage: %d records not written: %w", r.Pending(), err)
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, time.Second)
	}
}

// Pending returns the number of records not yet written.
func (r *Recorder) Pending() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.pending)
}

// Stats reports records written, dropped (buffer full) and failed batch
// writes since start.
func (r *Recorder) Stats() (written, dropped, failures int64) {
	return r.written.Load(), r.dropped.Load(), r.failures.Load()
}
