package rules

import (
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/correction"
)

// LowercaseI: the pronoun "i" → "I" ("i'm" → "I'm"). List markers ("(i)",
// "i)") and "i." at the start of a line are left alone.
var LowercaseI = &Rule{
	ID:          "EN_LOWERCASE_I",
	Category:    Casing,
	Type:        correction.Grammar,
	Description: `The pronoun "I" is always a capital: "i think" → "I think".`,
	Stage:       AfterSpelling,
	Check:       checkLowercaseI,
}

var iForms = set(`i i'm i've i'll i'd`)

func checkLowercaseI(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Fixed == "" || t.Fixed[0] != 'i' || len(t.Norm) > 4 || !iForms[t.Norm] || t.Has(Compound) {
			continue
		}
		if t.Norm == "i" {
			p, psp := d.Prev(i)
			n, nsp := d.Next(i)
			if p >= 0 && !psp && d.Toks[p].Kind == Punct {
				continue // "(i", "-i"
			}
			if n >= 0 && !nsp && d.Toks[n].Kind == Punct && (d.Toks[n].Text == ")" || d.Toks[n].Text == ".") {
				if d.Toks[n].Text == ")" || t.Flags&(SentenceStart|SoftStart) != 0 {
					continue // "i)", "i. First item"
				}
			}
			if n >= 0 && d.Toks[n].Kind == Punct && (d.Toks[n].Text == "=" || d.Toks[n].Text == "+" || d.Toks[n].Text == "<") {
				continue // "i = 0"
			}
		}
		d.Recase(r, `The pronoun "I" is written with a capital.`, i, Capitalize)
	}
}

// SentenceStartCase: a sentence starts with a capital letter. Only words
// after a clear sentence end (or at the start of the text) are checked: not
// after an ellipsis, a line break, or "?" closing a quotation.
var SentenceStartCase = &Rule{
	ID:          "UPPERCASE_SENTENCE_START",
	Category:    Casing,
	Type:        correction.Grammar,
	Description: `A sentence starts with a capital letter.`,
	Stage:       AfterSpelling,
	Check:       checkSentenceStart,
}

func checkSentenceStart(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || !t.Has(SentenceStart) || t.Fixed == "" {
			continue
		}
		c, _ := utf8.DecodeRuneInString(t.Fixed)
		if !unicode.IsLower(c) {
			continue
		}
		if n, sp := d.Next(i); n >= 0 && !sp && d.Toks[n].Kind == Punct && (d.Toks[n].Text == ")" || d.Toks[n].Text == ".") && len(t.Fixed) == 1 {
			continue // "a) ...", "b. ..."
		}
		d.Recase(r, `This sentence does not start with a capital letter.`, i, Capitalize)
	}
}

// WordRepeat: a word written twice in a row ("the the"). Repetitions that
// are grammatical or emphatic ("had had", "that that", "very very", "bye
// bye") are allowed.
var WordRepeat = &Rule{
	ID:          "EN_WORD_REPEAT",
	Category:    Typos,
	Type:        correction.Grammar,
	Description: `The same word twice in a row: "the the" → "the".`,
	Stage:       AfterSpelling,
	Check:       checkWordRepeat,
}

var repeatOK = set(`had that is do bye ha haha he hee ho no yes very really so blah bla la
knock well tsk dum boo chop tut pom yeah go now there many far more much long bang
wow hip hey hi oh ah huh mm hmm hm night tick tock ding dong yum bye-bye cha cho
bla-bla dog you it her`)

func checkWordRepeat(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Fixed == "" || t.Has(Compound) {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || j != i+2 || d.Toks[j].Norm != t.Norm || !d.Toks[j].IsWord() || d.Toks[j].Has(Compound) {
			continue
		}
		if repeatOK[t.Norm] {
			continue
		}
		// "The the" keeps the first word's case.
		d.Propose(r, `Possible typo: you repeated a word.`, i, t.Fixed, "", "")
	}
}
