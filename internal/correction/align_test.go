package correction

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAlign(t *testing.T) {
	type edit struct{ orig, sugg string }
	tests := []struct {
		name      string
		original  string
		corrected string
		want      []edit
	}{
		{"identical", "Nothing to do.", "Nothing to do.", nil},
		{"words", "I has a eror in grammer", "I have an error in grammar",
			[]edit{{"has", "have"}, {"a", "an"}, {"eror", "error"}, {"grammer", "grammar"}}},
		{"no substring matches", "I have a cat", "I have an cat", []edit{{"a", "an"}}},
		{"insertion joins the next word", "I going home", "I am going home", []edit{{"going", "am going"}}},
		{"comma after a word", "Hello world", "Hello, world", []edit{{"Hello", "Hello,"}}},
		{"space before comma", "Hello ,world", "Hello, world", []edit{{" ,", ", "}}},
		{"deleted repeated word", "the the cat", "the cat", []edit{{"the cat", "cat"}}},
		{"final period", "It works", "It works.", []edit{{"works", "works."}}},
		{"contraction", "I dont know", "I don't know", []edit{{"dont", "don't"}}},
		{"emoji kept", "😀 teh cat", "😀 the cat", []edit{{"teh", "the"}}},
		{"crlf kept", "one\r\ntwo errror", "one\r\ntwo error", []edit{{"errror", "error"}}},
		{"capital", "i am here", "I am here", []edit{{"i", "I"}}},
		{"whole rewrite", "abc", "xyz", []edit{{"abc", "xyz"}}},
		{"empty original", "", "Hello", []edit{{"", "Hello"}}},
		{"empty corrected", "Hello", "", []edit{{"Hello", ""}}},
		{"cjk", "我爱北京天安门", "我爱北京天安们", []edit{{"门", "们"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := Align(tt.original, tt.corrected)
			var got []edit
			for _, c := range cs {
				if c.Original != tt.original[c.Start:c.End] {
					t.Fatalf("correction %+v: Original does not match the text", c)
				}
				got = append(got, edit{c.Original, c.Suggestion()})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Align(%q, %q) = %q, want %q", tt.original, tt.corrected, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("edit %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
			checkRoundTrip(t, tt.original, tt.corrected)
		})
	}
}

func checkRoundTrip(t *testing.T, original, corrected string) {
	t.Helper()
	cs := Align(original, corrected)
	got, err := Apply(original, cs)
	if err != nil {
		t.Fatalf("Apply(Align(%q, %q)): %v", original, corrected, err)
	}
	if got != corrected {
		t.Fatalf("Apply(Align(%q, %q)) = %q", original, corrected, got)
	}
	for i := 1; i < len(cs); i++ {
		if cs[i].Start < cs[i-1].End {
			t.Fatalf("corrections overlap: %+v and %+v", cs[i-1], cs[i])
		}
	}
}

func TestAlignRoundTripProperty(t *testing.T) {
	texts := []string{
		"The quick brown fox jumps over the lazy dog.",
		"Ca\u0301fe\u0301 au lait, s'il vous plai\u0302t !",
		"Family: 👨‍👩‍👧‍👦 and flags 🇫🇷🇬🇧 with skin 👍🏽 tones.",
		"tabs\tand\ttabs\r\nand CRLF\r\n\r\nparagraphs",
		"nospacesatallinthistextwhatsoever",
		"日本語のテキストには空白がありません。",
		"invalid \xff\xfe utf8 \xc3 here",
		"  leading and trailing  ",
		"",
	}
	// Every pair of texts, and every text against edited versions of itself.
	mutate := []func(string) string{
		func(s string) string { return strings.ToUpper(s) },
		func(s string) string { return strings.ReplaceAll(s, " ", "  ") },
		func(s string) string { return strings.ReplaceAll(s, "e", "") },
		func(s string) string { return s + " extra words." },
		func(s string) string { return "Prefix, " + s },
		func(s string) string { return strings.Replace(s, "o", "0", 2) },
		func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") },
	}
	for _, a := range texts {
		for _, b := range texts {
			checkRoundTrip(t, a, b)
		}
		for _, m := range mutate {
			checkRoundTrip(t, a, m(a))
			checkRoundTrip(t, m(a), a)
		}
	}
}

func TestAlignTooManyEdits(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < MaxAlignEdits; i++ {
		a.WriteString("x ")
		b.WriteString("y ")
	}
	cs := Align(a.String(), b.String())
	if len(cs) != 1 {
		t.Fatalf("got %d corrections, want the whole middle as one", len(cs))
	}
	checkRoundTrip(t, a.String(), b.String())
}

func FuzzAlign(f *testing.F) {
	f.Add("I has a eror in grammer", "I have an error in grammar")
	f.Add("😀 e\u0301 \r\n\t x", "😀 é \n x")
	f.Add("abc", "")
	f.Add("\xff\xfe", "\xfe")
	f.Add("漢字かな", "漢字カナ")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 4000 || len(b) > 4000 {
			return
		}
		cs := Align(a, b)
		got, err := Apply(a, cs)
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if got != b {
			t.Fatalf("Apply(Align(%q, %q)) = %q", a, b, got)
		}
		for _, c := range cs {
			if c.Start == c.End && c.Suggestion() == "" {
				t.Fatalf("empty correction %+v", c)
			}
			if utf8.ValidString(a) && (!utf8.ValidString(c.Original)) {
				t.Fatalf("correction splits a character: %+v", c)
			}
		}
	})
}

func BenchmarkAlign(b *testing.B) {
	orig := strings.Repeat("This sentance has erors and bad grammer, but it is otherwise a perfectly ordinary sentence. ", 6)
	corr := strings.Repeat("This sentence has errors and bad grammar, but it is otherwise a perfectly ordinary sentence. ", 6)
	b.ReportAllocs()
	b.SetBytes(int64(len(orig)))
	for b.Loop() {
		Align(orig, corr)
	}
}
