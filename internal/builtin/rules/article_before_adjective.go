package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// ArticleBeforeAdjective puts "a" or "an" before an adjective and a singular
// noun that is counted, where a verb or a preposition comes before and the
// noun phrase ends after them: "This is important thing." → "This is an
// important thing.", "for long time" → "for a long time", "I got good
// score." → "a good score". The adjective is one of a list of common ones;
// the noun must have a common plural (a mass noun has none: "good music",
// "hard work") and be no word of mass_after_adjective.
var ArticleBeforeAdjective = register(&Rule{
	ID:          "EN_ARTICLE_BEFORE_ADJECTIVE",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `"a" left out before an adjective and a counted noun: "This is important thing" → "This is an important thing".`,
	Stage:       AfterSpelling,
	Order:       201,
	Check:       checkArticleBeforeAdjective,
})

var (
	// articleVerbs take a noun phrase after them.
	articleVerbs = set(`is was be been become became have has had got get gets take took
make made find found for as`)
	// countAdjectives are common adjectives before a counted noun.
	countAdjectives = set(`good bad great important big small long short nice new different
hard difficult easy interesting beautiful wonderful extraordinary serious huge excellent
terrible perfect special strange useful dangerous popular famous old young real strong
positive negative major main better worse best`)
	massAfterAdjective = wordSet("mass_after_adjective")
)

// countShare: the plural of a counted noun is at least this share of its
// singular's frequency (ideas/idea, things/thing).
const countShare = 0.25

func checkArticleBeforeAdjective(d *Doc, r *Rule) {
	fl, ok := d.Lex.(FrequencyLexicon)
	if !ok {
		return
	}
	for i := range d.Toks {
		t := &d.Toks[i]
		if len(t.Norm) > 6 || !t.IsWord() || !articleVerbs[t.Norm] {
			continue // every verb of the list has six letters or fewer
		}
		a := plainWordAfter(d, i)
		if a < 0 || a != i+2 || !countAdjectives[d.Toks[a].Norm] {
			continue
		}
		n := plainWordAfter(d, a)
		if n < 0 || n != a+2 {
			continue
		}
		w := d.Toks[n].Norm
		if len(w) < 3 || strings.HasSuffix(w, "s") || massAfterAdjective[w] || countAdjectives[w] ||
			isVerbForm(w) || strings.HasSuffix(w, "ly") || !d.Lex.Known(w) {
			continue
		}
		pl := nounPlural(w)
		if !d.Lex.Known(pl) || fl.Frequency(pl) < countShare*fl.Frequency(w) {
			continue
		}
		if !endsClause(d, n) {
			m := d.NextWord(n)
			if m < 0 || !nounPhraseEnds[d.Toks[m].Norm] || m != n+2 {
				continue // "a good score" may go on: "good score boards"
			}
		}
		art := "a"
		if wordSound(d.Toks[a].Norm) == vowelSound {
			art = "an"
		}
		repl := art + " " + d.Toks[a].Fixed
		d.Propose(r, `A singular noun that is counted needs an article: "`+repl+` `+d.Toks[n].Fixed+`".`, a, repl)
	}
}
