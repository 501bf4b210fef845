package rules

import (
	"strings"
)

// FrequencyLexicon is a Lexicon that also knows how common words are.
type FrequencyLexicon interface {
	Lexicon
	// Frequency returns the relative frequency of word (0 when unknown).
	Frequency(word string) float64
}

// minPluralShare: a count noun's plural is common, at least this share of
// its singular's frequency (reasons/reason, companies/company); the plural
// of a mass noun is rare (pollutions, energies, confusions).
const minPluralShare = 0.15

// nounPlural returns the regular plural of a noun.
func nounPlural(w string) string {
	n := len(w)
	switch {
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "sh") || strings.HasSuffix(w, "ch") ||
		strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z"):
		return w + "es"
	case n > 1 && w[n-1] == 'y' && !isVowel(w[n-2]):
		return w[:n-1] + "ies"
	}
	return w + "s"
}

// singularOf returns the singular of a regular plural: "details" →
// "detail", "cities" → "city", "boxes" → "box"; "" for a word of fewer
// than four letters or without the -s.
func singularOf(w string) string {
	n := len(w)
	switch {
	case n < 4 || w[n-1] != 's':
		return ""
	case strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "sses"):
		return w[:n-2]
	}
	return w[:n-1]
}

// regularPlural reports whether word k is a regular plural noun followed
// by punctuation, the end, or a word that ends a noun phrase ("editors.",
// "cars in"): its singular is a known word that is no verb form.
func regularPlural(d *Doc, k int) bool {
	t := &d.Toks[k]
	w := t.Norm
	n := len(w)
	if d.Lex == nil || !t.IsWord() || t.Has(Capitalized) || t.Has(Compound) || n < 4 || w[n-1] != 's' ||
		strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") ||
		singularInS[w] || notThird[w] || isVerbForm(w) {
		return false
	}
	stem := singularOf(w)
	if !d.Lex.Known(stem) || isVerbForm(stem) {
		return false
	}
	next, sp := d.Next(k)
	switch {
	case next < 0:
		return true
	case d.Toks[next].Kind == Punct:
		return !sp && strings.Contains(",.;:!?", d.Toks[next].Text)
	}
	m := d.NextWord(k)
	return m >= 0 && nounPhraseEnds[d.Toks[m].Norm]
}
