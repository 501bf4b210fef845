package rules

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"appencorrect/internal/correction"
)

// Substitution rules are data: each file data/NAME.rules is one rule whose
// entries replace a word or a phrase, in a context of neighbouring words
// (contractions, merged and split words, text speak, irregular verbs,
// uncountable nouns, confused words). The format, line by line:
//
//	# a comment
//	rule EN_CONTRACTION_SPELLING        the rule's id
//	order 10                            its place in its stage
//	stage before                        before | after (the spelling check)
//	category TYPOS                      a Category
//	type spelling                       spelling | grammar | punctuation | style
//	description What the rule checks.
//	message Did you mean "{to}"?        the default message of the entries
//	when lowercase                      a default condition of the entries
//
//	dont => don't                       an entry: PATTERN => REPLACEMENT
//		+ I dont know. => I don't know.  a positive example: in => want
//		- I don't know.                  a negative example: stays unchanged
//		message ...                      this entry's message
//		when prose                       this entry's condition
//
// A pattern is words separated by spaces, matched in lower case on the
// current forms of consecutive words on one line (no punctuation between):
//
//	word        that word; a|b|c one of these; @name a set of data/words.txt
//	            (a|@name mixes them); * any word
//	!word       at the first or last place: no such word there (the text
//	            may end there, or punctuation follow)
//	^word       the word starts a clause; word$ the clause ends after it
//	[ ... ]     the words replaced; without brackets, the whole pattern
//
// The replaced words become the replacement, written in the case of the
// first of them ("Dont" → "Don't"), with the text's apostrophe. In messages
// {from} is the replaced text and {to} the replacement. Conditions:
// "lowercase" (the replaced words are written in lower case) and "prose"
// (the word stands between words or sentence punctuation and is written in
// lower case unless it starts a sentence: the "u" of text speak, not "u =
// 5"). Every entry needs a positive and a negative example. Entries are
// tried in file order: where several match at a word, the first wins, so a
// narrower entry comes before a broader one ("@prepositions [youre] =>
// your" before "youre => you're").
//
// Words that are code, compounds ("well-known") or, inside the replaced
// words, capitalised after the first, never match; nor does a replaced word
// of one to three capitals (an acronym: "IM", "U").

// subst is a parsed substitution rule: its entries indexed by a word each
// must contain.
type subst struct {
	entries []*subEntry
	index   map[string][]anchor
	// shape has bit n of shape[c] set when an indexed word of n bytes
	// (n < 64) starts with byte c: most words are ruled out without a map
	// lookup.
	shape [256]uint64
}

// anchor is an entry to try where a word occurs, with the word's place in
// the entry's pattern.
type anchor struct {
	e  *subEntry
	at int
}

// maxPattern is the longest pattern, in words.
const maxPattern = 8

type cond uint8

const (
	condLowercase cond = 1 << iota
	condProse
)

var condNames = map[string]cond{"lowercase": condLowercase, "prose": condProse}

// pword is one place of a pattern.
type pword struct {
	words      map[string]bool // nil: any word
	not        bool
	start, end bool // the word starts a clause; the clause ends after it
}

type subEntry struct {
	pat      []pword
	from, to int // the replaced words: pat[from:to]
	repl     string
	msg      string
	when     cond
	src      string // file:line
	examples []Example
}

// mustLoadData reads every data/*.rules file into a rule.
func mustLoadData() []*Rule {
	names, err := fs.Glob(data, "data/*.rules")
	if err != nil {
		panic(err)
	}
	var out []*Rule
	for _, name := range names {
		src, err := data.ReadFile(name)
		if err != nil {
			panic(err)
		}
		r, err := ParseSubstitutions(name, src)
		if err != nil {
			panic(err)
		}
		out = append(out, r)
	}
	return out
}

// DataFiles returns the embedded substitution rule files by name
// ("data/contractions.rules"), for tests and tools.
func DataFiles() (map[string][]byte, error) {
	names, err := fs.Glob(data, "data/*.rules")
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		b, err := data.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		out[n] = b
	}
	return out, nil
}

// ParseSubstitutions parses a substitution rule file (the format is in the
// package's substitution.go); name is used in error messages and as the
// rule's Source.
func ParseSubstitutions(name string, src []byte) (*Rule, error) {
	if !strings.HasSuffix(path.Base(name), ".rules") {
		return nil, fmt.Errorf("%s: a rule file ends in .rules", name)
	}
	s := &subst{index: map[string][]anchor{}}
	r := &Rule{Source: name}
	var defMsg string
	var defWhen cond
	var cur *subEntry
	finish := func() error {
		if cur == nil {
			return nil
		}
		pos, neg := 0, 0
		for _, x := range cur.examples {
			if x.In == x.Want {
				neg++
			} else {
				pos++
			}
		}
		if pos == 0 || neg == 0 {
			return fmt.Errorf("%s: entry needs a positive and a negative example (%d, %d)", cur.src, pos, neg)
		}
		if cur.msg == "" {
			cur.msg = defMsg
		}
		if cur.msg == "" {
			return fmt.Errorf("%s: entry has no message (and the rule no default)", cur.src)
		}
		cur.when |= defWhen
		r.Examples = append(r.Examples, cur.examples...)
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		at := name + ":" + strconv.Itoa(n)
		indented := line[0] == ' ' || line[0] == '\t'
		if indented {
			if cur == nil {
				return nil, fmt.Errorf("%s: indented line before the first entry", at)
			}
			switch {
			case strings.HasPrefix(trimmed, "+ "):
				in, want, ok := strings.Cut(trimmed[2:], " => ")
				if !ok || strings.TrimSpace(in) == "" || strings.TrimSpace(want) == "" || in == want {
					return nil, fmt.Errorf("%s: a positive example is \"+ in => want\" with want different from in", at)
				}
				cur.examples = append(cur.examples, Example{Source: at, In: in, Want: want})
			case strings.HasPrefix(trimmed, "- "):
				in := trimmed[2:]
				if strings.Contains(in, " => ") {
					return nil, fmt.Errorf("%s: a negative example has no \"=>\"", at)
				}
				cur.examples = append(cur.examples, Example{Source: at, In: in, Want: in})
			case strings.HasPrefix(trimmed, "message "):
				cur.msg = strings.TrimSpace(trimmed[len("message "):])
			case strings.HasPrefix(trimmed, "when "):
				c, err := parseWhen(trimmed[len("when "):])
				if err != nil {
					return nil, fmt.Errorf("%s: %w", at, err)
				}
				cur.when |= c
			default:
				return nil, fmt.Errorf("%s: want \"+ in => want\", \"- in\", \"message ...\" or \"when ...\"", at)
			}
			continue
		}
		if pat, repl, ok := strings.Cut(trimmed, "=>"); ok {
			if err := finish(); err != nil {
				return nil, err
			}
			e, err := parseEntry(strings.TrimSpace(pat), strings.TrimSpace(repl))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", at, err)
			}
			e.src = at
			s.entries = append(s.entries, e)
			cur = e
			continue
		}
		if cur != nil {
			return nil, fmt.Errorf("%s: rule header after the first entry", at)
		}
		key, val, _ := strings.Cut(trimmed, " ")
		val = strings.TrimSpace(val)
		var err error
		switch key {
		case "rule":
			r.ID = val
		case "order":
			r.Order, err = strconv.Atoi(val)
		case "stage":
			switch val {
			case "before":
				r.Stage = BeforeSpelling
			case "after":
				r.Stage = AfterSpelling
			default:
				err = fmt.Errorf("stage is before or after, not %q", val)
			}
		case "category":
			r.Category = Category(val)
			if !knownCategories[r.Category] {
				err = fmt.Errorf("unknown category %q", val)
			}
		case "type":
			r.Type = correction.Type(val)
			if !r.Type.Valid() {
				err = fmt.Errorf("unknown type %q", val)
			}
		case "description":
			r.Description = val
		case "message":
			defMsg = val
		case "when":
			var c cond
			c, err = parseWhen(val)
			defWhen |= c
		default:
			err = fmt.Errorf("unknown header %q", key)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", at, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := finish(); err != nil {
		return nil, err
	}
	if r.ID == "" || r.Order <= 0 || r.Stage == 0 || r.Category == "" || r.Type == "" || r.Description == "" {
		return nil, fmt.Errorf("%s: the header needs rule, order, stage, category, type and description", name)
	}
	if len(s.entries) == 0 {
		return nil, fmt.Errorf("%s: no entries", name)
	}
	for _, e := range s.entries {
		a := e.anchor()
		for w := range e.pat[a].words {
			s.index[w] = append(s.index[w], anchor{e: e, at: a})
			s.shape[w[0]] |= shapeBit(len(w))
		}
	}
	r.Check = s.check
	r.Entries = len(s.entries)
	return r, nil
}

var knownCategories = map[Category]bool{Grammar: true, Typos: true, Casing: true, Punctuation: true,
	ConfusedWords: true, Redundancy: true, Typography: true}

func parseWhen(s string) (cond, error) {
	var c cond
	for _, f := range strings.Fields(s) {
		x, ok := condNames[f]
		if !ok {
			return 0, fmt.Errorf("unknown condition %q (lowercase, prose)", f)
		}
		c |= x
	}
	return c, nil
}

// parseEntry parses "PATTERN" and "REPLACEMENT".
func parseEntry(pat, repl string) (*subEntry, error) {
	if repl == "" {
		return nil, fmt.Errorf("empty replacement")
	}
	e := &subEntry{repl: repl, from: -1, to: -1}
	fields := strings.Fields(pat)
	if len(fields) == 0 || len(fields) > maxPattern {
		return nil, fmt.Errorf("a pattern has 1 to %d words", maxPattern)
	}
	for i, f := range fields {
		var w pword
		for {
			switch {
			case strings.HasPrefix(f, "^"):
				w.start, f = true, f[1:]
				continue
			case strings.HasPrefix(f, "["):
				if e.from >= 0 {
					return nil, fmt.Errorf("two \"[\" in %q", pat)
				}
				e.from, f = i, f[1:]
				continue
			}
			break
		}
		for {
			switch {
			case strings.HasSuffix(f, "$"):
				w.end, f = true, f[:len(f)-1]
				continue
			case strings.HasSuffix(f, "]"):
				if e.to >= 0 {
					return nil, fmt.Errorf("two \"]\" in %q", pat)
				}
				e.to, f = i+1, f[:len(f)-1]
				continue
			}
			break
		}
		if strings.HasPrefix(f, "!") {
			w.not, f = true, f[1:]
			if i != 0 && i != len(fields)-1 {
				return nil, fmt.Errorf("%q: a negated word stands first or last", pat)
			}
			if w.start || w.end {
				return nil, fmt.Errorf("%q: a negated word takes no ^ or $", pat)
			}
		}
		if f == "" {
			return nil, fmt.Errorf("empty word in %q", pat)
		}
		if f != "*" {
			w.words = map[string]bool{}
			for _, alt := range strings.Split(f, "|") {
				switch {
				case strings.HasPrefix(alt, "@"):
					s, ok := shared.sets[alt[1:]]
					if !ok {
						return nil, fmt.Errorf("no word set %s in data/words.txt", alt)
					}
					for k := range s {
						w.words[k] = true
					}
				case alt == "" || alt != strings.ToLower(alt) || strings.ContainsAny(alt, "*[]^$!@"):
					return nil, fmt.Errorf("bad word %q in %q (lower case words, @sets, *)", alt, pat)
				default:
					w.words[Normalize(alt)] = true
				}
			}
		}
		e.pat = append(e.pat, w)
	}
	switch {
	case e.from < 0 && e.to < 0:
		e.from, e.to = 0, len(e.pat)
	case e.from < 0 || e.to < 0 || e.to <= e.from:
		return nil, fmt.Errorf("unbalanced brackets in %q", pat)
	}
	for _, w := range e.pat[e.from:e.to] {
		if w.not {
			return nil, fmt.Errorf("%q: a replaced word cannot be negated", pat)
		}
	}
	if a := e.anchor(); a < 0 {
		return nil, fmt.Errorf("%q: a pattern needs a word or a set that is not negated", pat)
	}
	return e, nil
}

// anchor returns the place of the pattern the entry is indexed by: of the
// places that name words (not negated), the one whose shortest word is
// longest, a replaced one on a tie. Short words are the common ones: an
// entry indexed by "in" or "a" would be tried at most words of a text,
// where "beach" in "[in] the beach" or "advice" in "[a|an advice]" is
// rarely met.
func (e *subEntry) anchor() int {
	best, bestLen := -1, -1
	for i, w := range e.pat {
		if w.words == nil || w.not {
			continue
		}
		short := maxWordBytes
		for x := range w.words {
			short = min(short, len(x))
		}
		replaced := i >= e.from && i < e.to
		if short > bestLen || short == bestLen && replaced && !(best >= e.from && best < e.to) {
			best, bestLen = i, short
		}
	}
	return best
}

// maxWordBytes bounds the length of a pattern's words for anchor.
const maxWordBytes = 1 << 10

// shapeBit is the bit of a word of n bytes in subst.shape; words of 63
// bytes or more share the last bit.
func shapeBit(n int) uint64 { return 1 << min(n, 63) }

func (s *subst) check(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if t.Kind != Word || t.Norm == "" || s.shape[t.Norm[0]]&shapeBit(len(t.Norm)) == 0 {
			continue
		}
		for _, a := range s.index[t.Norm] {
			if a.e.pat[a.at].match(d, i) && a.e.apply(d, r, i, a.at) {
				break
			}
		}
	}
}

// apply matches the entry with its place at in word i and proposes its
// replacement.
func (e *subEntry) apply(d *Doc, r *Rule, i, at int) bool {
	var idx [maxPattern]int
	idx[at] = i
	for k, j := at-1, i; k >= 0; k-- {
		if j >= 0 {
			j = d.PrevWord(j)
		}
		if !e.pat[k].match(d, j) {
			return false
		}
		idx[k] = j
	}
	for k, j := at+1, i; k < len(e.pat); k++ {
		if j >= 0 {
			j = d.NextWord(j)
		}
		if !e.pat[k].match(d, j) {
			return false
		}
		idx[k] = j
	}
	first, last := idx[e.from], idx[e.to-1]
	ft := &d.Toks[first]
	if ft.Has(AllCaps) && len(ft.Text) <= 3 {
		return false // an acronym: "IM", "U"
	}
	for k := e.from + 1; k < e.to; k++ {
		if d.Toks[idx[k]].Has(Capitalized) {
			return false
		}
	}
	if e.when&condLowercase != 0 {
		for k := e.from; k < e.to; k++ {
			if t := &d.Toks[idx[k]]; t.Text != t.Norm {
				return false
			}
		}
	}
	if e.when&condProse != 0 && (ft.Text != ft.Norm && !ft.Has(SentenceStart) || !proseNeighbours(d, first)) {
		return false
	}
	repl := e.repl
	if d.Apostrophe != "'" {
		repl = strings.ReplaceAll(repl, "'", d.Apostrophe)
	}
	repl = MatchCase(ft.Text, repl)
	forms := make([]string, last-first+1)
	forms[0] = repl
	msg := strings.ReplaceAll(e.msg, "{to}", repl)
	if strings.Contains(msg, "{from}") {
		msg = strings.ReplaceAll(msg, "{from}", d.Text[ft.Start:d.Toks[last].End])
	}
	return d.Propose(r, msg, first, forms...)
}

// match reports whether word j (-1: none) fits the place.
func (w *pword) match(d *Doc, j int) bool {
	if j < 0 {
		return w.not
	}
	t := &d.Toks[j]
	if !t.IsWord() || t.Has(Compound) {
		return w.not
	}
	ok := w.words == nil || w.words[t.Norm]
	if ok && w.start && !clauseStart(d, j) || ok && w.end && !endsClause(d, j) {
		ok = false
	}
	return ok != w.not
}

// proseNeighbours reports whether token i sits between words, with only
// white space, commas or sentence punctuation around it.
func proseNeighbours(d *Doc, i int) bool {
	p, sp := d.Prev(i)
	if p >= 0 {
		pt := &d.Toks[p]
		if pt.Flags&Code != 0 || pt.Kind == Punct && !sp && pt.Text != "\"" {
			return false
		}
		if pt.Kind == Punct && !strings.Contains(`,.!?;"`, pt.Text) {
			return false
		}
	}
	n, sp := d.Next(i)
	if n >= 0 {
		nt := &d.Toks[n]
		if nt.Flags&Code != 0 {
			return false
		}
		if nt.Kind == Punct {
			if sp || !strings.Contains(`,!?;`, nt.Text) {
				return false
			}
		}
	}
	return p >= 0 || n >= 0
}
