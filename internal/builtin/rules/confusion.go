package rules

import "appencorrect/internal/correction"

// The confusion rules fire only where the neighbouring words make the
// intended word near-certain; everywhere else they stay silent.

// CouldOf: "could of" → "could have".
var CouldOf = &Rule{
	ID:          "EN_COULD_OF",
	Category:    ConfusedWords,
	Type:        correction.Grammar,
	Description: `"of" written for "have" after a modal verb: "could of" → "could have".`,
	Stage:       AfterSpelling,
	Check:       checkCouldOf,
}

var ofModals = set(`could would should must might may couldn't wouldn't shouldn't mustn't mightn't`)

func checkCouldOf(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || !ofModals[t.Norm] {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || d.Toks[j].Norm != "of" || !d.Toks[j].IsWord() {
			continue
		}
		if k := d.NextWord(j); k >= 0 && d.Toks[k].Norm == "course" {
			continue
		}
		repl := MatchCase(d.Toks[j].Text, "have")
		d.Propose(r, `Did you mean "`+t.Fixed+` have"?`, j, repl)
	}
}

// ItsIts: "its a pity" → "it's a pity"; "it's own" → "its own".
var ItsIts = &Rule{
	ID:          "EN_ITS_IT_IS",
	Category:    ConfusedWords,
	Type:        correction.Grammar,
	Description: `"its" (possessive) confused with "it's" (it is): "its a" → "it's a", "it's own" → "its own".`,
	Stage:       AfterSpelling,
	Check:       checkIts,
}

// afterItIs are words that follow "it's" but never the possessive "its".
var afterItIs = set(`a an the not been too really just always never getting going raining
snowing ok okay no my your our their his her about because what like also actually
probably still gonna`)

// itIsAdjectives often follow "it's" and introduce a clause: "it's hard to".
var itIsAdjectives = set(`important hard easy possible impossible necessary difficult clear true
obvious good bad nice great better interesting essential likely unlikely fun sad strange
surprising obvious useful dangerous normal common rare enough time`)

func checkIts(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || (t.Norm != "its" && t.Norm != "it's") {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || !d.Toks[j].IsWord() || d.Toks[j].Has(Compound) {
			continue
		}
		n := d.Toks[j].Norm
		if t.Norm == "its" && !afterItIs[n] && itIsAdjectives[n] {
			// "its important to", "its clear that": an adjective
			// introducing a clause, not a possessive before a noun.
			if k := d.NextWord(j); k >= 0 && (d.Toks[k].Norm == "to" || d.Toks[k].Norm == "that") {
				n = "not" // as sure as "its not"
			}
		}
		if t.Norm == "its" && afterItIs[n] {
			repl := MatchCase(t.Text, "it"+d.Apostrophe+"s")
			d.Propose(r, `Did you mean "`+repl+`" (it is)? "its" is the possessive.`, i, repl)
		} else if t.Norm == "it's" && n == "own" {
			repl := MatchCase(t.Text, "its")
			d.Propose(r, `Did you mean the possessive "its"? "it's" means "it is".`, i, repl)
		}
	}
}

// YourYoure: "your welcome" → "you're welcome", "your going" → "you're going".
var YourYoure = &Rule{
	ID:          "EN_YOUR_YOU_RE",
	Category:    ConfusedWords,
	Type:        correction.Grammar,
	Description: `"your" (possessive) confused with "you're" (you are): "your going" → "you're going".`,
	Stage:       AfterSpelling,
	Check:       checkYour,
}

var afterYouAre = set(`a an the not going doing getting trying coming talking saying kidding
joking gonna so too always never sure`)

func checkYour(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "your" {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || !d.Toks[j].IsWord() || d.Toks[j].Has(Compound) {
			continue
		}
		n := d.Toks[j].Norm
		ok := afterYouAre[n]
		if n == "welcome" {
			// "Your welcome!" but not "thanks for your welcome."
			ok = clauseStart(d, i) && endsClause(d, j)
		}
		if !ok {
			continue
		}
		repl := MatchCase(t.Text, "you"+d.Apostrophe+"re")
		d.Propose(r, `Did you mean "`+repl+`" (you are)? "your" is the possessive.`, i, repl)
	}
}

// TheirThere: "their is" → "there is", "there going to" → "they're going to".
var TheirThere = &Rule{
	ID:          "EN_THEIR_THERE",
	Category:    ConfusedWords,
	Type:        correction.Grammar,
	Description: `"their", "there" and "they're" confused: "their is" → "there is", "there going" → "they're going".`,
	Stage:       AfterSpelling,
	Check:       checkTheir,
}

var (
	beForms      = set(`is are was were isn't aren't wasn't weren't`)
	theyAreVerbs = set(`going doing trying getting coming`)
)

func checkTheir(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || (t.Norm != "their" && t.Norm != "there" && t.Norm != "they're") {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || !d.Toks[j].IsWord() {
			continue
		}
		n := d.Toks[j].Norm
		var repl, msg string
		switch {
		case t.Norm == "they're" && beForms[n]:
			repl, msg = "there", `Did you mean "there"? "they're" means "they are".`
		case t.Norm == "there" && verbs.ing[n] != "" && n != "being" && (clauseStart(d, i) || n == "going" && d.NextWord(j) >= 0 && d.Toks[d.NextWord(j)].Norm == "to"):
			// "There making changes", "there going to win"; but not
			// "I sat there thinking", "is there going to be".
			if p := d.PrevWord(i); p >= 0 && (auxiliaries[d.Toks[p].Norm] || d.Toks[p].Norm == "be" || d.Toks[p].Norm == "over") {
				continue
			}
			repl, msg = "they"+d.Apostrophe+"re", `Did you mean "they're" (they are)?`
		case t.Norm == "their" && beForms[n]:
			repl, msg = "there", `Did you mean "there"? "their" is the possessive.`
		case t.Norm == "their" && n == "has":
			if k := d.NextWord(j); k >= 0 && d.Toks[k].Norm == "been" {
				repl, msg = "there", `Did you mean "there"? "their" is the possessive.`
			}
		case t.Norm == "their" && (theyAreVerbs[n] || n == "not"):
			// "Is there going to be..." is right: no verb of being before.
			if p := d.PrevWord(i); p >= 0 && (auxiliaries[d.Toks[p].Norm] || d.Toks[p].Norm == "be" || d.Toks[p].Norm == "over") {
				continue
			}
			repl, msg = "they"+d.Apostrophe+"re", `Did you mean "they're" (they are)?`
		}
		if repl == "" {
			continue
		}
		d.Propose(r, msg, i, MatchCase(t.Text, repl))
	}
}

// ThenThan: "better then" → "better than".
var ThenThan = &Rule{
	ID:          "EN_THEN_THAN",
	Category:    ConfusedWords,
	Type:        correction.Grammar,
	Description: `"then" written for "than" after a comparative: "better then" → "better than".`,
	Stage:       AfterSpelling,
	Check:       checkThen,
}

var comparatives = set(`better worse more less fewer rather larger smaller bigger greater
higher lower older younger faster slower stronger weaker easier harder cheaper shorter
richer poorer happier smarter taller wider deeper heavier lighter nicer busier cleaner
clearer other`)

func checkThen(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "then" {
			continue
		}
		p := d.PrevWord(i)
		if p < 0 || !comparatives[d.Toks[p].Norm] || !d.Toks[p].IsWord() {
			continue
		}
		if d.NextWord(i) < 0 { // "it got better then." : a time adverb
			continue
		}
		d.Propose(r, `Use "than" after a comparative: "`+d.Toks[p].Fixed+` than".`, i, MatchCase(t.Text, "than"))
	}
}

// LoseLoose: "loose the game" → "lose the game".
var LoseLoose = &Rule{
	ID:          "EN_LOSE_LOOSE",
	Category:    ConfusedWords,
	Type:        correction.Grammar,
	Description: `"loose" (not tight) written for the verb "lose": "will loose weight" → "will lose weight".`,
	Stage:       AfterSpelling,
	Check:       checkLoose,
}

var beforeLose = set(`to will would could can might may should must shall don't doesn't
didn't won't can't couldn't wouldn't shouldn't cannot never`)

func checkLoose(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || (t.Norm != "loose" && t.Norm != "loosing") {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || !loseObjects[d.Toks[j].Norm] {
			continue
		}
		repl := "losing"
		if t.Norm == "loose" {
			p := d.PrevWord(i)
			if p < 0 || !beforeLose[d.Toks[p].Norm] {
				continue
			}
			repl = "lose"
		}
		d.Propose(r, `Did you mean the verb "`+repl+`"? "loose" means "not tight".`, i, MatchCase(t.Text, repl))
	}
}

// clauseStart reports whether word i starts a clause: it starts a sentence,
// or follows punctuation or a conjunction.
func clauseStart(d *Doc, i int) bool {
	t := &d.Toks[i]
	if t.Flags&(SentenceStart|SoftStart) != 0 {
		return true
	}
	p, _ := d.Prev(i)
	if p < 0 {
		return true
	}
	pt := &d.Toks[p]
	switch pt.Kind {
	case Punct:
		return pt.Text != "'" && pt.Text != "’" && pt.Text != "-"
	case Word:
		return pt.Flags&Code == 0 && conjunctions[pt.Norm]
	}
	return false
}

// endsClause reports whether word i is followed by punctuation (other than
// a hyphen or apostrophe) or the end of the text.
func endsClause(d *Doc, i int) bool {
	n, _ := d.Next(i)
	if n < 0 {
		return true
	}
	nt := &d.Toks[n]
	return nt.Kind == Punct && nt.Text != "-" && nt.Text != "'" && nt.Text != "’"
}

// ToToo: "to much." → "too much.": "to" before "much" or "many" that end
// the clause is the adverb "too" ("it costs to much"); "lead to many
// problems" is left alone.
var ToToo = &Rule{
	ID:          "EN_TO_TOO",
	Category:    ConfusedWords,
	Type:        correction.Grammar,
	Description: `"to" written for "too": "it costs to much." → "it costs too much."`,
	Stage:       AfterSpelling,
	Check:       checkToToo,
}

func checkToToo(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "to" {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || j != i+2 || d.Toks[j].Norm != "much" && d.Toks[j].Norm != "many" || !endsClause(d, j) {
			continue
		}
		p := d.PrevWord(i)
		if p < 0 || prepositions[d.Toks[p].Norm] || d.Toks[p].Norm == "as" {
			continue // "as to much"
		}
		from := false
		for k, q := 0, p; k < 4 && q >= 0; k, q = k+1, d.PrevWord(q) {
			from = from || d.Toks[q].Norm == "from"
		}
		if from {
			continue // "from little to much"
		}
		if n, _ := d.Next(j); n >= 0 && (d.Toks[n].Text == "-" || d.Toks[n].Text == "'" || d.Toks[n].Text == "’") {
			continue
		}
		d.Propose(r, `Did you mean "too `+d.Toks[j].Fixed+`"?`, i, MatchCase(t.Text, "too"))
	}
}
