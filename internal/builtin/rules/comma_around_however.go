package rules

import "appencorrect/internal/correction"

// CommaAroundHowever sets "however" off with commas inside a sentence: "A
// younger person however will need time" → "A younger person, however,
// will need time"; "for example" and "for instance" too ("in one case for
// example the scroll" → "in one case, for example, the scroll"). Only between two words, when "however" modifies no
// adjective or adverb after it ("however hard", "however much": see
// degreeWords), the word before it is no conjunction ("and however") nor
// "not", and no subject follows: "… the world however it is" joins two
// clauses, which want "; however," rather than commas.
var CommaAroundHowever = register(&Rule{
	ID:          "EN_COMMA_AROUND_HOWEVER",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `Commas around "however" or "for example" inside a sentence: "A younger person however will" → "A younger person, however, will".`,
	Stage:       AfterSpelling,
	Order:       337,
	Check:       checkCommaAroundHowever,
})

func checkCommaAroundHowever(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "however" || t.Has(SentenceStart) || t.Has(Compound) || d.Edited(i) {
			continue
		}
		p, n := d.PrevWord(i), d.NextWord(i)
		if p < 0 || p != i-2 || n < 0 || n != i+2 || !d.Toks[p].IsWord() || !d.Toks[n].IsWord() || d.Edited(p) {
			continue
		}
		if conjunctions[d.Toks[p].Norm] || d.Toks[p].Norm == "not" || degreeWords[d.Toks[n].Norm] || d.Toks[p].Has(Compound) {
			continue
		}
		if mainSubjects[d.Toks[n].Norm] || d.Toks[n].Norm == "it" || d.Toks[n].Norm == "there" {
			continue // "… in the world however it is": two clauses, which want "; however,"
		}
		d.Propose(r, `Set "however" off with commas inside a sentence.`, p, d.Toks[p].Fixed+",", " ", t.Fixed+",")
	}
	checkCommaAroundForExample(d, r)
}

// checkCommaAroundForExample sets "for example" and "for instance" off with
// commas between two words of a sentence: "in one case for example the
// scroll" → "in one case, for example, the scroll".
func checkCommaAroundForExample(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "for" || t.Has(SentenceStart) || d.Edited(i) {
			continue
		}
		e := d.NextWord(i)
		if e < 0 || e != i+2 || d.Toks[e].Norm != "example" && d.Toks[e].Norm != "instance" || d.Edited(e) {
			continue
		}
		p, n := d.PrevWord(i), d.NextWord(e)
		if p < 0 || p != i-2 || n < 0 || n != e+2 || !d.Toks[p].IsWord() || !d.Toks[n].IsWord() || d.Edited(p) {
			continue
		}
		if nw := d.Toks[n].Norm; conjunctions[d.Toks[p].Norm] || d.Toks[p].Norm == "like" || d.Toks[p].Has(Compound) ||
			nw == "of" || prepositions[nw] || mainSubjects[nw] || nw == "you" || nw == "it" || nw == "there" {
			// "and for example"; "things to visit for example in Madrid
			// you can": a new sentence starts, which commas would not mend
			continue
		}
		d.Propose(r, `Set "`+t.Fixed+` `+d.Toks[e].Fixed+`" off with commas inside a sentence.`, p,
			d.Toks[p].Fixed+",", " ", t.Fixed, " ", d.Toks[e].Fixed+",")
	}
}
