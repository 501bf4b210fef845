package main

import (
	"slices"
	"testing"

	"appencorrect/internal/builtin/spell/dictfmt"
)

func TestRewrites(t *testing.T) {
	var rules []rule
	for _, r := range usToGB {
		rules = append(rules, rule{r[0], r[1], false})
	}
	want := map[string]string{"color": "colour", "organization": "organisation", "center": "centre", "traveled": "travelled", "maneuvered": "manoeuvred", "catalog": "catalogue"}
	for us, gb := range want {
		var got []string
		for _, r := range rewrites(us, rules, 3, func(r rewritten) bool { return r.s == gb }) {
			got = append(got, r.s)
		}
		if !slices.Contains(got, gb) {
			t.Errorf("rewrites(%q) lacks %q", us, gb)
		}
	}
}

func TestCondition(t *testing.T) {
	tests := []struct {
		cond, word string
		want       bool
	}{
		{".", "aimer", true},
		{"er", "aimer", true},
		{"[^cg]er", "aimer", true},
		{"[^cg]er", "manger", false},
		{"[aou]yer", "payer", true},
		{"[aou]yer", "essuyer", true},
		{"[aou]yer", "aimer", false},
		{"é", "été", true},
		{"ab", "b", false},
	}
	for _, tt := range tests {
		c, err := parseCondition(tt.cond)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.matchEnd(tt.word); got != tt.want {
			t.Errorf("condition %q on %q = %v, want %v", tt.cond, tt.word, got, tt.want)
		}
	}
	if got := splitFlags("a0p+()"); !slices.Equal(got, []string{"a0", "p+", "()"}) {
		t.Errorf("splitFlags = %q", got)
	}
}

func TestVariantPairsFreeVariation(t *testing.T) {
	const us, gb, all = dictfmt.FlagUS | dictfmt.FlagAny, dictfmt.FlagGB | dictfmt.FlagAny, dictfmt.FlagAll
	list := []string{"center", "centre", "check", "cheque", "color", "colour", "gray", "grey"}
	flags := []byte{us, gb, all, gb, us, gb, us, all} // grey: British, and an American variant
	common := []bool{false, false, true, false, false, false, false, false}
	n := len(list)
	index := map[string]int{}
	for i, w := range list {
		index[w] = i
	}
	pairs := variantPairs(list, flags, make([]byte, n), make([]byte, n), common, index)
	var got []string
	for _, p := range pairs {
		got = append(got, list[p[0]]+"/"+list[p[1]])
	}
	if want := []string{"center/centre", "check/cheque", "color/colour"}; !slices.Equal(got, want) {
		t.Errorf("pairs = %q, want %q", got, want)
	}
	if flags[index["gray"]] != all || flags[index["grey"]] != all {
		t.Errorf("gray/grey are in free variation: flags %b %b, want both %b", flags[index["gray"]], flags[index["grey"]], all)
	}
	if flags[index["color"]] != us || flags[index["cheque"]] != gb {
		t.Errorf("regional spellings widened: color %b, cheque %b", flags[index["color"]], flags[index["cheque"]])
	}
}

func TestJoinedCount(t *testing.T) {
	freq := map[string]float64{"can": 1000, "not": 500}
	bigrams := []string{"\ufeffcan be 60", "can not 30", "can do 10", "will not 99", "bad line", "can x -3"}
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"can", "not", 1000 * 30.0 / 100},
		{"can", "swim", 0}, // no such bigram
		{"may", "not", 0},  // no count for "may"
	} {
		if got := joinedCount(freq, bigrams, c.a, c.b); got != c.want {
			t.Errorf("joinedCount(%q, %q) = %g, want %g", c.a, c.b, got, c.want)
		}
	}
}
