package llm

import (
	"encoding/json"
	"slices"
	"testing"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/pipeline"
)

func TestSettler(t *testing.T) {
	const in = "I has a eror. She go home. It is fine."
	const out = "I have an error. She goes home. It is fine."
	jsonOut, _ := json.Marshal(map[string]string{"corrected_text": out})
	prefixes := func(s string) []string {
		var p []string
		for i := 1; i <= len(s); i++ {
			p = append(p, s[:i])
		}
		return p
	}
	tests := []struct {
		name  string
		mode  OutputMode
		off   int      // the text's leading white space
		texts []string // the streamed answers, in order
		spans [][2]int // settled spans reported
		fixes []string // the originals of the corrections reported
	}{
		{name: "text, sentence by sentence", mode: OutputText, texts: prefixes(out),
			spans: [][2]int{{0, 13}, {13, 26}}, fixes: []string{"has", "a", "eror", "go"}},
		{name: "offset by leading white space", mode: OutputText, off: 3, texts: prefixes(out),
			spans: [][2]int{{3, 16}, {16, 29}}, fixes: []string{"has", "a", "eror", "go"}},
		{name: "json, sentence by sentence", mode: OutputJSON, texts: prefixes(string(jsonOut)),
			spans: [][2]int{{0, 13}, {13, 26}}, fixes: []string{"has", "a", "eror", "go"}},
		{name: "merged sentences stop it", mode: OutputText, texts: prefixes("I have an error, she goes home. It is fine.")},
		{name: "a retry that writes another answer stops it", mode: OutputText,
			texts: append(prefixes("I have an error. She "), "I had", "I had an error. She goes home. It is fine."),
			spans: [][2]int{{0, 13}}, fixes: []string{"has", "a", "eror"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEngine(nil, EngineConfig{Mode: tt.mode})
			var spans [][2]int
			var fixes []string
			s := newSettler(e, in, tt.off, language.Tag{Code: language.English}, func(p pipeline.Settled) {
				spans = append(spans, [2]int{p.Start, p.End})
				for _, c := range p.Corrections {
					if c.Start < p.Start || c.End > p.End {
						t.Errorf("correction %+v outside its span [%d,%d)", c, p.Start, p.End)
					}
					fixes = append(fixes, c.Original)
				}
			})
			for _, x := range tt.texts {
				s.text(x)
			}
			if !slices.Equal(spans, tt.spans) {
				t.Errorf("spans %v, want %v", spans, tt.spans)
			}
			if !slices.Equal(fixes, tt.fixes) {
				t.Errorf("corrections of %q, want %q", fixes, tt.fixes)
			}
		})
	}
	// What is settled is what the whole answer gives.
	var whole []string
	for _, c := range correction.Align(in, out) {
		whole = append(whole, c.Original)
	}
	if !slices.Equal(whole[:len(tests[0].fixes)], tests[0].fixes) {
		t.Errorf("the whole answer's corrections %q", whole)
	}
}
