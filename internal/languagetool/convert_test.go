package languagetool

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf16"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/pipeline"
)

var enUS = language.Tag{Code: language.English, Variant: language.US}

func mustRequest(t *testing.T, params url.Values) *Request {
	t.Helper()
	r, err := ParseRequest(params, 100000)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// at returns a correction of text[start:end] (start and end found by
// searching for orig) with the given suggestion.
func at(t *testing.T, text, orig string, nth int, c correction.Correction) correction.Correction {
	t.Helper()
	pos := -1
	for i := 0; i <= nth; i++ {
		j := strings.Index(text[pos+1:], orig)
		if j < 0 {
			t.Fatalf("%q not in %q", orig, text)
		}
		pos += 1 + j
	}
	c.Start, c.End, c.Original = pos, pos+len(orig), orig
	return c
}

func TestMatchOffsetsUTF16(t *testing.T) {
	text := "😀 teh cat. 𝒜 second sentence has eror."
	cs := []correction.Correction{
		at(t, text, "teh", 0, correction.Correction{Suggestions: []string{"the"}, Type: correction.Spelling}),
		at(t, text, "eror", 0, correction.Correction{Suggestions: []string{"error", "Eros"}, Type: correction.Spelling,
			RuleID: "MORFOLOGIK_RULE_EN_US", Message: "Possible spelling mistake found."}),
	}
	req := mustRequest(t, url.Values{"text": {text}, "language": {"en-US"}})
	resp, st := NewCheckResponse(req, &pipeline.Result{Text: text, Corrections: cs, Language: enUS}, nil, ServerInfo{Version: "1.2.3"})
	if st != (Stats{}) || len(resp.Matches) != 2 {
		t.Fatalf("stats %+v matches %+v", st, resp.Matches)
	}
	m := resp.Matches[0]
	// 😀 is two UTF-16 units: "teh" starts at 3.
	if m.Offset != 3 || m.Length != 3 {
		t.Errorf("offset %d length %d, want 3 3", m.Offset, m.Length)
	}
	if m.Rule.ID != "MORFOLOGIK_RULE_EN_US" || m.Rule.IssueType != "misspelling" || m.Rule.Category.ID != "TYPOS" ||
		m.Type.TypeName != "UnknownWord" || m.Replacements[0].Value != "the" {
		t.Errorf("match %+v", m)
	}
	if m.Sentence != "😀 teh cat." {
		t.Errorf("sentence %q", m.Sentence)
	}
	if m.Context.Text != text || m.Context.Offset != 3 || m.Context.Length != 3 {
		t.Errorf("context %+v", m.Context)
	}
	m2 := resp.Matches[1]
	// "😀 teh cat. " is 12 units; "𝒜 " 3 more; "second sentence has " 20.
	if m2.Offset != 35 || m2.Length != 4 || len(m2.Replacements) != 2 {
		t.Errorf("second match %+v", m2)
	}
	if m2.Sentence != "𝒜 second sentence has eror." {
		t.Errorf("sentence %q", m2.Sentence)
	}
	if got := resp.SentenceRanges; len(got) != 2 || got[0] != [2]int{0, 11} || got[1] != [2]int{12, 40} {
		t.Errorf("sentence ranges %v", got)
	}
	if resp.Software.Name != "AppenCorrect" || resp.Software.Version != "1.2.3" || resp.Software.APIVersion != 1 {
		t.Errorf("software %+v", resp.Software)
	}
	if resp.Language.Code != "en-US" || resp.Language.Name != "English (US)" || resp.Language.DetectedLanguage.Code != "en-US" {
		t.Errorf("language %+v", resp.Language)
	}
}

func TestContextWindow(t *testing.T) {
	left := strings.Repeat("a", 50) + "\n"
	right := "\n" + strings.Repeat("b", 50)
	text := left + "teh" + right
	c := at(t, text, "teh", 0, correction.Correction{Suggestions: []string{"the"}, Type: correction.Spelling})
	req := mustRequest(t, url.Values{"text": {text}, "language": {"en-US"}})
	resp, _ := NewCheckResponse(req, &pipeline.Result{Text: text, Corrections: []correction.Correction{c}, Language: enUS}, nil, ServerInfo{})
	ctx := resp.Matches[0].Context
	want := "..." + strings.Repeat("a", 39) + " teh " + strings.Repeat("b", 39) + "..."
	if ctx.Text != want || ctx.Offset != 43 || ctx.Length != 3 {
		t.Errorf("context %+v, want %q at 43", ctx, want)
	}
	if ctx.Text[ctx.Offset:ctx.Offset+ctx.Length] != "teh" {
		t.Errorf("context does not locate the error")
	}

	// A cut that would split a surrogate pair keeps the whole character out.
	text = strings.Repeat("😀", 30) + "teh"
	c = at(t, text, "teh", 0, correction.Correction{Suggestions: []string{"the"}, Type: correction.Spelling})
	req = mustRequest(t, url.Values{"text": {text}, "language": {"en-US"}})
	resp, _ = NewCheckResponse(req, &pipeline.Result{Text: text, Corrections: []correction.Correction{c}, Language: enUS}, nil, ServerInfo{})
	m := resp.Matches[0]
	if m.Offset != 60 || m.Context.Text != "..."+strings.Repeat("😀", 20)+"teh" || m.Context.Offset != 43 {
		t.Errorf("match %d context %+v", m.Offset, m.Context)
	}
}

func TestMarkupOffsets(t *testing.T) {
	data := `{"annotation":[{"markup":"<p>"},{"text":"I seen 😀 "},{"markup":"<b>"},{"text":"teh"},{"markup":"</b>"},{"text":" cat."},{"markup":"</p>","interpretAs":"\n\n"},{"text":"A second one."}]}`
	req := mustRequest(t, url.Values{"data": {data}, "language": {"en-US"}})
	plain := req.Text.Plain()
	if plain != "I seen 😀 teh cat.\n\nA second one." {
		t.Fatalf("plain %q", plain)
	}
	cs := []correction.Correction{
		at(t, plain, "seen", 0, correction.Correction{Suggestions: []string{"saw"}, Type: correction.Grammar, RuleID: "EN_PAST"}),
		at(t, plain, "teh", 0, correction.Correction{Suggestions: []string{"the"}, Type: correction.Spelling}),
		// Crosses </b>: narrowed to "teh" would overlap; crossing markup it
		// cannot be placed as a whole.
		at(t, plain, "cat.\n\nA", 0, correction.Correction{Suggestions: []string{"cat.\n\nThe"}, Type: correction.Grammar}),
	}
	resp, st := NewCheckResponse(req, &pipeline.Result{Text: plain, Corrections: cs, Language: enUS}, nil, ServerInfo{})
	orig := req.Text.Original()
	u16 := func(s string) int { return len(utf16Units(s)) }
	if len(resp.Matches) != 3 {
		t.Fatalf("matches %+v stats %+v", resp.Matches, st)
	}
	want := []struct {
		at   string
		text string
		repl string
	}{
		{"seen", "seen", "saw"},
		{"teh", "teh", "the"},
		{"A second", "A", "The"}, // narrowed to the word that changes, after the markup
	}
	for i, w := range want {
		m := resp.Matches[i]
		bi := strings.Index(orig, w.at)
		if m.Offset != u16(orig[:bi]) || m.Length != u16(w.text) || m.Replacements[0].Value != w.repl {
			t.Errorf("match %d %+v, want %q at %d", i, m, w.text, u16(orig[:bi]))
		}
	}
	// The context shows the markup, as LanguageTool's does.
	if c := resp.Matches[1].Context; !strings.Contains(c.Text, "<b>teh</b>") ||
		string(utf16.Decode(utf16Units(c.Text)[c.Offset:c.Offset+c.Length])) != "teh" {
		t.Errorf("context %+v", c)
	}
	if got := resp.SentenceRanges; len(got) != 2 || got[1][0] != u16(orig[:strings.Index(orig, "A second")]) || got[1][1] != u16(orig) {
		t.Errorf("sentence ranges %v", got)
	}
}

func TestMarkupNeverReplaced(t *testing.T) {
	// "Hello <b>wrold</b>": a correction of the whole "Hello wrold" keeps
	// only the part that changes; one that changes the markup's reading is
	// dropped.
	data := `{"annotation":[{"text":"Hello "},{"markup":"<br/>","interpretAs":"\n"},{"text":"wrold"}]}`
	req := mustRequest(t, url.Values{"data": {data}, "language": {"en-US"}})
	plain := req.Text.Plain()
	cs := []correction.Correction{
		{Start: 0, End: len(plain), Original: plain, Suggestions: []string{"Hello \nworld"}, Type: correction.Grammar},
	}
	resp, _ := NewCheckResponse(req, &pipeline.Result{Text: plain, Corrections: cs, Language: enUS}, nil, ServerInfo{})
	if len(resp.Matches) != 1 || resp.Matches[0].Offset != len("Hello <br/>") || resp.Matches[0].Replacements[0].Value != "world" {
		t.Fatalf("matches %+v", resp.Matches)
	}
	cs = []correction.Correction{
		{Start: 5, End: 7, Original: plain[5:7], Suggestions: []string{". "}, Type: correction.Punctuation},
	}
	resp, st := NewCheckResponse(req, &pipeline.Result{Text: plain, Corrections: cs, Language: enUS}, nil, ServerInfo{})
	if len(resp.Matches) != 0 || st.Misplaced != 1 {
		t.Fatalf("matches %+v stats %+v", resp.Matches, st)
	}
}

func TestInsertionGrowsToAWord(t *testing.T) {
	text := "However it rains. I going home."
	cs := []correction.Correction{
		{Start: 7, End: 7, Suggestions: []string{","}, Type: correction.Punctuation},
		{Start: 20, End: 20, Suggestions: []string{"am "}, Type: correction.Grammar},
	}
	req := mustRequest(t, url.Values{"text": {text}, "language": {"en-US"}})
	resp, _ := NewCheckResponse(req, &pipeline.Result{Text: text, Corrections: cs, Language: enUS}, nil, ServerInfo{})
	if len(resp.Matches) != 2 {
		t.Fatalf("matches %+v", resp.Matches)
	}
	if m := resp.Matches[0]; m.Offset != 0 || m.Length != 7 || m.Replacements[0].Value != "However," ||
		m.Rule.ID != PunctuationRuleID || m.Rule.IssueType != "typographical" {
		t.Errorf("comma match %+v", m)
	}
	if m := resp.Matches[1]; m.Offset != 20 || m.Length != 5 || m.Replacements[0].Value != "am going" || m.Rule.ID != GrammarRuleID {
		t.Errorf("insertion match %+v", m)
	}
}

func TestRuleSelection(t *testing.T) {
	text := "Teh cat is very unique and a apple."
	cs := []correction.Correction{
		at(t, text, "Teh", 0, correction.Correction{Suggestions: []string{"The"}, Type: correction.Spelling}),
		at(t, text, "very unique", 0, correction.Correction{Suggestions: []string{"unique"}, Type: correction.Style}),
		at(t, text, "a", 3, correction.Correction{Suggestions: []string{"an"}, Type: correction.Grammar, RuleID: "EN_A_VS_AN", Category: "GRAMMAR"}),
	}
	cat := NewCatalog(RuleInfo{ID: "EN_A_VS_AN", Description: "Use of 'a' vs. 'an'", Category: "GRAMMAR", Type: correction.Grammar})
	tests := []struct {
		params string
		want   string
	}{
		{"language=en-US", "MORFOLOGIK_RULE_EN_US EN_A_VS_AN"},
		{"language=en-US&level=picky", "MORFOLOGIK_RULE_EN_US APPENCORRECT_STYLE EN_A_VS_AN"},
		{"language=en-US&enabledRules=APPENCORRECT_STYLE", "MORFOLOGIK_RULE_EN_US APPENCORRECT_STYLE EN_A_VS_AN"},
		{"language=en-US&disabledRules=MORFOLOGIK_RULE_EN_US", "EN_A_VS_AN"},
		{"language=en-US&disabledRules=morfologik_rule_en_us,EN_A_VS_AN", ""},
		{"language=en-US&disabledCategories=TYPOS", "EN_A_VS_AN"},
		{"language=en-US&disabledCategories=GRAMMAR&enabledRules=EN_A_VS_AN", "MORFOLOGIK_RULE_EN_US EN_A_VS_AN"},
		{"language=en-US&enabledOnly=true&enabledRules=EN_A_VS_AN", "EN_A_VS_AN"},
		{"language=en-US&enabledOnly=true&enabledCategories=TYPOS,STYLE", "MORFOLOGIK_RULE_EN_US APPENCORRECT_STYLE"},
		{"language=en-US&mode=textLevelOnly", ""},
		{"language=en-GB", "MORFOLOGIK_RULE_EN_GB EN_A_VS_AN"},
	}
	for _, tt := range tests {
		t.Run(tt.params, func(t *testing.T) {
			if got := strings.Join(idsFor(t, text, cs, cat, tt.params), " "); got != tt.want {
				t.Errorf("rules %q, want %q", got, tt.want)
			}
		})
	}
}

// idsFor checks text with the request params, answering with cs in the
// request's language.
func idsFor(t *testing.T, text string, cs []correction.Correction, cat *Catalog, params string) []string {
	t.Helper()
	v, err := url.ParseQuery(params)
	if err != nil {
		t.Fatal(err)
	}
	v.Set("text", text)
	req := mustRequest(t, v)
	resp, _ := NewCheckResponse(req, &pipeline.Result{Text: text, Corrections: cs, Language: req.Language}, cat, ServerInfo{})
	var out []string
	for _, m := range resp.Matches {
		out = append(out, m.Rule.ID)
		if m.Rule.ID == "EN_A_VS_AN" && m.Rule.Description != "Use of 'a' vs. 'an'" {
			t.Errorf("description %q not from the catalog", m.Rule.Description)
		}
	}
	return out
}

func TestDegradedAndDetected(t *testing.T) {
	req := mustRequest(t, url.Values{"text": {"Bonjour"}, "language": {"auto"}})
	res := &pipeline.Result{Text: "Bonjour", Language: language.Tag{Code: language.French}, Detected: true,
		Degraded: true, Reason: "vllm: timeout"}
	resp, _ := NewCheckResponse(req, res, nil, ServerInfo{})
	if !resp.Warnings.IncompleteResults || !strings.Contains(resp.Warnings.IncompleteResultsReason, "vllm: timeout") {
		t.Errorf("warnings %+v", resp.Warnings)
	}
	if resp.Language.Code != "fr" || resp.Language.Name != "French" || resp.Language.DetectedLanguage.Source != "detector" {
		t.Errorf("language %+v", resp.Language)
	}
}

func TestDefaultRules(t *testing.T) {
	fr := language.Tag{Code: language.French}
	tests := []struct {
		c          correction.Correction
		tag        language.Tag
		id, cat    string
		issue      string
		typeName   string
		descSubstr string
	}{
		{correction.Correction{Type: correction.Spelling}, enUS, "MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling", "UnknownWord", "spelling"},
		{correction.Correction{Type: correction.Spelling}, language.Tag{Code: language.English}, "MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling", "UnknownWord", "spelling"},
		{correction.Correction{Type: correction.Spelling}, fr, "FR_SPELLING_RULE", "TYPOS", "misspelling", "UnknownWord", "French"},
		{correction.Correction{Type: correction.Grammar}, enUS, GrammarRuleID, "GRAMMAR", "grammar", "Other", "Grammar"},
		{correction.Correction{Type: correction.Punctuation}, enUS, PunctuationRuleID, "PUNCTUATION", "typographical", "Other", "Punctuation"},
		{correction.Correction{Type: correction.Style}, enUS, StyleRuleID, "STYLE", "style", "Hint", "Style"},
		{correction.Correction{Type: "weird"}, enUS, GrammarRuleID, "GRAMMAR", "grammar", "Other", "Grammar"},
		{correction.Correction{Type: correction.Grammar, RuleID: "UPPERCASE_SENTENCE_START", Category: "CASING"}, enUS,
			"UPPERCASE_SENTENCE_START", "CASING", "typographical", "Other", "Grammar"},
	}
	for _, tt := range tests {
		r := resolveRule(tt.c, tt.tag, nil)
		if r.id != tt.id || r.category != tt.cat || r.issueType != tt.issue || typeName(r.typ) != tt.typeName ||
			!strings.Contains(r.description, tt.descSubstr) {
			t.Errorf("resolveRule(%+v, %v) = %+v", tt.c, tt.tag, r)
		}
	}
	if CategoryName("CASING") != "Capitalization" || CategoryName("MY_RULES") != "My rules" || CategoryName("") != "" {
		t.Error("CategoryName")
	}
}

func TestConfigInfo(t *testing.T) {
	cat := NewCatalog(RuleInfo{ID: "EN_A_VS_AN", Description: "a vs an", Category: "GRAMMAR", Type: correction.Grammar},
		RuleInfo{ID: "MORFOLOGIK_RULE_EN_US", Description: "Possible spelling mistake (American English).", Category: "TYPOS", Type: correction.Spelling})
	ci := ServerInfo{Version: "v"}.ConfigInfo(enUS, cat, 10000)
	if ci.Parameter.MaxTextLength != 10000 || ci.Software.Name != "AppenCorrect" {
		t.Errorf("config %+v", ci)
	}
	byID := map[string]map[string]string{}
	for _, r := range ci.Rules {
		byID[r["ruleId"]] = r
	}
	if len(byID) != 5 {
		t.Errorf("rules %v", ci.Rules)
	}
	if r := byID["MORFOLOGIK_RULE_EN_US"]; r["isDictionaryBasedSpellingRule"] != "yes" || r["locQualityIssueType"] != "misspelling" {
		t.Errorf("spelling rule %v", r)
	}
	if r := byID[StyleRuleID]; r["isDefaultOff"] != "yes" || r["categoryName"] != "Style" {
		t.Errorf("style rule %v", r)
	}
	if r := byID["EN_A_VS_AN"]; r["description"] != "a vs an" || r["categoryId"] != "GRAMMAR" {
		t.Errorf("catalog rule %v", r)
	}
}

func TestLanguages(t *testing.T) {
	got := Languages()
	want := []LanguageInfo{{"English", "en", "en"}, {"English (GB)", "en", "en-GB"}, {"English (US)", "en", "en-US"}, {"French", "fr", "fr"}}
	if len(got) != len(want) {
		t.Fatalf("languages %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("language %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// utf16Units returns s as UTF-16 code units.
func utf16Units(s string) []uint16 { return utf16.Encode([]rune(s)) }
