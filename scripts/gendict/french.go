package main

import (
	"fmt"
	"log"
	"strings"
	"unicode/utf8"

	"appencorrect/internal/builtin/spell/dictfmt"
)

// French: the hunspell dictionary of Dicollecte (Debian hunspell-fr),
// expanded to its word forms. Suffixes are expanded (one level: the
// continuation classes of fr.aff are elision prefixes only); the elision
// prefixes (l', d', qu', j', n', s', m', t', c', jusqu', lorsqu', ...) are
// not, since package spell recognises them by rule; the prefixes of units
// (kilo-, méga- on unit symbols) are left out.

type affixRule struct {
	strip, add string
	cond       condition
}

type affixClass struct {
	suffix bool
	rules  []affixRule
}

// condition is a hunspell affix condition: a sequence of characters, ".",
// or bracket sets [abc] and [^abc], matched at the end (suffixes) or start
// (prefixes) of the word.
type condition []condElem

type condElem struct {
	any    bool
	negate bool
	set    string
}

func parseCondition(s string) (condition, error) {
	var c condition
	for i := 0; i < len(s); {
		switch s[i] {
		case '.':
			c = append(c, condElem{any: true})
			i++
		case '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("bad condition %q", s)
			}
			body := s[i+1 : i+j]
			e := condElem{}
			if strings.HasPrefix(body, "^") {
				e.negate = true
				body = body[1:]
			}
			e.set = body
			c = append(c, e)
			i += j + 1
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			c = append(c, condElem{set: s[i : i+size]})
			i += size
		}
	}
	return c, nil
}

func (c condition) matchEnd(w string) bool {
	rs := []rune(w)
	if len(c) > len(rs) {
		return false
	}
	rs = rs[len(rs)-len(c):]
	for i, e := range c {
		if !e.match(rs[i]) {
			return false
		}
	}
	return true
}

func (e condElem) match(r rune) bool {
	if e.any {
		return true
	}
	in := strings.ContainsRune(e.set, r)
	return in != e.negate
}

// splitFlags splits a FLAG long flag string into its two-character flags.
func splitFlags(s string) []string {
	rs := []rune(s)
	var out []string
	for i := 0; i+1 < len(rs); i += 2 {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

func buildFrench(dic, aff string) (*dictfmt.Dict, int, error) {
	lines, err := readLines(aff)
	if err != nil {
		return nil, 0, err
	}
	classes := map[string]*affixClass{}
	needAffix, forbidden := "", ""
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "FLAG":
			if len(f) < 2 || f[1] != "long" {
				return nil, 0, fmt.Errorf("%s: FLAG %v: only FLAG long is supported", aff, f[1:])
			}
		case "NEEDAFFIX":
			needAffix = f[1]
		case "FORBIDDENWORD":
			forbidden = f[1]
		case "SFX", "PFX":
			if len(f) == 4 { // header: SFX flag Y count
				classes[f[1]] = &affixClass{suffix: f[0] == "SFX"}
				continue
			}
			if len(f) < 5 {
				continue
			}
			cl := classes[f[1]]
			if cl == nil {
				return nil, 0, fmt.Errorf("%s: rule before header: %q", aff, l)
			}
			add, _, _ := strings.Cut(f[3], "/")
			strip := f[2]
			if strip == "0" {
				strip = ""
			}
			if add == "0" {
				add = ""
			}
			cond, err := parseCondition(f[4])
			if err != nil {
				return nil, 0, fmt.Errorf("%s: %w", aff, err)
			}
			cl.rules = append(cl.rules, affixRule{strip, add, cond})
		}
	}

	dlines, err := readLines(dic)
	if err != nil {
		return nil, 0, err
	}
	forms := map[string]bool{}
	lemmas := map[string]bool{}
	for k, l := range dlines {
		if k == 0 || l == "" { // the first line is the count
			continue
		}
		field, _, _ := strings.Cut(l, "\t")
		field, _, _ = strings.Cut(field, " ")
		word, flagStr, _ := strings.Cut(field, "/")
		if word == "" {
			continue
		}
		flags := splitFlags(flagStr)
		skipStem := false
		for _, fl := range flags {
			if fl == forbidden {
				skipStem = true
				flags = nil
				break
			}
			if fl == needAffix {
				skipStem = true
			}
		}
		if !skipStem {
			forms[word] = true
			lemmas[word] = true
		}
		for _, fl := range flags {
			cl := classes[fl]
			if cl == nil || !cl.suffix {
				continue
			}
			for _, r := range cl.rules {
				if !strings.HasSuffix(word, r.strip) || !r.cond.matchEnd(word) {
					continue
				}
				form := word[:len(word)-len(r.strip)] + r.add
				if form == "" {
					continue
				}
				forms[form] = true
				if r.strip == r.add { // the form that names the lemma (aimer)
					lemmas[form] = true
				}
			}
		}
	}
	list := make([]string, 0, len(forms))
	for w := range forms {
		if utf8.ValidString(w) && !strings.ContainsAny(w, " \t") {
			list = append(list, w)
		}
	}
	sortEntries(list)
	d := &dictfmt.Dict{
		Words:  list,
		Flags:  make([]byte, len(list)),
		Levels: make([]byte, len(list)),
		Freqs:  make([]byte, len(list)),
		// No frequency data for French: the "frequency" only prefers the
		// lemma forms (the infinitive, the singular) by a factor of e.
		Scale: dictfmt.Scale{Total: 1e9, MinLog: 0, Step: 1},
	}
	for i, w := range list {
		d.Flags[i] = dictfmt.FlagAll
		d.Freqs[i] = 1
		if lemmas[w] {
			d.Freqs[i] = 2
		}
	}
	log.Printf("french: %d dictionary lines, %d forms", len(dlines)-1, len(list))
	return d, len(list), nil
}
