package cache

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestMemory(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(4 * (entryOverhead + 10))
	now := time.Unix(1000, 0)
	m.now = func() time.Time { return now }
	tests := []struct {
		name string
		do   func()
		key  string
		want string
		ok   bool
	}{
		{"miss", func() {}, "a", "", false},
		{"hit", func() { m.Set(ctx, "a", []byte("1"), time.Minute) }, "a", "1", true},
		{"overwrite", func() { m.Set(ctx, "a", []byte("2"), time.Minute) }, "a", "2", true},
		{"expired", func() { now = now.Add(2 * time.Minute) }, "a", "", false},
		{"no ttl", func() { m.Set(ctx, "b", []byte("x"), 0); now = now.Add(time.Hour) }, "b", "x", true},
		{"evicted LRU", func() {
			for i := range 5 {
				m.Set(ctx, fmt.Sprint("k", i), []byte("v"), 0)
			}
		}, "b", "", false},
		{"recent kept", func() {}, "k4", "v", true},
		{"deleted", func() { m.Delete(ctx, "k4") }, "k4", "", false},
	}
	for _, tt := range tests {
		tt.do()
		v, ok, err := m.Get(ctx, tt.key)
		if err != nil || ok != tt.ok || string(v) != tt.want {
			t.Errorf("%s: Get(%q) = %q, %v, %v; want %q, %v", tt.name, tt.key, v, ok, err, tt.want, tt.ok)
		}
	}
	if s := m.Stats(); s.Bytes > 4*(entryOverhead+10) || s.Evicted == 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestMemoryCopies(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(0)
	v := []byte("abc")
	m.Set(ctx, "k", v, 0)
	v[0] = 'X'
	got, _, _ := m.Get(ctx, "k")
	got[1] = 'Y'
	again, _, _ := m.Get(ctx, "k")
	if string(again) != "abc" {
		t.Errorf("stored value changed: %q", again)
	}
}

func TestMemoryConcurrent(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(1 << 16)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				k := fmt.Sprint(g, i%50)
				m.Set(ctx, k, []byte(k), time.Minute)
				m.Get(ctx, k)
			}
		}()
	}
	wg.Wait()
	if s := m.Stats(); s.Bytes > 1<<16 {
		t.Errorf("over budget: %+v", s)
	}
}

func BenchmarkMemoryGetSet(b *testing.B) {
	ctx := context.Background()
	m := NewMemory(0)
	val := make([]byte, 512)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			k := fmt.Sprint(i % 1000)
			if _, ok, _ := m.Get(ctx, k); !ok {
				m.Set(ctx, k, val, time.Minute)
			}
			i++
		}
	})
}
