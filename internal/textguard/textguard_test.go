package textguard

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		s    string
		k    Kind
		want string // "" for nil, else a substring of the error
	}{
		{"my key", Label, ""},
		{"مفتاح الفريق", Label, ""},      // right-to-left script
		{"abc\u200fdef", Label, ""},      // RLM mark
		{"line\nbreak", Prose, ""},       //
		{"line\nbreak", Label, "U+000A"}, // one line only
		{"nul\x00here", Prose, "NUL"},    //
		{"evil\u202Egnp.exe", Label, "U+202E"},
		{"isolate\u2066x\u2069", Prose, "U+2066"},
		{"bell\a", Prose, "U+0007"},
		{"bad \xff byte", Prose, "UTF-8"},
	}
	for _, tt := range tests {
		err := Check("f", tt.s, tt.k)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("Check(%q) = %v, want nil", tt.s, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("Check(%q) = %v, want an error with %q", tt.s, err, tt.want)
		}
	}
}

func TestInvalidJSONText(t *testing.T) {
	tests := []struct {
		in   string
		off  int
		what string
	}{
		{`{"text":"fine é 😀"}`, -1, ""},
		{`{"text":"\ud83d\ude00"}`, -1, ""},     // a pair
		{`{"text":"a\ud800"}`, 10, "surrogate"}, // lone high
		{`{"text":"\udc00x"}`, 9, "surrogate"},  // lone low
		{`{"text":"\ud800\u0041"}`, 9, "surrogate"},
		{`{"text":"\\ud800"}`, -1, ""}, // an escaped backslash, then text
		{"{\"text\":\"a\xffb\"}", 10, "UTF-8"},
		{`{"t\ud800":1}`, 3, "surrogate"}, // in a key too
	}
	for _, tt := range tests {
		off, what := InvalidJSONText([]byte(tt.in))
		if off != tt.off || !strings.Contains(what, tt.what) {
			t.Errorf("InvalidJSONText(%s) = %d %q, want %d %q", tt.in, off, what, tt.off, tt.what)
		}
	}
}
