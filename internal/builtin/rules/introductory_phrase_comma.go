package rules

import "appencorrect/internal/correction"

// IntroductoryPhraseComma puts a comma after a long prepositional phrase
// that opens a sentence, before the subject of the main clause: "In my
// home town we have a park" → "In my home town, we have a park". The phrase
// must start with a preposition, hold three words or more after it, no
// punctuation and no verb, and be followed by a subject pronoun that cannot
// be an object (I, we, he, she, they), then by a verb, or by a determiner,
// one or two words and an auxiliary or a modal ("In a market economy the
// price must fall": a verb in another form may belong to the phrase, as in
// "the phone rang"). Shorter phrases
// ("In 2010 we moved", "During summer I swim") are left alone: writers and
// style guides differ on them.
var IntroductoryPhraseComma = register(&Rule{
	ID:          "EN_COMMA_AFTER_INTRODUCTORY_PREPOSITIONAL_PHRASE",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `A comma after a long introductory phrase: "In my old village we have a park" → "In my old village, we have a park".`,
	Stage:       AfterSpelling,
	Order:       345,
	Check:       checkIntroductoryPhrase,
})

// introPrepositions open the phrases of IntroductoryPhraseComma.
var introPrepositions = set(`in on at for during after before from since with without by about
throughout within among`)

func checkIntroductoryPhrase(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || !t.Has(SentenceStart) || !introPrepositions[t.Norm] {
			continue
		}
		words, prev := 1, i
		for {
			j := d.NextWord(prev)
			if j < 0 || words > 10 || d.Toks[j].Has(Compound) {
				break
			}
			w := d.Toks[j].Norm
			if mainSubjects[w] {
				if words >= 4 && !notBeforeMainSubject[d.Toks[prev].Norm] && verbAfterSubject(d, d.NextWord(j)) {
					d.ProposeComma(r, `Put a comma after the introductory phrase.`, prev)
				}
				break
			}
			if subjectDeterminers[w] && words >= 4 && !notBeforeMainSubject[d.Toks[prev].Norm] && !subjectDeterminers[d.Toks[prev].Norm] && nounPhraseSubject(d, j) {
				// "In a market economy the price must fall."
				d.ProposeComma(r, `Put a comma after the introductory phrase.`, prev)
				break
			}
			if w == "you" || w == "it" || w == "there" || auxiliaries[w] || modals[w] || isVerbForm(w) || conjunctions[w] && w != "as" {
				break // a verb or a clause: not a phrase
			}
			words++
			prev = j
		}
	}
}

// subjectDeterminers start a noun phrase that may be the subject of the
// main clause after an introductory phrase.
var subjectDeterminers = set(`the a an this these those my our his her their your its`)

// nounPhraseSubject reports whether the determiner at word i starts a
// subject: one or two plain words in lower case, then a verb
// ("the price must", "the young people are").
func nounPhraseSubject(d *Doc, i int) bool {
	j := i
	for k := 0; k < 2; k++ {
		if j = plainWordAfter(d, j); j < 0 {
			return false
		}
		w := d.Toks[j].Norm
		if subjectDeterminers[w] || prepositions[w] || conjunctions[w] || auxiliaries[w] || modals[w] ||
			subjectPronouns[w] != 0 || singularSubjects[w] {
			return false // "the bus you should": the subject is "you"
		}
		if n := d.NextWord(j); n >= 0 && (auxiliaries[d.Toks[n].Norm] || modals[d.Toks[n].Norm] || nounModal[d.Toks[n].Norm]) {
			return true
		}
	}
	return false
}

// verbAfterSubject reports whether word i is a verb that can follow a
// subject: an auxiliary, a modal, a form of a verb of the verb tables, or an
// adverb before one.
func verbAfterSubject(d *Doc, i int) bool {
	if i < 0 {
		return false
	}
	w := d.Toks[i].Norm
	if midAdverbs[w] {
		return verbAfterSubject(d, d.NextWord(i))
	}
	return auxiliaries[w] || modals[w] || nounModal[w] || isVerbForm(w) || len(w) > 4 && w[len(w)-2:] == "ed"
}
