package rules

import (
	"appencorrect/internal/correction"
)

// CommaBeforeConjunction puts a comma before "but" or "so" that joins two
// clauses: "I tried but it failed" → "I tried, but it failed", "I was
// tired so I left" → "I was tired, so I left". Only where a subject pronoun
// follows the conjunction (after "so" also a determiner or a name: "so Tom
// left") and the clause before has at least three words;
// "not only ... but", "nothing but", "all but", "I think so" and "so that"
// are left alone.
var CommaBeforeConjunction = register(&Rule{
	ID:          "EN_COMMA_BEFORE_CONJUNCTION",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `A comma before "but" or "so" joining two clauses: "I tried but it failed" → "I tried, but it failed".`,
	Stage:       AfterSpelling,
	Order:       330,
	Check:       checkCommaBeforeConjunction,
})

var (
	conjSubjects = set(`i you he she we they it there this`)
	// soSubjects start a clause after "so" too ("so the boys left"): after
	// "so" a determiner or a name begins a subject, while after "but" it is
	// as often the object of a verb left out ("cheap but the food").
	soSubjects = set(`the my his her our their your its these those everybody everyone nobody people`)
	// notBeforeBut and notBeforeSo are words after which "but" or "so"
	// does not join clauses ("nothing but", "I think so", "even so").
	notBeforeBut = set(`not nothing all anything everything anyone nobody none last only no`)
	notBeforeSo  = set(`not only no think hope guess said say believe suppose even and or do did does more`)
)

func checkCommaBeforeConjunction(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "but" && t.Norm != "so" || t.Has(SentenceStart) || t.Has(Compound) {
			continue
		}
		p := d.PrevWord(i)
		not := notBeforeBut
		if t.Norm == "so" {
			not = notBeforeSo
		}
		if p < 0 || p != i-2 || !d.Toks[p].IsWord() || not[d.Toks[p].Norm] || d.Toks[p].Has(Compound) {
			continue
		}
		n := d.NextWord(i)
		if n < 0 || d.NextWord(n) < 0 {
			continue
		}
		if nt := &d.Toks[n]; !conjSubjects[nt.Norm] && (t.Norm != "so" || !soSubjects[nt.Norm] && !(nt.Has(Capitalized) && !nt.Has(SentenceStart))) {
			continue
		}
		// At least three words since the start of the clause, and no
		// "not only" in it.
		words := 0
		for q := p; q >= 0; q = d.PrevWord(q) {
			words++
			if d.Toks[q].Norm == "only" && t.Norm == "but" {
				words = 0
				break
			}
		}
		if words < 3 {
			continue
		}
		d.ProposeComma(r, `Put a comma before "`+t.Fixed+`" when it joins two clauses.`, p)
	}
}
