package dictionary

import (
	"context"
	"testing"
)

// BenchmarkListsGet is a check's lookup of a tenant's full list when it
// has not changed: the version from the source (free here) and the set
// cached in process, never the words again.
func BenchmarkListsGet(b *testing.B) {
	src := &memSource{version: map[string]int64{}, words: map[string]map[string][]string{}}
	src.set("a", "", benchList()...)
	l := NewLists(src, 10*MaxWordsOfTenant)
	ctx := context.Background()
	if _, err := l.Get(ctx, "a", nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := l.Get(ctx, "a", nil); err != nil {
			b.Fatal(err)
		}
	}
	if src.reads != 1 {
		b.Fatalf("%d reads of the words, want 1", src.reads)
	}
}
