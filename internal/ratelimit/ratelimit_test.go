package ratelimit

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestMemoryWindow(t *testing.T) {
	now := time.Date(2026, 1, 1, 10, 0, 30, 0, time.UTC)
	m := NewMemory(func() time.Time { return now })
	ctx := context.Background()
	tests := []struct {
		advance time.Duration
		key     string
		allowed bool
		remain  int
	}{
		{0, "a", true, 2},
		{0, "a", true, 1},
		{0, "b", true, 2},
		{0, "a", true, 0},
		{0, "a", false, 0},
		{29 * time.Second, "a", false, 0},
		{1 * time.Second, "a", true, 2}, // a new minute
	}
	for i, tt := range tests {
		now = now.Add(tt.advance)
		d, err := m.Allow(ctx, tt.key, 3, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed != tt.allowed || d.Remaining != tt.remain {
			t.Fatalf("step %d: got allowed=%v remaining=%d, want %v %d", i, d.Allowed, d.Remaining, tt.allowed, tt.remain)
		}
		if !d.Allowed && d.RetryAfter <= 0 {
			t.Fatalf("step %d: refused without Retry-After", i)
		}
	}
}

func TestMemoryExactUnderConcurrency(t *testing.T) {
	fixed := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	m := NewMemory(func() time.Time { return fixed })
	var ok atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 300; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if d, _ := m.Allow(context.Background(), "k", 100, time.Hour); d.Allowed {
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 100 {
		t.Fatalf("%d allowed, want exactly 100", ok.Load())
	}
}
