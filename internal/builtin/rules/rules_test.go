package rules_test

import (
	"context"
	"strings"
	"testing"

	"appencorrect/internal/builtin"
	"appencorrect/internal/builtin/rules"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

// fakeSpeller knows every word but a few misspellings and acronyms.
type fakeSpeller struct{}

var unknown = map[string][]string{
	"eror": {"error"}, "grammer": {"grammar"}, "thay": {"they"}, "teh": {"the"}, "recieve": {"receive"},
	"mba": nil, "fbi": nil, "nato": nil, "sql": nil, "url": nil, "html": nil,
	"fmt": nil, "println": nil,
}

func (fakeSpeller) Known(w string, _ language.Variant) bool {
	_, bad := unknown[strings.ToLower(w)]
	return !bad
}
func (fakeSpeller) Suggest(w string, _ language.Variant, n int) []string {
	return unknown[strings.ToLower(w)]
}

// Listed knows a few names with their capitals, and every word in lower
// case.
func (fakeSpeller) Listed(w string) bool {
	return w == strings.ToLower(w) || w == "London" || w == "Bill" || w == "Will" || w == "May"
}
func (fakeSpeller) Frequency(string) float64                            { return 0.0001 }
func (fakeSpeller) VariantForm(string, language.Variant) (string, bool) { return "", false }

type ruleCase struct {
	in, want string // want == in: the rule must stay silent
}

// goExamples are the examples of the rules written in Go, by rule id: each
// rule's _test.go file adds its own with examples(...). Data rules carry
// theirs (Rule.Examples).
var goExamples = map[string][]rules.Example{}

// examples records the examples of a Go rule; it is called while the test
// binary initialises, once per rule file.
func examples(r *rules.Rule, cases ...ruleCase) bool {
	for _, c := range cases {
		goExamples[r.ID] = append(goExamples[r.ID], rules.Example{Source: r.ID, In: c.in, Want: c.want})
	}
	return true
}

// ruleExamples returns every example of r.
func ruleExamples(r *rules.Rule) []rules.Example {
	if r.Source != "" {
		return r.Examples
	}
	return goExamples[r.ID]
}

// only applies to in the corrections of rule id alone, after checking that
// all corrections apply and are complete.
func only(t *testing.T, e *builtin.Engine, r *rules.Rule, in string) (string, []correction.Correction) {
	t.Helper()
	cs, err := e.Check(context.Background(), in, language.Tag{Code: language.English})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := correction.Apply(in, cs); err != nil {
		t.Errorf("%s: %q: corrections do not apply: %v", r.ID, in, err)
	}
	var mine []correction.Correction
	for _, x := range cs {
		if x.RuleID == r.ID {
			mine = append(mine, x)
			if x.Message == "" || strings.Contains(x.Message, "{") || x.Type != r.Type || x.Engine != "builtin" || x.Category != string(r.Category) {
				t.Errorf("%s: %q: incomplete correction %+v", r.ID, in, x)
			}
		}
	}
	got, err := correction.Apply(in, mine)
	if err != nil {
		t.Fatal(err)
	}
	return got, cs
}

// TestRules is the meta-test: every rule, in Go or data, has positive and
// negative examples, and does what they say. Only the corrections of the
// rule under test are applied, so "a eror" → "an eror" shows that the a/an
// rule read the spelling-corrected "error".
func TestRules(t *testing.T) {
	e := builtin.New(fakeSpeller{})
	for _, r := range rules.English() {
		cases := ruleExamples(r)
		pos, neg := 0, 0
		for _, c := range cases {
			if c.In == c.Want {
				neg++
			} else {
				pos++
			}
			got, all := only(t, e, r, c.In)
			if got != c.Want {
				t.Errorf("%s (%s):\n  in   %q\n  got  %q\n  want %q\n  all  %+v", r.ID, c.Source, c.In, got, c.Want, all)
			}
		}
		if pos == 0 || neg == 0 {
			t.Errorf("rule %s needs positive and negative examples (%d, %d)", r.ID, pos, neg)
		}
	}
	for id := range goExamples {
		if rules.ByID(id) == nil {
			t.Errorf("examples for %s, which is not a rule", id)
		}
	}
}

func TestRuleMetadata(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules.English() {
		if seen[r.ID] {
			t.Errorf("duplicate rule id %s", r.ID)
		}
		seen[r.ID] = true
		if r.ID != strings.ToUpper(r.ID) || strings.ContainsAny(r.ID, " -") {
			t.Errorf("rule id %q is not UPPER_SNAKE", r.ID)
		}
		if r.Category == "" || !r.Type.Valid() || r.Description == "" || r.Check == nil || r.Stage == 0 || r.Order <= 0 {
			t.Errorf("rule %s is incomplete", r.ID)
		}
		if rules.ByID(r.ID) != r {
			t.Errorf("ByID(%s) is wrong", r.ID)
		}
	}
}

func TestOrder(t *testing.T) {
	rs := rules.English()
	for i := 1; i < len(rs); i++ {
		a, b := rs[i-1], rs[i]
		if a.Stage > b.Stage || a.Stage == b.Stage && a.Order >= b.Order {
			t.Errorf("%s (%d, %d) runs before %s (%d, %d)", a.ID, a.Stage, a.Order, b.ID, b.Stage, b.Order)
		}
	}
	if rs[0].Stage != rules.BeforeSpelling || rs[len(rs)-1].Stage != rules.AfterSpelling {
		t.Errorf("stages out of order")
	}
}

func TestMatchCase(t *testing.T) {
	for _, c := range []struct{ like, repl, want string }{
		{"dont", "don't", "don't"},
		{"Dont", "don't", "Don't"},
		{"DONT", "don't", "DON'T"},
		{"im", "I'm", "I'm"},
		{"Im", "I'm", "I'm"},
		{"alot", "a lot", "a lot"},
		{"Alot", "a lot", "A lot"},
		{"A", "an", "An"},
	} {
		if got := rules.MatchCase(c.like, c.repl); got != c.want {
			t.Errorf("MatchCase(%q, %q) = %q, want %q", c.like, c.repl, got, c.want)
		}
	}
}
