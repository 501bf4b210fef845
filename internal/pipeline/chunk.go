package pipeline

import (
	"unicode/utf8"

	"appencorrect/internal/correction"
)

// Chunks splits text into spans of at most size characters (Unicode code
// points) for separate model calls: whole paragraphs are packed together
// while they fit, a longer paragraph is split between sentences, a longer
// sentence between words, and a longer word anywhere between characters.
// Spans hold no leading or trailing white space; what lies between them
// (paragraph breaks included) is never sent to the model and stays as it
// is. A text of white space has no chunks; size <= 0 means one chunk.
func Chunks(text string, size int) []correction.Span {
	paras := correction.Paragraphs(text)
	if len(paras) == 0 {
		return nil
	}
	if size <= 0 {
		return []correction.Span{{Start: paras[0].Start, End: paras[len(paras)-1].End}}
	}
	var out []correction.Span
	cur := correction.Span{Start: -1}
	curLen := 0
	add := func(s correction.Span, n int) {
		if cur.Start >= 0 && curLen+utf8.RuneCountInString(text[cur.End:s.Start])+n <= size {
			curLen += utf8.RuneCountInString(text[cur.End:s.Start]) + n
			cur.End = s.End
			return
		}
		if cur.Start >= 0 {
			out = append(out, cur)
		}
		cur, curLen = s, n
	}
	for _, p := range paras {
		n := utf8.RuneCountInString(text[p.Start:p.End])
		if n <= size {
			add(p, n)
			continue
		}
		for _, s := range correction.Sentences(text[p.Start:p.End]) {
			s = correction.Span{Start: s.Start + p.Start, End: s.End + p.Start}
			m := utf8.RuneCountInString(text[s.Start:s.End])
			if m <= size {
				add(s, m)
				continue
			}
			for _, piece := range splitWords(text, s, size) {
				add(piece, utf8.RuneCountInString(text[piece.Start:piece.End]))
			}
		}
	}
	if cur.Start >= 0 {
		out = append(out, cur)
	}
	return out
}

// splitWords cuts span s of text into pieces of at most size characters
// between words (between characters for a longer word).
func splitWords(text string, s correction.Span, size int) []correction.Span {
	var out []correction.Span
	var toks []correction.Token
	toks = correction.Tokenize(text[s.Start:s.End], toks)
	for _, t := range toks {
		if t.Kind == correction.Space {
			continue
		}
		w := correction.Span{Start: t.Start + s.Start, End: t.End + s.Start}
		for utf8.RuneCountInString(text[w.Start:w.End]) > size {
			cut := w.Start
			for k := 0; k < size; k++ {
				_, sz := utf8.DecodeRuneInString(text[cut:])
				cut += sz
			}
			out = append(out, correction.Span{Start: w.Start, End: cut})
			w.Start = cut
		}
		out = append(out, w)
	}
	// Merge the words back into pieces up to size.
	var merged []correction.Span
	for _, w := range out {
		if k := len(merged); k > 0 && utf8.RuneCountInString(text[merged[k-1].Start:w.End]) <= size {
			merged[k-1].End = w.End
			continue
		}
		merged = append(merged, w)
	}
	return merged
}
