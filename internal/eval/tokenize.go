package eval

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/correction"
)

// Style is the tokenization convention of a data set. Both conventions
// split punctuation from words and clitics from their host ("do n't",
// "it 's", "ca n't"); they differ on hyphens and a few spaCy exceptions.
type Style struct {
	// SplitHyphens selects spaCy's tokenization, that of BEA-2019: hyphens
	// and slashes between letters are tokens of their own ("e - mail",
	// "Sir / Madam"), and "gonna" and apostrophe-less negations are split
	// ("gon na", "do nt"). Without it hyphenated words stay whole
	// ("well-paid") and so do "gonna" and "dont", as in JFLEG (PTB-like).
	SplitHyphens bool
}

// DetectStyle guesses the convention of tokenized sentences: hyphens are
// split when lone "-" tokens between two words outnumber words holding a
// hyphen between letters.
func DetectStyle(sents [][]string) Style {
	split, joined := 0, 0
	for _, s := range sents {
		for i, t := range s {
			if t == "-" && i > 0 && i+1 < len(s) && endsWithAlnum(s[i-1]) && startsWithAlnum(s[i+1]) {
				split++
			}
			if hasInfixHyphen(t) {
				joined++
			}
		}
	}
	return Style{SplitHyphens: split > joined}
}

func hasInfixHyphen(t string) bool {
	for i := 1; i+1 < len(t); i++ {
		if t[i] == '-' {
			r1, _ := utf8.DecodeLastRuneInString(t[:i])
			r2, _ := utf8.DecodeRuneInString(t[i+1:])
			if unicode.IsLetter(r1) && unicode.IsLetter(r2) {
				return true
			}
		}
	}
	return false
}

func startsWithAlnum(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func endsWithAlnum(t string) bool {
	r, _ := utf8.DecodeLastRuneInString(t)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// clitics are the suffixes both conventions split from their host word.
var clitics = []string{"n't", "n’t", "'s", "’s", "'m", "’m", "'d", "’d", "'re", "’re", "'ve", "’ve", "'ll", "’ll"}

func isClitic(t string) bool {
	l := strings.ToLower(t)
	return slices.Contains(clitics, l)
}

// closers attach to the token before them; openers to the token after.
func isCloser(t string) bool {
	switch t {
	case ".", ",", ";", ":", "!", "?", ")", "]", "}", "»", "”", "’", "''", "…":
		return true
	}
	return isPunctRun(t)
}

// isPunctRun reports runs of sentence-final marks such as "...", "?!".
func isPunctRun(t string) bool {
	if len(t) < 2 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; c != '.' && c != '!' && c != '?' {
			return false
		}
	}
	return true
}

func isOpener(t string) bool {
	switch t {
	case "(", "[", "{", "“", "‘", "«", "``", "$", "£", "€", "¿", "¡":
		return true
	}
	return false
}

// negationHosts are the verbs spaCy splits from an apostrophe-less "nt"
// ("dont" → "do nt", "cant" → "ca nt").
var negationHosts = map[string]bool{
	"do": true, "does": true, "did": true, "ca": true, "wo": true, "is": true, "are": true,
	"was": true, "were": true, "have": true, "has": true, "had": true, "could": true,
	"would": true, "should": true, "must": true, "need": true, "ai": true,
}

// splitWord reports whether a and b are the two halves of a word a
// tokenizer split without a space between them: "do nt", "gon na".
func splitWord(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	return b == "nt" && negationHosts[a] || b == "na" && (a == "gon" || a == "wan")
}

// splitSpacyWord splits w as spaCy's exceptions do ("gonna", "cannot",
// "dont"); ok is false when they do not apply.
func splitSpacyWord(w string) (string, string, bool) {
	l := strings.ToLower(w)
	if l == "gonna" || l == "cannot" {
		return w[:3], w[3:], true
	}
	if len(l) > 2 && strings.HasSuffix(l, "nt") && negationHosts[l[:len(l)-2]] {
		return w[:len(w)-2], w[len(w)-2:], true
	}
	return "", "", false
}

// Detokenize turns a tokenized sentence back into ordinary text: it removes
// the spaces before closing punctuation and clitics ("do n't" → "don't",
// "end ." → "end."), after opening brackets, inside quotes, inside words a
// tokenizer split ("do nt" → "dont", "gon na" → "gonna"), and (with
// SplitHyphens) around hyphens and slashes between words. It only ever
// removes spaces, so every token keeps its text: spans[i] is the byte range
// of tokens[i] in the result.
func Detokenize(tokens []string, st Style) (string, []correction.Span) {
	var b strings.Builder
	spans := make([]correction.Span, len(tokens))
	dquote, squote := false, false // an opening quote is waiting for its close
	glueNext := false              // the previous token attaches to this one
	for i, t := range tokens {
		glue := glueNext
		glueNext = false
		prev := ""
		if i > 0 {
			prev = tokens[i-1]
		}
		next := ""
		if i+1 < len(tokens) {
			next = tokens[i+1]
		}
		switch {
		case i == 0:
		case isClitic(t) && endsWithAlnum(prev):
			glue = true
		case isCloser(t) && !(strings.HasPrefix(t, ".") && strings.HasSuffix(prev, ".")):
			glue = true // but "etc. ." keeps its space: "etc.." would be one token
		case t == `"`:
			if dquote {
				glue = true
			} else {
				glueNext = true
			}
			dquote = !dquote
		case t == "'":
			switch {
			case squote:
				glue = true
				squote = false
			case endsWithAlnum(prev) && strings.HasSuffix(strings.ToLower(prev), "s"):
				glue = true // possessive plural: "students '"
			default:
				glueNext = true
				squote = true
			}
		case (t == "-" || t == "/") && st.SplitHyphens && endsWithAlnum(prev) && startsWithAlnum(next):
			glue = true
			glueNext = true
		case splitWord(prev, t):
			glue = true // "do nt" → "dont", "gon na" → "gonna"
		}
		if i == 0 && t == `"` {
			dquote = true
			glueNext = true
		} else if i == 0 && t == "'" {
			squote = true
			glueNext = true
		}
		if isOpener(t) {
			glueNext = true
		}
		if i > 0 && !glue {
			b.WriteByte(' ')
		}
		start := b.Len()
		b.WriteString(t)
		spans[i] = correction.Span{Start: start, End: b.Len()}
	}
	return b.String(), spans
}

// Tokenize splits text the way the GEC data sets are tokenized: at white
// space, then punctuation off words, clitics off their host ("don't" →
// "do n't", "can't" → "ca n't"), and with SplitHyphens hyphens and slashes
// between letters, and hyphens between digits ("25 - 4 - 2014", but "1/2"). Abbreviations ("Mr.", "U.S.",
// "e.g.") keep their period, except a known abbreviation or an initial
// ending the text ("etc ."). Runs of periods stay one token ("..."); "!" and
// "?" are one token each. "cannot", "gonna" and "wanna" stay whole, as in
// both JFLEG and BEA-2019.
func Tokenize(text string, st Style) []string {
	var out []string
	chunks := strings.Fields(text)
	for i, c := range chunks {
		out = tokenizeChunk(c, st, i == len(chunks)-1, out)
	}
	return out
}

var openerRunes = "\"([{“‘«$£€¿¡"
var closerRunes = ",;:!?)]}\"”’»…"

var emoticons = map[string]bool{":)": true, ":(": true, ":/": true, ":D": true, ":P": true, ";)": true, ":-)": true, ":-(": true}

func tokenizeChunk(w string, st Style, last bool, out []string) []string {
	if isClitic(w) || emoticons[w] || w == "''" || w == "``" || w == "--" {
		return append(out, w)
	}
	if isPunctRun(w) {
		if strings.Trim(w, ".") == "" {
			return append(out, w)
		}
		for i := 0; i < len(w); i++ {
			out = append(out, w[i:i+1])
		}
		return out
	}
	// Prefixes.
	for len(w) > 1 {
		if strings.HasPrefix(w, "``") || strings.HasPrefix(w, "''") {
			out = append(out, w[:2])
			w = w[2:]
			continue
		}
		r, size := utf8.DecodeRuneInString(w)
		if strings.ContainsRune(openerRunes, r) || (r == '\'' && !isClitic(w)) {
			out = append(out, w[:size])
			w = w[size:]
			continue
		}
		break
	}
	// Suffixes, collected from the end.
	var suf []string
	for len(w) > 1 && !isClitic(w) && !emoticons[w] {
		if strings.HasSuffix(w, "''") {
			suf = append(suf, "''")
			w = w[:len(w)-2]
			continue
		}
		if strings.HasSuffix(w, "..") {
			k := len(w)
			for k > 0 && w[k-1] == '.' {
				k--
			}
			if k == 0 {
				break // only periods: one token
			}
			suf = append(suf, w[k:])
			w = w[:k]
			continue
		}
		if strings.HasSuffix(w, ".") {
			if core := w[:len(w)-1]; isAbbreviation(core) && !(last && len(suf) == 0 && !strings.Contains(core, ".")) {
				break
			}
			suf = append(suf, ".")
			w = w[:len(w)-1]
			continue
		}
		r, size := utf8.DecodeLastRuneInString(w)
		if r == ';' && isEntity(w) || closesInside(w, r) {
			break
		}
		if strings.ContainsRune(closerRunes, r) || r == '\'' {
			suf = append(suf, w[len(w)-size:])
			w = w[:len(w)-size]
			continue
		}
		break
	}
	out = splitCore(w, st, out)
	for i := len(suf) - 1; i >= 0; i-- {
		out = append(out, suf[i])
	}
	return out
}

// isEntity reports words ending in an HTML entity ("&raspsquo;"), which the
// data sets keep whole.
func isEntity(w string) bool {
	i := strings.LastIndexByte(w, '&')
	if i < 0 || len(w)-i < 3 {
		return false
	}
	for _, r := range w[i+1 : len(w)-1] {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '#' {
			return false
		}
	}
	return true
}

// closesInside reports a closing bracket whose opening one is inside the
// word ("heat(energy)"), which stays whole.
func closesInside(w string, r rune) bool {
	var open string
	switch r {
	case ')':
		open = "("
	case ']':
		open = "["
	case '}':
		open = "{"
	default:
		return false
	}
	return strings.LastIndex(w, open) > 0
}

// splitCore splits clitics, joined pairs and (with SplitHyphens) infix
// hyphens and slashes of a word stripped of outer punctuation.
func splitCore(w string, st Style, out []string) []string {
	if w == "" {
		return out
	}
	lower := strings.ToLower(w)
	for _, cl := range clitics {
		if len(lower) > len(cl) && strings.HasSuffix(lower, cl) {
			cut := len(w) - len(cl)
			if host := w[:cut]; endsWithAlnum(host) {
				out = splitCore(host, st, out)
				return append(out, w[cut:])
			}
		}
	}
	if st.SplitHyphens {
		if a, b, ok := splitSpacyWord(w); ok {
			return append(out, a, b)
		}
	}
	if i := strings.Index(w, "--"); i > 0 && i+2 < len(w) {
		out = splitCore(w[:i], st, out)
		out = append(out, "--")
		return splitCore(w[i+2:], st, out)
	}
	if st.SplitHyphens {
		for i := 1; i+1 < len(w); i++ {
			if w[i] != '-' && w[i] != '/' {
				continue
			}
			r1, _ := utf8.DecodeLastRuneInString(w[:i])
			r2, _ := utf8.DecodeRuneInString(w[i+1:])
			if unicode.IsLetter(r1) && unicode.IsLetter(r2) || w[i] == '-' && unicode.IsDigit(r1) && unicode.IsDigit(r2) {
				out = append(out, w[:i], w[i:i+1])
				return splitCore(w[i+1:], st, out)
			}
		}
	}
	return append(out, w)
}

var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true,
	"prof": true, "etc": true, "vs": true, "inc": true, "ltd": true, "co": true, "no": true,
	"mt": true, "ave": true, "dept": true, "approx": true,
}

// isAbbreviation reports whether w followed by a period is an abbreviation
// whose period stays attached: a known one, an initial ("D."), or one with
// inner periods ("U.S.", "e.g.", "a.m.").
func isAbbreviation(w string) bool {
	if w == "" {
		return false
	}
	if abbreviations[strings.ToLower(w)] {
		return true
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	if strings.Contains(w, ".") {
		for _, part := range strings.Split(w, ".") {
			if utf8.RuneCountInString(part) != 1 {
				return false
			}
		}
		return true
	}
	return false
}

// Retokenize returns the tokens of the corrected text, given the source
// tokens, the detokenized text and its token spans (from Detokenize) and the
// corrections made to that text. Source tokens that no correction touches
// are kept as they are; each changed region, widened to whole tokens and to
// the tokens written against it without a space, is tokenized with
// Tokenize. An unchanged sentence thus always gives back its source tokens.
// The corrections must be valid for text (see correction.Apply).
func Retokenize(tokens []string, text string, spans []correction.Span, cs []correction.Correction, st Style) ([]string, error) {
	if len(cs) == 0 {
		return slices.Clone(tokens), nil
	}
	if _, err := correction.Apply(text, cs); err != nil {
		return nil, err
	}
	cs = slices.Clone(cs)
	correction.Sort(cs)
	// Widen each correction to a region [start, end) of whole chunks (runs
	// without white space); merge regions that overlap or touch.
	type region struct {
		start, end int
		cs         []correction.Correction
	}
	var regions []region
	for _, c := range cs {
		start, end := c.Start, c.End
		for start > 0 && !isSpaceByte(text[start-1]) {
			start--
		}
		for end < len(text) && !isSpaceByte(text[end]) {
			end++
		}
		if n := len(regions); n > 0 && start <= regions[n-1].end {
			regions[n-1].end = max(regions[n-1].end, end)
			regions[n-1].cs = append(regions[n-1].cs, c)
			continue
		}
		regions = append(regions, region{start, end, []correction.Correction{c}})
	}
	out := make([]string, 0, len(tokens)+4)
	ti := 0
	for _, r := range regions {
		// Source tokens before the region stay.
		for ti < len(tokens) && spans[ti].End <= r.start {
			out = append(out, tokens[ti])
			ti++
		}
		// Skip the tokens inside it.
		for ti < len(tokens) && spans[ti].Start < r.end {
			ti++
		}
		local := make([]correction.Correction, len(r.cs))
		for k, c := range r.cs {
			local[k] = c.Shift(-r.start)
		}
		changed, err := correction.Apply(text[r.start:r.end], local)
		if err != nil {
			return nil, err
		}
		out = append(out, Tokenize(changed, st)...)
	}
	out = append(out, tokens[ti:]...)
	return out, nil
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// RoundTrip returns the fraction of sentences s for which
// Tokenize(Detokenize(s)) is s again: how well the rule-based tokenizer
// reproduces a data set's tokenization (1 for no sentences).
func RoundTrip(sents [][]string, st Style) float64 {
	if len(sents) == 0 {
		return 1
	}
	ok := 0
	for _, s := range sents {
		text, _ := Detokenize(s, st)
		if slices.Equal(Tokenize(text, st), s) {
			ok++
		}
	}
	return float64(ok) / float64(len(sents))
}
