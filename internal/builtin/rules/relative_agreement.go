package rules

import "appencorrect/internal/correction"

// RelativeAgreement makes the verb of a relative clause agree with the noun
// it describes: "someone who want" → "someone who wants", "a person who
// live" → "lives", "people who lives" → "people who live". The noun must be
// one whose number is certain: an indefinite pronoun, a plural such as
// "people", or a noun for a person after "a", "an", "every", "each" or
// "one". A lexical verb is left alone in a story told in the past
// ("a man who live there died": "lived" is as likely).
var RelativeAgreement = register(&Rule{
	ID:          "EN_RELATIVE_CLAUSE_AGREEMENT",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `The verb of a relative clause does not agree with its noun: "someone who want" → "someone who wants".`,
	Stage:       AfterSpelling,
	Order:       182,
	Check:       checkRelativeAgreement,
})

// singularDeterminers make the noun for a person after them singular.
var singularDeterminers = set(`a an every each one`)

// personNoun reports a noun for a person (the role nouns of
// data/words.txt, and "one": "every one who").
func personNoun(w string) bool { return roleNouns[w] || roleNounsAn[w] || w == "one" }

func checkRelativeAgreement(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "who" && t.Norm != "that" {
			continue
		}
		a := d.PrevWord(i)
		if a < 0 {
			continue
		}
		n := d.Toks[a].Norm
		singular := singularSubjects[n]
		if !singular && personNoun(n) {
			det := d.PrevWord(a)
			singular = det >= 0 && singularDeterminers[d.Toks[det].Norm]
		}
		if !singular && (!pluralSubjects[n] || t.Norm == "that") {
			continue // "tell people that lives are at risk": "that" may start a clause
		}
		j := plainWordAfter(d, i)
		if j < 0 {
			continue
		}
		v := &d.Toks[j]
		var repl string
		if singular {
			if repl = thirdSing[v.Norm]; repl == "" && !pastInSentence(d, j) {
				repl = verbs.third[v.Norm]
			}
		} else if repl = plural[v.Norm]; repl == "" && !pastInSentence(d, j) {
			repl = verbs.base[v.Norm]
		}
		if repl == "" || repl == v.Norm || repl == "am" {
			continue
		}
		if d.Apostrophe != "'" {
			repl = replaceApostrophe(repl, d.Apostrophe)
		}
		repl = MatchCase(v.Text, repl)
		d.Propose(r, `The verb does not agree with "`+d.Toks[a].Fixed+`": use "`+repl+`".`, j, repl)
	}
}
