package dictionary

import (
	"math/rand/v2"
	"strings"
	"testing"

	"appencorrect/internal/dictionary/dicttest"
)

// benchList is a tenant's list at its limit (dicttest.Words).
func benchList() []string { return dicttest.Words(MaxWordsOfTenant) }

// benchQueries are the words a check looks up: listed words as written
// and in other cases, misspellings of listed words (one edit), and
// ordinary words that are not listed.
func benchQueries(list []string) []string {
	rng := rand.New(rand.NewPCG(5, 6))
	var qs []string
	for range 100 {
		w := list[rng.IntN(len(list))]
		i := rng.IntN(len(w))
		qs = append(qs, w, strings.ToUpper(w), w[:i]+w[i+1:])
	}
	qs = append(qs, strings.Fields("the quick brown fox jumps over the lazy dog while grammer and "+
		"becouse their freind lost the adress of tecnology")...)
	return qs
}

// BenchmarkNew builds a full list's set: the cost of reading a tenant's
// words again after a change.
func BenchmarkNew(b *testing.B) {
	list := benchList()
	b.ReportAllocs()
	for b.Loop() {
		New(list, "bench")
	}
}

// BenchmarkContains looks every query up in a full list (per lookup).
func BenchmarkContains(b *testing.B) {
	list := benchList()
	w, qs := New(list, "bench"), benchQueries(list)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		w.Contains(qs[i%len(qs)])
	}
}

// BenchmarkClosest finds the listed word closest to every query in a
// full list (per lookup), as the checker does for each misspelling.
func BenchmarkClosest(b *testing.B) {
	list := benchList()
	w, qs := New(list, "bench"), benchQueries(list)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		w.Closest(qs[i%len(qs)])
	}
}
