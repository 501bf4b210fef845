package builtin

import (
	"appencorrect/internal/dictionary"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

// mapSpeller is a small dictionary for tests: every word is known except
// the keys of unknown, whose values are the suggestions.
type mapSpeller struct {
	unknown  map[string][]string
	variants map[string][2]string // lower-case word → US, GB forms
}

func (m mapSpeller) Known(w string, v language.Variant) bool {
	lw := strings.ToLower(w)
	if _, bad := m.unknown[lw]; bad {
		return false
	}
	if f, ok := m.variants[lw]; ok {
		switch v {
		case language.US:
			return lw == f[0]
		case language.GB:
			return lw == f[1]
		}
	}
	return true
}

func (m mapSpeller) Suggest(w string, v language.Variant, n int) []string {
	s := m.unknown[strings.ToLower(w)]
	return s[:min(n, len(s))]
}

func (m mapSpeller) Frequency(string) float64 { return 1e-6 }

func (m mapSpeller) VariantForm(w string, v language.Variant) (string, bool) {
	f, ok := m.variants[strings.ToLower(w)]
	if !ok || v == language.AnyVariant {
		return "", false
	}
	if v == language.GB && strings.ToLower(w) == f[0] {
		return f[1], true
	}
	if v == language.US && strings.ToLower(w) == f[1] {
		return f[0], true
	}
	return "", false
}

func testSpeller() mapSpeller {
	return mapSpeller{
		unknown: map[string][]string{
			"eror": {"error", "err"}, "grammer": {"grammar", "crammer"}, "teh": {"the", "ten"},
			"xyzzy": {"fizzy"}, "zzqx": nil, "fmt": nil, "println": nil, "mba": nil,
		},
		variants: map[string][2]string{"color": {"color", "colour"}, "colour": {"color", "colour"}},
	}
}

func check(t *testing.T, e *Engine, text string, tag language.Tag) []correction.Correction {
	t.Helper()
	cs, err := e.Check(context.Background(), text, tag)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, text, cs)
	return cs
}

// checkInvariants verifies what every result must satisfy: sorted, not
// overlapping, matching the text, complete, applicable.
func checkInvariants(t *testing.T, text string, cs []correction.Correction) {
	t.Helper()
	for i, c := range cs {
		if c.Start < 0 || c.End > len(text) || c.Start > c.End || text[c.Start:c.End] != c.Original {
			t.Fatalf("correction %d out of place in %q: %+v", i, text, c)
		}
		if i > 0 && c.Start < cs[i-1].End {
			t.Fatalf("corrections overlap or are unsorted in %q: %+v, %+v", text, cs[i-1], c)
		}
		if c.Engine != "builtin" || c.RuleID == "" || c.Message == "" || !c.Type.Valid() || len(c.Suggestions) == 0 {
			t.Fatalf("incomplete correction in %q: %+v", text, c)
		}
		if c.Suggestions[0] == c.Original {
			t.Fatalf("correction changes nothing in %q: %+v", text, c)
		}
	}
	if _, err := correction.Apply(text, cs); err != nil {
		t.Fatalf("Apply(%q): %v", text, err)
	}
}

func corrected(t *testing.T, e *Engine, text string, tag language.Tag) string {
	t.Helper()
	out, err := correction.Apply(text, check(t, e, text, tag))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAcceptance(t *testing.T) {
	e := New(testSpeller())
	text := "I has a eror in grammer"
	cs := check(t, e, text, language.Tag{})
	type want struct {
		orig, sugg string
		typ        correction.Type
	}
	wants := []want{
		{"has", "have", correction.Grammar},
		{"a", "an", correction.Grammar},
		{"eror", "error", correction.Spelling},
		{"grammer", "grammar", correction.Spelling},
	}
	if len(cs) != len(wants) {
		t.Fatalf("got %d corrections, want %d: %+v", len(cs), len(wants), cs)
	}
	for i, w := range wants {
		if cs[i].Original != w.orig || cs[i].Suggestions[0] != w.sugg || cs[i].Type != w.typ {
			t.Errorf("correction %d = %q → %q (%s), want %q → %q (%s)", i, cs[i].Original, cs[i].Suggestions[0], cs[i].Type, w.orig, w.sugg, w.typ)
		}
	}
	if cs[2].RuleID != "MORFOLOGIK_RULE_EN_US" || cs[0].RuleID != "EN_PRONOUN_VERB_AGREEMENT" || cs[1].RuleID != "EN_A_VS_AN" {
		t.Errorf("rule ids: %s %s %s", cs[0].RuleID, cs[1].RuleID, cs[2].RuleID)
	}
	if got := corrected(t, e, text, language.Tag{}); got != "I have an error in grammar" {
		t.Errorf("corrected %q", got)
	}
	if !slices.Equal(cs[2].Suggestions, []string{"error", "err"}) {
		t.Errorf("suggestions %q", cs[2].Suggestions)
	}
}

// TestNotProse: what is not prose is never flagged.
func TestNotProse(t *testing.T) {
	e := New(testSpeller())
	for _, text := range []string{
		"See https://eror.com/eror?q=eror for it.",
		"See www.eror.com for it.",
		"Write to eror@example.com today.",
		"Open /usr/eror/bin now.",
		"Open ./eror now.",
		"Open C:\\eror\\grammer now.",
		"Set eror_name now.",
		"Call myEror now.",
		"Edit eror.go now.",
		"Use eror2 and 2nd.",
		"Call fmt.Println now.",
		"The EROR code.",
		"I met Eror yesterday.",
		"That is Eror's car.",
		"Ping @eror now.",
		"Tag #eror now.",
		"Run `eror grammer` now.",
		"Run\n```\neror grammer\n```\nnow.",
		"I saw zzqx there.",
		"It was a well-xyzzy thing.",
		"Use <eror> tags.",
		"Costs 3,000 or 4.5 or 10%.",
	} {
		if cs := check(t, e, text, language.Tag{}); len(cs) != 0 {
			t.Errorf("%q: unexpected corrections %+v", text, cs)
		}
	}
}

func TestSpelling(t *testing.T) {
	e := New(testSpeller())
	for _, c := range []struct{ in, want string }{
		{"I saw teh cat.", "I saw the cat."},
		{"Teh cat sat.", "The cat sat."},
		{"teh cat sat.", "The cat sat."}, // spelling and capital in one correction
		{"Eror here.", "Error here."},    // sentence start, one edit away
		{"Xyzzy here.", "Xyzzy here."},   // sentence start, too far: a name?
		{"It is xyzzy.", "It is fizzy."}, // lower case: the suggestion stands
		{"A well-eror thing.", "A well-error thing."},
		{"EROR here.", "EROR here."},
	} {
		if got := corrected(t, e, c.in, language.Tag{}); got != c.want {
			t.Errorf("%q → %q, want %q", c.in, got, c.want)
		}
	}
	cs := check(t, e, "teh cat", language.Tag{})
	if len(cs) != 1 || cs[0].Type != correction.Spelling || !slices.Equal(cs[0].Suggestions, []string{"The", "Ten"}) {
		t.Errorf("merged spelling and casing: %+v", cs)
	}
}

func TestVariants(t *testing.T) {
	e := New(testSpeller())
	gb := language.Tag{Code: language.English, Variant: language.GB}
	us := language.Tag{Code: language.English, Variant: language.US}
	cs := check(t, e, "The color is nice.", gb)
	if len(cs) != 1 || cs[0].Suggestions[0] != "colour" || cs[0].RuleID != "MORFOLOGIK_RULE_EN_GB" ||
		cs[0].Type != correction.Spelling || !strings.Contains(cs[0].Message, "British") {
		t.Errorf("GB: %+v", cs)
	}
	cs = check(t, e, "Colour me.", us)
	if len(cs) != 1 || cs[0].Suggestions[0] != "Color" || cs[0].RuleID != "MORFOLOGIK_RULE_EN_US" || !strings.Contains(cs[0].Message, "American") {
		t.Errorf("US: %+v", cs)
	}
	for _, text := range []string{"The color is nice.", "The colour is nice."} {
		if cs := check(t, e, text, language.Tag{}); len(cs) != 0 {
			t.Errorf("auto %q: %+v", text, cs)
		}
		if cs := check(t, e, text, language.Tag{Code: language.English}); len(cs) != 0 {
			t.Errorf("en %q: %+v", text, cs)
		}
	}
}

// TestCommaKeepsSpellingFix: a comma rule on a word that spelling already
// fixed adds its comma on the next space, so both fixes keep their type.
func TestCommaKeepsSpellingFix(t *testing.T) {
	e := New(testSpeller())
	text := "We found an eror so we fixed it."
	cs := check(t, e, text, language.Tag{})
	var got []string
	for _, c := range cs {
		got = append(got, fmt.Sprintf("%s:%q→%q", c.Type, c.Original, c.Suggestions[0]))
	}
	want := []string{`spelling:"eror"→"error"`, `punctuation:" so"→", so"`}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("corrections %v, want %v", got, want)
	}
}

func TestCombined(t *testing.T) {
	e := New(testSpeller())
	for _, c := range []struct{ in, want string }{
		{"I doesnt likes eating spicy food.", "I don't like eating spicy food."},
		{"she don't know.", "She doesn't know."},
		{"Your the best friend Ive ever had!", "You're the best friend I've ever had!"},
		{"i think its a eror.", "I think it's an error."},
		{"the the cat.", "The cat."},
		{"It ended.the end", "It ended.the end"}, // not a clear sentence break
		{"However i has a eror , sadly.", "However, I have an error, sadly."},
	} {
		if got := corrected(t, e, c.in, language.Tag{}); got != c.want {
			t.Errorf("%q → %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLanguages(t *testing.T) {
	fr := mapSpeller{unknown: map[string][]string{"voitur": {"voiture"}, "homm": {"homme"}}}
	e := New(testSpeller(), WithFrench(fr))
	french := "J'ai acheté une nouvelle voitur pour l'homm."
	if got := corrected(t, e, french, language.Tag{}); got != "J'ai acheté une nouvelle voiture pour l'homme." {
		t.Errorf("French: %q", got)
	}
	cs := check(t, e, french, language.Tag{Code: language.French})
	if len(cs) != 2 || cs[0].RuleID != "FR_SPELLING_RULE" {
		t.Errorf("French: %+v", cs)
	}
	// No English rules on French text: "a" before a vowel is fine.
	if cs := check(t, e, "Il a eu une idée.", language.Tag{Code: language.French}); len(cs) != 0 {
		t.Errorf("French rules: %+v", cs)
	}
	noFr := New(testSpeller())
	if _, err := noFr.Check(context.Background(), french, language.Tag{}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("French without dictionary: %v", err)
	}
}

func TestDetectLanguage(t *testing.T) {
	for _, c := range []struct {
		text string
		want language.Code
	}{
		{"This is a sentence in English, and it is fine.", language.English},
		{"Les chats mange du poisson.", language.French},
		{"J'ai acheté une nouvelle voitur.", language.French},
		{"Il faut que tu viens demain.", language.French},
		{"Elle a parlé avec son ami, puis elle est allé au cinéma.", language.French},
		{"I has a eror in grammer", language.English},
		{"", language.English},
		{"12345", language.English},
		{"Paris", language.English},
	} {
		if got := DetectLanguage(c.text); got != c.want {
			t.Errorf("DetectLanguage(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New(testSpeller()).Check(ctx, "I has a eror", language.Tag{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestEngineName(t *testing.T) {
	e := New(testSpeller())
	if e.Name() != "builtin" {
		t.Error(e.Name())
	}
	if cs, err := e.Check(context.Background(), "", language.Tag{}); err != nil || cs != nil {
		t.Error(cs, err)
	}
	if len(New(testSpeller(), WithoutRules("EN_A_VS_AN")).Rules()) != len(e.Rules())-1 {
		t.Error("WithoutRules")
	}
}

// TestConcurrent: an Engine is shared by all requests.
func TestConcurrent(t *testing.T) {
	e := New(testSpeller())
	texts := []string{"I has a eror in grammer", "teh cat sat.", "She don't know, its a eror.", "Fine text."}
	want := make([]string, len(texts))
	for i, s := range texts {
		want[i] = corrected(t, e, s, language.Tag{})
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 200; k++ {
				i := (g + k) % len(texts)
				cs, err := e.Check(context.Background(), texts[i], language.Tag{})
				if err != nil {
					t.Error(err)
					return
				}
				if got, _ := correction.Apply(texts[i], cs); got != want[i] {
					t.Errorf("concurrent %q → %q, want %q", texts[i], got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// checkSeeds are texts a hostile or careless client sends: broken
// UTF-8, odd case and apostrophes, and each rule's trigger words at the end
// of a text or across a line, where the words a rule looks at are missing.
var checkSeeds = []string{
	"I has a eror in grammer", "teh the the cat ,, dog ..", "It ended.The end", "a a a an an",
	"Ünïcödé wörds, “quotes” and ’apostrophes’ i’m", "`code` @x #y http://x.y/z a@b.c",
	"\xff\xfe invalid", "He doesnt likes it. your welcome! there going to loose the game",
	"However i think so , really ?", "Hello\n\n\nworld .\n", "e.g. i.e. U.S.A. Mr. smith",
	"there is a lot of", "There was lots", "someone who", "I am", "I’m student", "Besides",
	"Recently", "look forward to", "get used to\nbe", "i m", "others", "THE PUBLIC TRANSPORT",
	"an advice.", "When you see it you", "Everybody know", "less", "it would be not", "I am agree",
	"they are many", "In the beach", "so Tom", "He is artist", "people who lives", "a number of",
	"many of", "take part of", "in TV", "adds", "one add", "latter", "get alone with",
	// This round's triggers, at the end of a text, across a line, in capitals.
	"every details", "a cars", "EACH STUDENTS", "The these", "the\nmy", "The", "however", "x however",
	"A younger person however", "for example", "in one case for\nexample the", ", isn't it.", "isn’t it .",
	"I believe, that", "believe,", "especially", "the others especially when", "recovered good",
	"good", "will able to", "I am interesting in", "is to expensive", "to", "fore many", "are cheep",
	"heart decease", "this point affect the", "The professor need", "the age don't", "will causes",
	"have to reduced", "In a market economy the price must", "If there is a problem the teacher will",
	"Infact we", "Infact", "More convenience", "a choose", "its very expensive", "my points of views",
	"went to a tour", "easy to me to", "For the these reasons", "lot of", "whole heartedly",
	"a long paragraph of more than ten words that ends without any mark at all",
	"a long paragraph of more than ten words that ends without any mark at all \n\n ",
	"For example, When", "possetion", "probles", "familys", "peples", "canot", " to eXpensive",
}

func FuzzCheck(f *testing.F) {
	for _, s := range checkSeeds {
		f.Add(s)
	}
	e := New(testSpeller())
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := e.Check(context.Background(), s, language.Tag{Code: language.English})
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, s, cs)
	})
}

// TestCheckSeedsReal runs the fuzz seeds through the engine on the real
// dictionary, whose rules (those that need to know a word) the fuzz test's
// small speller leaves silent.
func TestCheckSeedsReal(t *testing.T) {
	e := realEngine(t)
	for _, s := range checkSeeds {
		for _, tag := range []language.Tag{{Code: language.English}, {Code: language.English, Variant: language.US}, {Code: language.English, Variant: language.GB}} {
			cs, err := e.Check(context.Background(), s, tag)
			if err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			checkInvariants(t, s, cs)
		}
	}
}

// TestSuggest: the engine's suggestions for a word alone are the
// dictionary's, reranked as in a check, in the word's case.
func TestSuggest(t *testing.T) {
	e := New(mapSpeller{unknown: map[string][]string{"totaly": {"total", "totally", "title"}}})
	for _, c := range []struct {
		w    string
		want []string
	}{
		{"totaly", []string{"totally", "total"}},
		{"Totaly", []string{"Totally", "Total"}},
		{"", nil},
	} {
		if got := e.Suggest(c.w, language.US, 2); !slices.Equal(got, c.want) {
			t.Errorf("Suggest(%q) = %q, want %q", c.w, got, c.want)
		}
	}
	if got := New(nil).Suggest("totaly", language.US, 2); got != nil {
		t.Errorf("Suggest without a dictionary = %q", got)
	}
}

func TestRerank(t *testing.T) {
	for _, c := range []struct {
		w       string
		capital bool
		in      []string
		want    []string
	}{
		{"totaly", false, []string{"total", "totally", "title"}, []string{"totally", "total", "title"}},
		{"probles", false, []string{"problem", "problems"}, []string{"problems", "problem"}}, // the -s tells a plural
		{"familys", false, []string{"family", "families"}, []string{"families", "family"}},
		{"succes", false, []string{"success", "sues"}, []string{"success", "sues"}},
		{"peopls", false, []string{"people", "peoples"}, []string{"people", "peoples"}}, // already a plural
		{"peples", false, []string{"people", "peoples"}, []string{"people", "peoples"}},
		{"latets", false, []string{"latest", "lattes"}, []string{"latest", "lattes"}},
		{"remined", false, []string{"remind", "remained"}, []string{"remind", "remained"}},
		{"scarely", false, []string{"securely", "scarcely", "scarily"}, []string{"scarcely", "securely", "scarily"}},
		{"centraly", false, []string{"central", "centrally", "Centralia"}, []string{"centrally", "central"}},
		{"studing", false, []string{"student", "stating", "studying"}, []string{"studying", "student", "stating"}},
		{"choosed", false, []string{"choose", "closed"}, []string{"choose", "closed"}}, // "closed" is another word
		{"mobilefone", false, []string{"Movietone", "mobile"}, []string{"mobile"}},
		{"paris", false, []string{"Paris", "pairs"}, []string{"Paris", "pairs"}},
		{"londn", true, []string{"London"}, []string{"London"}},
		{"unmeaningful", false, []string{"meaningful"}, []string{}},
		{"eco", false, []string{"echo", "ego"}, []string{"echo", "ego"}},
		{"ab", false, []string{"a"}, []string{"a"}},
	} {
		if got := rerank(c.w, c.capital, c.in); !slices.Equal(got, c.want) {
			t.Errorf("rerank(%q, %q) = %q, want %q", c.w, c.in, got, c.want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"teh", "the", 1}, {"eror", "error", 1}, {"abc", "abc", 0}, {"kitten", "sitting", 3}, {"a", "abcdefgh", 4}, {"café", "cafe", 1}} {
		if got := distance(c.a, c.b); got != c.d {
			t.Errorf("distance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

// TestListedWords: a tenant's words are never flagged, with LanguageTool's
// case rule, and close misspellings of them get them as suggestions.
func TestListedWords(t *testing.T) {
	e := realEngine(t)
	words := dictionary.New([]string{"dockerize", "Qwen", "annotater"}, "v1")
	check := func(text string, w *dictionary.Words) map[string]string {
		cs, err := e.CheckWith(context.Background(), text, language.Tag{Code: language.English, Variant: language.US}, w)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, c := range cs {
			out[c.Original] = c.Suggestion()
		}
		return out
	}
	text := "We dockerize and DOCKERIZE the annotater; qwen is not Qwen. Then dokerize it."
	without := check(text, nil)
	for _, w := range []string{"dockerize", "annotater", "qwen"} {
		if _, ok := without[w]; !ok {
			t.Fatalf("%q is not flagged without the list (test premise): %v", w, without)
		}
	}
	with := check(text, words)
	for _, w := range []string{"dockerize", "DOCKERIZE", "annotater", "Qwen"} {
		if s, ok := with[w]; ok {
			t.Errorf("listed word %q flagged (→ %q)", w, s)
		}
	}
	if with["qwen"] != "Qwen" {
		t.Errorf("qwen → %q: the capitalised entry Qwen matches only itself, and is the suggestion: %v", with["qwen"], with)
	}
	if with["dokerize"] != "dockerize" {
		t.Errorf("dokerize → %q, want the listed dockerize: %v", with["dokerize"], with)
	}
}

// TestListedWordsBeforeOtherSpellingRules: a listed word is not flagged
// as another variant's spelling or as an acronym in lower case either.
func TestListedWordsBeforeOtherSpellingRules(t *testing.T) {
	e := realEngine(t)
	us := language.Tag{Code: language.English, Variant: language.US}
	for _, tt := range []struct{ text, word string }{
		{"The colour of the sky is blue.", "colour"},
		{"We watched tv all evening.", "tv"},
	} {
		flagged := func(w *dictionary.Words) bool {
			cs, err := e.CheckWith(context.Background(), tt.text, us, w)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				if c.Original == tt.word {
					return true
				}
			}
			return false
		}
		if !flagged(nil) {
			t.Fatalf("%q is not flagged in %q without the list (test premise)", tt.word, tt.text)
		}
		if flagged(dictionary.New([]string{tt.word}, "v")) {
			t.Errorf("listed %q still flagged in %q", tt.word, tt.text)
		}
	}
}
