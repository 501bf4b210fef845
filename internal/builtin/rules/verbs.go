package rules

import "strings"

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

// mainVerb reports whether word i is an auxiliary, a modal or a past
// tense, as starts a main clause after its subject ("..., we will", "...,
// I lived"); a present tense may start a relative clause instead ("a job
// we like").
func mainVerb(d *Doc, i int) bool {
	if i < 0 {
		return false
	}
	w := d.Toks[i].Norm
	return auxiliaries[w] || modals[w] || nounModal[w] || verbs.past[w] != "" || strings.HasSuffix(w, "ed") && len(w) > 4
}

// plainWordAfter returns the word after word i when it is a plain word in
// lower case (not part of a compound, not capitalised), the kind a rule
// may put in another form; else -1.
func plainWordAfter(d *Doc, i int) int {
	j := d.NextWord(i)
	if j < 0 {
		return -1
	}
	if v := &d.Toks[j]; !v.IsWord() || v.Has(Compound) || v.Has(Capitalized) {
		return -1
	}
	return j
}

// isVerbForm reports a form of a verb of the verb tables: a clause may
// follow it as its object ("when I realized they").
func isVerbForm(w string) bool {
	return verbs.third[w] != "" || verbs.base[w] != "" || verbs.past[w] != "" || verbs.ing[w] != ""
}

// verbs maps base forms and third person singular forms to each other.
type verbTable struct {
	third map[string]string // base → third person singular ("go" → "goes")
	base  map[string]string // third person singular → base
	past  map[string]string // regular and irregular past → base
	ing   map[string]string // present participle → base
}

var verbs = buildVerbs()

func buildVerbs() verbTable {
	t := verbTable{third: map[string]string{}, base: map[string]string{}, past: map[string]string{}, ing: map[string]string{}}
	for v := range regularVerbs {
		t.ing[presentParticiple(v)] = v
		s := thirdPerson(v)
		t.third[v] = s
		t.base[s] = v
		if p := regularPast(v); p != "" {
			if _, irregular := irregularPastOf[v]; !irregular {
				t.past[p] = v
			}
		}
	}
	for p, b := range irregularPast {
		t.past[p] = b
	}
	return t
}

// irregularPastOf lists the verbs of regularVerbs whose past is irregular,
// so that no "-ed" form is invented for them ("goed").
var irregularPastOf = func() map[string]bool {
	m := map[string]bool{}
	for _, b := range irregularPast {
		m[b] = true
	}
	return m
}()

// thirdPerson returns the third person singular of a base form.
func thirdPerson(v string) string {
	switch v {
	case "have":
		return "has"
	case "do":
		return "does"
	case "go":
		return "goes"
	}
	n := len(v)
	switch {
	case strings.HasSuffix(v, "s") || strings.HasSuffix(v, "sh") || strings.HasSuffix(v, "ch") ||
		strings.HasSuffix(v, "x") || strings.HasSuffix(v, "z") || strings.HasSuffix(v, "o"):
		return v + "es"
	case n > 1 && v[n-1] == 'y' && !isVowel(v[n-2]):
		return v[:n-1] + "ies"
	}
	return v + "s"
}

// presentParticiple returns the "-ing" form of a base form.
func presentParticiple(v string) string {
	switch {
	case strings.HasSuffix(v, "ie"):
		return v[:len(v)-2] + "ying"
	case strings.HasSuffix(v, "ee") || strings.HasSuffix(v, "ye") || strings.HasSuffix(v, "oe"):
		return v + "ing"
	case strings.HasSuffix(v, "e") && len(v) > 2:
		return v[:len(v)-1] + "ing"
	}
	if p := regularPast(v); strings.HasSuffix(p, "ed") && len(p) == len(v)+3 && p[len(v)] == v[len(v)-1] {
		return v + v[len(v)-1:] + "ing" // stop → stopping
	}
	if n := len(v); n == 3 && !isVowel(v[0]) && isVowel(v[1]) && !isVowel(v[2]) && v[2] != 'w' && v[2] != 'x' && v[2] != 'y' {
		return v + v[2:] + "ing" // get → getting, run → running
	}
	return v + "ing"
}

// regularPast returns the "-ed" past of a base form.
func regularPast(v string) string {
	n := len(v)
	switch {
	case strings.HasSuffix(v, "e"):
		return v + "d"
	case n > 1 && v[n-1] == 'y' && !isVowel(v[n-2]):
		return v[:n-1] + "ied"
	case n == 4 && !isVowel(v[3]) && isVowel(v[2]) && !isVowel(v[1]) && !isVowel(v[0]) && v[3] != 'w' && v[3] != 'x' && v[3] != 'y':
		// stop → stopped, plan → planned (one-syllable consonant-vowel-consonant)
		return v + v[3:] + "ed"
	case n == 3 && !isVowel(v[2]) && isVowel(v[1]) && !isVowel(v[0]) && v[2] != 'w' && v[2] != 'x' && v[2] != 'y':
		return v + v[2:] + "ed"
	}
	return v + "ed"
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// subjectPronouns maps the personal pronouns to their person: 1 for "I",
// 3 for he/she/it, 2 for the plural-like you/we/they.
var subjectPronouns = map[string]int{"i": 1, "he": 3, "she": 3, "it": 3, "you": 2, "we": 2, "they": 2}
