// Package rules holds the grammar, casing, confusion and punctuation rules of
// the built-in engine.
//
// A rule is a small unit (Rule) with a stable identifier, a LanguageTool-like
// category and a function that inspects a scanned text (Doc) and proposes
// edits. Rules never see raw offsets: they read tokens and change the
// current form of tokens (Token.Fixed) through Doc.Propose, which records
// the edit and keeps edits from overlapping. Because every rule reads the
// current forms, a rule sees the corrections of the rules that ran before it,
// spelling included: the a/an rule sees "a error" for the text "a eror".
//
// Each rule written in Go is one file (a_vs_an.go) that declares it with
// register, its examples beside it (a_vs_an_test.go). Substitution rules
// (a word or phrase replaced in a context of neighbouring words) are data:
// one file data/NAME.rules per rule, read by one generic rule kind
// (substitution.go documents the format). Word lists that several rules
// share are in data/words.txt. Adding a rule is adding a file or an entry:
// English, the engine, /v2/configinfo and `appencorrect rules` pick it up.
//
// The scanner that turns a text into a Doc lives in package builtin; the
// rules only rely on the token kinds and flags documented here.
package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/correction"
)

// Category groups rules like LanguageTool's categories do.
type Category string

// The rule categories.
const (
	Grammar       Category = "GRAMMAR"
	Typos         Category = "TYPOS"
	Casing        Category = "CASING"
	Punctuation   Category = "PUNCTUATION"
	ConfusedWords Category = "CONFUSED_WORDS"
	Redundancy    Category = "REDUNDANCY"
	Typography    Category = "TYPOGRAPHY"
)

// Kind is the kind of a token.
type Kind uint8

// Token kinds.
const (
	// Word is a run of letters and digits, with internal apostrophes.
	Word Kind = iota + 1
	// Space is a run of white space.
	Space
	// Punct is a single punctuation mark or symbol.
	Punct
)

// Flags describe a token as the scanner saw it.
type Flags uint16

// Token flags.
const (
	// Code marks a token that is not prose: part of a URL, an e-mail
	// address, a path, code, a number, an @mention or #hashtag. Rules must
	// neither change it nor treat it as an ordinary word.
	Code Flags = 1 << iota
	// SentenceStart marks the first word of a sentence: the first word of
	// the text or the first after '.', '!' or '?' and white space.
	SentenceStart
	// SoftStart marks a word that may start a sentence but need not be
	// capitalised: after an ellipsis, a line break, or "?" inside quotes.
	SoftStart
	// Capitalized marks a word whose first letter is upper case.
	Capitalized
	// AllCaps marks a word of two letters or more, all upper case.
	AllCaps
	// Compound marks a word joined to a neighbour by a hyphen or a slash
	// without spaces ("well-known", "and/or").
	Compound
	// Misspelled marks a word that the dictionary does not know and that the
	// spelling stage corrected.
	Misspelled
	// MissingSpace marks a punctuation token glued to the next word where a
	// space clearly belongs ("end.The", "apples,pears").
	MissingSpace
	// LineBreak marks a Space token that holds a line break.
	LineBreak
)

// Lexicon tells whether a word is known; rules use it sparingly (to tell an
// acronym from a shouted word, for instance).
type Lexicon interface {
	Known(word string) bool
}

// Token is a piece of the text.
type Token struct {
	// Start and End are byte offsets of the token in Doc.Text.
	Start, End int
	Kind       Kind
	Flags      Flags
	// Text is the token as written.
	Text string
	// Fixed is the token's current form: Text, or what an earlier rule
	// replaced it with ("" for a deleted token).
	Fixed string
	// Norm is Fixed in lower case with typographic apostrophes made plain;
	// rules match words on it.
	Norm string
	// Alts are alternative forms, after Fixed, for a corrected word (the
	// other spelling suggestions).
	Alts []string
}

// Has reports whether all of f are set on the token.
func (t *Token) Has(f Flags) bool { return t.Flags&f == f }

// IsWord reports whether the token is a prose word (not code).
func (t *Token) IsWord() bool { return t.Kind == Word && t.Flags&Code == 0 }

// Edit is a change proposed by a rule: tokens First..Last (inclusive) become
// the concatenation of their Fixed forms.
type Edit struct {
	First, Last int
	Rule        *Rule
	Message     string
}

// Doc is a scanned text with the edits proposed so far. It is used by one
// goroutine at a time.
type Doc struct {
	Text string
	Toks []Token
	// Lex knows the words of the language; may be nil.
	Lex Lexicon
	// Apostrophe is the apostrophe the text uses: "'" or "’".
	Apostrophe string

	edits []Edit
	owner []int32 // per token: index in edits + 1, 0 for none
}

// Reset prepares d for a new text whose tokens are toks.
func (d *Doc) Reset(text string, toks []Token, lex Lexicon) {
	d.Text = text
	d.Toks = toks
	d.Lex = lex
	d.Apostrophe = "'"
	if strings.Contains(text, "’") && !strings.Contains(text, "'") {
		d.Apostrophe = "’"
	}
	d.edits = d.edits[:0]
	if cap(d.owner) >= len(toks) {
		d.owner = d.owner[:len(toks)]
		clear(d.owner)
	} else {
		d.owner = make([]int32, len(toks))
	}
}

// Edited reports whether token i is already part of an edit.
func (d *Doc) Edited(i int) bool { return d.owner[i] != 0 }

// Propose replaces the forms of tokens first, first+1, ... with forms and
// records the edit for rule r with message msg. An existing edit that lies
// inside the new range is absorbed: the new rule and message win, except
// that a casing rule changing the exact range of an earlier edit leaves the
// credit to the earlier rule. A range inside an existing edit changes the
// forms and leaves the credit to that edit ("the the" → "The"). Propose
// refuses, changing nothing, when an existing edit straddles the range,
// when a token is code, or when the forms equal the current ones.
func (d *Doc) Propose(r *Rule, msg string, first int, forms ...string) bool {
	last := first + len(forms) - 1
	if first < 0 || last >= len(d.Toks) || len(forms) == 0 {
		return false
	}
	same := true
	for k, f := range forms {
		t := &d.Toks[first+k]
		if t.Flags&Code != 0 {
			return false
		}
		if t.Fixed != f {
			same = false
		}
	}
	if same {
		return false
	}
	// Existing edits must lie inside [first, last], or [first, last]
	// inside one of them.
	exact, outer := -1, -1
	for i := first; i <= last; i++ {
		k := d.owner[i]
		if k == 0 {
			continue
		}
		e := d.edits[k-1]
		switch {
		case e.First == first && e.Last == last:
			exact = int(k - 1)
		case e.First <= first && e.Last >= last:
			outer = int(k - 1)
		case e.First < first || e.Last > last:
			return false
		}
	}
	for k, f := range forms {
		t := &d.Toks[first+k]
		if t.Fixed != f {
			t.Fixed = f
			t.Norm = Normalize(f)
			t.Alts = nil
		}
	}
	if outer >= 0 {
		return true // part of a larger fix, which keeps the credit
	}
	if exact >= 0 {
		// Casing fixes on top of another fix leave the credit to it
		// ("teh" → "The" stays a spelling fix); other rules take it over
		// ("doesnt" → "don't" after "I" is an agreement fix).
		if r.Category != Casing {
			d.edits[exact].Rule = r
			d.edits[exact].Message = msg
		}
		return true
	}
	d.edits = append(d.edits, Edit{First: first, Last: last, Rule: r, Message: msg})
	idx := int32(len(d.edits))
	for i := first; i <= last; i++ {
		if k := d.owner[i]; k != 0 {
			d.edits[k-1].Rule = nil // absorbed
		}
		d.owner[i] = idx
	}
	return true
}

// ProposeComma adds a comma after word i for rule r. When another rule
// already fixed word i (a misspelling, say), the comma goes on the space
// after it instead ("helpfull but" → "helpful" and " but" → ", but"), so
// that each fix keeps its own type and message.
func (d *Doc) ProposeComma(r *Rule, msg string, i int) bool {
	if d.Edited(i) && i+2 < len(d.Toks) && d.Toks[i+1].Kind == Space && d.Toks[i+1].Fixed == " " && d.Toks[i+2].Kind == Word && !d.Edited(i+2) {
		return d.Propose(r, msg, i+1, ", ", d.Toks[i+2].Fixed)
	}
	return d.Propose(r, msg, i, d.Toks[i].Fixed+",")
}

// Recase applies fn to the current form of word i and to its alternatives,
// recording an edit for r when the form changes. It is how casing rules fix
// a word that another rule has already corrected ("teh" → "the" → "The").
func (d *Doc) Recase(r *Rule, msg string, i int, fn func(string) string) bool {
	t := &d.Toks[i]
	alts := t.Alts
	if !d.Propose(r, msg, i, fn(t.Fixed)) {
		return false
	}
	if len(alts) > 0 {
		na := make([]string, 0, len(alts))
		for _, a := range alts {
			if a = fn(a); a != t.Fixed && !contains(na, a) {
				na = append(na, a)
			}
		}
		t.Alts = na
	}
	return true
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Corrections returns the recorded edits as corrections, in text order,
// with engine as their Engine. The first suggestion of each is the
// concatenation of the Fixed forms of its tokens; a single-token edit also
// offers the token's alternatives.
func (d *Doc) Corrections(engine string) []correction.Correction {
	n := 0
	for _, e := range d.edits {
		if e.Rule != nil {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]correction.Correction, 0, n)
	var b strings.Builder
	for i := 0; i < len(d.Toks); i++ {
		k := d.owner[i]
		if k == 0 {
			continue
		}
		e := &d.edits[k-1]
		i = e.Last
		if e.Rule == nil {
			continue
		}
		start, end := d.Toks[e.First].Start, d.Toks[e.Last].End
		b.Reset()
		for j := e.First; j <= e.Last; j++ {
			b.WriteString(d.Toks[j].Fixed)
		}
		repl := b.String()
		orig := d.Text[start:end]
		if repl == orig {
			continue
		}
		sugg := []string{repl}
		if e.First == e.Last {
			for _, a := range d.Toks[e.First].Alts {
				if a != repl && a != orig && !contains(sugg, a) {
					sugg = append(sugg, a)
				}
			}
		}
		out = append(out, correction.Correction{
			Start:       start,
			End:         end,
			Original:    orig,
			Suggestions: sugg,
			Type:        e.Rule.Type,
			RuleID:      e.Rule.ID,
			Category:    string(e.Rule.Category),
			Message:     e.Message,
			Engine:      engine,
		})
	}
	return out
}

// Next returns the index of the token after i skipping one Space token, and
// whether there was white space between. It returns -1 at the end.
func (d *Doc) Next(i int) (int, bool) {
	j := i + 1
	sp := false
	if j < len(d.Toks) && d.Toks[j].Kind == Space {
		j++
		sp = true
	}
	if j >= len(d.Toks) {
		return -1, sp
	}
	return j, sp
}

// Prev returns the index of the token before i skipping one Space token, and
// whether there was white space between. It returns -1 at the start.
func (d *Doc) Prev(i int) (int, bool) {
	j := i - 1
	sp := false
	if j >= 0 && d.Toks[j].Kind == Space {
		j--
		sp = true
	}
	return j, sp
}

// NextWord returns the index of the word that follows word i after white
// space on the same line (no punctuation, no line break between), or -1.
// Deleted tokens are skipped.
func (d *Doc) NextWord(i int) int {
	for {
		j, sp := d.Next(i)
		if j < 0 || !sp || d.Toks[j-1].Flags&LineBreak != 0 {
			return -1
		}
		if d.Toks[j].Kind == Word {
			if d.Toks[j].Fixed == "" {
				i = j
				continue
			}
			return j
		}
		return -1
	}
}

// PrevWord returns the index of the word before word i, separated from it
// by white space on the same line only, or -1.
func (d *Doc) PrevWord(i int) int {
	for {
		j, sp := d.Prev(i)
		if j < 0 || !sp || d.Toks[j+1].Flags&LineBreak != 0 {
			return -1
		}
		if d.Toks[j].Kind == Word {
			if d.Toks[j].Fixed == "" {
				i = j
				continue
			}
			return j
		}
		return -1
	}
}

// Normalize returns s in lower case with typographic apostrophes replaced
// by "'"; it returns s itself when nothing changes.
func Normalize(s string) string {
	ascii, lower := true, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			lower = false
		}
	}
	if ascii {
		if lower {
			return s
		}
		return strings.ToLower(s)
	}
	return strings.ToLower(strings.ReplaceAll(s, "’", "'"))
}

// MatchCase returns repl written in the case pattern of like: "Dont" →
// "Don't", "DONT" → "DON'T", "dont" → "don't". A replacement that has its
// own capitals (a proper noun, "I'm") keeps them unless like is all caps.
func MatchCase(like, repl string) string {
	switch casePattern(like) {
	case upperPattern:
		if utf8.RuneCountInString(like) > 1 {
			return strings.ToUpper(repl)
		}
		return Capitalize(repl)
	case titlePattern:
		return Capitalize(repl)
	}
	return repl
}

type pattern uint8

const (
	lowerPattern pattern = iota
	titlePattern
	upperPattern
	mixedPattern
)

func casePattern(s string) pattern {
	upper, lower, first := 0, 0, true
	firstUpper := false
	for _, r := range s {
		if unicode.IsUpper(r) {
			upper++
			if first {
				firstUpper = true
			}
		} else if unicode.IsLower(r) {
			lower++
		}
		if unicode.IsLetter(r) {
			first = false
		}
	}
	switch {
	case upper == 0:
		return lowerPattern
	case lower == 0:
		return upperPattern
	case firstUpper && upper == 1:
		return titlePattern
	}
	return mixedPattern
}

// Capitalize returns s with its first letter in upper case.
func Capitalize(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c < utf8.RuneSelf {
		if 'a' <= c && c <= 'z' {
			return string(c-'a'+'A') + s[1:]
		}
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	u := unicode.ToTitle(r)
	if u == r {
		return s
	}
	return string(u) + s[size:]
}
