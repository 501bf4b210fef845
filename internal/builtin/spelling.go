package builtin

import (
	"appencorrect/internal/textdist"
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/builtin/rules"
	"appencorrect/internal/builtin/spell"
	"appencorrect/internal/language"
)

// maxSuggestions is how many spelling suggestions a correction offers.
const maxSuggestions = 5

// spellEnglish flags unknown words and, for a given variant, the other
// variant's spellings.
//
// Policy (precision first):
//   - not checked: code and the like (see scan), single letters, all-caps
//     words, words with an apostrophe (contractions and possessives; the
//     Contractions rule handles the common misspellings), words in other
//     scripts;
//   - an unknown word is reported only when the dictionary has a
//     suggestion: an unknown word with no close known word is more often a
//     rare name or term than a typo;
//   - a capitalised unknown word inside a sentence is taken for a name;
//     at the start of a sentence it is reported only when its lower-case
//     form is one or two edits from the suggestion;
//   - a part of a hyphenated or slashed compound is reported only when it
//     is one edit from the suggestion.
func (c *checker) spellEnglish(r *rules.Rule, v language.Variant) {
	d := &c.doc
	sp := c.lex.sp
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || d.Edited(i) || len(t.Text) < 2 || t.Flags&rules.AllCaps != 0 {
			continue
		}
		if i&63 == 0 && c.ctx.Err() != nil {
			return
		}
		// A possessive is checked without its 's ("the authour's" →
		// "author's"); other words with an apostrophe are not checked.
		text, norm, suffix := t.Text, t.Norm, ""
		if k := possessive(text); k > 0 {
			text, norm, suffix = text[:k], rules.Normalize(text[:k]), text[k:]
		}
		if strings.IndexByte(text, '\'') >= 0 || strings.Contains(text, "’") || !latin(text) {
			continue
		}
		if i+1 < len(d.Toks) && (d.Toks[i+1].Text == "'" || d.Toks[i+1].Text == "’") {
			continue // "doesn' t", "James'": a broken contraction or a possessive
		}
		capital := t.Flags&rules.Capitalized != 0
		if suffix == "" && !capital && lowerAcronyms[text] && !sp.Known(text, v) && !c.dict.Contains(text) {
			// "tv", "usa": a common acronym written in lower case.
			if up := strings.ToUpper(text); sp.Known(up, v) {
				d.Propose(r, `Possible spelling mistake: did you mean "`+up+`"?`, i, up)
				continue
			}
		}
		if len(text) <= 2 {
			continue // "th", "nt", "ia": abbreviations and fragments, too short to guess
		}
		if v != language.AnyVariant {
			if form, ok := sp.VariantForm(norm, v); ok && form != norm && !c.dict.Contains(text) {
				repl := rules.MatchCase(text, form) + suffix
				d.Propose(r, variantMessage(t.Text, repl, v), i, repl)
				continue
			}
		}
		if sp.Known(text, v) || capital && sp.Known(norm, v) {
			continue
		}
		// The tenant's words, looked up only for the words the dictionary
		// does not know (and above, before another variant's spelling is
		// proposed): a listed word is never flagged.
		if c.dict.Contains(text) {
			continue
		}
		if listed := c.dict.Closest(text); listed != "" {
			// A close misspelling of a listed word: that word first.
			d.Propose(r, `Possible spelling mistake: did you mean "`+listed+`"?`, i, listed+suffix)
			t.Flags |= rules.Misspelled
			continue
		}
		if capital && t.Flags&rules.SentenceStart == 0 {
			continue // a name
		}
		var sugg []string
		if cs, ok := sp.(contextSpeller); ok {
			sugg = c.inContext(cs, i, norm, v)
		} else {
			sugg = sp.Suggest(norm, v, maxSuggestions)
		}
		sugg = rerank(norm, capital, sugg)
		if len(sugg) == 0 {
			continue
		}
		numberAfterDeterminer(d, i, sugg)
		if suffix != "" && strings.ContainsAny(sugg[0], " '’") {
			continue // "the authours's" is not "the author s's"
		}
		top := sugg[0]
		dist := distance(norm, strings.ToLower(top))
		switch {
		case capital || t.Flags&rules.Compound != 0:
			limit := 1
			if capital && len(norm) >= 6 {
				limit = 2
			}
			if dist > limit || (t.Flags&rules.Compound != 0 && len(norm) < 4) {
				continue
			}
		case dist > 2 && dist*3 > len(norm):
			continue // far-fetched
		}
		sugg = recased(text, "", sugg)
		if suffix != "" {
			for k := range sugg {
				sugg[k] += suffix
			}
		}
		if d.Propose(r, `Possible spelling mistake: did you mean "`+sugg[0]+`"?`, i, sugg[0]) {
			t.Flags |= rules.Misspelled
			if len(sugg) > 1 {
				t.Alts = sugg[1:]
			}
		}
	}
}

// possessive returns where the possessive 's of word w starts ("author's"
// → 6), or 0.
func possessive(w string) int {
	for _, s := range []string{"'s", "’s", "'S", "’S"} {
		if k := len(w) - len(s); k > 0 && w[k:] == s {
			return k
		}
	}
	return 0
}

// contextSpeller is a Speller that scores its suggestions and knows which
// words go together; *spell.Dictionary is one.
type contextSpeller interface {
	SuggestScored(word string, v language.Variant, n int) []spell.Scored
	Association(a, b string) (float32, bool)
}

// contextMargin bounds the say of the context: only suggestions scoring
// within this of the best one (e^contextMargin times less likely out of
// context) may overtake it. The bigram list holds frequent pairs only, so
// common words find support there that rare ones ("café") cannot. 5 (was
// 3) on BEA-dev: "mor convient" → "convenient", not "convent"; 6 and 8 the
// same as 5.
const contextMargin float32 = 5

// inContext returns the suggestions for the misspelled word i (norm, in
// lower case, without a possessive 's), best first,
// weighed by its neighbours: each suggestion's score (a log likelihood) gains
// its association (pointwise mutual information) with the word before and
// with the word after, when the dictionary knows the pair as a frequent
// one. Under the usual independence assumption, P(c | left, right) is
// proportional to P(c) · e^PMI(left, c) · e^PMI(c, right), so the weight is
// 1. The word before has its corrected form; the word after is used only
// when it is spelled correctly. "I woud like" → "would", not "wood"; "yong
// people" → "young".
func (c *checker) inContext(sp contextSpeller, i int, norm string, v language.Variant) []string {
	d := &c.doc
	sc := sp.SuggestScored(norm, v, maxSuggestions)
	if len(sc) == 0 {
		return nil
	}
	var left, right string
	if p := d.PrevWord(i); p >= 0 && d.Toks[p].IsWord() {
		left = d.Toks[p].Fixed
	}
	if n := d.NextWord(i); n >= 0 && d.Toks[n].IsWord() && c.lex.Known(d.Toks[n].Text) {
		right = d.Toks[n].Text
	}
	if len(sc) > 1 && (left != "" || right != "") {
		best := sc[0].Score
		for k := range sc {
			w := sc[k].Word
			if math.IsInf(float64(sc[k].Score), 1) || strings.IndexByte(w, ' ') >= 0 || sc[k].Score < best-contextMargin {
				continue
			}
			if left != "" {
				if a, ok := sp.Association(left, w); ok {
					sc[k].Score += a
				}
			}
			if right != "" {
				if a, ok := sp.Association(w, right); ok {
					sc[k].Score += a
				}
			}
		}
		slices.SortStableFunc(sc, func(a, b spell.Scored) int { return cmp.Compare(b.Score, a.Score) })
	}
	out := make([]string, len(sc))
	for k := range sc {
		out[k] = sc[k].Word
	}
	return out
}

// rerank adjusts the speller's suggestions for word w (in lower case) with
// what the word itself tells: a long word is not split in two, negative
// prefixes are not dropped, for a word written in lower case proper nouns
// are dropped unless only the case differs ("mobilefone" is not "Movietone"), and a suggestion that keeps
// the word's inflection ("-s", "-ed", "-ing", "-ly") moves first when it
// is as close as the best one ("totaly" → "totally" rather than "total";
// but "succes" stays "success", not "sues"), and a word in -s takes the
// plural of a singular best suggestion one edit further at most
// ("probles" → "problems", "familys" → "families"). It returns a new slice.
func rerank(w string, capital bool, sugg []string) []string {
	out := make([]string, 0, len(sugg))
	for _, s := range sugg {
		if !capital && s != strings.ToLower(s) && strings.ToLower(s) != w {
			continue
		}
		if dropsNegation(w, strings.ToLower(s)) {
			continue // "unmeaningful" is not "meaningful"
		}
		if len(w) >= 9 && strings.ReplaceAll(s, " ", "") == w {
			continue // "microbiota" is a term, not "micro biota"
		}
		out = append(out, s)
	}
	if len(out) < 2 {
		return out
	}
	e := ending(w)
	if e == "s" && !strings.HasSuffix(out[0], "s") {
		// A word in -s whose best suggestion is a singular: its plural, as
		// close or one edit further, was meant ("probles" → "problems",
		// "familys" → "families").
		d0 := distance(w, out[0])
		for k := 1; k < len(out) && k <= 3; k++ {
			if isPluralOf(out[k], out[0]) && distance(w, out[k]) <= d0+1 {
				s := out[k]
				copy(out[1:k+1], out[:k])
				out[0] = s
				return out
			}
		}
	}
	if e == "" || ending(out[0]) == e && e != "ly" || e == "s" && pluralWithoutS[out[0]] {
		return out // "many peples" → "people", which context chose over "peoples"
	}
	d0 := distance(w, out[0])
	best, bestD := -1, d0+1
	if e == "s" || e == "ed" || ending(out[0]) == e {
		// A plural or past is common enough that the dictionary's best
		// guess already weighs it, and a best guess with the ending is
		// good: only a closer one moves first ("embaras" stays
		// "embarrass", not "embarks"; "scarely" → "scarcely", not
		// "securely").
		bestD = d0
	}
	for k := 1; k < len(out) && k <= 3; k++ {
		s := out[k]
		if ending(s) != e || len(s) < 2 || s[:2] != w[:2] {
			continue
		}
		if d := distance(w, s); d < bestD {
			best, bestD = k, d
		}
	}
	if best > 0 {
		s := out[best]
		copy(out[1:best+1], out[:best])
		out[0] = s
	}
	return out
}

// Determiners that call for a singular or for a plural noun.
var (
	singularDeterminers = map[string]bool{"a": true, "an": true, "one": true, "each": true, "every": true, "this": true, "another": true}
	pluralDeterminers   = map[string]bool{"these": true, "those": true, "many": true, "several": true, "both": true, "various": true, "few": true, "two": true, "three": true}
)

// numberAfterDeterminer puts first, of the two best suggestions for the
// misspelled word i, the one whose number the determiner before it calls
// for, when they are a noun's singular and plural: "a wasteful idean" →
// "idea" (not "ideas"), "these probles" → "problems". Two words (an
// adjective, an adverb) may stand between. It reorders sugg in place.
func numberAfterDeterminer(d *rules.Doc, i int, sugg []string) {
	if len(sugg) < 2 {
		return
	}
	a, b := sugg[0], sugg[1]
	var singular, plural int
	switch {
	case isPluralOf(b, a):
		singular, plural = 0, 1
	case isPluralOf(a, b):
		singular, plural = 1, 0
	default:
		return
	}
	want := -1
	for k, p := 0, i; k < 3; k++ {
		if p = d.PrevWord(p); p < 0 || !d.Toks[p].IsWord() {
			return
		}
		w := d.Toks[p].Norm
		if w == "of" {
			return // "a lot of servicies": the determiner is not the noun's
		}
		if singularDeterminers[w] {
			want = singular
		} else if pluralDeterminers[w] {
			want = plural
		}
		if want >= 0 {
			break
		}
	}
	if want == 1 {
		sugg[0], sugg[1] = sugg[1], sugg[0]
	}
}

// isPluralOf reports whether pl is the regular plural of s ("ideas" of
// "idea", "boxes" of "box", "cities" of "city"). A plural without -s has
// none: "peoples" is another word, not the plural of "people".
func isPluralOf(pl, s string) bool {
	switch {
	case s == "" || pluralWithoutS[s]:
		return false
	case len(pl) == len(s)+1:
		return pl[len(s)] == 's' && pl[:len(s)] == s
	case len(pl) == len(s)+2 && strings.HasSuffix(pl, "es"):
		return pl[:len(s)] == s || strings.HasSuffix(pl, "ies") && strings.HasSuffix(s, "y") && pl[:len(s)-1] == s[:len(s)-1]
	}
	return false
}

// pluralWithoutS are plurals that take no -s: "peopls" is "people", not
// "peoples".
var pluralWithoutS = map[string]bool{"people": true, "children": true, "men": true, "women": true, "police": true,
	"feet": true, "teeth": true, "mice": true, "data": true, "media": true, "staff": true}

// dropsNegation reports a suggestion that is the word without its
// negative prefix: it would turn the meaning around.
func dropsNegation(w, s string) bool {
	for _, p := range []string{"un", "non", "dis", "in", "im", "ir", "il"} {
		if len(w) >= len(p)+4 && strings.HasPrefix(w, p) && strings.HasPrefix(s, w[len(p):len(p)+2]) && !strings.HasPrefix(s, p) && len(s) < len(w) {
			if distance(w[len(p):], s) <= 1 {
				return true
			}
		}
	}
	return false
}

// lowerAcronyms are common acronyms that people write in lower case.
var lowerAcronyms = map[string]bool{
	"tv": true, "usa": true, "uk": true, "eu": true, "pc": true, "dvd": true, "cd": true,
	"atm": true, "ceo": true, "ufo": true, "nasa": true, "fbi": true, "cia": true, "bbc": true,
	"cnn": true, "nba": true, "nfl": true, "gps": true, "sms": true, "faq": true, "diy": true,
	"hiv": true, "dna": true, "vip": true, "ngo": true, "nhs": true, "mba": true, "gdp": true,
	"uae": true, "ibm": true, "bmw": true, "html": true, "pdf": true, "usb": true, "nyc": true,
}

// ending names the inflectional ending of a word, or "".
func ending(w string) string {
	n := len(w)
	switch {
	case n < 4:
		return ""
	case strings.HasSuffix(w, "ly"):
		return "ly"
	case strings.HasSuffix(w, "ing") || n >= 6 && strings.HasSuffix(w, "ig"):
		return "ing"
	case strings.HasSuffix(w, "ed") || w[n-1] == 'd' && !isVowelByte(w[n-2]) && w[n-2] != 'n' && w[n-2] != 'l' && w[n-2] != 'd':
		return "ed"
	case w[n-1] == 's' && w[n-2] != 's' && w[n-2] != 'u' && w[n-2] != 'i':
		return "s"
	}
	return ""
}

func isVowelByte(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// recased returns prefix + the suggestions in the case pattern of like, in a
// new slice (the speller's may be shared), without duplicates.
func recased(like, prefix string, sugg []string) []string {
	out := make([]string, 0, len(sugg))
	for _, s := range sugg {
		s = prefix + rules.MatchCase(like, s)
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

func variantMessage(word, repl string, v language.Variant) string {
	switch v {
	case language.GB:
		return `"` + word + `" is American English; British English writes "` + repl + `".`
	case language.US:
		return `"` + word + `" is British English; American English writes "` + repl + `".`
	}
	return `Did you mean "` + repl + `"?`
}

// spellFrench flags unknown French words. Elided articles and pronouns
// ("l'", "qu'", "j'") are checked apart from the word they join.
func (c *checker) spellFrench(r *rules.Rule) {
	d := &c.doc
	sp := c.lex.sp
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || len(t.Text) < 2 || t.Flags&rules.AllCaps != 0 {
			continue
		}
		if i&63 == 0 && c.ctx.Err() != nil {
			return
		}
		prefix, word := elision(t.Text)
		if len(word) < 2 || strings.ContainsAny(word, "'’") {
			continue
		}
		if sp.Known(word, language.AnyVariant) || sp.Known(strings.ToLower(word), language.AnyVariant) || c.dict.Contains(word) {
			continue
		}
		capital := t.Flags&rules.Capitalized != 0 && prefix == "" || startsUpper(word)
		if capital && t.Flags&rules.SentenceStart == 0 {
			continue
		}
		lw := strings.ToLower(word)
		sugg := sp.Suggest(lw, language.AnyVariant, maxSuggestions)
		if len(sugg) == 0 {
			continue
		}
		if dist := distance(lw, strings.ToLower(sugg[0])); dist > 2 || capital && dist > 1 {
			continue
		}
		sugg = recased(word, prefix, sugg)
		if d.Propose(r, `Faute de frappe possible : vouliez-vous dire « `+sugg[0]+` » ?`, i, sugg[0]) {
			t.Flags |= rules.Misspelled
			if len(sugg) > 1 {
				t.Alts = sugg[1:]
			}
		}
	}
}

// elision splits a French word after an elided prefix: "l'homme" → "l'",
// "homme".
func elision(w string) (string, string) {
	for _, sep := range []string{"'", "’"} {
		k := strings.Index(w, sep)
		if k <= 0 || k > 8 {
			continue
		}
		switch strings.ToLower(w[:k]) {
		case "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu":
			return w[:k+len(sep)], w[k+len(sep):]
		}
	}
	return "", w
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// latin reports whether w is written in the Latin script (ASCII and the
// Latin supplements): other scripts are not checked against an English
// dictionary.
func latin(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			for _, r := range w[i:] {
				if r > 0x24f && unicode.IsLetter(r) {
					return false
				}
			}
			return true
		}
	}
	return true
}

// distance is the optimal string alignment distance (Levenshtein with
// adjacent transpositions) between a and b, in runes, capped at 4.
func distance(a, b string) int { return textdist.OSA(a, b, 3) }
