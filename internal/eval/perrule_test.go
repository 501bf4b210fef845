package eval

import (
	"context"
	"strings"
	"testing"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

func TestPerRule(t *testing.T) {
	m2 := `S He go to school .
A 1 2|||R:VERB:SVA|||goes|||REQUIRED|||-NONE-|||0

S I saw teh cat .
A 2 3|||R:SPELL|||the|||REQUIRED|||-NONE-|||0

S This is fine .
A -1 -1|||noop|||-NONE-|||REQUIRED|||-NONE-|||0
`
	gold, err := ParseM2(strings.NewReader(m2))
	if err != nil {
		t.Fatal(err)
	}
	// A fake engine: AGREE fixes "go" right, SPELL fixes "teh" right,
	// and BAD changes "fine" (no annotator did) and "go" the wrong way.
	fix := func(text, word, repl, rule string) []correction.Correction {
		i := strings.Index(text, word)
		if i < 0 {
			return nil
		}
		return []correction.Correction{{Start: i, End: i + len(word), Original: word, Suggestions: []string{repl}, RuleID: rule}}
	}
	c := CheckerFunc(func(_ context.Context, text string, _ language.Tag) ([]correction.Correction, error) {
		var cs []correction.Correction
		cs = append(cs, fix(text, "go", "goes", "AGREE")...)
		cs = append(cs, fix(text, "teh", "the", "SPELL")...)
		cs = append(cs, fix(text, "fine", "finer", "BAD")...)
		cs = append(cs, fix(text, "school", "schools", "BAD")...)
		return cs, nil
	})
	got, err := PerRule(context.Background(), c, gold, RunOptions{Style: Style{}}, "BAD")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{"AGREE": {1, 0}, "SPELL": {1, 0}, "BAD": {0, 2}}
	if len(got) != len(want) || got[0].Rule != "BAD" {
		t.Fatalf("scores %+v, want BAD first (worst net)", got)
	}
	for _, s := range got {
		if w := want[s.Rule]; s.Right != w[0] || s.Wrong != w[1] {
			t.Errorf("%s: right %d wrong %d, want %v", s.Rule, s.Right, s.Wrong, w)
		}
		if s.Rule != "BAD" && len(s.Cases) != 0 {
			t.Errorf("%s: cases kept for a rule not shown: %+v", s.Rule, s.Cases)
		}
	}
	bad := got[0].Cases
	if len(bad) != 2 || bad[0].Right || bad[0].Original != "school" || bad[0].Suggestion != "schools" || bad[0].Text != "He go to school ." && bad[0].Text != "He go to school." ||
		bad[1].Original != "fine" || bad[1].Suggestion != "finer" {
		t.Errorf("BAD's cases: %+v", bad)
	}
}
