package llm

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/pipeline"
)

// CheckModelStream implements pipeline.StreamingModelEngine: CheckModel,
// reporting each sentence of the chunk to settled as soon as the model's
// streamed answer has passed a sentence end aligned with the input's. What
// it reports is a preview: the output is what CheckModel would return, and
// the pipeline reconciles the two.
func (e *Engine) CheckModelStream(ctx context.Context, in pipeline.ModelInput, settled func(pipeline.Settled)) (pipeline.ModelOutput, error) {
	r, err := e.correct(ctx, in.Text, in.Language, steer{in.Instructions, in.Words}, settled)
	return pipeline.ModelOutput{Corrections: r.Corrections, Usage: r.Usage}, err
}

// settler follows a streamed answer for core (the text without its outer
// white space, which starts at offset off of the chunk) and reports the
// sentences it settles: input sentence i is settled when the output has
// begun its sentence i+1 and output sentence i ends with the same
// character as input sentence i, the next sentences begin with the same
// word or these end with the same word (the model kept the sentence
// boundary), and the piece passes the over-correction rule.
// After a mismatch, or when a retry starts the answer again, it stops:
// the rest is settled when the chunk is done.
type settler struct {
	e       *Engine
	core    string
	off     int
	variant language.Variant
	emit    func(pipeline.Settled)
	in      []correction.Span // the input's sentences

	n          int    // input sentences settled
	inEnd      int    // end of the settled input, in core
	settledOut string // the output up to the end of its settled sentences
	stopped    bool
}

func newSettler(e *Engine, core string, off int, tag language.Tag, emit func(pipeline.Settled)) *settler {
	return &settler{e: e, core: core, off: off, variant: tag.Variant, emit: emit, in: correction.Sentences(core)}
}

// text takes the whole answer received so far.
func (t *settler) text(answer string) {
	if t.stopped || len(t.in) < 2 {
		return
	}
	if t.e.cfg.Mode == OutputJSON {
		var ok bool
		if answer, ok = partialJSONText(answer); !ok {
			return
		}
	}
	o := strings.TrimLeftFunc(answer, unicode.IsSpace)
	if !strings.HasPrefix(o, t.settledOut) {
		t.stopped = true // a retry began a different answer
		return
	}
	outS := correction.Sentences(o)
	for t.n < len(t.in)-1 && t.n < len(outS)-1 {
		is, os := t.in[t.n], outS[t.n]
		inGap, outGap := t.core[t.inEnd:is.Start], o[len(t.settledOut):os.Start]
		if os.Start < len(t.settledOut) || lastRune(t.core[is.Start:is.End]) != lastRune(o[os.Start:os.End]) ||
			(inGap != outGap && strings.ContainsAny(inGap+outGap, "\n\r")) {
			t.stopped = true
			return
		}
		inPiece, outPiece := t.core[t.inEnd:is.End], o[len(t.settledOut):os.End]
		// The boundary holds when the next sentences begin with the same
		// word, or these end with the same word: merged or split
		// sentences fail both.
		outNext, complete := firstWord(o[outS[t.n+1].Start:])
		if !complete {
			return // wait for the next sentence's first word
		}
		inNext, _ := firstWord(t.core[t.in[t.n+1].Start:])
		if !strings.EqualFold(inNext, outNext) && !strings.EqualFold(lastWord(inPiece), lastWord(outPiece)) ||
			inPiece != outPiece && overCorrected(inPiece, outPiece) != "" {
			t.stopped = true // the finished answer decides
			return
		}
		cs := correction.Align(inPiece, outPiece)
		for i := range cs {
			classify(&cs[i], t.e.cfg.Lexicon, t.variant, t.e.cfg.Name)
			cs[i] = cs[i].Shift(t.off + t.inEnd)
		}
		t.emit(pipeline.Settled{Start: t.off + t.inEnd, End: t.off + is.End, Corrections: cs})
		t.inEnd, t.settledOut = is.End, o[:os.End]
		t.n++
	}
}

// firstWord returns the letters and digits s begins with, and whether
// something else follows them (the word is complete).
func firstWord(s string) (string, bool) {
	for i, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' {
			return s[:i], true
		}
	}
	return s, false
}

// lastWord returns the last run of letters and digits of s.
func lastWord(s string) string {
	end := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	if end < 0 {
		return ""
	}
	_, n := utf8.DecodeRuneInString(s[end:])
	start := strings.LastIndexFunc(s[:end], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) + 1
	return s[start : end+n]
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// partialJSONText decodes the corrected_text string of a partial JSON
// answer {"corrected_text": "..."} as far as it has come.
func partialJSONText(answer string) (string, bool) {
	s := strings.TrimLeftFunc(answer, unicode.IsSpace)
	s, ok := strings.CutPrefix(s, "{")
	if !ok {
		return "", false
	}
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	s, ok = strings.CutPrefix(s, `"corrected_text"`)
	if !ok {
		return "", false
	}
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	s, ok = strings.CutPrefix(s, ":")
	if !ok {
		return "", false
	}
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	s, ok = strings.CutPrefix(s, `"`)
	if !ok {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			return b.String(), true
		case c != '\\':
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			break
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '"', '\\', '/':
			b.WriteByte(s[i])
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			return b.String(), true // rare in corrections: stop before it
		}
	}
	return b.String(), true
}
