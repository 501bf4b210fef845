package rules

import "appencorrect/internal/correction"

// GerundAfterTo puts a verb in its -ing form after the expressions whose
// "to" is a preposition: "I look forward to hear from you" → "to hearing",
// "we got used to live here" → "to living". Only expressions that never
// take an infinitive are listed: after "is used to" the infinitive is a
// purpose ("the tool is used to cut"), so "used to" counts only after a
// form of "get" or after "am". The verb must be a base form whose -ing
// form the dictionary knows.
var GerundAfterTo = register(&Rule{
	ID:          "EN_GERUND_AFTER_TO",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `After "look forward to", "get used to" and the like a verb takes -ing: "look forward to hear" → "look forward to hearing".`,
	Stage:       AfterSpelling,
	Order:       266,
	Check:       checkGerundAfterTo,
})

// prepositionalTo lists, by the word before "to", the words before that
// which make "to" a preposition ("forward" after "look", "used" after
// "get").
var prepositionalTo = map[string]map[string]bool{
	"forward":    set(`look looks looking looked`),
	"used":       set(`get gets got getting gotten am 'm`),
	"accustomed": nil,
	"addicted":   nil,
	"comes":      set(`it`),
	"came":       set(`it`),
}

func checkGerundAfterTo(d *Doc, r *Rule) {
	if d.Lex == nil {
		return
	}
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "to" {
			continue
		}
		p := d.PrevWord(i)
		if p < 0 {
			continue
		}
		before, ok := prepositionalTo[d.Toks[p].Norm]
		if !ok {
			continue
		}
		if before != nil {
			pp := d.PrevWord(p)
			if pp < 0 || !before[d.Toks[pp].Norm] {
				continue
			}
		}
		j := plainWordAfter(d, i)
		if j < 0 || verbs.third[d.Toks[j].Norm] == "" {
			continue
		}
		v := &d.Toks[j]
		ing := presentParticiple(v.Norm)
		if v.Norm == "be" {
			ing = "being"
		}
		if !d.Lex.Known(ing) {
			continue
		}
		repl := MatchCase(v.Text, ing)
		d.Propose(r, `After "`+d.Toks[p].Fixed+` to" a verb takes -ing: "`+repl+`".`, j, repl)
	}
}
