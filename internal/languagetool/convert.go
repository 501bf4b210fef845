package languagetool

import (
	"sort"
	"strings"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/pipeline"
)

// contextSize is how many UTF-16 code units of text LanguageTool shows on
// each side of a problem in match.context.
const contextSize = 40

// ServerInfo names this server in responses.
type ServerInfo struct {
	Name      string // "AppenCorrect"
	Version   string
	BuildDate string
	Commit    string
}

func (s ServerInfo) software() Software {
	return Software{Name: s.name(), Version: s.Version, BuildDate: s.BuildDate, APIVersion: 1}
}

func (s ServerInfo) name() string {
	if s.Name == "" {
		return "AppenCorrect"
	}
	return s.Name
}

// Info returns the body of /v2/info.
func (s ServerInfo) Info() InfoResponse {
	return InfoResponse{Software: InfoSoftware{Name: s.name(), Version: s.Version, BuildDate: s.BuildDate, Commit: s.Commit}}
}

// ConfigInfo returns the body of /v2/configinfo for a language: the limits
// and the rules, written as LanguageTool writes them (strings only; flags
// present as "yes" or absent).
func (s ServerInfo) ConfigInfo(tag language.Tag, cat *Catalog, maxTextLength int) ConfigInfoResponse {
	rules := ConfigRules(cat, tag)
	out := ConfigInfoResponse{
		Software:  ConfigSoftware{Name: s.name(), Version: s.Version, BuildDate: s.BuildDate},
		Parameter: ConfigParameter{MaxTextLength: maxTextLength},
		Rules:     make([]map[string]string, 0, len(rules)),
	}
	for _, r := range rules {
		rr := resolveRule(correction.Correction{RuleID: r.ID, Category: r.Category, Type: r.Type}, tag, cat)
		m := map[string]string{
			"ruleId":              rr.id,
			"description":         rr.description,
			"categoryId":          rr.category,
			"categoryName":        CategoryName(rr.category),
			"locQualityIssueType": rr.issueType,
		}
		if IsSpellingRule(rr.id) {
			m["isDictionaryBasedSpellingRule"] = "yes"
		}
		if rr.picky() {
			m["isDefaultOff"] = "yes"
		}
		out.Rules = append(out.Rules, m)
	}
	return out
}

// supported are the languages /v2/languages lists, sorted by name.
var supported = []language.Tag{
	{Code: language.English},
	{Code: language.English, Variant: language.GB},
	{Code: language.English, Variant: language.US},
	{Code: language.French},
}

// Languages returns the body of /v2/languages.
func Languages() []LanguageInfo {
	out := make([]LanguageInfo, 0, len(supported))
	for _, t := range supported {
		out = append(out, LanguageInfo{Name: t.Name(), Code: string(t.Code), LongCode: t.String()})
	}
	return out
}

// Stats counts what NewCheckResponse left out.
type Stats struct {
	// Filtered matches were deselected by the request's rule selection.
	Filtered int
	// Misplaced corrections could not be placed in the document: they
	// touched or crossed markup, or overlapped an earlier match.
	Misplaced int
}

// NewCheckResponse translates a pipeline result for req into LanguageTool's
// response. res.Corrections hold byte offsets into req.Text.Plain(); the
// matches hold UTF-16 offsets into req.Text.Original(). cat describes the
// rules (it may be nil).
func NewCheckResponse(req *Request, res *pipeline.Result, cat *Catalog, info ServerInfo) (*CheckResponse, Stats) {
	at := req.Text
	lang := res.Language
	resp := &CheckResponse{
		Software: info.software(),
		Language: Language{Name: lang.Name(), Code: lang.String(),
			DetectedLanguage: DetectedLanguage{Name: lang.Name(), Code: lang.String(), Confidence: 1, Source: "request"}},
		Matches:                []Match{},
		SentenceRanges:         [][2]int{},
		ExtendedSentenceRanges: []ExtendedSentenceRange{},
	}
	if res.Detected {
		resp.Language.DetectedLanguage.Source = "detector"
	}
	if res.Degraded {
		resp.Warnings = Warnings{IncompleteResults: true,
			IncompleteResultsReason: "degraded: the fallback engine answered (" + res.Reason + ")"}
	}
	b := newMatchBuilder(at)
	for _, s := range b.sentences {
		from := b.off.UTF16(at.StartToOriginal(s.Start))
		to := b.off.UTF16(at.EndToOriginal(s.End))
		resp.SentenceRanges = append(resp.SentenceRanges, [2]int{from, to})
		resp.ExtendedSentenceRanges = append(resp.ExtendedSentenceRanges, ExtendedSentenceRange{From: from, To: to,
			DetectedLanguages: []SentenceLanguage{{Language: shortCode(lang), Rate: 1}}})
	}
	var st Stats
	if req.TextLevelOnly {
		return resp, st
	}
	lastEnd := -1
	for _, c := range res.Corrections {
		r := resolveRule(c, lang, cat)
		if !req.active(r) {
			st.Filtered++
			continue
		}
		start, end, suggs, ok := b.place(c)
		if !ok {
			st.Misplaced++
			continue
		}
		os, oe, _ := at.SpanInText(start, end)
		if os < lastEnd {
			st.Misplaced++
			continue
		}
		lastEnd = oe
		resp.Matches = append(resp.Matches, b.match(c, r, start, os, oe, suggs))
	}
	return resp, st
}

// shortCode is a language's code without its variant ("en"), as
// LanguageTool writes it in extendedSentenceRanges.
func shortCode(t language.Tag) string {
	if t.Code == language.Auto {
		return t.String()
	}
	return string(t.Code)
}

// matchBuilder holds what placing and describing matches in one document
// needs.
type matchBuilder struct {
	at        *AnnotatedText
	plain     string
	orig      string
	off       *correction.Offsets // of the original text
	sentences []correction.Span   // of the plain text
	tokens    []correction.Token  // of the plain text, computed when needed
}

func newMatchBuilder(at *AnnotatedText) *matchBuilder {
	return &matchBuilder{at: at, plain: at.Plain(), orig: at.Original(),
		off: correction.NewOffsets(at.Original()), sentences: correction.Sentences(at.Plain())}
}

// place returns the plain span and replacements of c as a match: inside one
// text part and never empty. A correction crossing markup is first narrowed
// to what actually changes; an insertion point grows to the word beside it,
// since clients cannot show an empty match.
func (b *matchBuilder) place(c correction.Correction) (start, end int, suggs []string, ok bool) {
	start, end = c.Start, c.End
	if start < 0 || end < start || end > len(b.plain) {
		return 0, 0, nil, false
	}
	suggs = append([]string(nil), c.Suggestions...)
	if end > start && !b.at.SamePart(start, end) {
		start, end, suggs = narrow(b.plain, start, end, suggs)
	}
	if start == end {
		start, end, suggs, ok = b.expand(start, suggs)
		if !ok {
			return 0, 0, nil, false
		}
	}
	if !b.at.SamePart(start, end) {
		return 0, 0, nil, false
	}
	return start, end, suggs, true
}

// narrow drops the whole words that the original and every suggestion share
// at the start and at the end of [start, end).
func narrow(plain string, start, end int, suggs []string) (int, int, []string) {
	if len(suggs) == 0 {
		return start, end, suggs
	}
	orig := plain[start:end]
	pre, suf := len(orig), len(orig)
	for _, s := range suggs {
		pre = min(pre, commonPrefix(orig, s))
		suf = min(suf, commonSuffix(orig, s))
	}
	bounds := map[int]bool{0: true}
	for _, t := range correction.Tokenize(orig, nil) {
		bounds[t.End] = true
	}
	for pre > 0 && !bounds[pre] {
		pre--
	}
	for _, s := range suggs {
		suf = min(suf, len(orig)-pre, len(s)-pre)
	}
	for suf > 0 && !bounds[len(orig)-suf] {
		suf--
	}
	out := make([]string, len(suggs))
	for i, s := range suggs {
		out[i] = s[pre : len(s)-suf]
	}
	return start + pre, end - suf, out
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func commonSuffix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

// expand turns an insertion at pos into a replacement of the token before
// it (or after it), preferring a token that is not white space and that lies
// in the same text part.
func (b *matchBuilder) expand(pos int, suggs []string) (int, int, []string, bool) {
	if b.tokens == nil {
		b.tokens = correction.Tokenize(b.plain, nil)
	}
	var prev, next *correction.Token
	i := sort.Search(len(b.tokens), func(i int) bool { return b.tokens[i].End >= pos })
	if pos > 0 && i < len(b.tokens) && b.tokens[i].End == pos && b.at.SamePart(b.tokens[i].Start, pos) {
		prev = &b.tokens[i]
		i++
	}
	if i < len(b.tokens) && b.tokens[i].Start == pos && b.at.SamePart(pos, b.tokens[i].End) {
		next = &b.tokens[i]
	}
	usePrev := prev != nil && (prev.Kind != correction.Space || next == nil || next.Kind == correction.Space)
	out := make([]string, len(suggs))
	switch {
	case usePrev:
		w := prev.Text(b.plain)
		for j, s := range suggs {
			out[j] = w + s
		}
		return prev.Start, pos, out, true
	case next != nil:
		w := next.Text(b.plain)
		for j, s := range suggs {
			out[j] = s + w
		}
		return pos, next.End, out, true
	}
	return 0, 0, nil, false
}

// match builds the match of c, placed at the plain span starting at
// plainStart and at the original byte span [os, oe).
func (b *matchBuilder) match(c correction.Correction, r resolvedRule, plainStart, os, oe int, suggs []string) Match {
	from, to := b.off.UTF16(os), b.off.UTF16(oe)
	msg := strings.TrimSpace(c.Message)
	if msg == "" {
		msg = defaultMessage(r.typ)
	}
	reps := make([]Replacement, 0, len(suggs))
	for _, s := range suggs {
		reps = append(reps, Replacement{Value: s})
	}
	return Match{
		Message:      msg,
		ShortMessage: shortMessage(r.typ),
		Replacements: reps,
		Offset:       from,
		Length:       to - from,
		Context:      b.context(from, to),
		Sentence:     b.sentence(plainStart),
		Type:         MatchType{TypeName: typeName(r.typ)},
		Rule: Rule{ID: r.id, Description: r.description, IssueType: r.issueType,
			Category: Category{ID: r.category, Name: CategoryName(r.category)}},
	}
}

// context returns up to contextSize UTF-16 units of the original text on
// each side of [from, to), with "..." where it was cut and line breaks shown
// as spaces, as LanguageTool's ContextTools does. Cuts never split a
// surrogate pair.
func (b *matchBuilder) context(from, to int) Context {
	n := b.off.UTF16Len()
	prefix, postfix := "...", "..."
	cs := from - contextSize
	if cs <= 0 {
		cs, prefix = 0, ""
	}
	ce := to + contextSize
	if ce >= n {
		ce, postfix = n, ""
	}
	bs, be := b.off.ByteOfUTF16(cs), b.off.ByteOfUTF16(ce)
	if b.off.UTF16(bs) < cs { // cs fell inside a surrogate pair
		bs = b.off.ByteOfUTF16(cs + 1)
	}
	text := prefix + strings.ReplaceAll(b.orig[bs:be], "\n", " ") + postfix
	return Context{Text: text, Offset: len(prefix) + from - b.off.UTF16(bs), Length: to - from}
}

// sentence returns the plain text of the sentence holding plain byte p, or
// "" when p lies between sentences.
func (b *matchBuilder) sentence(p int) string {
	i := sort.Search(len(b.sentences), func(i int) bool { return b.sentences[i].End > p })
	if i < len(b.sentences) && b.sentences[i].Start <= p {
		s := b.sentences[i]
		return b.plain[s.Start:s.End]
	}
	return ""
}
