package rules

import (
	"appencorrect/internal/correction"
)

// TheirThere: "their is" → "there is", "there going to" → "they're going to".
var TheirThere = register(&Rule{
	ID:          "EN_THEIR_THERE",
	Category:    ConfusedWords,
	Type:        correction.Grammar,
	Description: `"their", "there" and "they're" confused: "their is" → "there is", "there going" → "they're going".`,
	Stage:       AfterSpelling,
	Order:       130,
	Check:       checkTheir,
})

var (
	beForms      = set(`is are was were isn't aren't wasn't weren't`)
	theyAreVerbs = set(`going doing trying getting coming`)
)

func checkTheir(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || (t.Norm != "their" && t.Norm != "there" && t.Norm != "they're") {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || !d.Toks[j].IsWord() {
			continue
		}
		n := d.Toks[j].Norm
		var repl, msg string
		switch {
		case t.Norm == "they're" && beForms[n]:
			repl, msg = "there", `Did you mean "there"? "they're" means "they are".`
		case t.Norm == "there" && verbs.ing[n] != "" && n != "being" && (clauseStart(d, i) || n == "going" && d.NextWord(j) >= 0 && d.Toks[d.NextWord(j)].Norm == "to"):
			// "There making changes", "there going to win"; but not
			// "I sat there thinking", "is there going to be".
			if p := d.PrevWord(i); p >= 0 && (auxiliaries[d.Toks[p].Norm] || d.Toks[p].Norm == "be" || d.Toks[p].Norm == "over") {
				continue
			}
			repl, msg = "they"+d.Apostrophe+"re", `Did you mean "they're" (they are)?`
		case t.Norm == "their" && beForms[n]:
			repl, msg = "there", `Did you mean "there"? "their" is the possessive.`
		case t.Norm == "their" && n == "has":
			if k := d.NextWord(j); k >= 0 && d.Toks[k].Norm == "been" {
				repl, msg = "there", `Did you mean "there"? "their" is the possessive.`
			}
		case t.Norm == "their" && (theyAreVerbs[n] || n == "not"):
			// "Is there going to be..." is right: no verb of being before.
			if p := d.PrevWord(i); p >= 0 && (auxiliaries[d.Toks[p].Norm] || d.Toks[p].Norm == "be" || d.Toks[p].Norm == "over") {
				continue
			}
			repl, msg = "they"+d.Apostrophe+"re", `Did you mean "they're" (they are)?`
		}
		if repl == "" {
			continue
		}
		d.Propose(r, msg, i, MatchCase(t.Text, repl))
	}
}
