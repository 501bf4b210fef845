package eval

import (
	"appencorrect/internal/testsvc"
	"context"
	"os"
	"testing"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

func openData(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(testsvc.SharedData(t, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func readData(t *testing.T, name string) [][]string {
	t.Helper()
	s, err := ReadTokenized(openData(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestJFLEGSourceGLEU checks the unchanged JFLEG dev source against the
// JFLEG leaderboard: SOURCE scores 38.21 on dev (40.54 is the test split).
func TestJFLEGSourceGLEU(t *testing.T) {
	src := readData(t, "gec/jfleg-dev.src")
	var refs [][][]string
	for _, r := range []string{"ref0", "ref1", "ref2", "ref3"} {
		refs = append(refs, readData(t, "gec/jfleg-dev."+r))
	}
	g, err := NewGLEU(src, refs)
	if err != nil {
		t.Fatal(err)
	}
	res, err := g.Score(src, GLEUOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("JFLEG dev source GLEU %.4f (python2 sampling), per reference %.4f", 100*res.Score, res.PerReference)
	if res.Sentences != 754 || res.Score < 0.3816 || res.Score > 0.3826 {
		t.Errorf("source GLEU %.4f over %d sentences, want 38.21 over 754", 100*res.Score, res.Sentences)
	}
	res3, _ := g.Score(src, GLEUOptions{Sampling: SamplePython3})
	if res3.Score < 0.380 || res3.Score > 0.384 {
		t.Errorf("python3 sampling: %.4f", 100*res3.Score)
	}
	// A reference scores far above the source.
	if r, _ := g.Score(refs[0], GLEUOptions{}); r.Score < 0.6 {
		t.Errorf("reference 0 scores %.2f", 100*r.Score)
	}
}

// TestBEAGoldM2 scores the gold corrected text of BEA-2019 dev: every
// correctable gold edit must be found, with next to no false positives.
func TestBEAGoldM2(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	gold, err := ParseM2(openData(t, "gec/bea-dev.m2"))
	if err != nil {
		t.Fatal(err)
	}
	src := make([][]string, len(gold))
	hyp := make([][]string, len(gold))
	for i, s := range gold {
		src[i] = s.Source
		hyp[i] = s.GoldText(0)
	}
	res, err := ScoreM2(gold, hyp, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("BEA dev gold: %+v", res)
	correctable := res.TP + res.FN - res.Uncorrectable
	if res.Sentences != 4384 || res.Precision < 0.999 || float64(res.TP) < 0.999*float64(correctable) || res.F < 0.99 {
		t.Errorf("gold text: %+v", res)
	}
	base, _ := ScoreM2(gold, src, 0.5)
	if base.TP != 0 || base.FP != 0 || base.Precision != 1 || base.Recall != 0 || base.F != 0 {
		t.Errorf("unchanged source: %+v", base)
	}
}

// TestDataRoundTrip measures how often Tokenize(Detokenize(s)) gives back
// the source sentence of the GEC sets.
func TestDataRoundTrip(t *testing.T) {
	for _, name := range []string{"gec/jfleg-dev.src", "gec/bea-dev.txt"} {
		s := readData(t, name)
		st := DetectStyle(s)
		rt := RoundTrip(s, st)
		t.Logf("%s: style %+v, round trip %.2f%%", name, st, 100*rt)
		if rt < 0.98 {
			t.Errorf("%s: round trip %.2f%%", name, 100*rt)
		}
	}
}

func TestSpellingFiles(t *testing.T) {
	for _, tt := range []struct {
		name   string
		format SpellingFormat
		pairs  int
	}{
		{"spelling/norvig-testset1.txt", Norvig, 270},
		// 36,133 lines of misspellings, 17 of which equal their target.
		{"spelling/birkbeck-missp.dat", Mitton, 36116},
	} {
		pairs, format, err := ParseSpelling(openData(t, tt.name))
		if err != nil {
			t.Fatal(err)
		}
		if format != tt.format || len(pairs) != tt.pairs {
			t.Errorf("%s: %s format, %d pairs; want %s, %d", tt.name, format, len(pairs), tt.format, tt.pairs)
		}
	}
}

// TestBEAGoldThroughPipeline runs a perfect checker (it answers the
// detokenized gold text) through Correct: what the detokenize, check,
// retokenize round costs in M2 when the engine is right.
func TestBEAGoldThroughPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	gold, err := ParseM2(openData(t, "gec/bea-dev.m2"))
	if err != nil {
		t.Fatal(err)
	}
	src := make([][]string, len(gold))
	for i, s := range gold {
		src[i] = s.Source
	}
	st := DetectStyle(src)
	answer := map[string]string{}
	for _, s := range gold {
		text, _ := Detokenize(s.Source, st)
		corrected, _ := Detokenize(s.GoldText(0), st)
		if _, dup := answer[text]; !dup {
			answer[text] = corrected
		}
	}
	perfect := CheckerFunc(func(_ context.Context, text string, _ language.Tag) ([]correction.Correction, error) {
		return correction.Align(text, answer[text]), nil
	})
	hyps, _, err := Correct(context.Background(), perfect, src, RunOptions{Style: st})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ScoreM2(gold, hyps, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("BEA dev, perfect checker through detok/retok: P %.4f R %.4f F0.5 %.4f (%+v)", res.Precision, res.Recall, res.F, res)
	if res.F < 0.95 {
		t.Errorf("perfect checker: %+v", res)
	}
}

// TestJFLEGReferenceThroughPipeline: a checker answering reference 0 scores
// (nearly) what reference 0 scores when given tokenized.
func TestJFLEGReferenceThroughPipeline(t *testing.T) {
	src := readData(t, "gec/jfleg-dev.src")
	var refs [][][]string
	for _, r := range []string{"ref0", "ref1", "ref2", "ref3"} {
		refs = append(refs, readData(t, "gec/jfleg-dev."+r))
	}
	st := DetectStyle(src)
	answer := map[string]string{}
	for i, s := range src {
		text, _ := Detokenize(s, st)
		if _, dup := answer[text]; !dup {
			answer[text], _ = Detokenize(refs[0][i], st)
		}
	}
	perfect := CheckerFunc(func(_ context.Context, text string, _ language.Tag) ([]correction.Correction, error) {
		return correction.Align(text, answer[text]), nil
	})
	hyps, _, err := Correct(context.Background(), perfect, src, RunOptions{Style: st})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := NewGLEU(src, refs)
	direct, _ := g.Score(refs[0], GLEUOptions{})
	piped, _ := g.Score(hyps, GLEUOptions{})
	t.Logf("JFLEG dev reference 0: GLEU %.2f tokenized, %.2f through detok/retok", 100*direct.Score, 100*piped.Score)
	if piped.Score < direct.Score-0.01 {
		t.Errorf("pipeline loses %.2f GLEU", 100*(direct.Score-piped.Score))
	}
}
