package builtin

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/builtin/rules"
	"appencorrect/internal/correction"
)

// scanner turns a text into rule tokens with flags. It is reused for one
// check only (it holds buffers).
type scanner struct {
	ctoks []correction.Token
	toks  []rules.Token
}

// scan tokenizes text into s.toks: words, spaces and punctuation, with the
// flags of rules.Flags. lex decides whether the words around a glued
// period are words ("end.The") or a name ("example.com"); it may be nil.
func (s *scanner) scan(text string, lex rules.Lexicon) []rules.Token {
	s.ctoks = correction.Tokenize(text, s.ctoks[:0])
	if cap(s.toks) < len(s.ctoks) {
		s.toks = make([]rules.Token, len(s.ctoks))
	}
	toks := s.toks[:len(s.ctoks)]

	// One lower-case copy of the text serves all the tokens' Norm when
	// lowering keeps byte lengths (always for ASCII).
	low := text
	if hasUpperOrCurly(text) {
		if l := strings.ToLower(text); len(l) == len(text) {
			low = l
		} else {
			low = ""
		}
	}
	for i, ct := range s.ctoks {
		t := &toks[i]
		*t = rules.Token{Start: ct.Start, End: ct.End, Text: text[ct.Start:ct.End]}
		t.Fixed = t.Text
		switch ct.Kind {
		case correction.Word:
			t.Kind = rules.Word
			t.Flags = wordFlags(t.Text)
			switch {
			case low == "" || strings.Contains(t.Text, "’"):
				t.Norm = rules.Normalize(t.Text)
			default:
				t.Norm = low[ct.Start:ct.End]
			}
		case correction.Space:
			t.Kind = rules.Space
			t.Norm = t.Text
			if strings.IndexByte(t.Text, '\n') >= 0 || strings.IndexByte(t.Text, '\r') >= 0 {
				t.Flags = rules.LineBreak
			}
		default:
			t.Kind = rules.Punct
			t.Norm = t.Text
		}
	}
	markBackticks(toks)
	markChunks(text, toks, lex)
	markSentences(toks)
	return toks
}

func hasUpperOrCurly(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// wordFlags classifies a word token on its own: case, and code-like shapes
// (digits, camelCase).
func wordFlags(w string) rules.Flags {
	var f rules.Flags
	upper, lower, letters := 0, 0, 0
	prevLower := false
	camel := false
	for i := 0; i < len(w); {
		c := w[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(w[i:])
		}
		i += size
		switch {
		case '0' <= r && r <= '9' || r >= utf8.RuneSelf && unicode.IsDigit(r):
			return rules.Code // numbers, ordinals, mp3, B2B
		case 'a' <= r && r <= 'z' || r >= utf8.RuneSelf && unicode.IsLower(r):
			lower++
			letters++
			prevLower = true
			continue
		case 'A' <= r && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsUpper(r):
			if letters == 0 {
				f |= rules.Capitalized
			}
			if prevLower {
				camel = true
			}
			upper++
			letters++
		}
		prevLower = false
	}
	if camel && !isMcName(w) {
		return rules.Code // camelCase, iPhone, JavaScript
	}
	if upper >= 2 && lower == 0 {
		f |= rules.AllCaps
	}
	return f
}

// isMcName allows the capital inside "McDonald", "MacArthur", "O'Neill".
func isMcName(w string) bool {
	return strings.HasPrefix(w, "Mc") || strings.HasPrefix(w, "Mac") ||
		strings.HasPrefix(w, "O'") || strings.HasPrefix(w, "O’") ||
		strings.HasPrefix(w, "D'") || strings.HasPrefix(w, "D’")
}

// markBackticks marks everything between matching runs of backticks as
// code: `inline code` and ``` fences.
func markBackticks(toks []rules.Token) {
	for i := 0; i < len(toks); i++ {
		if toks[i].Text != "`" {
			continue
		}
		n := 1
		for i+n < len(toks) && toks[i+n].Text == "`" {
			n++
		}
		// Find a run of exactly n backticks.
		end := -1
		for j := i + n; j < len(toks); j++ {
			if toks[j].Text != "`" {
				continue
			}
			m := 1
			for j+m < len(toks) && toks[j+m].Text == "`" {
				m++
			}
			if m == n {
				end = j + m
				break
			}
			j += m - 1
		}
		if end < 0 {
			toks[i].Flags |= rules.Code
			continue
		}
		for k := i; k < end; k++ {
			if toks[k].Kind != rules.Space {
				toks[k].Flags |= rules.Code
			}
		}
		i = end - 1
	}
}

// Characters trimmed from the ends of a chunk before deciding whether it
// is code: quotes, brackets and sentence punctuation.
const (
	chunkOpeners = "\"'“‘«([{*_,;:.!?¿¡-–—…"
	chunkClosers = "\"'”’»)]}*_,;:.!?…-–—"
)

// markChunks looks at each run of non-space tokens. URLs, e-mail addresses,
// @mentions, #hashtags, paths and code become code; hyphen and slash
// compounds are marked; glued sentence punctuation between two known
// words is marked MissingSpace.
func markChunks(text string, toks []rules.Token, lex rules.Lexicon) {
	for a := 0; a < len(toks); {
		if toks[a].Kind == rules.Space {
			a++
			continue
		}
		b := a + 1
		for b < len(toks) && toks[b].Kind != rules.Space {
			b++
		}
		if b-a > 1 {
			markChunk(text, toks[a:b], lex)
		}
		a = b
	}
}

func markChunk(text string, ch []rules.Token, lex rules.Lexicon) {
	// The core: without the surrounding quotes, brackets and punctuation.
	c, d := 0, len(ch)
	for c < d && ch[c].Kind == rules.Punct && strings.Contains(chunkOpeners, ch[c].Text) {
		c++
	}
	for d > c && ch[d-1].Kind == rules.Punct && strings.Contains(chunkClosers, ch[d-1].Text) {
		d--
	}
	core := ch[c:d]
	if len(core) <= 1 {
		// A word with punctuation around it. "@name", "#tag" keep their
		// sign inside the core, so this is prose.
		return
	}
	coreText := text[core[0].Start:core[len(core)-1].End]
	if isCodeChunk(coreText, core) {
		markCode(core)
		return
	}
	slashes := 0
	for k := 1; k+1 < len(core); k++ {
		p := &core[k]
		if p.Kind != rules.Punct {
			continue
		}
		l, r := &core[k-1], &core[k+1]
		if l.Kind != rules.Word || r.Kind != rules.Word {
			if p.Text == "-" || p.Text == "–" {
				continue // "well--known", odd but prose
			}
			markCode(core)
			return
		}
		switch p.Text {
		case "—", "–", "…":
			// "this—that": prose.
		case "-", "/":
			if p.Text == "/" {
				slashes++
			}
			l.Flags |= rules.Compound
			r.Flags |= rules.Compound
		case "'", "’":
			// "rock'n'roll" pieces: leave alone.
			l.Flags |= rules.Code
			r.Flags |= rules.Code
		case ".", ",", ";", "?", "!":
			if !gluedSentence(p.Text, l, r, lex) {
				markCode(core)
				return
			}
			p.Flags |= rules.MissingSpace
		default:
			markCode(core)
			return
		}
	}
	if slashes > 1 {
		markCode(core)
	}
}

func markCode(ts []rules.Token) {
	for k := range ts {
		ts[k].Flags |= rules.Code
	}
}

// isCodeChunk reports chunks that are not prose: URLs, e-mail addresses,
// mentions, hashtags, paths, markup and code.
func isCodeChunk(s string, core []rules.Token) bool {
	if strings.Contains(s, "://") || hasPrefixFold(s, "www.") || hasPrefixFold(s, "mailto:") {
		return true
	}
	switch s[0] {
	case '@', '#', '/', '~', '\\', '$', '%', '<', '>', '=', '+', '&', '|', '^':
		return true
	}
	if strings.ContainsAny(s, "@_\\=<>{}[]|$^~+&`()\"*:#%") {
		return true
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// gluedSentence decides whether punctuation glued between words l and r
// is a missing space: both are ordinary known words ("end.The",
// "apples,pears"), not a domain, a file name or an abbreviation.
func gluedSentence(p string, l, r *rules.Token, lex rules.Lexicon) bool {
	if lex == nil || len(l.Text) < 2 || len(r.Text) < 2 || l.Flags&rules.Code != 0 || r.Flags&rules.Code != 0 {
		return false
	}
	if !isAlpha(l.Text) || !isAlpha(r.Text) || l.Flags&rules.AllCaps != 0 || r.Flags&rules.AllCaps != 0 {
		return false
	}
	if p == "." || p == "?" || p == "!" {
		// A sentence break: the next word starts with a capital.
		if r.Flags&rules.Capitalized == 0 || l.Flags&rules.Capitalized != 0 && len(l.Text) <= 3 {
			return false
		}
	} else if r.Flags&rules.Capitalized != 0 {
		return false
	}
	return lex.Known(l.Norm) && lex.Known(r.Norm)
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// markSentences sets SentenceStart on the first word of each sentence and
// SoftStart where a sentence may start without a capital.
func markSentences(toks []rules.Token) {
	const (
		none = iota
		hard
		soft
	)
	state := hard
	lastWord := -1
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		switch t.Kind {
		case rules.Word:
			switch state {
			case hard:
				t.Flags |= rules.SentenceStart
			case soft:
				t.Flags |= rules.SoftStart
			}
			state = none
			lastWord = i
		case rules.Space:
			if t.Flags&rules.LineBreak != 0 && state == none {
				state = soft
			}
		case rules.Punct:
			if t.Flags&rules.MissingSpace != 0 {
				if t.Text == "," || t.Text == ";" {
					state = none
				} else {
					state = hard
				}
				continue
			}
			switch t.Text {
			case ".", "!", "?", "…":
			case ",", ";", ":":
				state = none
				continue
			default:
				continue // quotes, brackets, dashes: the state carries over
			}
			// A run of terminators and closing quotes or brackets.
			j := i
			ellipsis, quoted := t.Text == "…", false
			dots := 0
		run:
			for ; j < len(toks) && toks[j].Kind == rules.Punct; j++ {
				switch toks[j].Text {
				case ".":
					dots++
				case "!", "?":
				case "…":
					ellipsis = true
				case "\"", "”", "’", "'", ")", "]", "»":
					quoted = true
				default:
					break run
				}
			}
			if dots >= 2 {
				ellipsis = true
			}
			next := none
			switch {
			case j < len(toks) && toks[j].Kind != rules.Space:
				next = none // "e.g", "3.5", "end.The" (handled above)
			case ellipsis || quoted:
				next = soft
			case t.Text == "." && lastWord >= 0 && abbreviation(&toks[lastWord], lastWord == i-1):
				next = none
			case t.Text == "." && lastWord >= 0 && toks[lastWord].Flags&rules.Code != 0:
				next = soft // "3. item", "file.txt. then"
			default:
				next = hard
			}
			state = next
			i = j - 1
		}
	}
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "vs": true, "etc": true, "eg": true, "ie": true, "no": true, "inc": true,
	"ltd": true, "co": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"fig": true, "approx": true, "dept": true, "est": true, "gen": true, "gov": true,
	"lt": true, "mt": true, "capt": true, "col": true, "sgt": true, "rev": true, "vol": true,
	"cf": true, "al": true, "ca": true, "p": true, "pp": true, "ave": true, "corp": true,
	"min": true, "max": true, "hr": true, "hrs": true, "mins": true, "sec": true, "yr": true,
}

// abbreviation reports whether the word w before a period is an
// abbreviation or an initial ("J.", "e.g.").
func abbreviation(w *rules.Token, adjacent bool) bool {
	if !adjacent {
		return false
	}
	if utf8.RuneCountInString(w.Text) == 1 {
		return true // an initial, or the "g" of "e.g."
	}
	return abbreviations[w.Norm] || w.Flags&rules.Code != 0 && len(w.Text) <= 3
}
