package languagetool

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"appencorrect/internal/textguard"
)

// AnnotatedText is a document as LanguageTool's `data` parameter describes
// it: a sequence of text parts, which are checked, and markup parts, which
// are not. A markup part may say how it reads (`interpretAs`, for example
// "\n\n" for a paragraph tag); that reading takes its place in the plain
// text that is checked.
//
// Two texts are derived: Plain, the text the pipeline checks, and Original,
// the whole document with its markup, to which LanguageTool's offsets refer.
// A plain `text` parameter is an AnnotatedText of one text part, where both
// are the same.
type AnnotatedText struct {
	plain    string
	original string
	parts    []part
}

// part is one text or markup item with its byte ranges in the plain and in
// the original text.
type part struct {
	plainStart, plainEnd int
	origStart, origEnd   int
	markup               bool
}

// PlainText returns an AnnotatedText of one text part.
func PlainText(s string) *AnnotatedText {
	return &AnnotatedText{plain: s, original: s,
		parts: []part{{plainStart: 0, plainEnd: len(s), origStart: 0, origEnd: len(s)}}}
}

// Plain returns the text that is checked: the text parts, with each markup
// part replaced by its interpretAs reading.
func (a *AnnotatedText) Plain() string { return a.plain }

// Original returns the whole document, markup included.
func (a *AnnotatedText) Original() string { return a.original }

// builder accumulates parts.
type builder struct {
	plain, orig strings.Builder
	parts       []part
}

func (b *builder) add(text, interpretAs string, markup bool) {
	p := part{plainStart: b.plain.Len(), origStart: b.orig.Len(), markup: markup}
	if markup {
		b.plain.WriteString(interpretAs)
	} else {
		b.plain.WriteString(text)
	}
	b.orig.WriteString(text)
	p.plainEnd, p.origEnd = b.plain.Len(), b.orig.Len()
	// Consecutive text parts are one part: a correction may span them.
	if n := len(b.parts); !markup && n > 0 && !b.parts[n-1].markup {
		b.parts[n-1].plainEnd, b.parts[n-1].origEnd = p.plainEnd, p.origEnd
		return
	}
	b.parts = append(b.parts, p)
}

func (b *builder) build() *AnnotatedText {
	return &AnnotatedText{plain: b.plain.String(), original: b.orig.String(), parts: b.parts}
}

// ParseData reads the `data` parameter: a JSON object holding either
// "annotation", a list of {"text": ...} and {"markup": ..., "interpretAs":
// ...} items, or "text" (with optional "metaData", which is accepted and
// ignored). The errors are LanguageTool's, worded for the client.
func ParseData(data string) (*AnnotatedText, error) {
	// encoding/json would replace invalid UTF-8 and unpaired surrogate
	// escapes with U+FFFD, so that the text checked is not the one sent.
	if off, what := textguard.InvalidJSONText([]byte(data)); off >= 0 {
		return nil, badRequest("Could not parse JSON from 'data' parameter: %s at byte %d; send UTF-8 text (surrogate pairs escaped together)", what, off)
	}
	var doc map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(data))
	if err := dec.Decode(&doc); err != nil || doc == nil {
		return nil, badRequest("Could not parse JSON from 'data' parameter: %s", jsonReason(err))
	}
	if dec.More() {
		return nil, badRequest("Could not parse JSON from 'data' parameter: data after the JSON object")
	}
	textRaw, hasText := doc["text"]
	annRaw, hasAnn := doc["annotation"]
	switch {
	case hasText && hasAnn:
		return nil, badRequest("'data' key in JSON requires either 'text' or 'annotation' key, not both")
	case hasText:
		s, err := jsonString(textRaw)
		if err != nil {
			return nil, badRequest("'text' in 'data' must be a string")
		}
		return PlainText(s), nil
	case !hasAnn:
		return nil, badRequest("'data' key in JSON requires 'text' or 'annotation' key")
	}
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(annRaw, &items); err != nil {
		return nil, badRequest("'annotation' in 'data' must be a list of objects: %s", jsonReason(err))
	}
	var b builder
	for i, it := range items {
		textRaw, hasText := it["text"]
		markupRaw, hasMarkup := it["markup"]
		interpRaw, hasInterp := it["interpretAs"]
		switch {
		case hasText && hasMarkup:
			return nil, badRequest("Only either 'text' or 'markup' are supported in an object in 'annotation' list, not both (item %d)", i)
		case hasText && hasInterp:
			return nil, badRequest("'text' cannot be used with 'interpretAs' (only 'markup' can) (item %d)", i)
		case hasText:
			s, err := jsonString(textRaw)
			if err != nil {
				return nil, badRequest("'text' of annotation item %d must be a string", i)
			}
			b.add(s, "", false)
		case hasMarkup:
			m, err := jsonString(markupRaw)
			if err != nil {
				return nil, badRequest("'markup' of annotation item %d must be a string", i)
			}
			var interp string
			if hasInterp {
				if interp, err = jsonString(interpRaw); err != nil {
					return nil, badRequest("'interpretAs' of annotation item %d must be a string", i)
				}
			}
			b.add(m, interp, true)
		default:
			return nil, badRequest("Only 'text' and 'markup' are supported in 'annotation' list (item %d)", i)
		}
	}
	return b.build(), nil
}

func jsonString(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("not a string: %w", err)
	}
	return s, nil
}

func jsonReason(err error) string {
	var syn *json.SyntaxError
	switch {
	case err == nil:
		return "not an object"
	case errors.As(err, &syn):
		return fmt.Sprintf("%s at byte %d", syn.Error(), syn.Offset)
	}
	return err.Error()
}

// textPart returns the index of the text part holding plain byte p (p in
// [plainStart, plainEnd)), or -1 when p lies in a markup part's reading or
// outside the text.
func (a *AnnotatedText) textPart(p int) int {
	// Parts tile the plain text in order, so the first part ending after p
	// holds it (parts with an empty reading never end after p first).
	i := sort.Search(len(a.parts), func(i int) bool { return a.parts[i].plainEnd > p })
	if p < 0 || i == len(a.parts) || a.parts[i].markup {
		return -1
	}
	return i
}

// SpanInText maps the plain byte span [start, end), end > start, to the
// original text. It reports false when the span does not lie inside one
// text part: a span touching a markup part's reading, or crossing markup,
// has no place in the original that a replacement could take without
// damaging the markup.
func (a *AnnotatedText) SpanInText(start, end int) (origStart, origEnd int, ok bool) {
	if end <= start {
		return 0, 0, false
	}
	i := a.textPart(start)
	if i < 0 || end > a.parts[i].plainEnd {
		return 0, 0, false
	}
	pt := a.parts[i]
	return pt.origStart + start - pt.plainStart, pt.origStart + end - pt.plainStart, true
}

// SamePart reports whether the plain span [start, end) lies inside one text
// part.
func (a *AnnotatedText) SamePart(start, end int) bool {
	_, _, ok := a.SpanInText(start, end)
	return ok
}

// StartToOriginal maps a plain offset that starts a range to the original
// text: inside a text part it maps exactly; inside a markup part's reading it
// maps to the start of that markup.
func (a *AnnotatedText) StartToOriginal(p int) int {
	if p >= len(a.plain) {
		return len(a.original)
	}
	i := sort.Search(len(a.parts), func(i int) bool { return a.parts[i].plainEnd > p })
	if i == len(a.parts) {
		return len(a.original)
	}
	pt := a.parts[i]
	if pt.markup {
		return pt.origStart
	}
	return pt.origStart + p - pt.plainStart
}

// EndToOriginal maps a plain offset that ends a range to the original text:
// inside or at the end of a text part it maps exactly; inside or at the end of
// a markup part's reading it maps to the end of that markup.
func (a *AnnotatedText) EndToOriginal(p int) int {
	if p <= 0 {
		return 0
	}
	// The first part ending at or after p starts before p.
	i := sort.Search(len(a.parts), func(i int) bool { return a.parts[i].plainEnd >= p })
	if i == len(a.parts) {
		return len(a.original)
	}
	pt := a.parts[i]
	if pt.markup {
		return pt.origEnd
	}
	return pt.origStart + p - pt.plainStart
}

// invalidUTF8 returns the byte offset in the original text of its first
// invalid UTF-8 byte, or -1 when both texts are valid.
func (a *AnnotatedText) invalidUTF8() int {
	if utf8.ValidString(a.plain) && utf8.ValidString(a.original) {
		return -1
	}
	for i := 0; i < len(a.original); {
		r, n := utf8.DecodeRuneInString(a.original[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0 // the plain text holds interpretAs values that are invalid
}

// blank reports whether the plain text holds only white space.
func (a *AnnotatedText) blank() bool {
	return strings.TrimSpace(a.plain) == ""
}
