package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// TagQuestion ends a sentence that closes with a question tag with a
// question mark: "It is cheap, isn't it." → "It is cheap, isn't it?". The
// tag is an auxiliary or a modal (with or without "n't") and a subject
// pronoun, after a comma, right before the period.
var TagQuestion = register(&Rule{
	ID:          "EN_TAG_QUESTION_MARK",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `A question tag ends with a question mark: "It is cheap, isn't it." → "It is cheap, isn't it?".`,
	Stage:       AfterSpelling,
	Order:       376,
	Check:       checkTagQuestion,
})

func checkTagQuestion(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if t.Kind != Punct || t.Text != "." || t.Flags&Code != 0 || i < 1 || d.Toks[i-1].Kind != Word {
			continue
		}
		if i+1 < len(d.Toks) && d.Toks[i+1].Kind == Punct {
			continue // "..." or ".)"
		}
		pr := i - 1
		if subjectPronouns[d.Toks[pr].Norm] == 0 {
			continue
		}
		a := d.PrevWord(pr)
		if a < 0 || a != pr-2 {
			continue
		}
		aux := strings.TrimSuffix(d.Toks[a].Norm, "n't")
		if aux == "ca" || aux == "wo" || aux == "sha" {
			aux += "n"
		}
		if !auxiliaries[aux] && !modals[aux] && !nounModal[aux] && aux != "do" && aux != "does" && aux != "did" {
			continue
		}
		if c, sp := d.Prev(a); c < 0 || !sp || d.Toks[c].Text != "," {
			continue
		}
		d.Propose(r, `A question tag ends with a question mark.`, i, "?")
	}
}
