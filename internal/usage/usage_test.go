package usage

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"appencorrect/internal/store"
	"appencorrect/internal/store/storetest"
)

// flaky fails while down is set, and is slow when delay is set.
type flaky struct {
	mu    sync.Mutex
	down  bool
	delay time.Duration
	rows  []store.UsageRecord
	calls int
}

func (f *flaky) InsertUsage(ctx context.Context, recs []store.UsageRecord) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.down {
		return errors.New("database down")
	}
	f.rows = append(f.rows, recs...)
	return nil
}

func (f *flaky) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.rows)
}

func TestBatchesAndClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &flaky{}
		r := New(f, Options{Interval: time.Hour, Batch: 10})
		for i := range 25 {
			r.Record(store.UsageRecord{Status: i})
		}
		// Reaching the batch size wakes the writer without waiting an
		// hour: once it has nothing left to do, at least a batch is written.
		synctest.Wait()
		if f.count() < 10 {
			t.Fatalf("%d written before the interval, want at least a batch", f.count())
		}
		if err := r.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		if f.count() != 25 {
			t.Fatalf("%d written after Close, want 25", f.count())
		}
		// Records after Close are kept for a later Flush, not lost.
		r.Record(store.UsageRecord{})
		if err := r.Flush(context.Background()); err != nil || f.count() != 26 {
			t.Fatalf("late record: %d written, %v", f.count(), err)
		}
	})
}

func TestRetryAndBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &flaky{down: true}
		r := New(f, Options{Interval: 10 * time.Millisecond, Batch: 5, MaxPending: 20})
		for range 30 {
			r.Record(store.UsageRecord{})
		}
		// Five write intervals pass (in the bubble's clock) with the
		// database down.
		time.Sleep(50 * time.Millisecond)
		synctest.Wait()
		if p := r.Pending(); p != 20 {
			t.Errorf("pending %d, want the bound 20", p)
		}
		if _, dropped, failures := r.Stats(); dropped != 10 || failures == 0 {
			t.Errorf("dropped %d failures %d", dropped, failures)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		if err := r.Close(ctx); err == nil {
			t.Error("Close succeeded with the database down")
		}
		f.mu.Lock()
		f.down = false
		f.mu.Unlock()
		if err := r.Close(context.Background()); err != nil || f.count() != 20 {
			t.Errorf("after recovery: %d written, %v", f.count(), err)
		}
	})
}

// Record costs no I/O: it returns at once while the database is slow.
func TestRecordDoesNotBlock(t *testing.T) {
	f := &flaky{}
	f.mu.Lock() // the writer blocks on this lock while we record
	r := New(f, Options{Interval: time.Millisecond, Batch: 1})
	// Were Record to wait for the writer, this loop would never end: the
	// writer waits for the lock this test holds.
	for range 10000 {
		r.Record(store.UsageRecord{})
	}
	f.mu.Unlock()
	if err := r.Close(context.Background()); err != nil || f.count() != 10000 {
		t.Errorf("%d written, %v", f.count(), err)
	}
}

func TestWithRealStores(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := New(st, Options{Interval: 20 * time.Millisecond, Batch: 100})
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 250 {
					r.Record(store.UsageRecord{Time: time.Now(), Endpoint: "/check", Method: "POST", Status: 200 + g, Characters: i})
				}
			}()
		}
		wg.Wait()
		if err := r.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		n, err := st.CountUsage(context.Background(), "", time.Now().Add(-time.Hour))
		if err != nil || n != 2000 {
			t.Fatalf("%d rows, want 2000 (%v)", n, err)
		}
	})
}
