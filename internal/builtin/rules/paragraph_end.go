package rules

import (
	"strings"

	"appencorrect/internal/correction"
)

// ParagraphEnd puts a period after the last word of a paragraph of more
// than ten words that ends without a punctuation mark: "… and we went back
// home" → "… home.". As LanguageTool's paragraph-end rule does, shorter
// paragraphs are taken for headlines, labels or messages and left alone
// ("I has a eror in grammer" gets no period). A paragraph ends at a blank
// line or the end of the text; one that spans several lines (a list, an
// address, verse) is left alone, as is one whose last word is code (a URL,
// a number) or already corrected, or whose last word cannot end a sentence
// (a text cut short: "… as the", "… I know that you very").
var ParagraphEnd = register(&Rule{
	ID:          "PUNCTUATION_PARAGRAPH_END",
	Category:    Punctuation,
	Type:        correction.Punctuation,
	Description: `A paragraph of more than ten words ends without a punctuation mark: "… and we went back home" → "… home.".`,
	Stage:       AfterSpelling,
	Order:       375,
	Check:       checkParagraphEnd,
})

// minParagraphWords: a paragraph of more words than this is prose, not a
// headline (LanguageTool's threshold).
const minParagraphWords = 10

func checkParagraphEnd(d *Doc, r *Rule) {
	start := 0
	for k := 0; k <= len(d.Toks); k++ {
		if k < len(d.Toks) && !(d.Toks[k].Flags&LineBreak != 0 && strings.Count(d.Toks[k].Text, "\n") >= 2) {
			continue
		}
		paragraphEnd(d, r, start, k)
		start = k + 1
	}
}

// paragraphEnd checks the paragraph of tokens [start, end).
func paragraphEnd(d *Doc, r *Rule, start, end int) {
	last := end - 1
	for last >= start && d.Toks[last].Kind == Space {
		last--
	}
	if last < start {
		return
	}
	t := &d.Toks[last]
	if t.Kind != Word || t.Flags&Code != 0 || d.Edited(last) || t.Fixed != t.Text || len(t.Norm) < 2 {
		return
	}
	if w := t.Norm; nounDeterminers[w] || prepositions[w] || conjunctions[w] || w == "very" || w == "to" {
		return // a text cut short ("… as the", "… paper from"): not a sentence's end
	}
	words := 0
	for k := start; k < last; k++ {
		switch tk := &d.Toks[k]; {
		case tk.IsWord():
			words++ // prose words only: not code, URLs, markup
		case tk.Flags&LineBreak != 0:
			return // several lines: a list, an address, verse
		}
	}
	if words+1 <= minParagraphWords {
		return
	}
	d.Propose(r, `Put a period at the end of the paragraph.`, last, t.Fixed+".")
}
