package dictfmt

import (
	"bytes"
	"slices"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	in := &Dict{
		Words:       []string{"a", "ab", "abc", "Abc", "b", "café", "don't"},
		Flags:       []byte{FlagAll, FlagUS, FlagGB | FlagAny, FlagAll, FlagAny, FlagAll, FlagAll},
		Levels:      []byte{10, 20, 35, 50, 70, 80, 10},
		Scale:       NewScale(1e9, 10, 1e7),
		Pairs:       [][2]uint32{{1, 2}, {3, 4}},
		Bigrams:     [][2]uint32{{0, 4}, {0, 5}, {3, 1}},
		BigramFreqs: []byte{1, 2, 3},
		BigramScale: NewScale(1e12, 1e7, 1e11),
	}
	for _, c := range []float64{0, 10, 1000, 1e7} {
		in.Freqs = append(in.Freqs, in.Scale.Quantize(c))
	}
	in.Freqs = append(in.Freqs, 0, 0, 0)
	var b bytes.Buffer
	if err := Encode(&b, in); err != nil {
		t.Fatal(err)
	}
	out, err := Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	start := uint32(0)
	for i, end := range out.Ends {
		if w := out.Text[start:end]; w != in.Words[i] {
			t.Errorf("word %d = %q, want %q", i, w, in.Words[i])
		}
		start = end
	}
	if len(out.Ends) != len(in.Words) || !slices.Equal(out.Flags, in.Flags) || !slices.Equal(out.Levels, in.Levels) ||
		!slices.Equal(out.Freqs, in.Freqs) || !slices.Equal(out.Pairs, in.Pairs) || out.Scale != in.Scale ||
		!slices.Equal(out.Bigrams, in.Bigrams) || !slices.Equal(out.BigramFreqs, in.BigramFreqs) || out.BigramScale != in.BigramScale {
		t.Errorf("round trip: got %+v, want %+v", out, in)
	}
	if q := in.Scale.Quantize(1e7); q != 255 || in.Scale.Quantize(10) != 1 || in.Scale.Quantize(0) != 0 {
		t.Errorf("Quantize: max %d", q)
	}
	if c := in.Scale.Count(in.Scale.Quantize(1000)); c < 900 || c > 1100 {
		t.Errorf("Count(Quantize(1000)) = %g", c)
	}
}

func TestDecodeCorrupt(t *testing.T) {
	var b bytes.Buffer
	if err := Encode(&b, &Dict{Words: []string{"x"}, Flags: []byte{1}, Levels: []byte{1}, Freqs: []byte{1}, Scale: NewScale(1, 1, 2)}); err != nil {
		t.Fatal(err)
	}
	good := b.Bytes()
	if _, err := Decode(bytes.NewReader(good[:len(good)/2])); err == nil {
		t.Error("truncated input decoded without error")
	}
	if _, err := Decode(bytes.NewReader([]byte("not gzip"))); err == nil {
		t.Error("garbage decoded without error")
	}
}
