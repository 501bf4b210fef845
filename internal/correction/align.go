package correction

// MaxAlignEdits bounds the work of Align: when original and corrected differ
// by more token edits than this, the differing middle is reported as one
// replacement instead of being aligned token by token.
const MaxAlignEdits = 1200

// Align derives the corrections that turn original into corrected. It aligns
// the two texts word by word (Tokenize) with a minimal edit script (Myers),
// groups adjacent changes, and widens pure insertions and deletions to a
// neighbouring word or punctuation mark so that every correction shows some
// original text ("I going" → "I am going" becomes "going" → "am going").
//
// Applying the result to original with Apply yields corrected exactly, for
// any input. The corrections carry offsets, Original and one suggestion; the
// caller sets Type, RuleID, Message and Engine.
func Align(original, corrected string) []Correction {
	if original == corrected {
		return nil
	}
	a := Tokenize(original, nil)
	b := Tokenize(corrected, nil)
	ia, ib := intern(original, a, corrected, b)
	groups := diff(ia, ib)
	if len(groups) == 0 {
		return nil
	}
	for k := range groups {
		widen(&groups[k], original, a, corrected, b)
	}
	groups = mergeGroups(groups)
	out := make([]Correction, 0, len(groups))
	for _, g := range groups {
		start, end := span(a, g.i0, g.i1, len(original))
		cstart, cend := span(b, g.j0, g.j1, len(corrected))
		out = append(out, Correction{
			Start:       start,
			End:         end,
			Original:    original[start:end],
			Suggestions: []string{corrected[cstart:cend]},
		})
	}
	return out
}

// group is a run of changed tokens: a[i0:i1] becomes b[j0:j1].
type group struct{ i0, i1, j0, j1 int }

// span returns the byte range covered by toks[i:j]; an empty range sits at
// the start of toks[i] (or at the end of the text).
func span(toks []Token, i, j, textLen int) (int, int) {
	if i == j {
		if i < len(toks) {
			return toks[i].Start, toks[i].Start
		}
		return textLen, textLen
	}
	return toks[i].Start, toks[j-1].End
}

func intern(s1 string, t1 []Token, s2 string, t2 []Token) ([]int32, []int32) {
	ids := make(map[string]int32, len(t1))
	conv := func(s string, ts []Token) []int32 {
		out := make([]int32, len(ts))
		for i, t := range ts {
			w := s[t.Start:t.End]
			id, ok := ids[w]
			if !ok {
				id = int32(len(ids))
				ids[w] = id
			}
			out[i] = id
		}
		return out
	}
	return conv(s1, t1), conv(s2, t2)
}

// diff returns the groups of changed tokens between a and b, in order.
func diff(a, b []int32) []group {
	// Common prefix and suffix first: most corrected texts share most tokens.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(am) == 0 && len(bm) == 0 {
		return nil
	}
	matches, ok := myers(am, bm)
	if !ok {
		return []group{{pre, pre + len(am), pre, pre + len(bm)}}
	}
	var out []group
	pi, pj := 0, 0
	for _, m := range matches {
		if m[0] > pi || m[1] > pj {
			out = append(out, group{pre + pi, pre + m[0], pre + pj, pre + m[1]})
		}
		pi, pj = m[0]+1, m[1]+1
	}
	if pi < len(am) || pj < len(bm) {
		out = append(out, group{pre + pi, pre + len(am), pre + pj, pre + len(bm)})
	}
	return out
}

// myers returns the matched index pairs of a shortest edit script between a
// and b in ascending order, or false when more than MaxAlignEdits edits are
// needed.
func myers(a, b []int32) ([][2]int, bool) {
	n, m := len(a), len(b)
	maxD := n + m
	if maxD > MaxAlignEdits {
		maxD = MaxAlignEdits
	}
	off := maxD + 1
	v := make([]int32, 2*maxD+3)
	var trace [][]int32
	final := -1
	for d := 0; d <= maxD && final < 0; d++ {
		// Save v[-d-1 .. d+1] as it was before step d.
		snap := make([]int32, 2*d+3)
		copy(snap, v[off-d-1:off+d+2])
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1])
			} else {
				x = int(v[off+k-1]) + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = int32(x)
			if x >= n && y >= m {
				final = d
				break
			}
		}
	}
	if final < 0 {
		return nil, false
	}
	var rev [][2]int
	x, y := n, m
	for d := final; d > 0; d-- {
		vd := trace[d]
		at := func(k int) int { return int(vd[k+d+1]) }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		// The diagonal after the single edit from (px, py).
		sx, sy := px, py
		if pk == k+1 {
			sy++ // insertion: a move down
		} else {
			sx++ // deletion: a move right
		}
		for x > sx && y > sy {
			x--
			y--
			rev = append(rev, [2]int{x, y})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, [2]int{x, y})
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev, true
}

// widen extends a pure insertion or deletion by one neighbouring token that
// both texts share, so that the correction shows what it attaches to.
func widen(g *group, sa string, a []Token, sb string, b []Token) {
	insert := g.i0 == g.i1
	del := g.j0 == g.j1
	if !insert && !del {
		return
	}
	// The neighbours are equal tokens of both texts: a[g.i0-1] == b[g.j0-1]
	// on the left, a[g.i1] == b[g.j1] on the right.
	hasL := g.i0 > 0 && g.j0 > 0
	hasR := g.i1 < len(a) && g.j1 < len(b)
	var lk, rk TokenKind
	if hasL {
		lk = a[g.i0-1].Kind
	}
	if hasR {
		rk = a[g.i1].Kind
	}
	// The changed text and its first and last token kinds.
	var first, last TokenKind
	if insert {
		first, last = b[g.j0].Kind, b[g.j1-1].Kind
	} else {
		first, last = a[g.i0].Kind, a[g.i1-1].Kind
	}
	left := func() { g.i0--; g.j0-- }
	right := func() { g.i1++; g.j1++ }
	okL := hasL && lk != Space
	okR := hasR && rk != Space
	switch {
	case first == Space && last == Space:
		// White space alone: attach to punctuation first, then to a word.
		switch {
		case okR && rk == Other:
			right()
		case okL && lk == Other:
			left()
		case okL:
			left()
		case okR:
			right()
		}
	case okL && (first == Space || first == Other) && !(okR && last == Space):
		// " am" after "I", "," after "Hello": attach to the left word.
		left()
	case okR && (last == Space || !okL):
		// "am " before "going": attach to the right word.
		right()
	case okL:
		left()
	case okR:
		right()
	}
}

// mergeGroups joins groups that overlap after widening; groups are in order.
func mergeGroups(gs []group) []group {
	out := gs[:1]
	for _, g := range gs[1:] {
		last := &out[len(out)-1]
		if g.i0 < last.i1 || (g.i0 == last.i1 && (g.i0 == g.i1 || last.i0 == last.i1)) {
			last.i1 = max(last.i1, g.i1)
			last.j1 = max(last.j1, g.j1)
			continue
		}
		out = append(out, g)
	}
	return out
}
