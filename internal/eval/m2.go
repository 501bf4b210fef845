package eval

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// M2Sentence is one sentence of an M2 file: its tokenized source and the
// gold edits of each annotator.
type M2Sentence struct {
	Source []string
	// Dropped counts edits of the file that lay outside the sentence (a
	// different tokenization, as in some lines of JFLEG's M2); they are
	// left out.
	Dropped int
	// Annotators are in increasing ID order. A sentence without any "A"
	// line has one annotator, 0, without edits.
	Annotators []M2Annotation
}

// M2Annotation is the set of gold edits of one annotator for a sentence.
// A "noop" line makes the annotator present with no edits.
type M2Annotation struct {
	ID    int
	Edits []M2Edit
}

// M2Edit is a gold edit: source tokens [Start, End) are replaced by one of
// the Corrections (alternatives separated by "||" in the file); an empty
// correction deletes, Start == End inserts.
type M2Edit struct {
	Start, End  int
	Type        string
	Corrections [][]string
}

// ParseM2 reads an M2 file: blocks separated by blank lines, each an "S"
// line with the tokenized source and "A start end|||type|||correction|||
// required|||comment|||annotator" lines.
func ParseM2(r io.Reader) ([]M2Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var (
		out    []M2Sentence
		cur    *M2Sentence
		annots map[int]*M2Annotation
		lineNo int
	)
	flush := func() {
		if cur == nil {
			return
		}
		if len(annots) == 0 {
			annots = map[int]*M2Annotation{0: {ID: 0}}
		}
		for _, a := range annots {
			cur.Annotators = append(cur.Annotators, *a)
		}
		slices.SortFunc(cur.Annotators, func(a, b M2Annotation) int { return a.ID - b.ID })
		out = append(out, *cur)
		cur, annots = nil, nil
	}
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if lineNo == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		switch {
		case strings.TrimSpace(line) == "":
			flush()
		case strings.HasPrefix(line, "S ") || line == "S":
			flush()
			cur = &M2Sentence{Source: strings.Fields(line[1:])}
			annots = map[int]*M2Annotation{}
		case strings.HasPrefix(line, "A "):
			if cur == nil {
				return nil, fmt.Errorf("m2 line %d: edit before any S line", lineNo)
			}
			e, id, noop, err := parseM2Edit(line[2:])
			if err != nil {
				return nil, fmt.Errorf("m2 line %d: %w", lineNo, err)
			}
			if !noop && (e.End < e.Start || e.End > len(cur.Source)) {
				cur.Dropped++
				noop = true // keep the annotator, without this edit
			}
			a := annots[id]
			if a == nil {
				a = &M2Annotation{ID: id}
				annots[id] = a
			}
			if !noop {
				a.Edits = append(a.Edits, e)
			}
		default:
			return nil, fmt.Errorf("m2 line %d: expected an S or A line: %.60q", lineNo, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	return out, nil
}

func parseM2Edit(s string) (M2Edit, int, bool, error) {
	f := strings.Split(s, "|||")
	if len(f) < 3 {
		return M2Edit{}, 0, false, fmt.Errorf("edit has %d fields, want at least 3: %q", len(f), s)
	}
	span := strings.Fields(f[0])
	if len(span) != 2 {
		return M2Edit{}, 0, false, fmt.Errorf("bad span %q", f[0])
	}
	start, err1 := strconv.Atoi(span[0])
	end, err2 := strconv.Atoi(span[1])
	if err1 != nil || err2 != nil {
		return M2Edit{}, 0, false, fmt.Errorf("bad span %q", f[0])
	}
	id := 0
	if len(f) >= 6 {
		v, err := strconv.Atoi(strings.TrimSpace(f[5]))
		if err != nil {
			return M2Edit{}, 0, false, fmt.Errorf("bad annotator id %q", f[5])
		}
		id = v
	}
	typ := f[1]
	if start < 0 || strings.EqualFold(typ, "noop") {
		return M2Edit{}, id, true, nil
	}
	e := M2Edit{Start: start, End: end, Type: typ}
	for _, alt := range strings.Split(f[2], "||") {
		alt = strings.TrimSpace(alt)
		if alt == "-NONE-" {
			alt = ""
		}
		e.Corrections = append(e.Corrections, tokensOrNil(alt))
	}
	return e, id, false, nil
}

// GoldText returns the source of s corrected with the first alternative of
// every edit of its k-th annotator. Edits are applied in source order; an
// edit overlapping an earlier one is skipped.
func (s M2Sentence) GoldText(k int) []string {
	edits := slices.Clone(s.Annotators[k].Edits)
	slices.SortStableFunc(edits, func(a, b M2Edit) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	var out []string
	pos := 0
	for _, e := range edits {
		if e.Start < pos {
			continue
		}
		out = append(out, s.Source[pos:e.Start]...)
		if len(e.Corrections) > 0 {
			out = append(out, e.Corrections[0]...)
		}
		pos = e.End
	}
	return append(out, s.Source[pos:]...)
}

// SysEdit is an edit extracted from a hypothesis: source tokens
// [Start, End) become Correction.
type SysEdit struct {
	Start, End int
	Correction []string
}

// ExtractEdits derives the edits that turn the tokenized source into the
// tokenized hypothesis, in the manner of the M2 scorer: it looks for the
// token alignment that is cheapest and reproduces the most gold edits, and
// cuts it into edits. A path through the alignment grid is made of copies
// (free), insertions, deletions and substitutions of one token (cost 1),
// and whole gold edits found in the hypothesis (the Levenshtein cost of
// their own change, minus a bonus of ½). The path of least cost wins; ties
// go to more gold edits, then to fewer edits. Consecutive token operations
// form one edit.
//
// The M2 scorer considers only alignments of minimal Levenshtein cost;
// the ½ bonus departs from it on purpose, so that a gold insertion next to
// a gold deletion ("A 3 3 ," and "A 3 6 ∅") is recognised although one
// substitution and two deletions cost one less. It cannot turn a wrong
// change into a true positive: a detour that costs a whole extra token
// operation to reach a gold edit never pays. Gold edits that change
// nothing (a correction equal to the source span, as ERRANT's UNK) are
// never proposed.
func ExtractEdits(src, hyp []string, gold []M2Edit) []SysEdit {
	n, m := len(src), len(hyp)
	if slices.Equal(src, hyp) {
		return nil
	}
	// Gold transitions by start position.
	type goldStep struct {
		end  int
		corr []string
		lev  int
	}
	byStart := make([][]goldStep, n+1)
	for _, g := range gold {
		for _, c := range g.Corrections {
			if slices.Equal(src[g.Start:g.End], c) {
				continue
			}
			byStart[g.Start] = append(byStart[g.Start], goldStep{g.End, c, levenshtein(src[g.Start:g.End], c)})
		}
	}
	// w is twice the Levenshtein cost minus the gold edits used; gold is
	// minus the gold edits used.
	type cost struct{ w, gold, runs int32 }
	less := func(a, b cost) bool {
		if a.w != b.w {
			return a.w < b.w
		}
		if a.gold != b.gold {
			return a.gold < b.gold
		}
		return a.runs < b.runs
	}
	const (
		stepNone = iota
		stepCopy
		stepBasic
		stepGold
	)
	type state struct {
		c    cost
		prev int32 // index of the previous state
		step int8
		set  bool
	}
	// State (i, j, f): f = 1 when the last step was a basic edit, so that
	// the next basic edit extends the same edit.
	idx := func(i, j, f int) int { return (i*(m+1)+j)*2 + f }
	st := make([]state, (n+1)*(m+1)*2)
	st[idx(0, 0, 0)] = state{set: true}
	relax := func(to int, c cost, from int, step int8) {
		if s := &st[to]; !s.set || less(c, s.c) {
			*s = state{c: c, prev: int32(from), step: step, set: true}
		}
	}
	for i := 0; i <= n; i++ {
		for j := 0; j <= m; j++ {
			for f := 0; f < 2; f++ {
				from := idx(i, j, f)
				s := st[from]
				if !s.set {
					continue
				}
				basic := s.c
				basic.w += 2
				if f == 0 {
					basic.runs++
				}
				if i < n && j < m {
					if src[i] == hyp[j] {
						relax(idx(i+1, j+1, 0), s.c, from, stepCopy)
					} else {
						relax(idx(i+1, j+1, 1), basic, from, stepBasic)
					}
				}
				if i < n {
					relax(idx(i+1, j, 1), basic, from, stepBasic)
				}
				if j < m {
					relax(idx(i, j+1, 1), basic, from, stepBasic)
				}
				for _, g := range byStart[i] {
					l := len(g.corr)
					if j+l > m || !slices.Equal(hyp[j:j+l], g.corr) || (g.end == i && l == 0) {
						continue
					}
					c := cost{s.c.w + 2*int32(g.lev) - 1, s.c.gold - 1, s.c.runs + 1}
					relax(idx(g.end, j+l, 0), c, from, stepGold)
				}
			}
		}
	}
	end := idx(n, m, 0)
	if e1 := idx(n, m, 1); st[e1].set && (!st[end].set || less(st[e1].c, st[end].c)) {
		end = e1
	}
	// Walk back, collecting the steps.
	type step struct {
		i0, j0, i1, j1 int
		kind           int8
	}
	var path []step
	for cur := end; cur != idx(0, 0, 0); {
		s := st[cur]
		p := int(s.prev)
		ci, cj := cur/2/(m+1), cur/2%(m+1)
		pi, pj := p/2/(m+1), p/2%(m+1)
		path = append(path, step{pi, pj, ci, cj, s.step})
		cur = p
	}
	slices.Reverse(path)
	var out []SysEdit
	open := false
	for _, p := range path {
		switch p.kind {
		case stepCopy:
			open = false
		case stepGold:
			out = append(out, SysEdit{p.i0, p.i1, cloneOrNil(hyp[p.j0:p.j1])})
			open = false
		case stepBasic:
			if open {
				last := &out[len(out)-1]
				last.End = p.i1
				last.Correction = append(last.Correction, hyp[p.j0:p.j1]...)
			} else {
				out = append(out, SysEdit{p.i0, p.i1, cloneOrNil(hyp[p.j0:p.j1])})
				open = true
			}
		}
	}
	return out
}

// cloneOrNil copies s; an empty s gives nil (a deletion).
func cloneOrNil(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

func tokensOrNil(s string) []string { return cloneOrNil(strings.Fields(s)) }

func levenshtein(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// matchEdits counts the system edits equal to a gold edit (same span, and a
// correction equal to one of its alternatives); each gold edit matches at
// most once.
func matchEdits(sys []SysEdit, gold []M2Edit) int {
	used := make([]bool, len(gold))
	tp := 0
	for _, s := range sys {
		for k, g := range gold {
			if used[k] || g.Start != s.Start || g.End != s.End {
				continue
			}
			if slices.ContainsFunc(g.Corrections, func(c []string) bool { return slices.Equal(c, s.Correction) }) {
				used[k] = true
				tp++
				break
			}
		}
	}
	return tp
}

// M2Result holds corpus M2 scores; rates are in [0, 1].
type M2Result struct {
	Sentences int     `json:"sentences"`
	Beta      float64 `json:"beta"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F         float64 `json:"f"`
	// Uncorrectable counts gold edits of the chosen annotators whose
	// correction equals the source (ERRANT's UNK: an error was seen but no
	// correction given). No hypothesis can match them; they bound recall.
	Uncorrectable int `json:"uncorrectable"`
	// ChangedSentences counts hypotheses that differ from their source.
	ChangedSentences int `json:"changed_sentences"`
	// DroppedEdits counts gold edits left out because they lay outside
	// their sentence (see M2Sentence.Dropped).
	DroppedEdits int `json:"dropped_edits,omitempty"`
}

// PRF returns precision, recall and F-beta as the M2 scorer and ERRANT
// compute them: precision is 1 when nothing is proposed, recall 1 when
// there is nothing to find, F is 0 when both are 0.
func PRF(tp, fp, fn int, beta float64) (p, r, f float64) {
	p, r = 1, 1
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if b2 := beta * beta; p+r > 0 {
		f = (1 + b2) * p * r / (b2*p + r)
	}
	return p, r, f
}

// ScoreM2 scores tokenized hypotheses (one per sentence) against the gold
// edits with the CoNLL-2014 M2 scorer's method: for each sentence and each
// annotator, extract the system edits guided by that annotator's edits
// (ExtractEdits) and count true positives (system edits equal to a gold
// edit), false positives and false negatives; keep the annotator that
// maximises the corpus F-beta accumulated so far (ties: more true
// positives, then fewer false positives, then fewer false negatives, as
// ERRANT). beta is usually 0.5.
func ScoreM2(gold []M2Sentence, hyps [][]string, beta float64) (M2Result, error) {
	if len(hyps) != len(gold) {
		return M2Result{}, fmt.Errorf("m2: %d hypotheses for %d sentences", len(hyps), len(gold))
	}
	res := M2Result{Sentences: len(gold), Beta: beta}
	for i, s := range gold {
		if !slices.Equal(s.Source, hyps[i]) {
			res.ChangedSentences++
		}
		res.DroppedEdits += s.Dropped
		bestF := -1.0
		var btp, bfp, bfn, bunc int
		for _, a := range s.Annotators {
			sys := ExtractEdits(s.Source, hyps[i], a.Edits)
			tp := matchEdits(sys, a.Edits)
			fp, fn := len(sys)-tp, len(a.Edits)-tp
			_, _, f := PRF(res.TP+tp, res.FP+fp, res.FN+fn, beta)
			if f > bestF || f == bestF && (tp > btp || tp == btp && (fp < bfp || fp == bfp && fn < bfn)) {
				bestF, btp, bfp, bfn = f, tp, fp, fn
				bunc = 0
				for _, e := range a.Edits {
					if slices.ContainsFunc(e.Corrections, func(c []string) bool { return slices.Equal(c, s.Source[e.Start:e.End]) }) {
						bunc++
					}
				}
			}
		}
		res.TP += btp
		res.FP += bfp
		res.FN += bfn
		res.Uncorrectable += bunc
	}
	res.Precision, res.Recall, res.F = PRF(res.TP, res.FP, res.FN, beta)
	return res, nil
}
