package dictionary

import (
	"errors"
	"strings"
	"testing"
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
