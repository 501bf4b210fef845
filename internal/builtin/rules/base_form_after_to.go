package rules

import "appencorrect/internal/correction"

// BaseFormAfterTo puts the verb after "to" in its base form when a verb
// that takes an infinitive comes before: "I want to going" → "I want to
// go", "we decided to went" → "decided to go", "we have to reduced" →
// "have to reduce", "he tries to finds" → "tries to find". After other
// words "to" may be a preposition ("looking forward to going", "used to
// working"), so they are left alone.
var BaseFormAfterTo = register(&Rule{
	ID:          "EN_BASE_FORM_AFTER_TO",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `After "want to", "try to" and the like the verb takes its base form: "want to going" → "want to go".`,
	Stage:       AfterSpelling,
	Order:       265,
	Check:       checkBaseFormAfterTo,
})

// infinitiveVerbs take "to" and a verb in its base form.
var infinitiveVerbs = set(`want wants wanted wanting need needs needed have has had having going able
try tries tried trying decide decides decided plan plans planned hope hopes hoped learn learns learned
learnt start starts started begin begins began continue continues continued wish wishes wished
like likes liked love loves loved hate hates hated would'd prefer prefers preferred promise promised
refuse refused seem seems seemed manage managed afford allowed forced`)

func checkBaseFormAfterTo(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "to" {
			continue
		}
		p := d.PrevWord(i)
		if p < 0 || !infinitiveVerbs[d.Toks[p].Norm] {
			continue
		}
		j := plainWordAfter(d, i)
		if j < 0 {
			continue
		}
		v := &d.Toks[j]
		repl := verbs.ing[v.Norm]
		if repl == "" {
			repl = verbs.base[v.Norm]
		}
		if repl == "" {
			repl = verbs.past[v.Norm] // "to went", "have to reduced"
		}
		if repl == "" || repl == v.Norm {
			continue
		}
		repl = MatchCase(v.Text, repl)
		d.Propose(r, `After "`+d.Toks[p].Fixed+` to" the verb takes its base form: "`+repl+`".`, j, repl)
	}
}
