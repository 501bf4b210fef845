package rules

import "appencorrect/internal/correction"

// CommaBeforeEspecially puts a comma before "especially" or "particularly"
// that adds a phrase to a clause: "They are cheaper than the others
// especially when you buy two" → "… the others, especially when …". Only
// after a word that is not "and", "or", "not", a verb of being or an
// adverb it may modify ("is especially good", "not especially"), with a
// clause of four words or more before it.
var CommaBeforeEspecially = register(&Rule{
	ID:          "EN_COMMA_BEFORE_ESPECIALLY",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `A comma before "especially" that adds a phrase: "cheaper than the others especially when" → "the others, especially when".`,
	Stage:       AfterSpelling,
	Order:       336,
	Check:       checkCommaBeforeEspecially,
})

// especiallyNext start the phrase that "especially" adds.
var especiallyNext = set(`when if in for because since after during with among the my your his
her our their those these on at to as where while`)

func checkCommaBeforeEspecially(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "especially" && t.Norm != "particularly" || t.Has(SentenceStart) {
			continue
		}
		p := d.PrevWord(i)
		if p < 0 || p != i-2 || !d.Toks[p].IsWord() || d.Toks[p].Has(Compound) {
			continue
		}
		w := d.Toks[p].Norm
		if conjunctions[w] || w == "not" || auxiliaries[w] || modals[w] || beForms[w] || w == "be" || w == "been" || midAdverbs[w] || prepositions[w] {
			continue
		}
		n := d.NextWord(i)
		if n < 0 || !especiallyNext[d.Toks[n].Norm] {
			continue
		}
		words := 0
		for q := p; q >= 0 && words < 4; q = d.PrevWord(q) {
			words++
		}
		if words < 4 {
			continue
		}
		d.ProposeComma(r, `Put a comma before "`+t.Fixed+`" when it adds a phrase.`, p)
	}
}
