package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// PronounAgreement makes a verb agree with the personal pronoun before it:
// "I has" → "I have", "he have" → "he has", "they was" → "they were",
// "she don't" → "she doesn't", "he like" → "he likes".
//
// It stays silent after an auxiliary ("does he like", "had I known"), for
// the subjunctive "were" ("if I were"), and for "you" and "it" unless they
// start a clause, since both are also objects ("make it work", "told you
// lies").
var PronounAgreement = register(&Rule{
	ID:          "EN_PRONOUN_VERB_AGREEMENT",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `The verb does not agree with its pronoun subject: "I has" → "I have", "he have" → "he has".`,
	Stage:       AfterSpelling,
	Order:       170,
	Check:       checkPronounAgreement,
})

var firstPerson = pairs(`has=have is=am are=am does=do doesn't=don't hasn't=haven't`)

// coordinators before a pronoun may make it part of a compound subject.
var coordinators = set(`and or nor`)

// mandative words make a following "that he go" a correct subjunctive.
var mandative = set(`suggest suggested suggests insist insisted insists demand demanded
demands recommend recommended recommends require required requires important essential
necessary vital request requested propose proposed ask asked urge urged`)

func checkPronounAgreement(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || len(t.Norm) > 4 {
			continue
		}
		person, ok := subjectPronouns[t.Norm]
		if !ok {
			continue
		}
		if t.Norm == "i" && t.Text != "I" && t.Text != "i" || t.Has(Misspelled) {
			continue // "thay" may have been "that", not "they"
		}
		if p := d.PrevWord(i); p >= 0 && (auxiliaries[d.Toks[p].Norm] || coordinators[d.Toks[p].Norm]) {
			continue // "does he", "he and I are", "Tom or she has"
		}
		objectToo := t.Norm == "you" || t.Norm == "it"
		if objectToo && !clauseStart(d, i) {
			continue
		}
		j := d.NextWord(i)
		if j < 0 {
			continue
		}
		if midAdverbs[d.Toks[j].Norm] {
			if j = d.NextWord(j); j < 0 {
				continue
			}
		}
		v := &d.Toks[j]
		if !v.IsWord() || v.Has(Compound) || (v.Has(Capitalized) && !v.Has(SentenceStart)) {
			continue
		}
		var repl string
		switch person {
		case 1:
			repl = firstPerson[v.Norm]
			if repl == "" {
				repl = verbs.base[v.Norm]
			}
		case 2:
			repl = plural[v.Norm]
			if repl == "" {
				repl = verbs.base[v.Norm]
			}
		case 3:
			repl = thirdSing[v.Norm]
			if repl == "" {
				repl = verbs.third[v.Norm]
				if repl != "" && (subjunctiveContext(d, i) || pastInSentence(d, i)) {
					// "She open her eyes and saw": a story in the past,
					// where "opened" is as likely as "opens".
					repl = ""
				}
			}
		}
		if repl == "" {
			continue
		}
		if d.Apostrophe != "'" {
			repl = replaceApostrophe(repl, d.Apostrophe)
		}
		repl = MatchCase(v.Text, repl)
		d.Propose(r, `The verb does not agree with "`+t.Fixed+`": use "`+repl+`".`, j, repl)
	}
}

// subjunctiveContext reports whether the pronoun at i follows "that" after a
// word of demand or necessity ("I insist that he go").
func subjunctiveContext(d *Doc, i int) bool {
	p := d.PrevWord(i)
	if p < 0 || d.Toks[p].Norm != "that" {
		return false
	}
	for k, q := 0, p; k < 4; k++ {
		if q = d.PrevWord(q); q < 0 {
			return false
		}
		if mandative[d.Toks[q].Norm] {
			return true
		}
	}
	return false
}

// pastInSentence reports whether the sentence around word i holds a verb in
// the past tense ("was", "went", "started").
func pastInSentence(d *Doc, i int) bool {
	first, last := i, i
	for first > 0 && !sentenceEnd(&d.Toks[first-1]) {
		first--
	}
	for last+1 < len(d.Toks) && !sentenceEnd(&d.Toks[last+1]) {
		last++
	}
	for k := first; k <= last; k++ {
		t := &d.Toks[k]
		if k == i || !t.IsWord() {
			continue
		}
		w := t.Norm
		if w == "was" || w == "were" {
			return true
		}
		if verbs.past[w] != "" || len(w) > 4 && strings.HasSuffix(w, "ed") {
			// A participle after "be", "is" or "are" is no past tense:
			// "you can be protected", "it is needed".
			if p := d.PrevWord(k); p >= 0 && presentBe[d.Toks[p].Norm] {
				continue
			}
			return true
		}
	}
	return false
}

// presentBe are forms of "be" after which a word in -ed is a participle.
var presentBe = set(`be is are am being isn't aren't`)

// sentenceEnd reports a token that ends a sentence.
func sentenceEnd(t *Token) bool {
	return t.Kind == Punct && (t.Text == "." || t.Text == "!" || t.Text == "?")
}
