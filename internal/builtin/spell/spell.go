// Package spell is the offline spelling checker of the built-in engine: it
// tells whether a word is spelled correctly in American, British or any
// English, or in French, and suggests corrections ranked by how likely each
// is to be the intended word.
//
// The English words are SCOWL's (size 70 for ordinary words, 80 for names),
// split by variant, with word and bigram frequencies from SymSpell's lists;
// the French words are the forms of the Dicollecte hunspell dictionary. Both
// are converted by scripts/gendict and embedded compressed (data/README.md).
//
// Suggestions come from a weighted Damerau-Levenshtein search over a trie of
// all words, whose edit costs model how people misspell (keys next to each
// other, doubled letters, vowels, sound-alike letters, left-out apostrophes
// and accents, a rarely wrong first letter), plus a phonetic index for
// misspellings that sound like the intended word but are far from it in
// letters ("sertin" → "certain"), plus splits of words run together that
// make a frequent bigram. Candidates are ranked by log frequency minus a
// weight times the edit cost; a branch-and-bound on the best frequency
// below each trie node and on the letters left keeps the search fast.
package spell

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/builtin/spell/dictfmt"
	"appencorrect/internal/language"
)

//go:embed data/en.dict.gz
var englishData []byte

//go:embed data/fr.dict.gz
var frenchData []byte

// Dictionary is immutable after Load and safe for concurrent use.
type Dictionary struct {
	lang language.Code

	// text holds the exact forms of the words (sorted by folded form, then
	// bytes), then the folded forms that differ from them.
	text    string
	wordEnd []uint32 // word i is text[wordEnd[i-1]:wordEnd[i]]
	flags   []byte   // dictfmt.Flag* per word

	// Groups: the words with the same folded (lower-cased) form.
	foldOff    []uint32 // the folded form of group g is text[foldOff[g]:][:foldLen[g]]
	foldLen    []uint8
	groupStart []uint32 // group g holds words groupStart[g] to groupStart[g+1]-1
	groupQ     []byte   // quantized frequency of each group (dictfmt.Scale)
	table      []uint32 // open addressing: group+1 by hash of the folded form
	tableMask  uint32

	logP [256]float32 // ln relative frequency by quantized frequency
	freq [256]float64 // relative frequency by quantized frequency

	trie trie

	// Variant counterparts: US form → GB form and back, by word index.
	toGB, toUS map[uint32]uint32

	// Phonetic index: groups by phonetic key, most frequent first.
	phon []phonEntry

	// Frequent bigrams: first group << 32 | second group, sorted, with
	// their quantized frequencies (bigramLogP).
	bigrams    []uint64
	bigramQ    []byte
	bigramLogP [256]float32

	// English words written with diacritics, by their folded form
	// without them ("cafe" → the index of "café"): English writes most of
	// them without ("cafe", "fiance", "cliche").
	bare map[string][]uint32
}

// word returns the exact form of word i.
func (d *Dictionary) word(i uint32) string {
	start := uint32(0)
	if i > 0 {
		start = d.wordEnd[i-1]
	}
	return d.text[start:d.wordEnd[i]]
}

// fold returns the folded form of group g.
func (d *Dictionary) fold(g int) string {
	o := d.foldOff[g]
	return d.text[o : o+uint32(d.foldLen[g])]
}

func (d *Dictionary) groupLogP(g int) float32 { return d.logP[d.groupQ[g]] }

func (d *Dictionary) numGroups() int { return len(d.foldLen) }

var (
	loadEnglish = sync.OnceValues(func() (*Dictionary, error) { return load(englishData, language.English) })
	loadFrench  = sync.OnceValues(func() (*Dictionary, error) { return load(frenchData, language.French) })
)

// Load returns the English dictionary, decoded from the embedded data on
// first use and shared afterwards.
func Load() (*Dictionary, error) { return loadEnglish() }

// LoadFrench returns the French dictionary (variants are ignored), decoded
// from the embedded data on first use and shared afterwards.
func LoadFrench() (*Dictionary, error) { return loadFrench() }

// LoadLanguage returns the dictionary of a language: English or French.
func LoadLanguage(c language.Code) (*Dictionary, error) {
	switch c {
	case language.English:
		return Load()
	case language.French:
		return LoadFrench()
	}
	return nil, fmt.Errorf("spell: no dictionary for language %q", c)
}

// Language returns the language of the dictionary.
func (d *Dictionary) Language() language.Code { return d.lang }

func load(data []byte, lang language.Code) (*Dictionary, error) {
	raw, err := dictfmt.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("spell: %s dictionary: %w", lang, err)
	}
	d := &Dictionary{lang: lang, flags: raw.Flags, wordEnd: raw.Ends}
	n := len(raw.Ends)

	// Groups of words that fold to the same form. The folded forms that
	// differ from the group's first word are appended to the text.
	d.groupStart = make([]uint32, 0, n+1)
	d.foldOff = make([]uint32, 0, n)
	d.foldLen = make([]uint8, 0, n)
	var extra, buf, prev []byte
	type span struct{ group, start int }
	var spans []span
	start := uint32(0)
	for i, end := range raw.Ends {
		w := raw.Text[start:end]
		buf = appendFold(buf[:0], w)
		if len(buf) > 255 {
			return nil, fmt.Errorf("spell: %s dictionary: word too long", lang)
		}
		if i == 0 || !bytes.Equal(buf, prev) {
			d.groupStart = append(d.groupStart, uint32(i))
			if string(buf) == w {
				d.foldOff = append(d.foldOff, start)
			} else {
				spans = append(spans, span{len(d.foldOff), len(extra)})
				extra = append(extra, buf...)
				d.foldOff = append(d.foldOff, 0)
			}
			d.foldLen = append(d.foldLen, uint8(len(buf)))
			prev = append(prev[:0], buf...)
		}
		start = end
	}
	d.text = raw.Text + string(extra)
	for _, sp := range spans {
		d.foldOff[sp.group] = uint32(len(raw.Text) + sp.start)
	}
	ng := len(d.foldLen)
	d.groupStart = append(d.groupStart, uint32(n))
	for g := 1; g < ng; g++ {
		if d.fold(g-1) >= d.fold(g) {
			return nil, fmt.Errorf("spell: %s dictionary is not sorted", lang)
		}
	}

	// Frequencies, per group (the largest of its words).
	logTotal := math.Log(raw.Scale.Total)
	minLogP := raw.Scale.MinLog - logTotal
	for q := range 256 {
		if q == 0 {
			d.logP[0] = float32(minLogP - 1)
			d.freq[0] = math.Exp(minLogP - 1)
			continue
		}
		c := raw.Scale.Count(byte(q))
		d.logP[q] = float32(math.Log(c) - logTotal)
		d.freq[q] = c / raw.Scale.Total
	}
	d.groupQ = make([]byte, ng)
	for g := range ng {
		var q byte
		for i := d.groupStart[g]; i < d.groupStart[g+1]; i++ {
			q = max(q, raw.Freqs[i])
		}
		d.groupQ[g] = q
	}

	// Hash table of folded forms.
	size := 1
	for size < 2*ng {
		size <<= 1
	}
	d.table = make([]uint32, size)
	d.tableMask = uint32(size - 1)
	for g := range ng {
		h := hashString(d.fold(g)) & d.tableMask
		for d.table[h] != 0 {
			h = (h + 1) & d.tableMask
		}
		d.table[h] = uint32(g) + 1
	}

	d.trie = buildTrie(d)
	d.trie.setBest(d.groupQ)
	d.trie.setRest()

	if len(raw.Pairs) > 0 {
		d.toGB = make(map[uint32]uint32, len(raw.Pairs))
		d.toUS = make(map[uint32]uint32, len(raw.Pairs))
		for _, p := range raw.Pairs {
			us, gb := p[0], p[1]
			if d.flags[us]&dictfmt.FlagGB == 0 {
				if _, ok := d.toGB[us]; !ok {
					d.toGB[us] = gb
				}
			}
			if d.flags[gb]&dictfmt.FlagUS == 0 {
				if _, ok := d.toUS[gb]; !ok {
					d.toUS[gb] = us
				}
			}
		}
	}

	if len(raw.Bigrams) > 0 {
		groupOf := func(i uint32) uint64 {
			g, _ := slices.BinarySearch(d.groupStart, i+1)
			return uint64(g - 1)
		}
		d.bigrams = make([]uint64, len(raw.Bigrams))
		d.bigramQ = raw.BigramFreqs
		for k, b := range raw.Bigrams {
			d.bigrams[k] = groupOf(b[0])<<32 | groupOf(b[1])
		}
		if !slices.IsSorted(d.bigrams) {
			return nil, fmt.Errorf("spell: %s dictionary: bigrams not sorted", lang)
		}
		logTotal := math.Log(raw.BigramScale.Total)
		for q := 1; q < 256; q++ {
			d.bigramLogP[q] = float32(math.Log(raw.BigramScale.Count(byte(q))) - logTotal)
		}
	}

	if lang == language.English {
		d.buildPhonetic()
		d.buildBare()
	}
	return d, nil
}

// buildBare indexes the words written with diacritics by their folded form
// without them.
func (d *Dictionary) buildBare() {
	d.bare = map[string][]uint32{}
	var b []byte
	for i := range d.flags {
		w := d.word(uint32(i))
		if isASCII([]byte(w)) {
			continue
		}
		var changed bool
		b, changed = appendUnaccented(b[:0], []byte(w))
		if !changed || !isASCII(b) {
			continue
		}
		k := string(appendFold(nil, string(b)))
		d.bare[k] = append(d.bare[k], uint32(i))
	}
}

// knownBare reports whether an ASCII word is an English word written with
// diacritics (norm: the word as written, f: folded), with the rules of
// capitals of knownExact.
func (d *Dictionary) knownBare(norm, f []byte, flag byte) bool {
	ids, ok := d.bare[string(f)]
	if !ok {
		return false
	}
	cs := casingOf(norm)
	var b [maxWordLen + 8]byte
	for _, i := range ids {
		if d.flags[i]&flag == 0 {
			continue
		}
		w := appendUnaccented1(b[:0], []byte(d.word(i)))
		switch {
		case string(w) == string(norm), cs == caseUpper:
			return true
		case cs == caseTitle && string(appendFold(nil, string(w))) == string(w):
			return true
		}
	}
	return false
}

// bigram returns the ln relative frequency of group a followed by group b,
// if it is a frequent bigram.
func (d *Dictionary) bigram(a, b int) (float32, bool) {
	k, ok := slices.BinarySearch(d.bigrams, uint64(a)<<32|uint64(b))
	if !ok {
		return 0, false
	}
	return d.bigramLogP[d.bigramQ[k]], true
}

// hashString is FNV-1a.
func hashString(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func hashBytes(s []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range s {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// group returns the group of folded form f, or -1.
func (d *Dictionary) group(f []byte) int {
	h := hashBytes(f) & d.tableMask
	for {
		g := d.table[h]
		if g == 0 {
			return -1
		}
		if d.fold(int(g-1)) == string(f) {
			return int(g - 1)
		}
		h = (h + 1) & d.tableMask
	}
}

// frenchElisions are the French words that drop their vowel before a
// vowel, written with an apostrophe.
var frenchElisions = []string{"l'", "d'", "j'", "m'", "t'", "s'", "n'", "c'", "qu'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'", "presqu'"}

// elision returns the length of the elided word that starts folded word
// f, or 0.
func elision(f []byte) int {
	if len(f) < 3 || bytes.IndexByte(f, '\'') < 0 {
		return 0
	}
	for _, e := range frenchElisions {
		if len(f) > len(e) && string(f[:len(e)]) == e {
			return len(e)
		}
	}
	return 0
}

// appendFold appends the folded form of s to dst: lower case, and the
// typographic apostrophes (’ ‘ ʼ) as '.
func appendFold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if isApostrophe(r) {
			dst = append(dst, '\'')
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// appendNorm appends s with typographic apostrophes as '.
func appendNorm(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isApostrophe(r) {
			dst = append(dst, '\'')
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}

// unaccented maps the Latin letters with diacritics to their base letter.
var unaccented = map[rune]byte{}

func init() {
	for _, p := range []string{
		"aàáâãäåā", "cçćč", "eèéêëēėę", "iìíîïī", "nñń", "oòóôõöøō", "uùúûüū", "yýÿ", "zźżž", "sśš", "lł",
	} {
		rs := []rune(p)
		for _, r := range rs[1:] {
			unaccented[r] = byte(rs[0])
			unaccented[unicode.ToUpper(r)] = byte(rs[0]) - 'a' + 'A'
		}
	}
}

// appendUnaccented appends s without diacritics on Latin letters, and
// reports whether there were any.
func appendUnaccented(dst, s []byte) ([]byte, bool) {
	changed := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if b, ok := unaccented[r]; ok {
			dst = append(dst, b)
			changed = true
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst, changed
}

func appendUnaccented1(dst, s []byte) []byte {
	dst, _ = appendUnaccented(dst, s)
	return dst
}

func isASCII(s []byte) bool {
	for _, c := range s {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' }

// Case patterns of a word.
type casing uint8

const (
	caseLower casing = iota // no capitals: "hello", "don't"
	caseTitle               // a capital first, then none: "Hello"
	caseUpper               // all capitals, at least two letters: "HELLO"
	caseMixed               // anything else: "iPhone", "McDonald", "hELLO"
)

func casingOf(s []byte) casing {
	upper, lower, letters := 0, 0, 0
	firstUpper := false
	for i := 0; i < len(s); {
		var r rune
		if c := s[i]; c < utf8.RuneSelf {
			r = rune(c)
			i++
		} else {
			var size int
			r, size = utf8.DecodeRune(s[i:])
			i += size
		}
		switch {
		case unicode.IsUpper(r):
			if letters == 0 {
				firstUpper = true
			}
			upper++
			letters++
		case unicode.IsLetter(r):
			lower++
			letters++
		}
	}
	switch {
	case upper == 0:
		return caseLower
	case lower == 0 && letters >= 2:
		return caseUpper
	case firstUpper && upper == 1:
		return caseTitle
	case lower == 0: // a single capital letter: "I", "A"
		return caseTitle
	}
	return caseMixed
}

func variantFlag(v language.Variant) byte {
	switch v {
	case language.US:
		return dictfmt.FlagUS
	case language.GB:
		return dictfmt.FlagGB
	}
	return dictfmt.FlagAny
}

// maxWordLen bounds the words looked up; longer ones are never words.
const maxWordLen = 60

// Known reports whether word, exactly as written in the text, is spelled
// correctly in variant v (AnyVariant accepts every English spelling).
//
// Capitals: a word known in lower case may be written with a capital first
// letter or in capitals ("hello", "Hello", "HELLO"); a word known only with
// capitals needs them ("Paris", "PARIS", not "paris"). Possessives ('s, s')
// and the clitics 'll, 'd, 've and 're after a known word are accepted, as
// are the contractions of the word list (don't, I'm, o'clock); ’ counts as '.
// Words with digits, hyphenated words whose parts are known and strings
// without letters are accepted: they are not the speller's to judge.
func (d *Dictionary) Known(word string, v language.Variant) bool {
	if len(word) == 0 || len(word) > maxWordLen {
		return len(word) != 0
	}
	var nb, fb [maxWordLen + 8]byte
	norm := appendNorm(nb[:0], word)
	if len(norm) > maxWordLen {
		return true
	}
	f := appendFold(fb[:0], word)
	return d.known(norm, f, variantFlag(v), 0)
}

func (d *Dictionary) known(norm, f []byte, flag byte, depth int) bool {
	if d.knownExact(norm, f, flag) {
		return true
	}
	// Not letters, or with digits: not ours.
	hasLetter := false
	for i := 0; i < len(norm); {
		c := norm[i]
		if c < utf8.RuneSelf {
			if '0' <= c && c <= '9' {
				return true
			}
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				hasLetter = true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(norm[i:])
		if unicode.IsDigit(r) {
			return true
		}
		if unicode.IsLetter(r) {
			hasLetter = true
		}
		i += size
	}
	if !hasLetter {
		return true
	}
	if depth > 2 {
		return false
	}
	// Diacritics in English: "naïve", "Café" are right when "naive",
	// "cafe" are, and "cafe", "fiance" when "café", "fiancé" are. (In
	// French they are part of the spelling.)
	if d.lang == language.English && isASCII(norm) && d.knownBare(norm, f, flag) {
		return true
	}
	if d.lang == language.English && !isASCII(norm) {
		var ab, af [maxWordLen + 8]byte
		an, changed := appendUnaccented(ab[:0], norm)
		if changed && d.known(an, appendUnaccented1(af[:0], f), flag, depth+1) {
			return true
		}
	}
	// Ligatures written as two letters: soeur for sœur, oeuvre, foetus.
	if k := bytes.Index(f, []byte("oe")); k >= 0 && d.lang == language.French && len(norm) == len(f) {
		var lb, lf [maxWordLen + 8]byte
		ln := append(append(append(lb[:0], norm[:k]...), "œ"...), norm[k+2:]...)
		if norm[k] == 'O' {
			ln = append(append(append(lb[:0], norm[:k]...), "Œ"...), norm[k+2:]...)
		}
		lff := append(append(append(lf[:0], f[:k]...), "œ"...), f[k+2:]...)
		if len(ln) == len(lff) && d.known(ln, lff, flag, depth+1) {
			return true
		}
	}
	// French elision: l'homme, qu'il, jusqu'à, L'Europe.
	if d.lang == language.French {
		if k := elision(f); k > 0 && k < len(f) && k < len(norm) && isASCII(norm[:k]) {
			return d.known(norm[k:], f[k:], flag, depth+1)
		}
	}
	// Hyphenated: every part known.
	if bytes.IndexByte(norm, '-') >= 0 {
		ok := false
		rest := norm
		for len(rest) > 0 {
			k := bytes.IndexByte(rest, '-')
			if k < 0 {
				k = len(rest)
			}
			if part := rest[:k]; len(part) > 0 && !(d.lang == language.French && len(part) == 1 && (part[0] == 't' || part[0] == 'T')) { // va-t-il
				var fb [maxWordLen + 8]byte
				pf := fb[:0]
				for _, c := range part {
					if 'A' <= c && c <= 'Z' {
						c += 'a' - 'A'
					}
					pf = append(pf, c)
				}
				if part := rest[:k]; !isASCII(part) {
					pf = appendFold(fb[:0], string(part))
				}
				if !d.known(part, pf, flag, depth+1) {
					return false
				}
				ok = true
			}
			if k == len(rest) {
				break
			}
			rest = rest[k+1:]
		}
		return ok
	}
	// Possessives and clitics (the suffix is ASCII in both forms).
	n, m := len(f), len(norm)
	if m < 3 {
		return false
	}
	switch {
	case n > 2 && f[n-1] == '\'' && f[n-2] == 's': // dogs', James'
		return d.knownExact(norm[:m-1], f[:n-1], flag)
	case n > 2 && f[n-2] == '\'' && (f[n-1] == 's' || f[n-1] == 'd'): // John's, John'd
		return d.knownExact(norm[:m-2], f[:n-2], flag)
	case n > 3 && f[n-3] == '\'' && (f[n-2] == 'l' && f[n-1] == 'l' || f[n-2] == 'v' && f[n-1] == 'e' || f[n-2] == 'r' && f[n-1] == 'e'):
		return d.knownExact(norm[:m-3], f[:n-3], flag)
	}
	return false
}

// knownExact looks up a word (normalised, and folded) with the rules of
// capitals, without possessives or other rules.
func (d *Dictionary) knownExact(norm, f []byte, flag byte) bool {
	g := d.group(f)
	if g < 0 {
		return false
	}
	cs := casingOf(norm)
	for i := d.groupStart[g]; i < d.groupStart[g+1]; i++ {
		if d.flags[i]&flag == 0 {
			continue
		}
		w := d.word(i)
		switch {
		case w == string(norm):
			return true
		case cs == caseUpper:
			return true
		case cs == caseTitle && w == d.fold(g):
			return true
		}
	}
	return false
}

// Frequency returns the relative frequency of word in running text (0 if the
// word is unknown), case-insensitively; a possessive has its word's. Words
// of the word list that the frequency list lacks (contractions, many names)
// have an estimate. French has no frequency data: every French word has
// about 1e-9.
func (d *Dictionary) Frequency(word string) float64 {
	if len(word) == 0 || len(word) > maxWordLen {
		return 0
	}
	var fb [maxWordLen + 8]byte
	f := appendFold(fb[:0], word)
	g := d.group(f)
	if g < 0 {
		// A possessive has the frequency of its word: John's as John.
		n := len(f)
		switch {
		case n > 2 && f[n-2] == '\'' && f[n-1] == 's':
			g = d.group(f[:n-2])
		case n > 2 && f[n-1] == '\'' && f[n-2] == 's':
			g = d.group(f[:n-1])
		}
		if g < 0 {
			return 0
		}
	}
	return d.freq[d.groupQ[g]]
}

// VariantForm returns the spelling of word in variant v when word is a
// spelling of the other variant that v does not accept: ("color", GB) gives
// ("colour", true), ("colour", US) gives ("color", true). The result has the
// capitals of word. With AnyVariant, or a word of both variants, or one
// without a known counterpart, it returns "", false.
func (d *Dictionary) VariantForm(word string, v language.Variant) (string, bool) {
	if v == language.AnyVariant || d.toGB == nil || len(word) > maxWordLen {
		return "", false
	}
	var nb, fb [maxWordLen + 8]byte
	norm := appendNorm(nb[:0], word)
	f := appendFold(fb[:0], word)
	i, ok := d.variantIndex(norm, f, v)
	if !ok {
		return "", false
	}
	return applyCasing(d.word(i), casingOf(norm)), true
}

// variantIndex returns the index of the counterpart in v of the word.
func (d *Dictionary) variantIndex(norm, f []byte, v language.Variant) (uint32, bool) {
	g := d.group(f)
	if g < 0 {
		return 0, false
	}
	flag := variantFlag(v)
	cs := casingOf(norm)
	m := d.toGB
	if v == language.US {
		m = d.toUS
	}
	for i := d.groupStart[g]; i < d.groupStart[g+1]; i++ {
		w := d.word(i)
		if !(w == string(norm) || cs == caseUpper || cs == caseTitle && w == d.fold(g)) {
			continue
		}
		if d.flags[i]&flag != 0 {
			return 0, false // accepted as it is
		}
		if j, ok := m[i]; ok {
			return j, true
		}
	}
	return 0, false
}

// applyCasing gives the dictionary form w the capitals of a written word of
// casing cs: "the" for "Teh" gives "The", for "TEH" gives "THE". A form with
// capitals of its own (Paris, iPhone) keeps them unless cs is caseUpper.
func applyCasing(w string, cs casing) string {
	switch cs {
	case caseUpper:
		return strings.ToUpper(w)
	case caseTitle:
		r, size := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			return w
		}
		return string(unicode.ToUpper(r)) + w[size:]
	}
	return w
}
