package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// IntroductoryComma: a comma after a linking adverb or introductory phrase
// that opens a sentence ("However the price" → "However, the price", "For
// example cars" → "For example, cars"). Only phrases that are nearly always
// followed by a comma are listed; "However much" and "In addition to" are
// not introductory.
var IntroductoryComma = register(&Rule{
	ID:          "EN_COMMA_AFTER_INTRODUCTORY_PHRASE",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `A comma after an introductory phrase: "However the price" → "However, the price".`,
	Stage:       AfterSpelling,
	Order:       320,
	Check:       checkIntroductoryComma,
})

type introPhrase struct {
	words []string // after the first
	not   map[string]bool
	only  map[string]bool // when set, the word after the phrase must be one of these
}

// clauseOpeners start a clause: after a sentence adverb such as "Also" or
// "Nowadays" one of them shows that the adverb modifies the whole sentence
// ("Also the price rose", not "Also important is").
var clauseOpeners = set(`the a an this that these those my your his her its our their i you he
she it we they there people many most some all i'm i've i'd i'll you're you've we're we've they're
they've it's there's he's she's that's`)

// pronounOpeners start a clause with a personal pronoun: after a word that
// is also a preposition ("Besides this", "Besides the food") only they
// show that the word opens the sentence ("Besides, I cook").
var pronounOpeners = set(`i you he she it we they there i'm i've i'd i'll you're you've we're we've
they're they've it's there's he's she's`)

var degreeWords = set(`much many hard long far often little few big small good bad well you great
large high low fast slow difficult easy important strong`)

var introPhrases = func() map[string][]introPhrase {
	m := map[string][]introPhrase{}
	add := func(phrase string, not map[string]bool) {
		f := strings.Fields(phrase)
		m[f[0]] = append(m[f[0]], introPhrase{words: f[1:], not: not})
	}
	for _, w := range strings.Fields(`moreover furthermore nevertheless nonetheless consequently
additionally firstly secondly thirdly lastly finally therefore unfortunately fortunately luckily
personally meanwhile`) {
		add(w, beForms) // not "Secondly was the conviction that": an inverted sentence
	}
	add("however", degreeWords)
	for _, p := range []string{"for example", "for instance", "in conclusion", "in my opinion",
		"on the other hand", "on the one hand", "first of all", "in other words", "in summary",
		"to sum up", "in short"} {
		add(p, nil)
	}
	add("as a result", set("of"))
	add("in addition", set("to"))
	for _, p := range []string{"generally", "normally", "sadly", "honestly", "surprisingly",
		"interestingly", "ideally", "clearly", "apparently", "eventually", "initially", "originally",
		"afterwards", "next time", "one month ago", "one year ago", "a year ago", "years ago", "to sum up",
		"in addition to this", "because of this", "apart from that", "for this reason",
		"for these reasons", "also", "yes", "thus", "hence", "nowadays", "actually",
		"basically", "obviously", "indeed", "instead", "otherwise", "similarly", "overall",
		"today", "in fact", "of course", "in general", "in this case", "in that case",
		"in the end", "after all", "in the past", "in the future", "these days", "at the moment",
		"this way", "to sum it up", "to conclude", "before that", "from my point of view",
		"on the whole", "all in all", "to be honest", "in any case", "as a matter of fact",
		"in the meantime", "on top of that", "in addition to that", "apart from this",
		"because of that", "after a while", "first", "second", "third", "fourth", "last but not least",
		"in my view", "in simple words", "for me", "in my case", "as far as i am concerned",
		"as far as i'm concerned", "in today's world", "in today's society", "in the modern world"} {
		f := strings.Fields(p)
		m[f[0]] = append(m[f[0]], introPhrase{words: f[1:], only: clauseOpeners})
	}
	m["besides"] = append(m["besides"], introPhrase{only: pronounOpeners})
	return m
}()

// notSentenceAdverbs end in -ly but do not modify a whole sentence: they
// are nouns or adjectives ("Family", "Daily"), or they bear on the next
// word ("Nearly all", "Only the", "Especially the young").
var notSentenceAdverbs = set(`family daily weekly monthly yearly hourly early likely unlikely only
nearly mostly hardly barely merely simply especially particularly mainly exactly really fully
rarely scarcely largely partly roughly approximately almost supply assembly anomaly reply apply
rely italy july lonely lovely friendly silly holy ugly elderly costly deadly lively orderly`)

// sentenceAdverb reports an adverb in -ly that can open a sentence and
// modify all of it ("Recently we moved", "Hopefully they come").
func sentenceAdverb(w string) bool {
	return len(w) >= 6 && strings.HasSuffix(w, "ly") && !notSentenceAdverbs[w]
}

func checkIntroductoryComma(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || !t.Has(SentenceStart) {
			continue
		}
		// A word fixed into two ("Infact" → "In fact") starts the phrase
		// with its first and goes on with its second.
		first, rest := t.Norm, ""
		if k := strings.IndexByte(first, ' '); k > 0 {
			first, rest = first[:k], first[k+1:]
		}
		phrases, ok := introPhrases[first]
		if !ok {
			if next := d.NextWord(i); next >= 0 && sentenceAdverb(t.Norm) && d.Toks[next].IsWord() && clauseOpeners[d.Toks[next].Norm] {
				d.ProposeComma(r, `Put a comma after the introductory "`+d.Text[t.Start:t.End]+`".`, i)
			}
			continue
		}
		for _, p := range phrases {
			last, words := i, p.words
			if rest != "" {
				if len(words) == 0 || words[0] != rest {
					continue
				}
				words = words[1:]
			}
			for _, w := range words {
				if last = d.NextWord(last); last < 0 || d.Toks[last].Norm != w {
					last = -1
					break
				}
			}
			if last < 0 {
				continue
			}
			next := d.NextWord(last)
			if next < 0 || !d.Toks[next].IsWord() || p.not[d.Toks[next].Norm] || p.only != nil && !p.only[d.Toks[next].Norm] {
				continue
			}
			phrase := d.Text[t.Start:d.Toks[last].End]
			if last == i {
				phrase = t.Fixed
			}
			d.ProposeComma(r, `Put a comma after the introductory "`+phrase+`".`, last)
			break
		}
	}
}
