package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// SpaceBeforePunctuation: no space before a comma, period, semicolon, colon,
// question or exclamation mark ("word ," → "word,"). Ellipses (" ..."),
// emoticons (" :)"), decimals (" .5") and the non-breaking spaces of French
// typography are left alone.
var SpaceBeforePunctuation = &Rule{
	ID:          "WHITESPACE_BEFORE_PUNCTUATION",
	Category:    Typography,
	Type:        correction.Punctuation,
	Description: `No space before a comma, period, colon, semicolon, question or exclamation mark.`,
	Stage:       AfterSpelling,
	Check:       checkSpaceBefore,
}

func checkSpaceBefore(d *Doc, r *Rule) {
	for k := 1; k+1 < len(d.Toks); k++ {
		s := &d.Toks[k]
		if s.Kind != Space || s.Flags&LineBreak != 0 || strings.Trim(s.Text, " ") != "" {
			continue
		}
		p := &d.Toks[k+1]
		if p.Kind != Punct || p.Flags&Code != 0 || len(p.Text) != 1 || !strings.Contains(",.;:!?", p.Text) {
			continue
		}
		w := &d.Toks[k-1]
		if w.Kind != Word || w.Fixed == "" {
			continue
		}
		// What follows the mark: white space, the end, or a closing quote.
		var after *Token
		if k+2 < len(d.Toks) {
			after = &d.Toks[k+2]
		}
		repl := p.Text
		switch {
		case after == nil || after.Kind == Space:
		case after.Kind == Punct && strings.Contains(`"”’)`, after.Text) && p.Text != ":":
		case after.Kind == Word && after.Flags&Code == 0 && p.Text == "," && isLetters(after.Text):
			// "hello ,world": move the space after the comma.
			repl = ", "
		default:
			continue
		}
		if p.Text == "." && after != nil && after.Kind == Punct && after.Text == "." {
			continue
		}
		d.Propose(r, `Don't put a space before "`+p.Text+`".`, k, "", repl)
	}
}

func isLetters(s string) bool {
	for _, c := range s {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c > 0x7f) {
			return false
		}
	}
	return s != ""
}

// MissingSpaceAfterPunctuation: a space belongs after a sentence end or a
// comma glued to the next word ("end.The" → "end. The", "apples,pears").
// The scanner marks the places (MissingSpace) only between known words, so
// that "example.com", "file.txt", "1,000" and "e.g." are never touched.
var MissingSpaceAfterPunctuation = &Rule{
	ID:          "MISSING_SPACE_AFTER_PUNCTUATION",
	Category:    Typography,
	Type:        correction.Punctuation,
	Description: `Missing space after a period, comma, question or exclamation mark between two words: "end.The" → "end. The".`,
	Stage:       AfterSpelling,
	Check:       checkMissingSpace,
}

func checkMissingSpace(d *Doc, r *Rule) {
	for k := range d.Toks {
		p := &d.Toks[k]
		if p.Kind != Punct || !p.Has(MissingSpace) {
			continue
		}
		d.Propose(r, `Put a space after "`+p.Text+`".`, k, p.Text+" ")
	}
}

// DoublePunctuation: ",," → ",", ".." → "." (an ellipsis "..." is fine),
// ";;" → ";". Doubled "!!" and "??" are emphatic, not errors.
var DoublePunctuation = &Rule{
	ID:          "DOUBLE_PUNCTUATION",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `The same punctuation mark twice: ",," → ",", ".." → ".".`,
	Stage:       AfterSpelling,
	Check:       checkDoublePunct,
}

func checkDoublePunct(d *Doc, r *Rule) {
	for k := 0; k+1 < len(d.Toks); k++ {
		p, q := &d.Toks[k], &d.Toks[k+1]
		if p.Kind != Punct || q.Kind != Punct || p.Text != q.Text || p.Flags&Code != 0 || q.Flags&Code != 0 {
			continue
		}
		if p.Text != "," && p.Text != "." && p.Text != ";" {
			continue
		}
		// Exactly two: not part of an ellipsis or a longer run.
		if k > 0 && d.Toks[k-1].Text == p.Text || k+2 < len(d.Toks) && d.Toks[k+2].Text == p.Text {
			continue
		}
		// Between words or at a sentence end, not in "..,," art.
		if k == 0 || d.Toks[k-1].Kind != Word {
			continue
		}
		d.Propose(r, `Two consecutive "`+p.Text+`": one is enough.`, k, p.Text, "")
		k++
	}
}

// IntroductoryComma: a comma after a linking adverb or introductory phrase
// that opens a sentence ("However the price" → "However, the price", "For
// example cars" → "For example, cars"). Only phrases that are nearly always
// followed by a comma are listed; "However much" and "In addition to" are
// not introductory.
var IntroductoryComma = &Rule{
	ID:          "EN_COMMA_AFTER_INTRODUCTORY_PHRASE",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `A comma after an introductory phrase: "However the price" → "However, the price".`,
	Stage:       AfterSpelling,
	Check:       checkIntroductoryComma,
}

type introPhrase struct {
	words []string // after the first
	not   map[string]bool
	only  map[string]bool // when set, the word after the phrase must be one of these
}

// clauseOpeners start a clause: after a sentence adverb such as "Also" or
// "Nowadays" one of them shows that the adverb modifies the whole sentence
// ("Also the price rose", not "Also important is").
var clauseOpeners = set(`the a an this that these those my your his her its our their i you he
she it we they there people many most some all`)

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
		add(w, nil)
	}
	add("however", degreeWords)
	for _, p := range []string{"for example", "for instance", "in conclusion", "in my opinion",
		"on the other hand", "on the one hand", "first of all", "in other words", "in summary",
		"to sum up", "in short"} {
		add(p, nil)
	}
	add("as a result", set("of"))
	add("in addition", set("to"))
	for _, p := range []string{"also", "yes", "thus", "hence", "besides", "nowadays", "actually",
		"basically", "obviously", "indeed", "instead", "otherwise", "similarly", "overall",
		"today", "in fact", "of course", "in general", "in this case", "in that case",
		"in the end", "after all", "in the past", "in the future", "these days"} {
		f := strings.Fields(p)
		m[f[0]] = append(m[f[0]], introPhrase{words: f[1:], only: clauseOpeners})
	}
	return m
}()

func checkIntroductoryComma(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || !t.Has(SentenceStart) {
			continue
		}
		phrases, ok := introPhrases[t.Norm]
		if !ok {
			continue
		}
		for _, p := range phrases {
			last := i
			for _, w := range p.words {
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
			d.ProposeComma(r, `Put a comma after the introductory "`+d.Text[t.Start:d.Toks[last].End]+`".`, last)
			break
		}
	}
}

// RepeatedSpace: two or more spaces between words in the middle of a line.
// Indentation, alignment after a line break, and two spaces after a
// sentence end (an old typing convention) are left alone.
var RepeatedSpace = &Rule{
	ID:          "WHITESPACE_RULE",
	Category:    Typography,
	Type:        correction.Punctuation,
	Description: `Repeated spaces between words: "an  extra" → "an extra".`,
	Stage:       AfterSpelling,
	Check:       checkRepeatedSpace,
}

func checkRepeatedSpace(d *Doc, r *Rule) {
	for k := 1; k+1 < len(d.Toks); k++ {
		s := &d.Toks[k]
		if s.Kind != Space || len(s.Text) < 2 || s.Flags&LineBreak != 0 || strings.Trim(s.Text, " ") != "" || s.Fixed != s.Text {
			continue
		}
		prev, next := &d.Toks[k-1], &d.Toks[k+1]
		if prev.Kind != Word || next.Kind != Word || prev.Flags&Code != 0 || next.Flags&Code != 0 {
			continue
		}
		if len(s.Text) > 3 {
			continue // alignment in a table or a form
		}
		d.Propose(r, `Possible typo: you repeated a space.`, k, " ")
	}
}
