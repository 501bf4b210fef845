package builtin

import (
	"bytes"
	"strings"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

// detectLimit bounds the text DetectLanguage reads: the first few hundred
// words decide.
const detectLimit = 4000

// DetectLanguage tells English from French by counting frequent function
// words ("the", "and" against "le", "et") and French elisions ("l'", "qu'")
// in the first few thousand bytes. It returns English unless the text is
// clearly French; it never returns Auto.
func DetectLanguage(text string) language.Code {
	if len(text) > detectLimit {
		cut := detectLimit
		for cut > 0 && text[cut]&0xC0 == 0x80 { // not inside a UTF-8 sequence
			cut--
		}
		text = text[:cut]
	}
	var buf [512]correction.Token
	toks := correction.Tokenize(text, buf[:0])
	en, fr := 0, 0
	var lower [16]byte
	for _, t := range toks {
		if t.Kind != correction.Word || t.End-t.Start > len(lower) {
			continue
		}
		w := text[t.Start:t.End]
		// Lower-case ASCII into a stack buffer: no allocation.
		n := 0
		ascii := true
		for i := 0; i < len(w); i++ {
			c := w[i]
			if c >= 0x80 {
				ascii = false
				break
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[n] = c
			n++
		}
		if !ascii {
			lw := strings.ToLower(w)
			if frenchAccented[lw] {
				fr += 2
			} else if k := strings.IndexAny(lw, "'’"); k > 0 && frenchElided[lw[:k]] {
				fr++
			}
			continue
		}
		lw := lower[:n]
		if englishStop[string(lw)] {
			en++
		} else if frenchStop[string(lw)] {
			fr++
		} else if k := bytes.IndexByte(lw, '\''); k > 0 && frenchElided[string(lw[:k])] {
			fr++
		}
	}
	if fr > en && fr >= 2 {
		return language.French
	}
	return language.English
}

var (
	englishStop = wordSet(`the and is are was were of to in that it you i with for this have not
be my we they he she an at by from but or what which there their would can will do does
don't it's i'm if so just your has had been about when who how because`)
	frenchStop = wordSet(`le la les de des du et est un une je tu il elle nous vous ils elles
pas que qui dans pour sur avec ce cette ces au aux sont mais ou ne se en sa ses leur leurs
mon ma mes ton ta tes aussi comme tout plus par chez donc`)
	frenchAccented = wordSet(`été était être où à déjà très ça après voilà français c'est
j'ai qu'il c’est j’ai qu’il`)
	frenchElided = wordSet(`l d j qu n s c m t jusqu lorsqu puisqu`)
)

func wordSet(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
