package spell

// Edit costs of the weighted Damerau-Levenshtein distance, in hundredths of
// an edit. They model how people misspell: slips of the finger on a QWERTY
// keyboard, doubled or undoubled letters, confused vowels and letters that
// stand for the same sound cost less than arbitrary edits.
const (
	costEdit      = 100 // insertion, deletion or substitution of any letter
	costDouble    = 40  // a doubled letter undoubled, or a single one doubled
	costApos      = 10  // an apostrophe left out (dont, Im, theyre)
	costAposAdded = 30  // an apostrophe added
	costTranspose = 75  // two adjacent letters swapped
	costVowel     = 65  // one vowel for another
	costNear      = 75  // a key next to the intended one, or a sound-alike letter
	costSilent    = 80  // a silent-prone letter (e, h) left out or added
	// costFirst is added to an edit of the first letter: writers seldom get
	// it wrong (except by sound, which the phonetic index covers), and
	// the search is far cheaper when the first letter is mostly kept.
	costFirst = 50
	// costAccent: a letter with the wrong diacritic, or without it (etre
	// for être, francais for français, cafe for café).
	costAccent = 25
)

// The letters with diacritics of Latin-1 are two bytes in UTF-8: 0xC3 and a
// continuation byte. The search works on bytes: the lead byte costs nothing
// to insert or delete, and the continuation byte substitutes for its base
// letter (or another continuation byte of the same base) at costAccent.
const latin1Lead = 0xC3

// subCost[a][b] is the cost of writing a where b was meant.
var subCost [256][256]uint8

// keyboard rows of the QWERTY layout.
var keyboard = [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// Pairs of letters often written for one another because they can stand for
// the same sound.
var soundAlike = []string{"ck", "cs", "sz", "kq", "gj", "iy", "fv", "mn", "dt", "bp", "xz", "cq"}

func init() {
	for a := range 256 {
		for b := range 256 {
			if a == b {
				subCost[a][b] = 0
			} else {
				subCost[a][b] = costEdit
			}
		}
	}
	set := func(a, b byte, c uint8) {
		if c < subCost[a][b] {
			subCost[a][b], subCost[b][a] = c, c
		}
	}
	const vowels = "aeiouy"
	for i := range len(vowels) {
		for j := range len(vowels) {
			if i != j {
				set(vowels[i], vowels[j], costVowel)
			}
		}
	}
	type pos struct{ r, c int }
	where := map[byte]pos{}
	for r, row := range keyboard {
		for c := range len(row) {
			where[row[c]] = pos{r, c}
		}
	}
	for a, pa := range where {
		for b, pb := range where {
			// Same row, next key; or the row below/above, the two keys that touch.
			dr, dc := pb.r-pa.r, pb.c-pa.c
			if dr == 0 && (dc == 1 || dc == -1) || dr == 1 && (dc == 0 || dc == -1) || dr == -1 && (dc == 0 || dc == 1) {
				set(a, b, costNear)
			}
		}
	}
	for _, p := range soundAlike {
		set(p[0], p[1], costNear)
	}
	// Continuation bytes after 0xC3 by base letter (lower case).
	for base, conts := range map[byte]string{
		'a': "\xa0\xa1\xa2\xa3\xa4\xa5", 'c': "\xa7", 'e': "\xa8\xa9\xaa\xab",
		'i': "\xac\xad\xae\xaf", 'n': "\xb1", 'o': "\xb2\xb3\xb4\xb5\xb6\xb8",
		'u': "\xb9\xba\xbb\xbc", 'y': "\xbd\xbf",
	} {
		for i := range len(conts) {
			set(base, conts[i], costAccent)
			for j := range len(conts) {
				if i != j {
					set(conts[i], conts[j], costAccent)
				}
			}
		}
	}
}

// insCost is the cost of a letter c of the intended word that the writer
// left out; prev is the letter before it in the intended word.
func insCost(c, prev byte) int32 {
	switch {
	case c == latin1Lead:
		return 0
	case c == prev:
		return costDouble
	case c == '\'':
		return costApos
	case c == 'e' || c == 'h':
		return costSilent
	}
	return costEdit
}

// delCost is the cost of a letter c that the writer added; prev and next are
// the letters written around it (0 at the ends).
func delCost(c, prev, next byte) int32 {
	switch {
	case c == latin1Lead:
		return 0
	case c == prev || c == next:
		return costDouble
	case c == '\'':
		return costAposAdded
	case c == 'e' || c == 'h':
		return costSilent
	case prev != 0 && subCost[c][prev] == costNear && !isVowel(c) || next != 0 && subCost[c][next] == costNear && !isVowel(c):
		return costNear // a neighbouring key struck as well
	}
	return costEdit
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// delCosts fills del[i] with the cost of deleting q[i-1] (del[0] unused).
func delCosts(q []byte, del []int32) []int32 {
	del = append(del[:0], 0)
	var qp byte
	for i := range q {
		var qn byte
		if i+1 < len(q) {
			qn = q[i+1]
		}
		c := delCost(q[i], qp, qn)
		if i == 0 && c > 0 {
			c += costFirst
		}
		del = append(del, c)
		qp = q[i]
	}
	return del
}

// row computes the next row of the edit-distance table when the intended
// word is extended by letter c.
//
// q is the written (misspelled) word, del its deletion costs (delCosts);
// prev is the row of the intended word without c, prev2 the row before that
// (nil at depth < 2); pc is the intended letter before c (0 for none). cur
// receives len(q)+1 values. It returns the smallest value of cur.
func row(q []byte, del []int32, c, pc byte, prev, prev2, cur []int32) int32 {
	ic := insCost(c, pc)
	n := len(q)
	cur = cur[:n+1]
	prev = prev[:n+1]
	del = del[:n+1]
	sub := &subCost[c]
	v := prev[0] + ic
	if ic > 0 {
		v += costFirst
	}
	cur[0] = v
	best := v
	for i := 1; i <= n; i++ {
		qc := q[i-1]
		x := prev[i-1] + int32(sub[qc])
		if i == 1 && sub[qc] > costAccent {
			x += costFirst
		}
		if y := prev[i] + ic; y < x {
			x = y
		}
		if y := v + del[i]; y < x {
			x = y
		}
		if qc == pc && i >= 2 && prev2 != nil && q[i-2] == c && qc != c {
			if y := prev2[i-2] + costTranspose; y < x {
				x = y
			}
		}
		v = x
		cur[i] = v
		if v < best {
			best = v
		}
	}
	return best
}

// distance returns the weighted edit distance from written word q to
// intended word w, or a value above limit if it exceeds limit.
func distance(q []byte, w string, limit int32, buf []int32) int32 {
	n := len(q) + 1
	if cap(buf) < 4*n {
		buf = make([]int32, 4*n)
	}
	rows := [3][]int32{buf[0:n], buf[n : 2*n], buf[2*n : 3*n]}
	del := delCosts(q, buf[3*n:3*n])
	r0 := rows[0]
	r0[0] = 0
	for i := 1; i < n; i++ {
		r0[i] = r0[i-1] + del[i]
	}
	var prev2 []int32
	prev := r0
	for j := 1; j <= len(w); j++ {
		cur := rows[j%3]
		var pc byte
		if j >= 2 {
			pc = w[j-2]
		}
		if m := row(q, del, w[j-1], pc, prev, prev2, cur); m > limit {
			return limit + 1
		}
		prev2, prev = prev, cur
	}
	return prev[n-1]
}
