package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/correction"
)

// UnnecessaryCapital writes a word that is never a name, capitalised in the
// middle of a sentence, in lower case: "I Planned many activities" →
// "planned", "But Generally speaking" → "generally", "from The government"
// → "the". Only function words, verb forms of the verb tables and adverbs
// in -ly are touched: nouns capitalised inside a sentence are as often
// names, titles or subjects ("the Castle", "my Anatomy exam") as mistakes.
// It needs a lexicon that knows proper nouns (CaseLexicon): a word listed
// with its capital is left alone, and so is every word next to another
// capitalised word ("New York", a title), after a colon, a quotation mark or
// a bracket (after a comma, all but function words: "For example, When I"
// → "when"), in a sentence where capitals are common (a heading), and words
// the spelling check changed.
var UnnecessaryCapital = register(&Rule{
	ID:          "EN_UNNECESSARY_CAPITAL",
	Category:    Casing,
	Type:        correction.Spelling,
	Description: `A common word written with a capital inside a sentence: "in the Monarchy" → "in the monarchy".`,
	Stage:       AfterSpelling,
	Order:       305,
	Check:       checkUnnecessaryCapital,
})

// CaseLexicon is a Lexicon that tells proper nouns from common words.
type CaseLexicon interface {
	Lexicon
	// Listed reports whether word is a word with exactly these capitals.
	Listed(word string) bool
}

func checkUnnecessaryCapital(d *Doc, r *Rule) {
	lex, ok := d.Lex.(CaseLexicon)
	if !ok {
		return
	}
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || !t.Has(Capitalized) || t.Flags&(SentenceStart|SoftStart|AllCaps|Compound|Misspelled) != 0 ||
			len(t.Fixed) < 3 || t.Fixed != t.Text || !titleCase(t.Text) {
			continue
		}
		if p, sp := d.Prev(i); p < 0 || !sp || d.Toks[p].Flags&LineBreak != 0 ||
			d.Toks[p].Kind != Word && !(d.Toks[p].Text == "," && functionWords[t.Norm]) {
			continue // after punctuation (a colon, a quote, a bracket) or a line break; after a comma only a function word
		}
		if capitalNeighbour(d, d.PrevWord(i)) || capitalNeighbour(d, d.NextWord(i)) || headingLike(d, i) {
			continue
		}
		if !neverName(t.Norm) || lex.Listed(t.Text) || !lex.Known(t.Norm) {
			continue
		}
		if !functionWords[t.Norm] && precededBy(d, i, "the", "a", "an", "and", "or", "like", "my", "your", "his", "her", "our", "their") {
			continue // "the Fall of", "Lara and Pointing": a name
		}
		d.Recase(r, `This word takes no capital inside a sentence.`, i, lowerFirst)
	}
}

// titleCase reports a word of one capital followed by lower-case letters.
func titleCase(s string) bool {
	for k, c := range s {
		if k == 0 {
			if !unicode.IsUpper(c) {
				return false
			}
			continue
		}
		if !unicode.IsLower(c) {
			return false
		}
	}
	return true
}

// capitalNeighbour reports whether word j is capitalised, other than the
// pronoun "I" or a sentence's first word.
func capitalNeighbour(d *Doc, j int) bool {
	if j < 0 {
		return false
	}
	t := &d.Toks[j]
	return t.Has(Capitalized) && !iForms[t.Norm] && t.Flags&SentenceStart == 0
}

// headingLike reports a sentence with capitals on a third or more of its
// words, not counting its first word and "I": a heading or a title, where
// capitals are a style.
func headingLike(d *Doc, i int) bool {
	caps, words := 0, 0
	count := func(t *Token) {
		if t.Kind != Word {
			return
		}
		words++
		if t.Has(Capitalized) && t.Flags&SentenceStart == 0 && t.Norm != "i" {
			caps++
		}
	}
	for k := i - 1; k >= 0 && !sentenceEnd(&d.Toks[k]); k-- {
		count(&d.Toks[k])
	}
	for k := i + 1; k < len(d.Toks) && !sentenceEnd(&d.Toks[k]); k++ {
		count(&d.Toks[k])
	}
	return caps > 0 && 3*(caps+1) >= words
}

// lowerFirst writes the first letter of s in lower case.
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}

// functionWords are determiners, pronouns, prepositions, conjunctions and
// auxiliaries: words that are never names.
var functionWords = set(`the a an this that these those some any every each all both either neither
my your his her its our their me him us them myself yourself himself herself ourselves themselves
of in on at to for with from by about into onto through during before after above below under over
between among against without within upon and or but nor so yet because although though while if
unless whether than then when where why how what which who whom whose is are was were be been being
am have has had do does did will would shall should can could may might must not also very too
just only even still already often always never sometimes usually`)

// neverName reports a word that is not a name in any capitalisation: a
// function word, a verb form of the verb tables or an adverb in -ly.
func neverName(w string) bool {
	return functionWords[w] || isVerbForm(w) || len(w) > 5 && strings.HasSuffix(w, "ly")
}
