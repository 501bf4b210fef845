// Package gecdata reads the grammatical error correction development sets
// of ../shared/data (JFLEG and BEA-2019 dev) as pairs of ordinary text, a
// learner sentence and a human correction, for the tests of the model
// engine and the simulator: as replay files and as measures of the
// over-correction rule.
package gecdata

import (
	"appencorrect/internal/testsvc"
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Dir returns the shared data directory (../shared/data beside the
// repository, or $APPENCORRECT_SHARED_DATA); the test is skipped when it
// is absent, or fails under APPENCORRECT_REQUIRE_SERVICES=1.
func Dir(t testing.TB) string {
	t.Helper()
	return filepath.Dir(testsvc.SharedData(t, "gec"))
}

func readLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n"), nil
}

// Detok joins tokenized text (JFLEG, BEA) into ordinary text: no space
// before closing punctuation and clitics, none after opening brackets,
// quotes paired. Sources and targets go through the same function, so a
// pair differs only where the correction does.
func Detok(tokenized string) string {
	toks := strings.Fields(tokenized)
	var b strings.Builder
	openQuote := false
	noSpace := true
	for _, t := range toks {
		space := !noSpace
		noSpace = false
		switch {
		case t == `"`:
			if openQuote {
				space = false
			} else {
				noSpace = true
			}
			openQuote = !openQuote
		case t == "(" || t == "[" || t == "$" || t == "``":
			noSpace = true
		case strings.ContainsAny(t[:1], ".,;:!?)]%") && !strings.HasPrefix(t, ".."):
			space = false
		case t == "..." || t == "''":
			space = false
		case t == "n't" || t == "'s" || t == "'m" || t == "'re" || t == "'ve" || t == "'ll" || t == "'d" ||
			t == "N'T" || t == "'S":
			space = false
		}
		if space {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String()
}

// Pair is a learner sentence and a human correction of it.
type Pair struct{ Src, Ref, Set string }

// Pairs returns every JFLEG dev reference and every BEA-2019 dev
// annotation as (source, corrected) pairs, detokenized, from dir (see Dir).
func Pairs(dir string) ([]Pair, error) {
	var out []Pair
	src, err := readLines(filepath.Join(dir, "gec", "jfleg-dev.src"))
	if err != nil {
		return nil, err
	}
	for k := range 4 {
		ref, err := readLines(filepath.Join(dir, "gec", "jfleg-dev.ref"+strconv.Itoa(k)))
		if err != nil {
			return nil, err
		}
		for i := range src {
			if i < len(ref) {
				out = append(out, Pair{Detok(src[i]), Detok(ref[i]), "jfleg"})
			}
		}
	}
	f, err := os.Open(filepath.Join(dir, "gec", "bea-dev.m2"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var sent []string
	edits := map[int][][3]string{} // annotator → edits (start, end, text)
	flush := func() {
		if sent == nil {
			return
		}
		if len(edits) == 0 {
			edits[0] = nil
		}
		for _, es := range edits {
			out = append(out, Pair{Detok(strings.Join(sent, " ")), Detok(applyM2(sent, es)), "bea"})
		}
		sent, edits = nil, map[int][][3]string{}
	}
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "S "):
			flush()
			sent = strings.Fields(line[2:])
		case strings.HasPrefix(line, "A "):
			f := strings.Split(line[2:], "|||")
			if len(f) < 6 || f[1] == "noop" {
				continue
			}
			se := strings.Fields(f[0])
			ann, _ := strconv.Atoi(f[5])
			edits[ann] = append(edits[ann], [3]string{se[0], se[1], f[2]})
		}
	}
	flush()
	return out, sc.Err()
}

// applyM2 applies M2 edits (token offsets into sent) and returns the
// corrected tokens joined by spaces.
func applyM2(sent []string, edits [][3]string) string {
	var out []string
	pos := 0
	for _, e := range edits {
		s, _ := strconv.Atoi(e[0])
		en, _ := strconv.Atoi(e[1])
		if s < pos || s < 0 || en > len(sent) {
			continue
		}
		out = append(out, sent[pos:s]...)
		if e[2] != "-NONE-" && e[2] != "" {
			out = append(out, strings.Fields(e[2])...)
		}
		pos = en
	}
	out = append(out, sent[pos:]...)
	return strings.Join(out, " ")
}
