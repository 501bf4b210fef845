package llm

import (
	_ "embed"
	"fmt"
	"strings"
)

// Short answers. Under RejectMinWords words the overlap rule says little,
// so a short text's answer is checked on its content words (all but the
// function words: articles, prepositions, auxiliaries, pronouns,
// conjunctions, frequency adverbs, which corrections add and drop freely):
// at least a third of the text's content words must be found in the
// answer, and a third of the answer's in the text. Found: the same word in
// any case, a close spelling (the speller's distance), a shared stem, one
// word holding the other (lifestyle/life), or one family of forms.txt
// (went/go, children/child, better/good). forms.txt also lists known fixes
// of whole tiny texts (a letter's closing). TestShortAnswerRule measures it
// on the human corrections of 1- to 12-word sentences in ../shared/data
// (every one must pass) against unrelated answers of the same lengths.

//go:embed forms.txt
var formsText string

// wordRelations holds the closed word lists of the short-answer check.
type wordRelations struct {
	family   map[string]int // word → family number
	function map[string]bool
	fixes    map[string]bool // "text=answer", lower case, words only
}

func newWordRelations() *wordRelations {
	r := &wordRelations{family: map[string]int{}, function: map[string]bool{}, fixes: map[string]bool{}}
	n := 0
	for _, line := range strings.Split(formsText, "\n") {
		if line = strings.TrimSpace(line); line == "" || line[0] == '#' {
			continue
		}
		if from, to, ok := strings.Cut(line, "="); ok {
			r.fixes[strings.Join(strings.Fields(from), " ")+"="+strings.Join(strings.Fields(to), " ")] = true
			continue
		}
		n++
		for _, w := range strings.Fields(line) {
			if _, dup := r.family[w]; !dup {
				r.family[w] = n
			}
		}
	}
	for _, w := range strings.Fields(functionWords) {
		r.function[w] = true
	}
	return r
}

// functionWords may be added or removed by a correction of a short text.
const functionWords = `a an the to of in on at for with by from about into onto upon over under
through during before after between without within among against as than then that which who whom
whose what when where why how and or but so nor if because while although though not no yes
is are was were be been being am do does did done have has had having will would can could shall
should may might must 's 're 'm 've 'd 'll n't i me my mine you your yours he him his she her hers
it its we us our ours they them their theirs this these those there here some any all each every
both either neither one ones very too also just only even still already yet more most much many
such own same other another up down out off away back again ever never always often usually
sometimes already please`

// related reports whether b can replace a in a correction.
func (r *wordRelations) related(a, b string) bool {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if la == lb || close(la, lb) {
		return true
	}
	if fa, ok := r.family[la]; ok && fa == r.family[lb] {
		return true
	}
	return sharedStem(la, lb) || contains(la, lb)
}

// contains: one word of three letters or more holds the other (anyone/one,
// lifestyle/life): words merged or split by the correction.
func contains(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 3 && strings.Contains(b, a)
}

// sharedStem: one word begins with the other's first four letters and the
// shorter is at least half the longer (happy/happiness, child/childhood,
// decide/decision).
func sharedStem(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	n := min(len(a), 4)
	return len(a) >= 3 && strings.HasPrefix(b, a[:n]) && 2*len(a) >= len(b)
}

// implausibleShort returns why out is not a correction of the short
// text, or "": when fewer than a third of the text's content words are
// found (or related) in the answer, or fewer than a third of the answer's
// in the text, unless the pair is a known fix of a tiny text (a letter's
// greeting or closing).
func (r *wordRelations) implausibleShort(text, out string) string {
	if r.knownFix(text, out) {
		return ""
	}
	tw, ow := words(text), words(out)
	if n, found := r.contentFound(tw, ow); 3*found < n {
		return fmt.Sprintf("the answer keeps %d of the text's %d content words", found, n)
	}
	if n, found := r.contentFound(ow, tw); 3*found < n {
		return fmt.Sprintf("%d of the answer's %d content words are unrelated to the text", n-found, n)
	}
	return ""
}

// knownFix reports a known correction of a whole tiny text.
func (r *wordRelations) knownFix(text, out string) bool {
	k := strings.ToLower(strings.Join(words(text), " ")) + "=" + strings.ToLower(strings.Join(words(out), " "))
	return r.fixes[k]
}

// contentFound counts a's content words (not function words) and those
// related to some word of b.
func (r *wordRelations) contentFound(a, b []string) (n, found int) {
next:
	for _, w := range a {
		if r.function[strings.ToLower(w)] {
			continue
		}
		n++
		for _, v := range b {
			if r.related(w, v) {
				found++
				continue next
			}
		}
	}
	return n, found
}
