package rules_test

import (
	"context"
	"strings"
	"testing"

	"appencorrect/internal/builtin"
	"appencorrect/internal/builtin/rules"
	"appencorrect/internal/language"
)

// TestDataFiles: every data file parses, each of its entries has a
// positive and a negative example (ParseSubstitutions refuses an entry
// without), and the rule built from it is the one the engine runs.
func TestDataFiles(t *testing.T) {
	files, err := rules.DataFiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no data rules")
	}
	for name, src := range files {
		r, err := rules.ParseSubstitutions(name, src)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if got := rules.ByID(r.ID); got == nil || got.Source != name {
			t.Errorf("%s: rule %s is not among the English rules", name, r.ID)
		}
		if len(r.Examples) < 2 {
			t.Errorf("%s: %d examples", name, len(r.Examples))
		}
	}
}

// TestDataNotOnCorrections: no substitution fires on what any entry
// corrected to, so that no two entries undo each other and a corrected
// text stays corrected.
func TestDataNotOnCorrections(t *testing.T) {
	e := builtin.New(fakeSpeller{})
	data := map[string]bool{}
	for _, r := range rules.English() {
		if r.Source != "" {
			data[r.ID] = true
		}
	}
	for _, r := range rules.English() {
		for _, x := range r.Examples {
			if x.In == x.Want {
				continue
			}
			cs, err := e.Check(context.Background(), x.Want, language.Tag{Code: language.English})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				if data[c.RuleID] {
					t.Errorf("%s: %s fires on the correction %q: %q → %q", x.Source, c.RuleID, x.Want, c.Original, c.Suggestions[0])
				}
			}
		}
	}
}

func TestParseSubstitutions(t *testing.T) {
	const header = "rule EN_X\norder 5\nstage after\ncategory GRAMMAR\ntype grammar\ndescription d\nmessage m {to}\n"
	for _, c := range []struct {
		name, src string
		err       string // "" for success
	}{
		{"ok", header + "a b => c\n\t+ x a b y => x c y\n\t- x a y\n", ""},
		{"brackets and sets", header + "@modals [of] !course => have\n\t+ could of done => could have done\n\t- of course\n", ""},
		{"no negative", header + "a => b\n\t+ a => b\n", "positive and a negative"},
		{"no positive", header + "a => b\n\t- a\n", "positive and a negative"},
		{"unknown set", header + "@nosuchset [a] => b\n\t+ a => b\n\t- b\n", "no word set"},
		{"negated middle", header + "a !b c => d\n\t+ a => d\n\t- c\n", "first or last"},
		{"negated replaced", header + "[!a] b => c\n\t+ a => c\n\t- c\n", "cannot be negated"},
		{"unbalanced", header + "[a b => c\n\t+ a b => c\n\t- c\n", "unbalanced"},
		{"only any", header + "* => c\n\t+ a => c\n\t- c\n", "needs a word"},
		{"upper case", header + "Dont => don't\n\t+ a => c\n\t- c\n", "bad word"},
		{"empty replacement", header + "a =>\n\t+ a => c\n\t- c\n", "empty replacement"},
		{"bad condition", header + "a => b\n\twhen sometimes\n\t+ a => b\n\t- b\n", "unknown condition"},
		{"bad example", header + "a => b\n\t+ a\n\t- b\n", "positive example"},
		{"example first", header + "\t+ a => b\n", "before the first entry"},
		{"header late", header + "a => b\n\t+ a => b\n\t- b\nrule EN_Y\n", "header after"},
		{"no id", strings.Replace(header, "rule EN_X\n", "", 1) + "a => b\n\t+ a => b\n\t- b\n", "header needs"},
		{"bad stage", strings.Replace(header, "stage after", "stage during", 1) + "a => b\n\t+ a => b\n\t- b\n", "stage is"},
		{"bad type", strings.Replace(header, "type grammar", "type poetry", 1) + "a => b\n\t+ a => b\n\t- b\n", "unknown type"},
		{"bad category", strings.Replace(header, "GRAMMAR", "POETRY", 1) + "a => b\n\t+ a => b\n\t- b\n", "unknown category"},
		{"no message", strings.Replace(header, "message m {to}\n", "", 1) + "a => b\n\t+ a => b\n\t- b\n", "no message"},
		{"no entries", header, "no entries"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := rules.ParseSubstitutions("data/x.rules", []byte(c.src))
			switch {
			case c.err == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case c.err != "" && err == nil:
				t.Fatalf("no error, want %q", c.err)
			case c.err != "" && !strings.Contains(err.Error(), c.err):
				t.Fatalf("error %q, want %q", err, c.err)
			case c.err == "" && (r.ID != "EN_X" || r.Check == nil || r.Source != "data/x.rules"):
				t.Fatalf("rule %+v", r)
			}
		})
	}
}
