package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// PerfectParticiple: after "have" a verb takes its past participle, not
// its simple past: "have took" → "have taken", "has went" → "has gone".
var PerfectParticiple = register(&Rule{
	ID:          "EN_PERFECT_PARTICIPLE",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `The simple past used after "have": "have took" → "have taken".`,
	Stage:       AfterSpelling,
	Order:       270,
	Check:       checkPerfectParticiple,
})

var haveForms = set(`have has had 've 'd haven't hasn't hadn't i've you've we've they've
he's she's it's`)

func checkPerfectParticiple(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || !haveForms[t.Norm] {
			continue
		}
		j := d.NextWord(i)
		if j >= 0 && (afterAux[d.Toks[j].Norm] || d.Toks[j].Norm == "already") {
			j = d.NextWord(j)
		}
		if j < 0 {
			continue
		}
		v := &d.Toks[j]
		repl := participles[v.Norm]
		if repl == "" || !v.IsWord() || v.Has(Capitalized) {
			continue
		}
		if strings.HasSuffix(t.Norm, "'s") && repl != "gone" && repl != "done" && repl != "been" {
			// "he's went" → "he's gone"; but "it's broke" is slang for
			// "it is broke": only the clearest participles after 's.
			continue
		}
		if n := d.NextWord(j); v.Norm == "saw" && n < 0 {
			continue // "we have saw" is rare, "a saw" is a tool
		}
		repl = MatchCase(v.Text, repl)
		d.Propose(r, `After "`+t.Fixed+`" use the past participle "`+repl+`".`, j, repl)
	}
}
