package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// PronounAgreement makes a verb agree with the personal pronoun before it:
// "I has" → "I have", "he have" → "he has", "they was" → "they were",
// "she don't" → "she doesn't", "he like" → "he likes".
//
// It stays silent after an auxiliary ("does he like", "had I known"), for
// the subjunctive "were" ("if I were"), and for "you" and "it" unless they
// start a clause, since both are also objects ("make it work", "told you
// lies").
var PronounAgreement = &Rule{
	ID:          "EN_PRONOUN_VERB_AGREEMENT",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `The verb does not agree with its pronoun subject: "I has" → "I have", "he have" → "he has".`,
	Stage:       AfterSpelling,
	Check:       checkPronounAgreement,
}

var (
	firstPerson = pairs(`has=have is=am are=am does=do doesn't=don't hasn't=haven't`)
	plural      = pairs(`has=have is=are was=were does=do doesn't=don't hasn't=haven't
isn't=aren't wasn't=weren't am=are`)
	thirdSing = pairs(`have=has are=is am=is do=does don't=doesn't haven't=hasn't aren't=isn't`)
)

// coordinators before a pronoun may make it part of a compound subject.
var coordinators = set(`and or nor`)

// mandative words make a following "that he go" a correct subjunctive.
var mandative = set(`suggest suggested suggests insist insisted insists demand demanded
demands recommend recommended recommends require required requires important essential
necessary vital request requested propose proposed ask asked urge urged`)

func checkPronounAgreement(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || len(t.Norm) > 4 {
			continue
		}
		person, ok := subjectPronouns[t.Norm]
		if !ok {
			continue
		}
		if t.Norm == "i" && t.Text != "I" && t.Text != "i" {
			continue
		}
		if p := d.PrevWord(i); p >= 0 && (auxiliaries[d.Toks[p].Norm] || coordinators[d.Toks[p].Norm]) {
			continue // "does he", "he and I are", "Tom or she has"
		}
		objectToo := t.Norm == "you" || t.Norm == "it"
		if objectToo && !clauseStart(d, i) {
			continue
		}
		j := d.NextWord(i)
		if j < 0 {
			continue
		}
		if midAdverbs[d.Toks[j].Norm] {
			if j = d.NextWord(j); j < 0 {
				continue
			}
		}
		v := &d.Toks[j]
		if !v.IsWord() || v.Has(Compound) || (v.Has(Capitalized) && !v.Has(SentenceStart)) {
			continue
		}
		var repl string
		switch person {
		case 1:
			repl = firstPerson[v.Norm]
			if repl == "" {
				repl = verbs.base[v.Norm]
			}
		case 2:
			repl = plural[v.Norm]
			if repl == "" {
				repl = verbs.base[v.Norm]
			}
		case 3:
			repl = thirdSing[v.Norm]
			if repl == "" {
				repl = verbs.third[v.Norm]
				if repl != "" && subjunctiveContext(d, i) {
					repl = ""
				}
			}
		}
		if repl == "" {
			continue
		}
		if d.Apostrophe != "'" {
			repl = replaceApostrophe(repl, d.Apostrophe)
		}
		repl = MatchCase(v.Text, repl)
		d.Propose(r, `The verb does not agree with "`+t.Fixed+`": use "`+repl+`".`, j, repl)
	}
}

// subjunctiveContext reports whether the pronoun at i follows "that" after a
// word of demand or necessity ("I insist that he go").
func subjunctiveContext(d *Doc, i int) bool {
	p := d.PrevWord(i)
	if p < 0 || d.Toks[p].Norm != "that" {
		return false
	}
	for k, q := 0, p; k < 4; k++ {
		if q = d.PrevWord(q); q < 0 {
			return false
		}
		if mandative[d.Toks[q].Norm] {
			return true
		}
	}
	return false
}

// BaseFormAfterDo puts the verb after a negated "do" or a modal in its base
// form: "doesn't likes" → "doesn't like", "didn't went" → "didn't go",
// "could has" → "could have".
var BaseFormAfterDo = &Rule{
	ID:          "EN_BASE_FORM_AFTER_AUX",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `After "do not" or a modal verb the verb takes its base form: "doesn't likes" → "doesn't like".`,
	Stage:       AfterSpelling,
	Check:       checkBaseForm,
}

var (
	negDo     = set(`don't doesn't didn't`)
	do        = set(`do does did`)
	modals    = set(`could would should must might shall couldn't wouldn't shouldn't mustn't mightn't cannot can't won't`)
	nounModal = set(`can will may`) // also nouns: "the can holds"
	afterAux  = set(`really even always never ever just also actually still not`)
)

func checkBaseForm(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || len(t.Norm) > 9 {
			continue
		}
		n := t.Norm
		past := false // a did-form: a past tense after it is wrong too
		j := d.NextWord(i)
		if j < 0 {
			continue
		}
		switch {
		case negDo[n]:
			past = n == "didn't"
		case do[n]:
			if d.Toks[j].Norm != "not" {
				continue
			}
			past = n == "did"
			if j = d.NextWord(j); j < 0 {
				continue
			}
		case modals[n]:
		case nounModal[n]:
			p := d.PrevWord(i)
			if p < 0 || subjectPronouns[d.Toks[p].Norm] == 0 || t.Text == "May" {
				continue
			}
		default:
			continue
		}
		if afterAux[d.Toks[j].Norm] {
			if j = d.NextWord(j); j < 0 {
				continue
			}
			if d.Toks[j].Norm == "not" || afterAux[d.Toks[j].Norm] {
				if j = d.NextWord(j); j < 0 {
					continue
				}
			}
		}
		v := &d.Toks[j]
		if !v.IsWord() || v.Has(Compound) || v.Has(Capitalized) {
			continue
		}
		repl := verbs.base[v.Norm]
		if repl == "" && past {
			repl = verbs.past[v.Norm]
		}
		if repl == "" {
			repl = stemOfThird(d, v.Norm)
		}
		if repl == "" {
			continue
		}
		repl = MatchCase(v.Text, repl)
		d.Propose(r, `After "`+t.Fixed+`" the verb takes its base form: "`+repl+`".`, j, repl)
	}
}

func replaceApostrophe(s, a string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			return s[:i] + a + s[i+1:]
		}
	}
	return s
}

// notThird are words ending in "s" that are not verbs in the third person
// although their stem is a word.
var notThird = set(`sometimes besides towards afterwards backwards forwards nowadays always
perhaps yes thus plus less unless news series means is was has does its his hers ours yours
theirs various serious famous this us as whereas across alongside ones others`)

// stemOfThird returns the base form of a third person singular verb that
// the verb tables lack ("resists" → "resist"), using the dictionary: after
// a modal or a negated "do" only a verb can follow, so a known stem is
// enough. It returns "" when unsure.
func stemOfThird(d *Doc, w string) string {
	n := len(w)
	if d.Lex == nil || n < 5 || w[n-1] != 's' || w[n-2] == 's' || w[n-2] == 'u' || w[n-2] == 'i' || notThird[w] {
		return ""
	}
	var cands [2]string
	switch {
	case strings.HasSuffix(w, "ies"):
		cands[0] = w[:n-3] + "y"
	case strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "zes"):
		cands[0] = w[:n-2]
	default:
		cands[0] = w[:n-1]
	}
	for _, c := range cands {
		if len(c) >= 3 && d.Lex.Known(c) {
			return c
		}
	}
	return ""
}

// PerfectParticiple: after "have" a verb takes its past participle, not
// its simple past: "have took" → "have taken", "has went" → "has gone".
var PerfectParticiple = &Rule{
	ID:          "EN_PERFECT_PARTICIPLE",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `The simple past used after "have": "have took" → "have taken".`,
	Stage:       AfterSpelling,
	Check:       checkPerfectParticiple,
}

var haveForms = set(`have has had 've 'd haven't hasn't hadn't i've you've we've they've
he's she's it's`)

func checkPerfectParticiple(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || !haveForms[t.Norm] {
			continue
		}
		j := d.NextWord(i)
		if j >= 0 && (afterAux[d.Toks[j].Norm] || d.Toks[j].Norm == "already") {
			j = d.NextWord(j)
		}
		if j < 0 {
			continue
		}
		v := &d.Toks[j]
		repl := participles[v.Norm]
		if repl == "" || !v.IsWord() || v.Has(Capitalized) {
			continue
		}
		if strings.HasSuffix(t.Norm, "'s") && repl != "gone" && repl != "done" && repl != "been" {
			// "he's went" → "he's gone"; but "it's broke" is slang for
			// "it is broke": only the clearest participles after 's.
			continue
		}
		if n := d.NextWord(j); v.Norm == "saw" && n < 0 {
			continue // "we have saw" is rare, "a saw" is a tool
		}
		repl = MatchCase(v.Text, repl)
		d.Propose(r, `After "`+t.Fixed+`" use the past participle "`+repl+`".`, j, repl)
	}
}
