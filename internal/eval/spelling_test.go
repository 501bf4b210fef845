package eval

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"appencorrect/internal/language"
)

func TestParseSpelling(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		format SpellingFormat
		want   []SpellingPair
	}{
		{
			name:   "norvig",
			in:     "access: acess\naccommodation: accomodation acommodation\n\naddress: adress address\n",
			format: Norvig,
			want: []SpellingPair{
				{"acess", "access"}, {"accomodation", "accommodation"}, {"acommodation", "accommodation"}, {"adress", "address"},
			},
		},
		{
			name:   "mitton with underscores, counts and a BOM",
			in:     "\ufeff$America\nAmeraca\nAmercia 3\n$a_lot\nalot\nalot_\n$job\njob\njobb\n",
			format: Mitton,
			want: []SpellingPair{
				{"Ameraca", "America"}, {"Amercia", "America"}, {"alot", "a lot"}, {"alot ", "a lot"}, {"jobb", "job"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, format, err := ParseSpelling(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if format != tt.format {
				t.Errorf("format %q, want %q", format, tt.format)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("pairs\n got %q\nwant %q", got, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "\n\n", "just words\n", "wrong\n$right\n", ": x\n", "$\nx\n"} {
		if _, _, err := ParseSpelling(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseSpelling(%q): no error", bad)
		}
	}
}

// fakeSuggester answers from a table; Known words are in known.
type fakeSuggester struct {
	sugg  map[string][]string
	known map[string]bool
	gotV  language.Variant
}

func (f *fakeSuggester) Suggest(w string, v language.Variant, n int) []string {
	f.gotV = v
	s := f.sugg[w]
	return s[:min(n, len(s))]
}

type fakeLexicon struct{ *fakeSuggester }

func (f fakeLexicon) Known(w string, _ language.Variant) bool { return f.known[w] }

func TestEvalSpelling(t *testing.T) {
	pairs := []SpellingPair{
		{"acess", "access"},    // top-1
		{"adres", "address"},   // top-5 (third)
		{"colour", "color"},    // known word: a miss whatever the suggestions
		{"recieve", "receive"}, // no suggestion
		{"teh", "the"},         // sixth suggestion: not in the top 5
		{"america", "America"}, // case matters
	}
	f := &fakeSuggester{
		sugg: map[string][]string{
			"acess":   {"access", "acres"},
			"adres":   {"adds", "acres", "address"},
			"colour":  {"color"},
			"teh":     {"ten", "tea", "tee", "tech", "meh", "the"},
			"america": {"america", "America"},
		},
		known: map[string]bool{"colour": true},
	}
	res, err := EvalSpelling(context.Background(), fakeLexicon{f}, pairs, SpellingOptions{Variant: language.GB, Workers: 3, MaxMisses: 10})
	if err != nil {
		t.Fatal(err)
	}
	if f.gotV != language.GB {
		t.Errorf("variant %q passed, want GB", f.gotV)
	}
	if res.Pairs != 6 || res.Targets != 6 || res.Top1 != 1 || res.Top5 != 3 || res.Known != 1 || res.NoSuggestion != 1 || res.KnownBy != "lexicon" {
		t.Errorf("result %+v", res)
	}
	if res.Top1Rate != 1.0/6 || res.Top5Rate != 3.0/6 || res.Top1OfUnknown != 1.0/5 || res.Top5OfUnknown != 3.0/5 {
		t.Errorf("rates %+v", res)
	}
	if len(res.Misses) != 5 || res.Misses[1].Wrong != "colour" || !res.Misses[1].Known {
		t.Errorf("misses %+v", res.Misses)
	}
	if res.WordsPerSecond <= 0 || res.Workers != 3 {
		t.Errorf("speed %+v", res)
	}

	// Without a lexicon, a misspelling whose first suggestion is itself is
	// known: "america" here.
	res, err = EvalSpelling(context.Background(), f, pairs, SpellingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Known != 1 || res.KnownBy != "first suggestion" || res.Top1 != 2 {
		// "colour" → "color" is now a top-1 hit; "america" is known.
		t.Errorf("heuristic known: %+v", res)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := EvalSpelling(ctx, f, pairs, SpellingOptions{}); err == nil {
		t.Error("cancelled context: no error")
	}
}
