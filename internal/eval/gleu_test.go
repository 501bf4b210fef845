package eval

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func toks(s string) []string { return strings.Fields(s) }

func TestPyRandomMatchesCPython(t *testing.T) {
	// Values printed by CPython 3 (random.seed(n); ...).
	r := newPyRandom(0)
	if got := r.random(); got != 0.8444218515250481 {
		t.Errorf("seed 0 random() = %v, want 0.8444218515250481", got)
	}
	for _, want := range []uint32{3255389356, 3823568514, 1806341205} {
		if got := r.uint32(); got != want {
			t.Errorf("getrandbits(32) = %d, want %d", got, want)
		}
	}
	r = newPyRandom(101)
	var got []int
	for range 15 {
		got = append(got, r.intn(4))
	}
	if want := []int{1, 2, 3, 0, 1, 1, 2, 3, 1, 2, 3, 0, 2, 1, 1}; !slices.Equal(got, want) {
		t.Errorf("seed 101 randint(0,3) = %v, want %v", got, want)
	}
	r = newPyRandom(1<<40 + 5) // a two-word seed
	got = got[:0]
	for range 10 {
		got = append(got, r.intn(3))
	}
	if want := []int{2, 2, 1, 2, 0, 2, 0, 0, 0, 0}; !slices.Equal(got, want) {
		t.Errorf("seed 2^40+5 randint(0,2) = %v, want %v", got, want)
	}
}

func TestGLEUStats(t *testing.T) {
	// Hand-computed: hypothesis length, reference length, then matched and
	// total n-grams for n = 1..4.
	tests := []struct {
		name          string
		src, ref, hyp string
		want          gleuStats
		score         float64
	}{
		{
			name: "hypothesis is the reference",
			src:  "the cat sat on mat", ref: "the cat sat on the mat", hyp: "the cat sat on the mat",
			want: gleuStats{6, 6, 6, 6, 5, 5, 4, 4, 3, 3}, score: 1,
		},
		{
			// "on mat", "sat on mat", "cat sat on mat" are in the source
			// but not the reference: each costs a match.
			name: "unchanged source is penalised",
			src:  "the cat sat on mat", ref: "the cat sat on the mat", hyp: "the cat sat on mat",
			want: gleuStats{5, 6, 5, 5, 2, 4, 1, 3, 0, 2}, score: 0,
		},
		{
			name: "extra word, no brevity penalty",
			src:  "the cat sat on mat", ref: "the cat sat on the mat", hyp: "the cat sat on the mat today",
			want: gleuStats{7, 6, 6, 7, 5, 6, 4, 5, 3, 4}, score: math.Pow(3.0/7, 0.25),
		},
		{
			name: "short hypothesis, brevity penalty",
			src:  "the cat sat on mat", ref: "the cat sat on the mat", hyp: "the cat sat on",
			want: gleuStats{4, 6, 4, 4, 3, 3, 2, 2, 1, 1}, score: math.Exp(1 - 6.0/4),
		},
		{
			// Clipping: "c" twice in the hypothesis, once in the reference;
			// "e" is only in the source.
			name: "clipped counts",
			src:  "a b c d e", ref: "a b c d f", hyp: "a b c d c",
			want: gleuStats{5, 5, 4, 5, 3, 4, 2, 3, 1, 2}, score: math.Pow(4.0/5*3/4*2/3*1/2, 0.25),
		},
		{
			name: "source n-grams penalised with their counts",
			src:  "a b c d e", ref: "a b c d f", hyp: "a b c d e",
			want: gleuStats{5, 5, 3, 5, 2, 4, 1, 3, 0, 2}, score: 0,
		},
		{
			name: "too short for 4-grams",
			src:  "a b", ref: "a b c", hyp: "a b c",
			want: gleuStats{3, 3, 3, 3, 2, 2, 1, 1, 0, 0}, score: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := NewGLEU([][]string{toks(tt.src)}, [][][]string{{toks(tt.ref)}})
			if err != nil {
				t.Fatal(err)
			}
			h := toks(tt.hyp)
			st := g.stats(0, 0, h, allNgrams(h))
			if st != tt.want {
				t.Errorf("stats = %v, want %v", st, tt.want)
			}
			res, err := g.Score([][]string{h}, GLEUOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(res.Score-tt.score) > 1e-12 {
				t.Errorf("score = %v, want %v", res.Score, tt.score)
			}
			if res.Iterations != 1 {
				t.Errorf("iterations = %d with one reference, want 1", res.Iterations)
			}
		})
	}
}

func TestGLEUCorpusSumsStatistics(t *testing.T) {
	// Corpus GLEU sums statistics before taking the geometric mean: the two
	// sentences of the "clipped counts" and "reference" cases.
	src := [][]string{toks("a b c d e"), toks("the cat sat on mat")}
	ref := [][]string{toks("a b c d f"), toks("the cat sat on the mat")}
	hyp := [][]string{toks("a b c d c"), toks("the cat sat on the mat")}
	g, err := NewGLEU(src, [][][]string{ref})
	if err != nil {
		t.Fatal(err)
	}
	res, err := g.Score(hyp, GLEUOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Sums: c=11 r=11, 10/11, 8/9, 6/7, 4/5.
	want := math.Pow(10.0/11*8/9*6/7*4/5, 0.25)
	if math.Abs(res.Score-want) > 1e-12 {
		t.Errorf("score = %v, want %v", res.Score, want)
	}
}

func TestGLEUMultipleReferences(t *testing.T) {
	src := [][]string{toks("the cat sat on mat"), toks("a b c d e")}
	r0 := [][]string{toks("the cat sat on the mat"), toks("a b c d f")}
	r1 := [][]string{toks("the cat sat on a mat"), toks("a b c d e f")}
	hyp := [][]string{toks("the cat sat on the mat"), toks("a b c d f")}

	// Two identical reference sets: every sample is the same corpus.
	g, _ := NewGLEU(src, [][][]string{r0, r0})
	res, err := g.Score(hyp, GLEUOptions{Iterations: 20})
	if err != nil {
		t.Fatal(err)
	}
	if res.Score != 1 || res.Std != 0 || !slices.Equal(res.PerReference, []float64{1, 1}) || res.Iterations != 20 {
		t.Errorf("identical references: %+v", res)
	}

	g, _ = NewGLEU(src, [][][]string{r0, r1})
	for _, smp := range []Sampling{SamplePython2, SamplePython3} {
		res, err = g.Score(hyp, GLEUOptions{Sampling: smp})
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := min(res.PerReference[0], res.PerReference[1]), max(res.PerReference[0], res.PerReference[1])
		if res.PerReference[0] != 1 || res.Score > 1 || res.Score < lo*0.5 || res.Iterations != 500 || res.Sampling != smp.String() {
			t.Errorf("%v: %+v (per-reference range %v..%v)", smp, res, lo, hi)
		}
		if math.Abs(res.PerReferenceMean-(res.PerReference[0]+res.PerReference[1])/2) > 1e-12 {
			t.Errorf("per-reference mean %v", res.PerReferenceMean)
		}
	}
}

func TestGLEUErrors(t *testing.T) {
	if _, err := NewGLEU([][]string{toks("a")}, nil); err == nil {
		t.Error("no references: no error")
	}
	if _, err := NewGLEU([][]string{toks("a")}, [][][]string{{toks("a"), toks("b")}}); err == nil {
		t.Error("reference count mismatch: no error")
	}
	g, _ := NewGLEU([][]string{toks("a")}, [][][]string{{toks("a")}})
	if _, err := g.Score(nil, GLEUOptions{}); err == nil {
		t.Error("hypothesis count mismatch: no error")
	}
}
