package rules

import (
	"appencorrect/internal/correction"
)

// ToToo: "to much." → "too much.": "to" before "much" or "many" that end
// the clause is the adverb "too" ("it costs to much"); "lead to many
// problems" is left alone. So is "to" between a verb of being and an
// adjective: "it is to expensive" → "too expensive".
var ToToo = register(&Rule{
	ID:          "EN_TO_TOO",
	Category:    ConfusedWords,
	Type:        correction.Grammar,
	Description: `"to" written for "too": "it costs to much." → "it costs too much."`,
	Stage:       AfterSpelling,
	Order:       160,
	Check:       checkToToo,
})

// tooAdjectives follow "too" after a verb of being ("it is too
// expensive"); none of them is also a verb that "to" could introduce.
var tooAdjectives = set(`expensive pretty big small difficult late early old young far cheap busy
tired hot cold heavy high low short weak easy dangerous boring noisy crowded fast slow loud
lazy shy afraid scared`)

// toBeForms are the verbs of being and seeming after which "to" and an
// adjective is "too": "it is to expensive".
var toBeForms = set(`is are was were be been am looks look looked seems seem seemed feel feels
felt get gets got become becomes became`)

func checkToToo(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "to" {
			continue
		}
		if j := d.NextWord(i); j == i+2 && tooAdjectives[d.Toks[j].Norm] {
			// "it is to expensive", "it looks to pretty"
			if p := d.PrevWord(i); p >= 0 && p == i-2 && toBeForms[d.Toks[p].Norm] {
				d.Propose(r, `Did you mean "too `+d.Toks[j].Fixed+`"?`, i, MatchCase(t.Text, "too"))
			}
			continue
		}
		j := d.NextWord(i)
		if j < 0 || j != i+2 || d.Toks[j].Norm != "much" && d.Toks[j].Norm != "many" || !endsClause(d, j) {
			continue
		}
		p := d.PrevWord(i)
		if p < 0 || prepositions[d.Toks[p].Norm] || d.Toks[p].Norm == "as" {
			continue // "as to much"
		}
		from := false
		for k, q := 0, p; k < 4 && q >= 0; k, q = k+1, d.PrevWord(q) {
			from = from || d.Toks[q].Norm == "from"
		}
		if from {
			continue // "from little to much"
		}
		if n, _ := d.Next(j); n >= 0 && (d.Toks[n].Text == "-" || d.Toks[n].Text == "'" || d.Toks[n].Text == "’") {
			continue
		}
		d.Propose(r, `Did you mean "too `+d.Toks[j].Fixed+`"?`, i, MatchCase(t.Text, "too"))
	}
}
