package spell

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"appencorrect/internal/language"
)

// Ranking: a candidate scores ln P(word) - costWeight × edit cost (in
// edits), i.e. a noisy channel where each unit of edit cost divides the
// likelihood of the misspelling by e^costWeight. The constants were set on
// the development sets (Norvig's and Birkbeck's): 6 ranked better than 3 to
// 5 on both, and much the same as 7 or 8.
const (
	costWeight  float32 = 6.0
	phonFactor  float32 = 0.65 // edit cost multiplier when the sounds match
	phonLimit   int32   = 450  // largest edit cost of a phonetic candidate
	phonPerKey          = 60   // phonetic candidates looked at per key
	phonMinLogP float32 = -17  // least log frequency of an indexed word
	// scoreMargin: candidates this far below the best (e^-10, about 1/22000
	// as likely) are not worth suggesting, nor searching for.
	scoreMargin float32 = 10
)

// limitFor returns the largest edit cost searched for a word of n bytes.
func limitFor(n int) int32 {
	switch {
	case n <= 2:
		return 100
	case n <= 4:
		return 150
	case n <= 7:
		return 200
	case n <= 10:
		return 250
	}
	return 300
}

type candidate struct {
	group int32 // or -1 for a split
	cost  int32
	score float32
	split int32 // the split point, for a split: q[:split] + " " + q[split:]
	right int32 // the group of q[split:]
}

type searcher struct {
	d     *Dictionary
	q     []byte
	key   []byte // phonetic key of q
	flag  byte
	limit int32
	rows  []int32
	path  []byte
	seen  map[int32]int // group → index in cands
	cands []candidate
	dist  []int32
	del   []int32   // deletion costs of q
	drop  []int32   // least cost of not keeping q[i] as it is: deleted or replaced
	qbit  []uint32  // letterBit of each byte of q
	top   []float32 // the best scores so far, descending, at most k
	k     int
}

var searchers = sync.Pool{New: func() any { return &searcher{seen: map[int32]int{}} }}

// Suggest returns at most n corrections for word in variant v, best first,
// with the capitals of word ("Teh" → "The", "TEH" → "THE") and its kind of
// apostrophe (’ or '). A word of the other variant gets its counterpart first
// ("color" in GB → "colour"); two words run together are split when they
// make a frequent pair ("alot" → "a lot").
func (d *Dictionary) Suggest(word string, v language.Variant, n int) []string {
	sc := d.SuggestScored(word, v, n)
	if len(sc) == 0 {
		return nil
	}
	out := make([]string, len(sc))
	for i, s := range sc {
		out[i] = s.Word
	}
	return out
}

// Scored is a suggestion with its score: the natural log of its relative
// frequency minus a weight times the cost of the edits that lead to it from
// the misspelling (a noisy-channel log likelihood, up to a constant). The
// counterpart of a word of the other variant scores +Inf.
type Scored struct {
	Word  string
	Score float32
}

// SuggestScored is Suggest with the score of each suggestion, so that a
// caller can weigh them against the context (Association).
func (d *Dictionary) SuggestScored(word string, v language.Variant, n int) []Scored {
	if n <= 0 || len(word) == 0 || len(word) > maxWordLen {
		return nil
	}
	var nb, fb [maxWordLen + 8]byte
	norm := appendNorm(nb[:0], word)
	f := appendFold(fb[:0], word)
	if len(f) > maxWordLen {
		return nil
	}
	// French elision: suggest for the word after l', qu', ... and keep it.
	if d.lang == language.French {
		if k := elision(f); k > 0 && k < len(f) && len(norm) == len(f) {
			prefix := string(norm[:k])
			out := d.SuggestScored(string(norm[k:]), v, n)
			for i := range out {
				out[i].Word = prefix + out[i].Word
			}
			return out
		}
	}
	cs := casingOf(norm)
	flag := variantFlag(v)
	if d.lang != language.English {
		flag = 0xff
	}
	var out []Scored
	add := func(s string, score float32) {
		if s == word || len(out) >= n {
			return
		}
		for _, o := range out {
			if o.Word == s {
				return
			}
		}
		out = append(out, Scored{s, score})
	}
	if v != language.AnyVariant && d.toGB != nil {
		if i, ok := d.variantIndex(norm, f, v); ok {
			add(applyCasing(d.word(i), cs), float32(math.Inf(1)))
		}
	}

	s := searchers.Get().(*searcher)
	defer searchers.Put(s)
	s.reset(d, f, flag)
	s.k = n + 2
	if d.phon != nil {
		s.phonetic()
	}
	s.walk()
	s.splits()
	slices.SortFunc(s.cands, func(a, b candidate) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		if a.group < 0 || b.group < 0 {
			if a.group != b.group {
				return int(a.group - b.group)
			}
			return int(a.split - b.split)
		}
		return strings.Compare(d.fold(int(a.group)), d.fold(int(b.group)))
	})
	for _, c := range s.cands {
		if len(out) >= n {
			break
		}
		if c.group < 0 {
			// Two words run together: the second keeps its own case
			// unless the word is all capitals.
			l, ok1 := d.form(d.group(f[:c.split]), flag, cs)
			rcs := caseLower
			if cs == caseUpper {
				rcs = caseUpper
			}
			r, ok2 := d.form(int(c.right), flag, rcs)
			if ok1 && ok2 {
				add(l+" "+r, c.score)
			}
			continue
		}
		if w, ok := d.form(int(c.group), flag, cs); ok {
			add(w, c.score)
		}
	}
	// Keep the writer's apostrophe: don’t → don’t, not don't.
	if strings.Contains(word, "’") {
		for i := range out {
			out[i].Word = strings.ReplaceAll(out[i].Word, "'", "’")
		}
	}
	return out
}

// Association returns how much more often word b follows word a than
// chance would have it: ln P(a b) − ln P(a) − ln P(b) (pointwise mutual
// information), case-insensitively. It reports false when a b is not one
// of the frequent bigrams the dictionary holds.
func (d *Dictionary) Association(a, b string) (float32, bool) {
	if d.bigrams == nil || len(a) == 0 || len(b) == 0 || len(a) > maxWordLen || len(b) > maxWordLen {
		return 0, false
	}
	var ab, bb [maxWordLen + 8]byte
	ga := d.group(appendFold(ab[:0], a))
	gb := d.group(appendFold(bb[:0], b))
	if ga < 0 || gb < 0 {
		return 0, false
	}
	lp, ok := d.bigram(ga, gb)
	if !ok {
		return 0, false
	}
	return lp - d.groupLogP(ga) - d.groupLogP(gb), true
}

func (s *searcher) reset(d *Dictionary, q []byte, flag byte) {
	s.d, s.q, s.flag = d, q, flag
	s.limit = limitFor(utf8.RuneCount(q))
	s.cands = s.cands[:0]
	s.top = s.top[:0]
	clear(s.seen)
	s.del = delCosts(q, s.del)
	s.drop = s.drop[:0]
	s.qbit = s.qbit[:0]
	for i, c := range q {
		s.qbit = append(s.qbit, letterBit(c))
		least := s.del[i+1]
		for x := range subCost[c] {
			if x != int(c) && int32(subCost[c][x]) < least {
				least = int32(subCost[c][x])
			}
		}
		s.drop = append(s.drop, least)
	}
	s.key = s.key[:0]
	if d.lang == language.English {
		s.key = phoneticKey(s.key, q)
	}
}

// form returns the form of group g to suggest for a word of casing cs: the
// lower-case form with the word's capitals, else the form with capitals of
// its own; only forms accepted by flag.
func (d *Dictionary) form(g int, flag byte, cs casing) (string, bool) {
	var other string
	found := false
	for i := d.groupStart[g]; i < d.groupStart[g+1]; i++ {
		if d.flags[i]&flag == 0 {
			continue
		}
		w := d.word(i)
		if w == d.fold(g) {
			return applyCasing(w, cs), true
		}
		if !found {
			other, found = w, true
		}
	}
	if !found {
		return "", false
	}
	if cs == caseUpper {
		return strings.ToUpper(other), true
	}
	return other, true
}

// accepted reports whether group g has a form accepted by flag.
func (d *Dictionary) accepted(g int, flag byte) bool {
	for i := d.groupStart[g]; i < d.groupStart[g+1]; i++ {
		if d.flags[i]&flag != 0 {
			return true
		}
	}
	return false
}

func (s *searcher) score(g int32, cost int32) float32 {
	if cost == 0 {
		// The same letters: only the capitals were wrong (i'm, paris),
		// unless the word is an acronym (ing for ING is no such case).
		// A free edit, but the word's frequency still counts: "yong" is
		// "young" more likely than the rare name "Yong".
		if w, ok := s.d.form(int(g), s.flag, caseLower); ok && casingOf([]byte(w)) != caseUpper {
			return s.d.groupLogP(int(g))
		}
	}
	return s.d.groupLogP(int(g)) - costWeight*float32(cost)/100
}

func (s *searcher) add(g int32, cost int32, phon bool) {
	if phon && cost > 50 {
		// A spelling by sound costs less than its letters.
		cost = max(50, int32(float32(cost)*phonFactor))
	}
	if i, ok := s.seen[g]; ok {
		if cost < s.cands[i].cost {
			s.cands[i].cost = cost
			s.cands[i].score = s.score(g, cost)
		}
		return
	}
	if !s.d.accepted(int(g), s.flag) {
		return
	}
	s.seen[g] = len(s.cands)
	sc := s.score(g, cost)
	s.cands = append(s.cands, candidate{group: g, cost: cost, score: sc})
	// Keep the k best scores: the k-th is the bar a subtree must be able to pass.
	i := len(s.top)
	for i > 0 && s.top[i-1] < sc {
		i--
	}
	if i < s.k {
		s.top = slices.Insert(s.top, i, sc)
		if len(s.top) > s.k {
			s.top = s.top[:s.k]
		}
	}
}

// bar returns the score a candidate must beat to be worth suggesting: enter
// the k best, and be at most scoreMargin below the best.
func (s *searcher) bar() float32 {
	if len(s.top) == 0 {
		return float32(math.Inf(-1))
	}
	b := s.top[0] - scoreMargin
	if len(s.top) >= s.k {
		b = max(b, s.top[s.k-1])
	}
	return b
}

// costSplit is the cost of a missing space between two words.
const costSplit = 40

// splits adds the two-word splits of q that are frequent bigrams: "alot" →
// "a lot", "infact" → "in fact", "thankyou" → "thank you"; not "an city"
// for "ancity" (anxiety), which only chance makes of two words.
func (s *searcher) splits() {
	q := s.q
	if len(q) < 4 || s.d.bigrams == nil {
		return
	}
	for k := 1; k < len(q); k++ {
		l := s.d.group(q[:k])
		if l < 0 || !s.d.accepted(l, s.flag) {
			continue
		}
		r := s.d.group(q[k:])
		if r < 0 || !s.d.accepted(r, s.flag) {
			continue
		}
		lp, ok := s.d.bigram(l, r)
		if !ok {
			continue
		}
		sc := lp - costWeight*costSplit/100
		s.cands = append(s.cands, candidate{group: -1, cost: costSplit, score: sc, split: int32(k), right: int32(r)})
	}
}

// phonetic adds the frequent words that sound like the query.
func (s *searcher) phonetic() {
	if len(s.key) == 0 {
		return
	}
	for k, e := range s.d.phonetic(s.key) {
		if k >= phonPerKey {
			break
		}
		c := distance(s.q, s.d.fold(int(e.group)), phonLimit, s.dist[:0])
		if c <= phonLimit {
			s.add(int32(e.group), c, true)
		}
	}
}

// walk searches the trie for the words within the edit-cost limit.
func (s *searcher) walk() {
	n := len(s.q) + 1
	maxDepth := min(len(s.q)+int(s.limit/costApos)+1, maxWordLen)
	if cap(s.rows) < (maxDepth+2)*n {
		s.rows = make([]int32, (maxDepth+2)*n)
	}
	s.rows = s.rows[:(maxDepth+2)*n]
	r0 := s.rows[:n]
	r0[0] = 0
	for i := 1; i < n; i++ {
		r0[i] = r0[i-1] + s.del[i]
	}
	if cap(s.path) < maxDepth+1 {
		s.path = make([]byte, maxDepth+1)
	}
	s.path = s.path[:maxDepth+1]
	s.rec(0, 0, maxDepth)
}

func (s *searcher) rec(node uint32, depth, maxDepth int) {
	t := &s.d.trie
	n := len(s.q) + 1
	prev := s.rows[depth*n : (depth+1)*n]
	var prev2 []int32
	if depth >= 1 {
		prev2 = s.rows[(depth-1)*n : depth*n]
	}
	cur := s.rows[(depth+1)*n : (depth+2)*n]
	for c := t.first[node]; c < t.first[node+1]; c++ {
		s.path[depth] = t.label[c]
		var pc byte
		if depth >= 1 {
			pc = s.path[depth-1]
		}
		m := row(s.q, s.del, t.label[c], pc, prev, prev2, cur)
		if m > s.limit {
			continue
		}
		// A lower bound of the final cost: the letters of q that no word
		// below has must be dropped.
		rest := t.rest[c]
		var pen int32
		lb := cur[n-1]
		qbit, drop := s.qbit[:n-1], s.drop[:n-1]
		for i := n - 2; i >= 0; i-- {
			if rest&qbit[i] == 0 {
				pen += drop[i]
			}
			if x := cur[i] + pen; x < lb {
				lb = x
			}
		}
		if lb > s.limit || s.d.logP[t.best[c]]-costWeight*float32(lb)/100 < s.bar() {
			if g := t.group[c]; g >= 0 && cur[n-1] <= s.limit {
				s.add(g, cur[n-1], false)
			}
			continue
		}
		if g := t.group[c]; g >= 0 && cur[n-1] <= s.limit {
			s.add(g, cur[n-1], false)
		}
		if depth+1 < maxDepth {
			s.rec(c, depth+1, maxDepth)
		}
	}
}

// buildPhonetic indexes the frequent words by phonetic key.
func (d *Dictionary) buildPhonetic() {
	var buf []byte
	d.phon = d.phon[:0]
	for g := range d.numGroups() {
		if d.groupLogP(g) < phonMinLogP {
			continue
		}
		f := d.fold(g)
		buf = phoneticKey(buf[:0], f)
		if len(buf) == 0 {
			continue
		}
		d.phon = append(d.phon, phonEntry{hashBytes(buf), uint32(g)})
	}
	slices.SortFunc(d.phon, func(a, b phonEntry) int {
		if a.hash != b.hash {
			if a.hash < b.hash {
				return -1
			}
			return 1
		}
		pa, pb := d.groupQ[a.group], d.groupQ[b.group]
		if pa != pb {
			if pa > pb {
				return -1
			}
			return 1
		}
		return int(a.group) - int(b.group)
	})
	d.phon = slices.Clip(d.phon)
}

// phonEntry is an entry of the phonetic index: the hash of a phonetic key
// and a group with that key. (Two keys with the same hash only add a few
// candidates, which the edit cost then ranks.)
type phonEntry struct{ hash, group uint32 }

// phonetic returns the groups of phonetic key k, most frequent first.
func (d *Dictionary) phonetic(k []byte) []phonEntry {
	h := hashBytes(k)
	i, _ := slices.BinarySearchFunc(d.phon, h, func(e phonEntry, h uint32) int {
		if e.hash < h {
			return -1
		}
		if e.hash > h {
			return 1
		}
		return 0
	})
	j := i
	for j < len(d.phon) && d.phon[j].hash == h {
		j++
	}
	return d.phon[i:j]
}
