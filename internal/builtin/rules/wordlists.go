package rules

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"strings"
)

// data holds the shared word lists (data/words.txt) and the substitution
// rules (data/*.rules).
//
//go:embed data
var data embed.FS

// wordLists are the shared lists of data/words.txt, by name.
type wordLists struct {
	sets  map[string]map[string]bool
	pairs map[string]map[string]string
}

// shared is read once while the package initialises and never written
// after.
var shared = mustWordLists("data/words.txt")

func mustWordLists(name string) wordLists {
	src, err := data.ReadFile(name)
	if err != nil {
		panic(err)
	}
	wl, err := parseWordLists(name, src)
	if err != nil {
		panic(err)
	}
	return wl
}

// parseWordLists reads "set NAME" and "pairs NAME" headers, each followed by
// indented lines of words or key=value fields.
func parseWordLists(name string, src []byte) (wordLists, error) {
	wl := wordLists{sets: map[string]map[string]bool{}, pairs: map[string]map[string]string{}}
	var curSet map[string]bool
	var curPairs map[string]string
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			switch {
			case curSet != nil:
				for _, w := range strings.Fields(trimmed) {
					if w != strings.ToLower(w) {
						return wl, fmt.Errorf("%s:%d: %q is not in lower case", name, n, w)
					}
					curSet[w] = true
				}
			case curPairs != nil:
				for _, f := range strings.Fields(trimmed) {
					k, v, ok := strings.Cut(f, "=")
					if !ok || k == "" || v == "" {
						return wl, fmt.Errorf("%s:%d: %q is not key=value", name, n, f)
					}
					curPairs[k] = strings.ReplaceAll(v, "_", " ")
				}
			default:
				return wl, fmt.Errorf("%s:%d: words outside a list", name, n)
			}
			continue
		}
		kind, list, _ := strings.Cut(trimmed, " ")
		list = strings.TrimSpace(list)
		if list == "" || strings.ContainsAny(list, " \t") {
			return wl, fmt.Errorf("%s:%d: want \"set NAME\" or \"pairs NAME\"", name, n)
		}
		if wl.sets[list] != nil || wl.pairs[list] != nil {
			return wl, fmt.Errorf("%s:%d: list %s defined twice", name, n, list)
		}
		curSet, curPairs = nil, nil
		switch kind {
		case "set":
			curSet = map[string]bool{}
			wl.sets[list] = curSet
		case "pairs":
			curPairs = map[string]string{}
			wl.pairs[list] = curPairs
		default:
			return wl, fmt.Errorf("%s:%d: unknown list kind %q", name, n, kind)
		}
	}
	return wl, sc.Err()
}

// wordSet returns the shared set name; a missing set is a programming
// error caught when the package initialises.
func wordSet(name string) map[string]bool {
	s, ok := shared.sets[name]
	if !ok {
		panic("rules: no word set " + name + " in data/words.txt")
	}
	return s
}

// wordPairs returns the shared pairs name.
func wordPairs(name string) map[string]string {
	p, ok := shared.pairs[name]
	if !ok {
		panic("rules: no pairs " + name + " in data/words.txt")
	}
	return p
}

// set builds a lookup table from space-separated words, for a list that
// only one rule uses.
func set(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// pairs builds a map from "key=value" fields ("dont=don't"), for a list
// that only one rule uses.
func pairs(s string) map[string]string {
	m := make(map[string]string)
	for _, f := range strings.Fields(s) {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			panic("rules: bad pair " + f)
		}
		m[k] = strings.ReplaceAll(v, "_", " ")
	}
	return m
}
