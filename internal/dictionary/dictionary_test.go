package dictionary

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/textdist"
	"appencorrect/internal/textguard"
)

func TestContainsCaseRules(t *testing.T) {
	w := New([]string{"kubectl", "AppenCorrect", "iPhone"}, "v1")
	tests := []struct {
		word string
		want bool
	}{
		{"kubectl", true}, {"Kubectl", true}, {"KUBECTL", true},
		{"AppenCorrect", true}, {"appencorrect", false}, {"APPENCORRECT", false},
		{"iPhone", true}, {"iphone", false},
		{"kubect", false}, {"", false},
	}
	for _, tt := range tests {
		if got := w.Contains(tt.word); got != tt.want {
			t.Errorf("Contains(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
	var empty *Words
	if empty.Contains("x") || empty.Len() != 0 || empty.Closest("xyz") != "" {
		t.Error("a nil set is not empty")
	}
}

func TestClosest(t *testing.T) {
	w := New([]string{"Kubernetes", "kubectl", "Qwen"}, "v1")
	for in, want := range map[string]string{
		"Kubernetis": "Kubernetes", "kubctl": "kubectl", "Qwne": "Qwen", "Kubernetes": "", "qwen": "Qwen",
		"banana": "", "ku": "",
	} {
		if got := w.Closest(in); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNormalizeWrapsTextguard: a word textguard refuses is an
// ErrInvalidWord whose chain keeps textguard's error (wrapped with %w, not
// flattened into the text), for callers that inspect it with errors.Is/As.
func TestNormalizeWrapsTextguard(t *testing.T) {
	for _, w := range []string{"bad\u202Eword", "nul\x00", "bell\a"} {
		cause := textguard.Check("word", w, textguard.Label)
		if cause == nil {
			t.Fatalf("textguard passes %q", w)
		}
		_, err := Normalize(w)
		if !errors.Is(err, ErrInvalidWord) || !inChain(err, cause.Error()) {
			t.Errorf("Normalize(%q) = %v: textguard's error %q is not in its chain", w, err, cause)
		}
	}
}

// inChain reports whether an error with text msg is in err's tree, err
// itself left out.
func inChain(err error, msg string) bool {
	var next []error
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		next = []error{u.Unwrap()}
	case interface{ Unwrap() []error }:
		next = u.Unwrap()
	}
	for _, e := range next {
		if e != nil && (e.Error() == msg || inChain(e, msg)) {
			return true
		}
	}
	return false
}

func TestNormalize(t *testing.T) {
	for _, tt := range []struct{ in, want, err string }{
		{"  Kubernetes ", "Kubernetes", ""},
		{"", "", "empty"},
		{"two words", "", "white space"},
		{strings.Repeat("x", 101), "", "at most 100"},
		{"bad\u202Eword", "", "U+202E"},
		{"nul\x00", "", "NUL"},
	} {
		got, err := Normalize(tt.in)
		if tt.err == "" && (err != nil || got != tt.want) {
			t.Errorf("Normalize(%q) = %q, %v", tt.in, got, err)
		}
		if tt.err != "" && (err == nil || !errors.Is(err, ErrInvalidWord) || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("Normalize(%q) error %v, want %q", tt.in, err, tt.err)
		}
	}
}

func TestIn(t *testing.T) {
	w := New([]string{"kubectl", "Qwen"}, "v1")
	got := w.In([]string{"Run", "KUBECTL", "with", "Qwen", "and", "qwen", "kubectl"}, 10)
	if strings.Join(got, ",") != "KUBECTL,Qwen,kubectl" {
		t.Errorf("In = %v", got)
	}
}

// TestClosestMatchesExhaustive: the length and letter filters never lose
// a listed word within reach. Closest is compared with a plain scan of
// every entry, on made-up words and misspellings of them (edits of one and
// two letters, changes of case, non-ASCII letters).
func TestClosestMatchesExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	letters := []rune("abcdeéfghijklmnoöpqrstuvwxyz0")
	word := func() string {
		r := make([]rune, 3+rng.IntN(9))
		for i := range r {
			r[i] = letters[rng.IntN(len(letters))]
		}
		if rng.IntN(3) == 0 {
			r[0] = unicode.ToUpper(r[0])
		}
		return string(r)
	}
	var list []string
	for range 3000 {
		list = append(list, word())
	}
	w := New(list, "v")
	exhaustive := func(word string) string {
		lw := strings.ToLower(word)
		limit := 1
		if utf8.RuneCountInString(word) > 5 {
			limit = 2
		}
		best, bestD := "", limit+1
		for _, s := range list {
			d := textdist.OSA(lw, strings.ToLower(s), limit)
			if d == 0 && (strings.ToLower(s) == s || s == word) {
				continue
			}
			if d < bestD || d == bestD && s < best {
				best, bestD = s, d
			}
		}
		return best
	}
	edit := func(s string) string {
		r := []rune(s)
		i := rng.IntN(len(r))
		switch rng.IntN(4) {
		case 0:
			r[i] = letters[rng.IntN(len(letters))]
		case 1:
			r = append(r[:i], r[i+1:]...)
		case 2:
			r = append(r[:i], append([]rune{letters[rng.IntN(len(letters))]}, r[i:]...)...)
		default:
			r[i] = unicode.ToUpper(r[i])
		}
		return string(r)
	}
	found := 0
	for range 3000 {
		q := list[rng.IntN(len(list))]
		for range rng.IntN(3) {
			q = edit(q)
		}
		if len(q) < 3 {
			continue
		}
		want := exhaustive(q)
		if got := w.Closest(q); got != want {
			t.Fatalf("Closest(%q) = %q, a scan of every entry finds %q", q, got, want)
		}
		if want != "" {
			found++
		}
	}
	if found < 1000 {
		t.Fatalf("only %d of 3000 misspellings had a close listed word: the test checks too little", found)
	}
}

// TestContainsAllocatesNothing: the lookup on the checker's hot path.
func TestContainsAllocatesNothing(t *testing.T) {
	w := New([]string{"kubectl", "Qwen", "straße"}, "v")
	for _, word := range []string{"kubectl", "KUBECTL", "Qwen", "QWEN", "STRASSE", "Straße", "unlisted"} {
		if n := testing.AllocsPerRun(100, func() { w.Contains(word) }); n != 0 {
			t.Errorf("Contains(%q): %v allocations", word, n)
		}
	}
}

func TestNewSkipsDuplicates(t *testing.T) {
	if n := New([]string{"kubectl", "kubectl", "Qwen", "Qwen", "qwen", ""}, "v").Len(); n != 3 {
		t.Errorf("Len = %d, want 3 (kubectl, Qwen, qwen)", n)
	}
}

func TestChanged(t *testing.T) {
	w := New([]string{"kubectl", "Qwen"}, "v")
	for _, tt := range []struct {
		original, replacement string
		want                  bool
	}{
		{"kubectl", "kubect", true},
		{"Kubectl", "kubectl", true}, // the case as written is kept too
		{"kubectl apply", "kubectl applies", false},
		{"Qwen", "Owen", true},
		{"qwen", "Qwen", false}, // not listed as written: Qwen matches only itself
		{"teh", "the", false},
		{"the Qwen model", "Qwen's model", true},
	} {
		if got := w.Changed(tt.original, tt.replacement); got != tt.want {
			t.Errorf("Changed(%q, %q) = %v, want %v", tt.original, tt.replacement, got, tt.want)
		}
	}
	var none *Words
	if none.Changed("kubectl", "x") {
		t.Error("an empty set changes nothing")
	}
}
