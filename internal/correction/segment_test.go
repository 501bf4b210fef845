package correction

import (
	"strings"
	"testing"
)

func texts(text string, spans []Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{"Mr. Smith met Dr. Jones. They talked.", []string{"Mr. Smith met Dr. Jones.", "They talked."}},
		{"It costs 3.50 dollars. Cheap.", []string{"It costs 3.50 dollars.", "Cheap."}},
		{"He said \"Stop.\" Then he left.", []string{"He said \"Stop.\"", "Then he left."}},
		{"e.g. this one. And J. R. Tolkien wrote.", []string{"e.g. this one.", "And J. R. Tolkien wrote."}},
		{"no capital. after this", []string{"no capital. after this"}},
		{"First para.\n\nSecond para", []string{"First para.", "Second para"}},
		{"  spaced  ", []string{"spaced"}},
		{"Wait... What?! Yes.", []string{"Wait...", "What?!", "Yes."}},
		{"日本語です。次の文。", []string{"日本語です。", "次の文。"}},
		{"", nil},
	}
	for _, tt := range tests {
		got := texts(tt.text, Sentences(tt.text))
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Sentences(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"a\nb\n\nc", []string{"a\nb", "c"}},
		{"a\r\n\r\nb", []string{"a", "b"}},
		{"a\n  \t\nb\n\n\n", []string{"a", "b"}},
		{"\n\n  \n", nil},
		{" single ", []string{"single"}},
	}
	for _, tt := range tests {
		got := texts(tt.text, Paragraphs(tt.text))
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Paragraphs(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzSentences(f *testing.F) {
	f.Add("One. Two!\n\nThree? e.g. four")
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, sp := range Sentences(s) {
			if sp.Start < prev || sp.End < sp.Start || sp.End > len(s) || sp.Start == sp.End {
				t.Fatalf("bad span %+v after %d in %q", sp, prev, s)
			}
			if strings.TrimSpace(s[prev:sp.Start]) != "" && prev != 0 {
				t.Fatalf("non-space text %q between sentences", s[prev:sp.Start])
			}
			prev = sp.End
		}
	})
}
