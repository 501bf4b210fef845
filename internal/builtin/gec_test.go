package builtin

// Quality self-checks on the development sets of ../shared/data (JFLEG dev
// for GLEU, BEA-2019 dev for edit precision). They are skipped when the data
// is absent or with -short. The figures are rough (a simple retokenizer, a
// token diff instead of the M2 scorer's edit search) but close to the
// official scorers; the eval tool reports the official ones.
//
//	go test -run 'TestJFLEG|TestBEA' -v ./internal/builtin/

import (
	"appencorrect/internal/testsvc"
	"bufio"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

func dataDir(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("quality check skipped with -short")
	}
	return testsvc.SharedData(t, "gec")
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// detokenize turns a tokenized sentence back into ordinary text.
func detokenize(s string) string {
	text, _ := detokenizeSpans(strings.Fields(s))
	return text
}

// detokenizeSpans joins tokens into ordinary text and returns the byte span
// of each token in it.
func detokenizeSpans(toks []string) (string, []correction.Span) {
	var b strings.Builder
	spans := make([]correction.Span, len(toks))
	quoteOpen := false
	noSpace := true
	for i, tok := range toks {
		attach := false
		switch {
		case tok == "n't" || tok == "'s" || tok == "'re" || tok == "'ve" || tok == "'ll" || tok == "'d" || tok == "'m" || tok == "'S":
			attach = true
		case len(tok) == 1 && strings.Contains(",.!?;:%)]}", tok):
			attach = true
		case tok == "..." || tok == "''":
			attach = true
		case tok == "\"":
			if quoteOpen {
				attach = true
			}
		}
		if !attach && !noSpace && b.Len() > 0 {
			b.WriteByte(' ')
		}
		start := b.Len()
		if tok == "n't" {
			// "ca n't" → "can't"
			cur := b.String()
			if strings.HasSuffix(cur, "ca") || strings.HasSuffix(cur, "Ca") {
				b.WriteString("n")
			}
		}
		b.WriteString(tok)
		spans[i] = correction.Span{Start: start, End: b.Len()}
		noSpace = false
		switch tok {
		case "(", "[", "{", "$", "``":
			noSpace = true
		case "\"":
			quoteOpen = !quoteOpen
			if quoteOpen {
				noSpace = true
			}
		}
	}
	return b.String(), spans
}

// correctTokens checks the detokenized sentence and returns the token
// edits the corrections make: each correction is mapped onto the source
// tokens it touches, whose corrected text is retokenized, so that the
// untouched tokens stay exactly as they were.
func correctTokens(t *testing.T, e *Engine, src []string) (string, []correction.Correction, []m2Edit) {
	text, spans := detokenizeSpans(src)
	cs, err := e.Check(context.Background(), text, language.Tag{Code: language.English})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := correction.Apply(text, cs); err != nil {
		t.Fatalf("apply %q: %v", text, err)
	}
	var edits []m2Edit
	for k := 0; k < len(cs); {
		// The tokens touched by cs[k] and any correction sharing them.
		first, last := -1, -1
		end := cs[k].End
		k2 := k
		for {
			for i, sp := range spans {
				if sp.End > cs[k2].Start && sp.Start < cs[k2].End || sp.Start >= cs[k2].Start && sp.End <= cs[k2].End ||
					cs[k2].Start == cs[k2].End && sp.Start <= cs[k2].Start && cs[k2].Start <= sp.End {
					if first < 0 || i < first {
						first = i
					}
					if i > last {
						last = i
					}
				}
			}
			end = max(end, cs[k2].End)
			k2++
			if k2 >= len(cs) || last < 0 || cs[k2].Start >= spans[last].End {
				break
			}
		}
		if first < 0 {
			k = k2
			continue
		}
		rs, re := min(spans[first].Start, cs[k].Start), max(spans[last].End, end)
		region := text[rs:re]
		var local []correction.Correction
		for _, c := range cs[k:k2] {
			local = append(local, c.Shift(-rs))
		}
		fixed, err := correction.Apply(region, local)
		if err != nil {
			t.Fatal(err)
		}
		for _, ed := range tokenEdits(src[first:last+1], retokenize(fixed)) {
			edits = append(edits, m2Edit{ed.start + first, ed.end + first, ed.repl})
		}
		k = k2
	}
	return text, cs, edits
}

// applyEdits returns src with the edits applied.
func applyEdits(src []string, edits []m2Edit) []string {
	var out []string
	pos := 0
	for _, ed := range edits {
		out = append(out, src[pos:ed.start]...)
		if ed.repl != "" {
			out = append(out, strings.Fields(ed.repl)...)
		}
		pos = ed.end
	}
	return append(out, src[pos:]...)
}

// retokenize splits text like the data sets: punctuation apart, "n't" and
// clitics split off.
func retokenize(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		// Leading punctuation.
		for f != "" && strings.ContainsRune("\"'([{", rune(f[0])) && len(f) > 1 {
			out = append(out, f[:1])
			f = f[1:]
		}
		var tail []string
		for {
			if f == "" {
				break
			}
			if strings.HasSuffix(f, "...") && len(f) > 3 {
				tail = append(tail, "...")
				f = f[:len(f)-3]
				continue
			}
			last := rune(f[len(f)-1])
			if len(f) > 1 && strings.ContainsRune(",.!?;:\")]}%'", last) {
				tail = append(tail, f[len(f)-1:])
				f = f[:len(f)-1]
				continue
			}
			break
		}
		lf := strings.ToLower(f)
		switch {
		case strings.HasSuffix(lf, "n't") && len(f) > 3:
			stem := f[:len(f)-3]
			if strings.ToLower(stem) == "ca" {
				stem = f[:2]
			}
			out = append(out, stem, f[len(f)-3:])
		case hasClitic(lf):
			k := strings.LastIndexByte(f, '\'')
			out = append(out, f[:k], f[k:])
		default:
			if f != "" {
				out = append(out, f)
			}
		}
		for i := len(tail) - 1; i >= 0; i-- {
			out = append(out, tail[i])
		}
	}
	return out
}

func hasClitic(lf string) bool {
	for _, c := range []string{"'s", "'re", "'ve", "'ll", "'d", "'m"} {
		if strings.HasSuffix(lf, c) && len(lf) > len(c) {
			r := rune(lf[len(lf)-len(c)-1])
			return unicode.IsLetter(r)
		}
	}
	return false
}

type ngramCounts map[string]int

func ngrams(toks []string, n int) ngramCounts {
	m := ngramCounts{}
	for i := 0; i+n <= len(toks); i++ {
		m[strings.Join(toks[i:i+n], " ")]++
	}
	return m
}

// gleu computes corpus GLEU (Napoles et al., the JFLEG version): the mean
// over iterations of a random reference per sentence.
func gleu(src, hyp [][]string, refs [][][]string) float64 {
	const iters = 200
	// stats[i][r]: hyp length, ref length, then matches and totals per n.
	stats := make([][][10]float64, len(hyp))
	for i := range hyp {
		var h, s [5]ngramCounts
		for n := 1; n <= 4; n++ {
			h[n], s[n] = ngrams(hyp[i], n), ngrams(src[i], n)
		}
		stats[i] = make([][10]float64, len(refs[i]))
		for k, ref := range refs[i] {
			st := &stats[i][k]
			st[0], st[1] = float64(len(hyp[i])), float64(len(ref))
			for n := 1; n <= 4; n++ {
				rr := ngrams(ref, n)
				match, penalty := 0, 0
				for g, c := range h[n] {
					match += min(c, rr[g])
					if _, inRef := rr[g]; !inRef {
						penalty += min(c, s[n][g])
					}
				}
				st[2*n] = float64(max(match-penalty, 0))
				st[2*n+1] = float64(max(len(hyp[i])+1-n, 0))
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	total := 0.0
	for it := 0; it < iters; it++ {
		var sum [10]float64
		for i := range hyp {
			st := stats[i][rng.IntN(len(stats[i]))]
			for k := range sum {
				sum[k] += st[k]
			}
		}
		lp := 0.0
		for n := 1; n <= 4; n++ {
			lp += math.Log(sum[2*n]/sum[2*n+1]) / 4
		}
		total += math.Exp(min(0, 1-sum[1]/sum[0]) + lp)
	}
	return total / iters
}

func TestJFLEG(t *testing.T) {
	dir := dataDir(t)
	e := realEngine(t)
	srcLines := readLines(t, filepath.Join(dir, "jfleg-dev.src"))
	var refLines [4][]string
	for k := range refLines {
		refLines[k] = readLines(t, filepath.Join(dir, "jfleg-dev.ref"+strconv.Itoa(k)))
	}
	var src, hyp [][]string
	var refs [][][]string
	for i, s := range srcLines {
		toks := strings.Fields(s)
		text, _, edits := correctTokens(t, e, toks)
		out := applyEdits(toks, edits)
		src = append(src, toks)
		hyp = append(hyp, out)
		var rs [][]string
		for k := range refLines {
			rs = append(rs, strings.Fields(refLines[k][i]))
		}
		refs = append(refs, rs)
		if testing.Verbose() && os.Getenv("JFLEG_SHOW") != "" && len(edits) > 0 {
			fmt.Printf("- %s\n+ %s\n", text, strings.Join(out, " "))
		}
	}
	base := gleu(src, src, refs)
	score := gleu(src, hyp, refs)
	t.Logf("JFLEG dev GLEU: %.2f (source unchanged %.2f)", 100*score, 100*base)
	// A regression guard, a little below the score measured when it was
	// last raised (48.2 against 38.3 for the source, 2026-12-04).
	if score < 0.47 {
		t.Errorf("JFLEG GLEU %.2f fell below 47", 100*score)
	}
}

type m2Edit struct {
	start, end int
	repl       string
}

func TestBEA(t *testing.T) {
	dir := dataDir(t)
	e := realEngine(t)
	lines := readLines(t, filepath.Join(dir, "bea-dev.m2"))
	var tp, proposed, gold int
	byRule := map[string][2]int{}
	var fps []string
	var src []string
	var edits []m2Edit
	flush := func() {
		if src == nil {
			return
		}
		text, cs, mine := correctTokens(t, e, src)
		gold += len(edits)
		for _, m := range mine {
			proposed++
			ok := false
			for _, g := range edits {
				if g == m {
					ok = true
				}
			}
			rule := ruleFor(cs, text, src, m)
			st := byRule[rule]
			st[1]++
			if ok {
				tp++
				st[0]++
			} else if len(fps) < 400 {
				fps = append(fps, fmt.Sprintf("%s: %q -> %q  | %s", rule, strings.Join(src[m.start:m.end], " "), m.repl, text))
			}
			byRule[rule] = st
		}
		src, edits = nil, nil
	}
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "S "):
			flush()
			src = strings.Fields(l[2:])
		case strings.HasPrefix(l, "A "):
			f := strings.Split(l[2:], "|||")
			if len(f) < 6 || f[1] == "noop" || f[5] != "0" {
				continue
			}
			se := strings.Fields(f[0])
			s, _ := strconv.Atoi(se[0])
			en, _ := strconv.Atoi(se[1])
			edits = append(edits, m2Edit{s, en, f[2]})
		}
	}
	flush()
	p := float64(tp) / float64(max(proposed, 1))
	r := float64(tp) / float64(max(gold, 1))
	f05 := 0.0
	if p+r > 0 {
		f05 = 1.25 * p * r / (0.25*p + r)
	}
	t.Logf("BEA dev: %d edits proposed, %d correct: precision %.1f%%, recall %.1f%%, F0.5 %.1f%%", proposed, tp, 100*p, 100*r, 100*f05)
	// A regression guard, below the 68.0 % measured when it was last raised
	// (2026-12-04; 59.7 % when it was written).
	if p < 0.64 {
		t.Errorf("BEA precision %.1f%% fell below 64%%", 100*p)
	}
	for id, st := range byRule {
		t.Logf("  %-36s %4d/%4d", id, st[0], st[1])
	}
	if testing.Verbose() && os.Getenv("BEA_FP") != "" {
		for _, s := range fps {
			fmt.Println(s)
		}
	}
}

// ruleFor names the rule of the correction behind a token edit (roughly:
// the first correction whose original text contains the edited tokens).
func ruleFor(cs []correction.Correction, text string, src []string, m m2Edit) string {
	words := src[m.start:m.end]
	for _, c := range cs {
		for _, w := range words {
			if strings.Contains(c.Original, w) {
				return c.RuleID
			}
		}
		if len(words) == 0 && strings.Contains(strings.Join(c.Suggestions[:1], ""), strings.TrimSpace(m.repl)) {
			return c.RuleID
		}
	}
	return "?"
}

// tokenEdits diffs two token sequences (LCS) into edits on a.
func tokenEdits(a, b []string) []m2Edit {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []m2Edit
	i, j := 0, 0
	for i < n || j < m {
		if i < n && j < m && a[i] == b[j] {
			i++
			j++
			continue
		}
		si, sj := i, j
		for (i < n || j < m) && !(i < n && j < m && a[i] == b[j]) {
			if j >= m || i < n && lcs[i+1][j] >= lcs[i][j+1] {
				i++
			} else {
				j++
			}
		}
		// Split a multi-token substitution of equal length into single
		// token edits, as the gold standard does.
		if i-si == j-sj && i-si > 1 {
			for k := 0; k < i-si; k++ {
				out = append(out, m2Edit{si + k, si + k + 1, b[sj+k]})
			}
			continue
		}
		out = append(out, m2Edit{si, i, strings.Join(b[sj:j], " ")})
	}
	return out
}

// TestDetectSmoke: DetectLanguage on the original service's test sentences.
func TestDetectSmoke(t *testing.T) {
	dir := dataDir(t)
	for _, c := range []struct {
		file string
		want language.Code
	}{{"original-sentences-en.csv", language.English}, {"original-sentences-fr.csv", language.French}} {
		lines := readLines(t, filepath.Join(dir, "..", "smoke", c.file))
		for _, l := range lines[1:] {
			l = strings.Trim(l, `"`)
			if got := DetectLanguage(l); got != c.want {
				t.Errorf("DetectLanguage(%q) = %q, want %q", l, got, c.want)
			}
		}
	}
}
