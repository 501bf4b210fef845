package spell

import (
	"appencorrect/internal/testsvc"
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

// sharedData is the spelling sets of the project's development data,
// outside the repository (testsvc.SharedData: skipped when absent, fatal
// in CI).
func sharedData(t testing.TB) string { return testsvc.SharedData(t, "spelling") }

type misspelling struct{ right, wrong string }

// readNorvig reads "right: wrong1 wrong2" lines.
func readNorvig(t testing.TB) []misspelling {
	return readSet(t, "norvig-testset1.txt", func(sc *bufio.Scanner, out []misspelling) []misspelling {
		for sc.Scan() {
			right, wrongs, ok := strings.Cut(sc.Text(), ":")
			if !ok {
				continue
			}
			for _, w := range strings.Fields(wrongs) {
				out = append(out, misspelling{strings.TrimSpace(right), w})
			}
		}
		return out
	})
}

// readMitton reads the Mitton format: "$right" then one misspelling a line.
func readMitton(t testing.TB, name string) []misspelling {
	return readSet(t, name, func(sc *bufio.Scanner, out []misspelling) []misspelling {
		right := ""
		for sc.Scan() {
			l := strings.TrimSpace(sc.Text())
			if r, ok := strings.CutPrefix(l, "$"); ok {
				right = r
			} else if l != "" && right != "" {
				out = append(out, misspelling{right, l})
			}
		}
		return out
	})
}

func readSet(t testing.TB, name string, parse func(*bufio.Scanner, []misspelling) []misspelling) []misspelling {
	f, err := os.Open(filepath.Join(sharedData(t), name))
	if err != nil {
		t.Skipf("development data absent: %v", err)
	}
	defer f.Close()
	return parse(bufio.NewScanner(f), nil)
}

type evalResult struct {
	n, skipped, top1, top5, flagged int
	perWord, cpuPerWord             time.Duration
}

// evaluate runs Suggest on each misspelling that the dictionary does not
// accept and whose right word it knows (as the standard evaluations of
// spelling correctors do), counting the right word first and in the top 5.
// Only every step-th misspelling is tried.
func evaluate(d *Dictionary, set []misspelling, v language.Variant, step int, log func(string, ...any)) evalResult {
	var r evalResult
	var spent time.Duration
	cpu0 := cpuTime()
	for k, m := range set {
		if k%step != 0 {
			continue
		}
		if !d.Known(m.right, v) {
			r.skipped++
			continue
		}
		r.n++
		if d.Known(m.wrong, v) {
			continue // a real-word error: not this checker's to find
		}
		r.flagged++
		start := time.Now()
		s := d.Suggest(m.wrong, v, 5)
		spent += time.Since(start)
		// Suggest keeps the writer's capitals ("Contient" → "Continent"),
		// and the sets' right words have their own: compare without case.
		if len(s) > 0 && strings.EqualFold(s[0], m.right) {
			r.top1++
		} else if log != nil {
			log("%s → %v, want %s", m.wrong, s, m.right)
		}
		for _, x := range s {
			if strings.EqualFold(x, m.right) {
				r.top5++
				break
			}
		}
	}
	if r.flagged > 0 {
		r.perWord = spent / time.Duration(r.flagged)
		r.cpuPerWord = (cpuTime() - cpu0) / time.Duration(r.flagged)
	}
	return r
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// TestSuggestQuality reports the top-1 and top-5 accuracy of Suggest on the
// development sets (of all misspellings: real-word errors, which Known
// accepts, and misspellings of words the dictionary lacks count as misses) and
// fails below bounds a little under what the checker achieves.
func TestSuggestQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	d := mustLoad(t)
	sets := []struct {
		name       string
		set        func(testing.TB) []misspelling
		v          language.Variant
		step       int // every step-th misspelling, to keep the test quick
		min1, min5 float64
	}{
		{"norvig", readNorvig, language.US, 1, 78, 91},
		{"birkbeck", func(t testing.TB) []misspelling { return readMitton(t, "birkbeck-missp.dat") }, language.GB, 4, 40.5, 52.5},
	}
	for _, s := range sets {
		t.Run(s.name, func(t *testing.T) {
			set := s.set(t)
			var logf func(string, ...any)
			if os.Getenv("SPELL_EVAL_VERBOSE") != "" {
				logf = t.Logf
			}
			step := s.step
			if os.Getenv("SPELL_EVAL_FULL") != "" {
				step = 1
			}
			r := evaluate(d, set, s.v, step, logf)
			all := r.n + r.skipped
			top1, top5 := pct(r.top1, all), pct(r.top5, all)
			t.Logf("%s (%s, every %d): %d misspellings: top-1 %.1f%%, top-5 %.1f%% (of all; right word known for %d: top-1 %.1f%%; flagged %d: top-1 %.1f%%); %v per Suggest (%v CPU, Known included)",
				s.name, s.v, step, all, top1, top5, r.n, pct(r.top1, r.n), r.flagged, pct(r.top1, r.flagged), r.perWord, r.cpuPerWord)
			if top1 < s.min1 || top5 < s.min5 {
				t.Errorf("top-1 %.1f%% (min %.1f), top-5 %.1f%% (min %.1f)", top1, s.min1, top5, s.min5)
			}
		})
	}
}

func mustLoad(t testing.TB) *Dictionary {
	t.Helper()
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func BenchmarkSuggestNorvig(b *testing.B) {
	d := mustLoad(b)
	var words []string
	for _, m := range readNorvig(b) {
		if !d.Known(m.wrong, language.US) {
			words = append(words, m.wrong)
		}
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		d.Suggest(words[i%len(words)], language.US, 5)
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

func BenchmarkSuggestBirkbeck(b *testing.B) {
	d := mustLoad(b)
	var words []string
	for k, m := range readMitton(b, "birkbeck-missp.dat") {
		if k%7 == 0 && !d.Known(m.wrong, language.GB) {
			words = append(words, m.wrong)
		}
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		d.Suggest(words[i%len(words)], language.GB, 5)
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

func BenchmarkKnown(b *testing.B) {
	d := mustLoad(b)
	words := strings.Fields("The quick brown fox jumps over the lazy dog while Paris sleeps and we're sure it's John's colour or color HELLO o'clock don’t misspeled")
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		d.Known(words[i%len(words)], language.GB)
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

func BenchmarkLoad(b *testing.B) {
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := load(englishData, language.English); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// TestLoadCost reports the time Load takes and the heap the dictionary holds.
func TestLoadCost(t *testing.T) {
	for _, c := range []struct {
		lang language.Code
		data []byte
	}{{language.English, englishData}, {language.French, frenchData}} {
		loadCost(t, c.lang, c.data)
	}
}

func loadCost(t *testing.T, lang language.Code, data []byte) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start, cpu0 := time.Now(), cpuTime()
	d, err := load(data, lang)
	if err != nil {
		t.Fatal(err)
	}
	wall, cpu := time.Since(start), cpuTime()-cpu0
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%s: %d words, %d groups, %d trie nodes, %d phonetic entries; load %v (%v CPU); heap %.1f MB; embedded data %d bytes",
		d.lang, len(d.wordEnd), d.numGroups(), len(d.trie.label), len(d.phon), wall, cpu, float64(heap)/1e6, len(data))
	if heap > 40e6 {
		t.Errorf("heap after Load %.1f MB: more than 40 MB", float64(heap)/1e6)
	}
	runtime.KeepAlive(d)
}

// TestFalseAlarms reports the share of the words of fluent, edited English
// (the four JFLEG reference corrections) that Known rejects. Some are real
// misspellings that the editors left, so the share cannot be zero.
func TestFalseAlarms(t *testing.T) {
	d := mustLoad(t)
	total, flagged := 0, 0
	seen := map[string]bool{}
	var sample []string
	for i := range 4 {
		b, err := os.ReadFile(filepath.Join(sharedData(t), "..", "gec", "jfleg-dev.ref"+strconv.Itoa(i)))
		if err != nil {
			t.Skipf("development data absent: %v", err)
		}
		text := string(b)
		for _, tok := range correction.Tokenize(text, nil) {
			if tok.Kind != correction.Word {
				continue
			}
			w := tok.Text(text)
			// The sets are tokenized: n't and 's stand apart.
			if w == "n't" || strings.HasPrefix(w, "'") {
				continue
			}
			total++
			if !d.Known(w, language.AnyVariant) {
				flagged++
				if !seen[w] && len(sample) < 60 {
					seen[w] = true
					sample = append(sample, w)
				}
			}
		}
	}
	rate := pct(flagged, total)
	t.Logf("JFLEG references: %d words, %d rejected (%.2f%%): %s", total, flagged, rate, strings.Join(sample, " "))
	if rate > 0.6 {
		t.Errorf("%.2f%% of the words of edited English rejected: want at most 0.6%%", rate)
	}
}
