package textdist

import (
	"strings"
	"testing"
)

func TestOSA(t *testing.T) {
	long := strings.Repeat("a", 40)
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 3, 0},
		{"cat", "cat", 3, 0},
		{"cat", "cut", 3, 1},
		{"teh", "the", 3, 1}, // transposition
		{"recieve", "receive", 3, 1},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3}, // over the limit: limit+1
		{"a", "abcdef", 3, 4},       // lengths differ by more than the limit
		{"ça", "ca", 3, 1},          // runes, not bytes
		{"Word", "word", 3, 1},      // case-sensitive
		{"ca", "abc", 3, 3},         // OSA, not full Damerau
		{long, long + "b", 3, 1},    // beyond the stack buffers
		{long + "xy", long + "yx", 3, 1},
	}
	for _, tt := range tests {
		if got := OSA(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("OSA(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
		if got := OSA(tt.b, tt.a, tt.limit); got != tt.want {
			t.Errorf("OSA(%q, %q, %d) = %d, want %d (symmetry)", tt.b, tt.a, tt.limit, got, tt.want)
		}
	}
}

func BenchmarkOSA(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		OSA("accomodation", "accommodation", 3)
	}
}
