package rules

import "appencorrect/internal/correction"

// GoodWell writes the adverb "well" for "good" after a verb of action: "they
// recovered really good after the fire" → "well", "she plays good." →
// "well". Only after a verb of the verb tables that is no verb of being,
// seeming or sensing ("it looks good", "it tastes good") nor "do" ("do
// good" is doing good deeds), with "really", "very", "so" or "pretty"
// between at most, and when the clause ends after "good" or a preposition
// or conjunction follows ("good at chess" is left alone).
var GoodWell = register(&Rule{
	ID:          "EN_GOOD_WELL",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `"good" used for the adverb "well" after a verb: "they recovered really good" → "really well".`,
	Stage:       AfterSpelling,
	Order:       206,
	Check:       checkGoodWell,
})

var (
	// linkingVerbs take an adjective: "it looks good", "I feel good".
	linkingVerbs = set(`look looks looked looking feel feels felt feeling seem seems seemed sound
sounds sounded smell smells smelled smelt taste tastes tasted get gets got getting become becomes
became turn turns turned stay stays stayed remain remains remained prove proves proved appear
appears appeared keep keeps kept make makes made find finds found think thinks thought consider
considered do does did doing done`)
	// goodIntensifiers may stand between the verb and "good".
	goodIntensifiers = set(`really very so pretty quite`)
	// afterWell may follow "well" and end its clause's verb phrase.
	afterWell = set(`after when in on at and but or because since during with before until
if as for today now again`)
)

func checkGoodWell(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || t.Norm != "good" || t.Has(Compound) {
			continue
		}
		v := d.PrevWord(i)
		if v >= 0 && goodIntensifiers[d.Toks[v].Norm] {
			v = d.PrevWord(v)
		}
		if v < 0 || !d.Toks[v].IsWord() {
			continue
		}
		w := d.Toks[v].Norm
		if linkingVerbs[w] || beForms[w] || w == "be" || w == "been" || w == "being" || w == "am" {
			continue
		}
		if verbs.past[w] == "" && verbs.base[w] == "" {
			continue // a lexical verb in the past or the -s form only: "work good" may be "work, good"
		}
		if !endsClause(d, i) {
			n := d.NextWord(i)
			if n < 0 || n != i+2 || !afterWell[d.Toks[n].Norm] {
				continue
			}
		}
		d.Propose(r, `After a verb, use the adverb "well".`, i, MatchCase(t.Text, "well"))
	}
}
