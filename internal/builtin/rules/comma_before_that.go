package rules

import "appencorrect/internal/correction"

// CommaBeforeThat drops a comma between a verb of thinking or saying and
// the "that" of its clause: "I believe, that the product is good" → "I
// believe that the product is good". A clause that is the verb's object is
// not set off; "that" as a pronoun after a comma ("I know, that is") is
// left alone.
var CommaBeforeThat = register(&Rule{
	ID:          "EN_COMMA_BEFORE_THAT",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `No comma between a verb such as "believe" and "that": "I believe, that it works" → "I believe that it works".`,
	Stage:       AfterSpelling,
	Order:       338,
	Check:       checkCommaBeforeThat,
})

// thatVerbs take a clause with "that" as their object.
var thatVerbs = set(`believe believes believed think thinks thought know knows knew say says said
hope hopes hoped feel feels felt agree agrees agreed suppose supposes supposed realize realizes
realized claim claims claimed argue argues argued mean means meant`)

func checkCommaBeforeThat(d *Doc, r *Rule) {
	for i := range d.Toks {
		if i+3 >= len(d.Toks) || d.Toks[i+1].Kind != Punct || d.Toks[i+1].Text != "," {
			continue // the comma first: it is rare, the verbs are not
		}
		t := &d.Toks[i]
		sp, th := &d.Toks[i+2], &d.Toks[i+3]
		if !t.IsWord() || sp.Kind != Space || sp.Flags&LineBreak != 0 || !th.IsWord() || th.Norm != "that" || !thatVerbs[t.Norm] {
			continue
		}
		n := d.NextWord(i + 3)
		if n < 0 || d.Toks[n].Norm == "is" || d.Toks[n].Norm == "was" || d.Toks[n].Norm == "'s" {
			continue // "I know, that is, ...": "that" is a pronoun
		}
		if k, _ := d.Next(n); k >= 0 && d.Toks[k].Kind == Punct {
			continue // "I said, that one." - a short answer
		}
		d.Propose(r, `No comma before "that" when its clause is what "`+t.Fixed+`" says or thinks.`, i, t.Fixed, "")
	}
}
