package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// PluralAfterQuantifier puts a count noun in the plural after a word that
// calls for several things: "several reason." → "several reasons.", "many
// problem in" → "many problems in". The noun must be followed by
// punctuation, the end, or a word that cannot continue a noun phrase (a
// preposition, a conjunction, a verb of being), so that "many new cars"
// is not read as "many new"; words that are also common verbs ("many
// agree that") and words that are not nouns are left alone; the plural
// must be a known word.
var PluralAfterQuantifier = register(&Rule{
	ID:          "EN_PLURAL_AFTER_QUANTIFIER",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `A singular noun after a word like "many" or "several": "several reason" → "several reasons".`,
	Stage:       AfterSpelling,
	Order:       210,
	Check:       checkPluralAfterQuantifier,
})

var pluralQuantifiers = set(`many several various numerous few these those two three four five six seven eight nine ten twelve fifteen twenty thirty forty fifty`)

func checkPluralAfterQuantifier(d *Doc, r *Rule) {
	if d.Lex == nil {
		return
	}
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() {
			continue
		}
		q := quantifierEnd(d, i)
		if q < 0 {
			continue
		}
		j := d.NextWord(q)
		if j >= 0 && superlative(d, j) {
			if d.Toks[j].Norm == "most" {
				j = d.NextWord(j)
			}
			if j >= 0 {
				j = d.NextWord(j)
			}
		}
		if j < 0 || d.Toks[j-1].Kind != Space {
			continue
		}
		t = &d.Toks[q]
		n := &d.Toks[j]
		w := n.Norm
		if !n.IsWord() || n.Has(Compound) || n.Has(Capitalized) || len(w) < 3 || notCountNouns[w] ||
			w[len(w)-1] == 's' || verbs.third[w] != "" || verbs.base[w] != "" || verbs.past[w] != "" || verbs.ing[w] != "" ||
			strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed") {
			continue
		}
		if k, sp := d.Next(j); k >= 0 {
			nt := &d.Toks[k]
			switch {
			case nt.Kind == Punct && !sp && strings.Contains(",.;:!?", nt.Text):
			case nt.Kind == Space && nt.Flags&LineBreak != 0:
			case nt.Kind == Word:
				if !nounPhraseEnds[nt.Norm] {
					continue
				}
			default:
				if nt.Kind != Space {
					continue
				}
				if m := d.NextWord(j); m < 0 || !nounPhraseEnds[d.Toks[m].Norm] {
					continue
				}
			}
		}
		pl := nounPlural(w)
		if pl == "" || !d.Lex.Known(pl) {
			continue
		}
		if fl, ok := d.Lex.(FrequencyLexicon); ok && fl.Frequency(pl) < minPluralShare*fl.Frequency(w) {
			continue // a mass noun: "many pollution" wants "much", not "pollutions"
		}
		repl := MatchCase(n.Text, pl)
		d.Propose(r, `After "`+t.Fixed+`" the noun takes the plural: "`+repl+`".`, j, repl)
	}
}

// ofPlurals start phrases "X of the ..." that take a plural noun: "one of
// the best place" → "places", "each of my friend" → "friends".
var (
	ofPlurals     = set(`one each many several both either neither few`)
	ofDeterminers = set(`the my your his her our their these those`)
	numberOpeners = set(`the a large great small growing increasing huge`)
)

// quantifierEnd returns the last word of a phrase that starts at word i
// and calls for a plural noun: "several", "the number of", "one of the";
// or -1.
func quantifierEnd(d *Doc, i int) int {
	w := d.Toks[i].Norm
	if pluralQuantifiers[w] {
		if j := d.NextWord(i); j >= 0 && d.Toks[j].Norm == "of" {
			return -1 // "several of them"
		}
		return i
	}
	j := d.NextWord(i)
	if j < 0 || d.Toks[j].Norm != "of" {
		return -1
	}
	switch {
	case w == "couple" && precededBy(d, i, "a"):
		return j // "a couple of"
	case w == "number":
		if p := d.PrevWord(i); p >= 0 && numberOpeners[d.Toks[p].Norm] {
			return j
		}
	case ofPlurals[w]:
		if k := d.NextWord(j); k >= 0 && ofDeterminers[d.Toks[k].Norm] {
			return k
		}
	}
	return -1
}

// superlative reports whether word i is a superlative ("best", "biggest")
// or "most" before an adjective.
func superlative(d *Doc, i int) bool {
	w := d.Toks[i].Norm
	switch w {
	case "best", "worst", "most":
		return true
	}
	return inflectedComparatives[w] && strings.HasSuffix(w, "est")
}
