package eval

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

const m2Sample = `S I goes to school yesterday .
A 1 2|||R:VERB:SVA|||went||go|||REQUIRED|||-NONE-|||0
A 4 5|||U:ADV||||||REQUIRED|||-NONE-|||0
A 1 2|||R:VERB|||went|||REQUIRED|||-NONE-|||1

S Maybe not .
A -1 -1|||noop|||-NONE-|||REQUIRED|||-NONE-|||0

S No edits here .

S He like the cat .
A 1 2|||R:VERB:SVA|||likes|||REQUIRED|||-NONE-|||0
A 3 3|||M:ADJ|||black|||REQUIRED|||-NONE-|||0
A 9 9|||M:X|||oops|||REQUIRED|||-NONE-|||0
A -1 -1|||noop|||-NONE-|||REQUIRED|||-NONE-|||1
`

func TestParseM2(t *testing.T) {
	sents, err := ParseM2(strings.NewReader(m2Sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 4 {
		t.Fatalf("%d sentences, want 4", len(sents))
	}
	s := sents[0]
	if got := strings.Join(s.Source, " "); got != "I goes to school yesterday ." {
		t.Errorf("source %q", got)
	}
	want := []M2Annotation{
		{ID: 0, Edits: []M2Edit{
			{Start: 1, End: 2, Type: "R:VERB:SVA", Corrections: [][]string{{"went"}, {"go"}}},
			{Start: 4, End: 5, Type: "U:ADV", Corrections: [][]string{nil}},
		}},
		{ID: 1, Edits: []M2Edit{{Start: 1, End: 2, Type: "R:VERB", Corrections: [][]string{{"went"}}}}},
	}
	if !reflect.DeepEqual(s.Annotators, want) {
		t.Errorf("annotators\n got %+v\nwant %+v", s.Annotators, want)
	}
	// noop: annotator 0 present with no edits.
	if a := sents[1].Annotators; len(a) != 1 || a[0].ID != 0 || len(a[0].Edits) != 0 {
		t.Errorf("noop sentence: %+v", a)
	}
	// no A line at all: annotator 0 with no edits.
	if a := sents[2].Annotators; len(a) != 1 || a[0].ID != 0 || len(a[0].Edits) != 0 {
		t.Errorf("sentence without edits: %+v", a)
	}
	// an edit outside the sentence is dropped and counted.
	if s := sents[3]; s.Dropped != 1 || len(s.Annotators) != 2 || len(s.Annotators[0].Edits) != 2 {
		t.Errorf("dropped edit: %+v", s)
	}
	if got := strings.Join(sents[0].GoldText(0), " "); got != "I went to school ." {
		t.Errorf("gold text 0 = %q", got)
	}
	if got := strings.Join(sents[3].GoldText(0), " "); got != "He likes the black cat ." {
		t.Errorf("gold text 3 = %q", got)
	}

	for _, bad := range []string{"A 1 2|||X|||y\n", "S a b\nA x 2|||X|||y\n", "S a\nA 0 1|||X\n", "S a\nZ what\n", "S a\nA 0 1|||X|||y|||R|||c|||k\n"} {
		if _, err := ParseM2(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseM2(%q): no error", bad)
		}
	}
}

func edit(s, e int, corr ...string) M2Edit {
	alts := make([][]string, len(corr))
	for i, c := range corr {
		alts[i] = strings.Fields(c)
	}
	return M2Edit{Start: s, End: e, Corrections: alts}
}

func TestExtractEdits(t *testing.T) {
	tests := []struct {
		name     string
		src, hyp string
		gold     []M2Edit
		want     []SysEdit
	}{
		{"unchanged", "a b c", "a b c", nil, nil},
		{"substitution", "I goes home", "I go home", nil, []SysEdit{{1, 2, []string{"go"}}}},
		{"insertion", "I go school", "I go to school", nil, []SysEdit{{2, 2, []string{"to"}}}},
		{"deletion", "I go to home", "I go home", nil, []SysEdit{{2, 3, nil}}},
		{"adjacent changes form one edit", "a b c d", "a x y d", nil, []SysEdit{{1, 3, []string{"x", "y"}}}},
		{"gold splits adjacent changes", "a b c d", "a x y d", []M2Edit{edit(1, 2, "x"), edit(2, 3, "y")},
			[]SysEdit{{1, 2, []string{"x"}}, {2, 3, []string{"y"}}}},
		{"gold spans an unchanged token", "a b c d", "a x c y", []M2Edit{edit(1, 4, "x c y")},
			[]SysEdit{{1, 4, []string{"x", "c", "y"}}}},
		{"repeated token deleted where gold says", "the the cat", "the cat", []M2Edit{edit(1, 2, "")},
			[]SysEdit{{1, 2, nil}}},
		{"insertion next to a deletion, as gold", "we saw it all there .", "we saw , there .", []M2Edit{edit(2, 2, ","), edit(2, 4, "")},
			[]SysEdit{{2, 2, []string{","}}, {2, 4, nil}}},
		// The hypothesis inserted "b" before "a" instead of replacing it:
		// no detour through the gold edit.
		{"no credit for a detour", "x a y", "x b a y", []M2Edit{edit(1, 2, "b")}, []SysEdit{{1, 1, []string{"b"}}}},
		// A gold edit that changes nothing (UNK) is never proposed.
		{"identity gold ignored", "x a y", "x a z", []M2Edit{edit(1, 2, "a")}, []SysEdit{{2, 3, []string{"z"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ExtractEdits(toks(tt.src), toks(tt.hyp), tt.gold)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPRF(t *testing.T) {
	tests := []struct {
		tp, fp, fn int
		p, r, f    float64
	}{
		{0, 0, 5, 1, 0, 0}, // nothing proposed: precision 1 by convention
		{0, 0, 0, 1, 1, 1},
		{0, 3, 0, 0, 1, 0},
		{1, 1, 2, 0.5, 1.0 / 3, 1.25 * 0.5 * (1.0 / 3) / (0.25*0.5 + 1.0/3)},
		{2, 0, 2, 1, 0.5, 1.25 * 0.5 / (0.25 + 0.5)},
	}
	for _, tt := range tests {
		p, r, f := PRF(tt.tp, tt.fp, tt.fn, 0.5)
		if math.Abs(p-tt.p) > 1e-12 || math.Abs(r-tt.r) > 1e-12 || math.Abs(f-tt.f) > 1e-12 {
			t.Errorf("PRF(%d,%d,%d) = %v %v %v, want %v %v %v", tt.tp, tt.fp, tt.fn, p, r, f, tt.p, tt.r, tt.f)
		}
	}
}

func TestScoreM2(t *testing.T) {
	gold, err := ParseM2(strings.NewReader(m2Sample))
	if err != nil {
		t.Fatal(err)
	}
	src := func() [][]string {
		var out [][]string
		for _, s := range gold {
			out = append(out, s.Source)
		}
		return out
	}
	type counts struct{ tp, fp, fn int }
	tests := []struct {
		name string
		hyps []string
		want counts
	}{
		// Gold edits: s0 a0 = 2 (best annotator 1, one edit, once the first
		// sentence has nothing right); s3 a1 = noop.
		{"unchanged source", []string{"", "", "", ""}, counts{0, 0, 1}},
		// "went" matches annotator 1 fully: P=R=1.
		{"annotator 1 matched", []string{"I went to school yesterday .", "", "", ""}, counts{1, 0, 0}},
		// "go" is an alternative of annotator 0; "yesterday" deleted too.
		{"alternative correction", []string{"I go to school .", "", "", ""}, counts{2, 0, 0}},
		// A needless change in the noop sentence is a false positive.
		{"false positive", []string{"", "Maybe no .", "", ""}, counts{0, 1, 1}},
		// Sentence 3: annotator 0 (likes, black) vs annotator 1 (noop);
		// "likes" alone: annotator 0 gives tp 1 fn 1, annotator 1 fp 1.
		{"best annotator per sentence", []string{"", "", "", "He likes the cat ."}, counts{1, 0, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hyps := src()
			for i, h := range tt.hyps {
				if h != "" {
					hyps[i] = toks(h)
				}
			}
			res, err := ScoreM2(gold, hyps, 0.5)
			if err != nil {
				t.Fatal(err)
			}
			if got := (counts{res.TP, res.FP, res.FN}); got != tt.want {
				t.Errorf("counts %+v, want %+v", got, tt.want)
			}
			p, r, f := PRF(res.TP, res.FP, res.FN, 0.5)
			if p != res.Precision || r != res.Recall || f != res.F {
				t.Errorf("rates %v %v %v, want %v %v %v", res.Precision, res.Recall, res.F, p, r, f)
			}
		})
	}
	if _, err := ScoreM2(gold, nil, 0.5); err == nil {
		t.Error("hypothesis count mismatch: no error")
	}
}

func TestScoreM2Cumulative(t *testing.T) {
	// The second sentence has two annotators, {noop} and {e f → y}: an
	// unchanged hypothesis is scored against noop (no false negative), a
	// corrected one against the edit (a true positive).
	m2 := `S a b c
A 0 1|||R|||x|||REQUIRED|||-NONE-|||0

S d e f
A -1 -1|||noop|||-NONE-|||REQUIRED|||-NONE-|||0
A 1 2|||R|||y|||REQUIRED|||-NONE-|||1
`
	gold, err := ParseM2(strings.NewReader(m2))
	if err != nil {
		t.Fatal(err)
	}
	res, _ := ScoreM2(gold, [][]string{toks("x b c"), toks("d e f")}, 0.5)
	if res.TP != 1 || res.FP != 0 || res.FN != 0 {
		t.Errorf("unchanged second sentence: %+v", res)
	}
	res, _ = ScoreM2(gold, [][]string{toks("x b c"), toks("d y f")}, 0.5)
	if res.TP != 2 || res.FP != 0 || res.FN != 0 {
		t.Errorf("corrected second sentence: %+v", res)
	}
	// Identity gold edits are counted as uncorrectable.
	gold2, _ := ParseM2(strings.NewReader("S a b\nA 1 2|||UNK|||b|||REQUIRED|||-NONE-|||0\n"))
	res, _ = ScoreM2(gold2, [][]string{toks("a b")}, 0.5)
	if res.Uncorrectable != 1 || res.FN != 1 {
		t.Errorf("uncorrectable: %+v", res)
	}
}
