package rules

import (
	"appencorrect/internal/correction"
)

// WordRepeat: a word written twice in a row ("the the"). Repetitions that
// are grammatical or emphatic ("had had", "that that", "very very", "bye
// bye") are allowed.
var WordRepeat = register(&Rule{
	ID:          "EN_WORD_REPEAT",
	Category:    Typos,
	Type:        correction.Grammar,
	Description: `The same word twice in a row: "the the" → "the".`,
	Stage:       AfterSpelling,
	Order:       280,
	Check:       checkWordRepeat,
})

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
