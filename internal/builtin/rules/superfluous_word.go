package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// SuperfluousWord drops a word that learners add where English has none:
// "despite of" → "despite", "discuss about" → "discuss", "emphasize on" →
// "emphasize", "most of people" → "most people" (and "many of", "some of",
// "few of", "several of", "both of" before a plural without a determiner),
// "can't to do" → "can't do", "made me to feel" → "made me feel", "go for
// shopping" → "go shopping", "trust on it" → "trust it".
var SuperfluousWord = register(&Rule{
	ID:          "EN_SUPERFLUOUS_WORD",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `A word English does not use here: "despite of" → "despite", "discuss about" → "discuss", "can't to do" → "can't do".`,
	Stage:       AfterSpelling,
	Order:       240,
	Check:       checkSuperfluousWord,
})

var (
	// directObjectVerbs take their object without a preposition.
	directObjectVerbs = set(`discuss discussed discusses discussing mention mentioned mentions
mentioning`)
	// toModals are modal verbs after which "to" is wrong before a verb.
	toModals = set(`can can't cannot could couldn't should shouldn't must mustn't will won't
would wouldn't may might`)
	// emphasisVerbs take their object without "on".
	emphasisVerbs = set(`emphasize emphasized emphasizes emphasizing emphasise emphasised
emphasises emphasising trust trusts trusted trusting`)
	// goVerbs take an activity in -ing without "for": "go shopping".
	goVerbs      = set(`go goes went going gone`)
	goActivities = set(`shopping swimming fishing hiking running dancing skiing camping sightseeing
jogging walking bowling surfing sailing riding skating climbing cycling`)
	// ofQuantifiers take "of" only before a determiner or a pronoun:
	// "many of people" → "many people", but "many of the people".
	ofQuantifiers = set(`most many some few several both`)
	// mostOfNext may follow "most of": "most of the", "most of them".
	mostOfNext = set(`the a an my your his her its our their this that these those them us you
it all which what whom whose it's each one`)
	// bareInfinitiveVerbs take an object and a verb without "to": "made me
	// feel", "let them go".
	bareInfinitiveVerbs = set(`make makes made making let lets letting`)
	// negatedModals never end a clause that "to" then follows for a
	// purpose: "what they can't to do" is wrong where "what they can to
	// help" is right.
	negatedModals = set(`can't cannot couldn't shouldn't mustn't won't wouldn't`)
	// theDeterminers never follow "the": "the these reasons".
	theDeterminers = set(`these those this my your his our their its`)
	// objectPronouns are the object forms of the personal pronouns.
	objectPronouns = set(`me him her us them you`)
)

func checkSuperfluousWord(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Has(Compound) {
			continue
		}
		j := d.NextWord(i)
		if j < 0 || j != i+2 || !d.Toks[j].IsWord() || d.Toks[j].Has(Compound) {
			continue
		}
		n := d.Toks[j].Norm
		k := d.NextWord(j)
		switch {
		case t.Norm == "despite" && n == "of":
		case n == "about" && directObjectVerbs[t.Norm], n == "on" && emphasisVerbs[t.Norm]:
			if k < 0 {
				continue
			}
		case n == "of" && ofQuantifiers[t.Norm]:
			// "most of people" but not "most of the people", "most of all",
			// "most of Europe"; "a few of them".
			if k < 0 || k != j+2 || mostOfNext[d.Toks[k].Norm] || d.Toks[k].Has(Capitalized) || !d.Toks[k].IsWord() ||
				strings.ContainsAny(d.Toks[k].Norm, "'’") || !regularPlural(d, k) && !pluralSubjects[d.Toks[k].Norm] {
				continue
			}
		case n == "to" && toModals[t.Norm]:
			// "can't to do" but not "will to live", "can to some extent".
			if k < 0 || verbs.third[d.Toks[k].Norm] == "" && d.Toks[k].Norm != "be" && d.Toks[k].Norm != "do" {
				continue
			}
			if p := d.PrevWord(i); p >= 0 && (d.Toks[p].Norm == "the" || d.Toks[p].Norm == "a" || d.Toks[p].Norm == "free") {
				continue // "the will to live"
			}
			if !negatedModals[t.Norm] && wordWithin(d, i, 3, "as", "all", "everything", "whatever", "what", "anything") {
				continue // "as much as it can to make": "to" starts a purpose clause
			}
		case t.Norm == "the" && theDeterminers[n]:
			// "For the these reasons" → "For these reasons": the
			// determiner after "the" is the one to keep.
			keep := d.Toks[j].Fixed
			if t.Has(Capitalized) {
				keep = MatchCase(t.Text, keep) // "The my car" → "My car"
			}
			d.Propose(r, `"`+t.Fixed+`" is not needed before "`+d.Toks[j].Fixed+`".`, i, "", "", keep)
			continue
		case n == "for" && goVerbs[t.Norm]:
			// "go for shopping" → "go shopping"; not "go for a walk".
			if k < 0 || k != j+2 || !goActivities[d.Toks[k].Norm] {
				continue
			}
		case n == "to" && objectPronouns[t.Norm]:
			// "made me to feel" → "made me feel"; not "make it to the top".
			if p := d.PrevWord(i); p < 0 || !bareInfinitiveVerbs[d.Toks[p].Norm] || k < 0 || verbs.third[d.Toks[k].Norm] == "" {
				continue
			}
		default:
			continue
		}
		d.Propose(r, `"`+d.Toks[j].Fixed+`" is not needed after "`+t.Fixed+`".`, i, t.Fixed, "", "")
	}
}

// wordWithin reports whether one of ws is among the n words before word i
// on its line.
func wordWithin(d *Doc, i, n int, ws ...string) bool {
	for k, q := 0, d.PrevWord(i); k < n && q >= 0; k, q = k+1, d.PrevWord(q) {
		for _, w := range ws {
			if d.Toks[q].Norm == w {
				return true
			}
		}
	}
	return false
}
