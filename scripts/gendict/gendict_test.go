package main

import (
	"slices"
	"testing"
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
