package eval

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// GLEU computes corpus-level GLEU (Napoles, Sakaguchi, Post and Tetreault,
// "Ground truth for grammatical error correction metrics", ACL 2015, in the
// revised form "GLEU without tuning", arXiv:1605.02592, 2016) exactly as the
// JFLEG repository's eval/gleu.py and compute_gleu do by default:
//
// For a hypothesis h, its source s and one reference r, and each n in 1..4,
// the matched count is
//
//	max(0, |ngrams_n(h) ∩ ngrams_n(r)| − |ngrams_n(h) ∩ (ngrams_n(s) \ ngrams_n(r))|)
//
// where ∩ is the multiset intersection (minimum of the counts) and
// s \ r keeps the n-grams of s whose type does not occur in r at all (with
// their counts in s). The n-gram total is max(0, len(h)+1−n). Hypothesis
// length c and reference length r are summed over the corpus, as are the
// matched counts and totals; the corpus score is
//
//	exp(min(0, 1 − r/c) + ¼·Σ_n log(matched_n / total_n)),
//
// or 0 when any sum is 0 (no smoothing).
//
// With several references, each sentence is scored against one reference
// drawn at random; the draw is repeated for Iterations corpora (500 by
// default) and the reported score is the mean of the corpus scores. The
// draws reproduce gleu.py under CPython 3 (random.seed(101·j) before the
// j-th iteration, then random.randint(0, R−1) per sentence). gleu.py is a
// Python 2 script and randint draws differently in Python 2 and 3, so both
// are reproduced: SamplePython2 (the default) gives the numbers of the JFLEG
// leaderboard (the unchanged JFLEG dev source scores 38.21, as published),
// SamplePython3 what gleu.py prints when run under Python 3. As a
// deterministic companion the result also holds the corpus score against
// each single reference and their mean.
type GLEU struct {
	src  [][]string
	refs [][][]string // refs[k][i]: reference k of sentence i
	// srcGrams[i][n-1], refGrams[k][i][n-1]
	srcGrams [][]ngramCounts
	refGrams [][][]ngramCounts
}

// gleuOrder is the longest n-gram GLEU counts.
const gleuOrder = 4

// DefaultGLEUIterations is the number of reference samplings of gleu.py.
const DefaultGLEUIterations = 500

// Sampling selects how references are drawn, as gleu.py does under one
// Python version or the other.
type Sampling int

const (
	// SamplePython2 draws int(random()·R), CPython 2's randint: the JFLEG
	// leaderboard's numbers.
	SamplePython2 Sampling = iota
	// SamplePython3 draws by rejection from bit_length(R) random bits,
	// CPython 3's randint.
	SamplePython3
)

// String names the sampling.
func (s Sampling) String() string {
	if s == SamplePython3 {
		return "python3"
	}
	return "python2"
}

// GLEUOptions tune Score; the zero value is gleu.py's default.
type GLEUOptions struct {
	// Iterations is the number of sampled corpora (0: 500).
	Iterations int
	// Sampling chooses the random draws (default SamplePython2).
	Sampling Sampling
}

type ngramCounts map[string]int

func countNgrams(toks []string, n int) ngramCounts {
	c := make(ngramCounts, max(len(toks)+1-n, 0))
	for i := 0; i+n <= len(toks); i++ {
		c[strings.Join(toks[i:i+n], "\x00")]++
	}
	return c
}

// NewGLEU prepares GLEU scoring for the tokenized sources and references:
// refs[k][i] is the k-th reference of sentence i (one slice per reference
// file). Every reference set must have one entry per source.
func NewGLEU(src [][]string, refs [][][]string) (*GLEU, error) {
	if len(refs) == 0 {
		return nil, errors.New("gleu: no references")
	}
	for k, r := range refs {
		if len(r) != len(src) {
			return nil, fmt.Errorf("gleu: reference %d has %d sentences, the source has %d", k, len(r), len(src))
		}
	}
	g := &GLEU{src: src, refs: refs}
	g.srcGrams = make([][]ngramCounts, len(src))
	for i, s := range src {
		g.srcGrams[i] = allNgrams(s)
	}
	g.refGrams = make([][][]ngramCounts, len(refs))
	for k, rs := range refs {
		g.refGrams[k] = make([][]ngramCounts, len(rs))
		for i, r := range rs {
			g.refGrams[k][i] = allNgrams(r)
		}
	}
	return g, nil
}

func allNgrams(toks []string) []ngramCounts {
	out := make([]ngramCounts, gleuOrder)
	for n := 1; n <= gleuOrder; n++ {
		out[n-1] = countNgrams(toks, n)
	}
	return out
}

// Sentences returns the number of source sentences.
func (g *GLEU) Sentences() int { return len(g.src) }

// References returns the number of references per sentence.
func (g *GLEU) References() int { return len(g.refs) }

// gleuStats are the sufficient statistics of one sentence against one
// reference: hypothesis length, reference length, then matched and total
// n-gram counts for n = 1..4.
type gleuStats [2 + 2*gleuOrder]int

func (g *GLEU) stats(i, k int, h []string, hGrams []ngramCounts) gleuStats {
	var st gleuStats
	st[0] = len(h)
	st[1] = len(g.refs[k][i])
	for n := 1; n <= gleuOrder; n++ {
		hg, sg, rg := hGrams[n-1], g.srcGrams[i][n-1], g.refGrams[k][i][n-1]
		match, penalty := 0, 0
		for gram, hc := range hg {
			if rc, ok := rg[gram]; ok {
				match += min(hc, rc)
			} else if sc, ok := sg[gram]; ok {
				penalty += min(hc, sc)
			}
		}
		st[2*n] = max(match-penalty, 0)
		st[2*n+1] = max(len(h)+1-n, 0)
	}
	return st
}

// gleuScore turns summed statistics into a score in [0, 1].
func gleuScore(st gleuStats) float64 {
	for _, v := range st {
		if v == 0 {
			return 0
		}
	}
	c, r := float64(st[0]), float64(st[1])
	logPrec := 0.0
	for n := 1; n <= gleuOrder; n++ {
		logPrec += math.Log(float64(st[2*n]) / float64(st[2*n+1]))
	}
	logPrec /= gleuOrder
	return math.Exp(math.Min(0, 1-r/c) + logPrec)
}

// GLEUResult is a corpus GLEU score; scores are in [0, 1].
type GLEUResult struct {
	Sentences  int    `json:"sentences"`
	References int    `json:"references"`
	Iterations int    `json:"iterations"`
	Sampling   string `json:"sampling"`
	// Score is the mean corpus GLEU over the sampled iterations (gleu.py's
	// reported number).
	Score float64 `json:"gleu"`
	// Std is the standard deviation of the iterations' scores and CI95 the
	// normal 95% interval mean ± 1.96·std, as gleu.py prints them.
	Std  float64    `json:"std"`
	CI95 [2]float64 `json:"ci95"`
	// PerReference[k] is the corpus GLEU against reference k alone;
	// PerReferenceMean their mean.
	PerReference     []float64 `json:"per_reference"`
	PerReferenceMean float64   `json:"per_reference_mean"`
}

// Score scores hypotheses hyps (tokenized, one per source sentence).
func (g *GLEU) Score(hyps [][]string, opt GLEUOptions) (GLEUResult, error) {
	iterations := opt.Iterations
	if len(hyps) != len(g.src) {
		return GLEUResult{}, fmt.Errorf("gleu: %d hypotheses for %d source sentences", len(hyps), len(g.src))
	}
	if iterations <= 0 {
		iterations = DefaultGLEUIterations
	}
	nrefs := len(g.refs)
	if nrefs == 1 {
		iterations = 1 // as gleu.py: nothing to sample
	}
	// Statistics of every sentence against every reference.
	perRef := make([][]gleuStats, nrefs)
	for k := range perRef {
		perRef[k] = make([]gleuStats, len(hyps))
	}
	for i, h := range hyps {
		hg := allNgrams(h)
		for k := 0; k < nrefs; k++ {
			perRef[k][i] = g.stats(i, k, h, hg)
		}
	}
	res := GLEUResult{Sentences: len(hyps), References: nrefs, Iterations: iterations, Sampling: opt.Sampling.String()}
	for k := 0; k < nrefs; k++ {
		var sum gleuStats
		for _, st := range perRef[k] {
			addStats(&sum, st)
		}
		s := gleuScore(sum)
		res.PerReference = append(res.PerReference, s)
		res.PerReferenceMean += s / float64(nrefs)
	}
	scores := make([]float64, iterations)
	for j := range iterations {
		rng := newPyRandom(uint64(j) * 101)
		var sum gleuStats
		for i := range hyps {
			var k int
			if opt.Sampling == SamplePython3 {
				k = rng.intn(nrefs)
			} else {
				k = int(rng.random() * float64(nrefs))
			}
			addStats(&sum, perRef[k][i])
		}
		scores[j] = gleuScore(sum)
	}
	var mean float64
	for _, s := range scores {
		mean += s
	}
	mean /= float64(len(scores))
	var variance float64
	for _, s := range scores {
		variance += (s - mean) * (s - mean)
	}
	std := math.Sqrt(variance / float64(len(scores)))
	res.Score = mean
	res.Std = std
	const z95 = 1.959963984540054
	res.CI95 = [2]float64{mean - z95*std, mean + z95*std}
	return res, nil
}

func addStats(dst *gleuStats, st gleuStats) {
	for i := range dst {
		dst[i] += st[i]
	}
}
