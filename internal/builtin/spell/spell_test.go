package spell

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"appencorrect/internal/language"
)

const (
	anyV = language.AnyVariant
	us   = language.US
	gb   = language.GB
)

func TestKnown(t *testing.T) {
	d := mustLoad(t)
	tests := []struct {
		word string
		v    language.Variant
		want bool
	}{
		// Plain words and case.
		{"hello", anyV, true},
		{"Hello", anyV, true}, // sentence-initial capital
		{"HELLO", anyV, true},
		{"hELLO", anyV, false},
		{"HeLLo", anyV, false},
		{"helo", anyV, false},
		{"a", anyV, true},
		{"A", anyV, true},
		{"I", anyV, true},
		{"i", anyV, false}, // the pronoun is written with a capital
		// Proper nouns need their capitals.
		{"Paris", anyV, true},
		{"PARIS", anyV, true},
		{"paris", anyV, false},
		{"London", gb, true},
		{"london", gb, false},
		{"NASA", anyV, true},
		{"nasa", anyV, false},
		{"English", anyV, true},
		{"Europe", anyV, true},
		{"europe", anyV, false},
		// Possessives.
		{"John's", anyV, true},
		{"dog's", anyV, true},
		{"dogs'", anyV, true},
		{"James'", anyV, true},
		{"children's", anyV, true},
		{"Paris's", anyV, true},
		{"JOHN'S", anyV, true},
		{"dgo's", anyV, false},
		{"paris's", anyV, false},
		// Contractions.
		{"don't", anyV, true},
		{"Don't", anyV, true},
		{"DON'T", anyV, true},
		{"I'm", anyV, true},
		{"i'm", anyV, false},
		{"we'll", anyV, true},
		{"it's", anyV, true},
		{"they're", anyV, true},
		{"o'clock", anyV, true},
		{"can't", anyV, true},
		{"won't", anyV, true},
		{"would've", anyV, true},
		{"y'all", anyV, true},
		{"dont", anyV, false},
		{"does'nt", anyV, false},
		// Curly apostrophes are apostrophes.
		{"don’t", anyV, true},
		{"John’s", anyV, true},
		{"O’clock", anyV, true},
		{"they‘re", anyV, true},
		// Variants: with AnyVariant both spellings are right.
		{"color", anyV, true},
		{"colour", anyV, true},
		{"color", us, true},
		{"colour", us, false},
		{"color", gb, false},
		{"colour", gb, true},
		{"Colour", gb, true},
		{"COLOR", gb, false},
		{"organize", us, true},
		{"organise", us, false},
		{"organize", gb, false},
		{"organise", gb, true},
		{"organize", anyV, true},
		{"center", gb, false},
		{"centre", gb, true},
		{"centre", us, false},
		// Spellings in free variation (SCOWL lists the British one among
		// the acceptable American variants): right in both variants.
		{"theater", gb, true},
		{"theatre", gb, true},
		{"theatre", us, true},
		{"traveled", gb, true},
		{"travelled", gb, true},
		{"traveled", us, true},
		{"travelling", us, true},
		{"gray", gb, true},
		{"grey", us, true},
		{"grayish", gb, true},
		{"greys", us, true},
		{"judgement", us, true},
		{"catalog", gb, true},
		{"catalogue", us, true},
		// Other words of their own, not variants: right everywhere.
		{"check", gb, true},
		{"program", gb, true},
		{"programme", gb, true},
		{"license", gb, true},
		{"licence", gb, true},
		{"cheque", gb, true},
		{"cheque", us, false},
		{"analyze", gb, false},
		{"analyse", gb, true},
		{"defense", gb, false},
		{"defence", gb, true},
		{"grey", gb, true},
		{"gray", us, true},
		{"colours", gb, true},
		{"colour's", gb, true},
		// Words of both variants, and vocabulary (not spelling) differences.
		{"the", us, true},
		{"amongst", us, true},
		{"learned", gb, true},
		{"judgment", gb, true},
		// Not the speller's to judge.
		{"2nd", anyV, true},
		{"mp3", anyV, true},
		{"1990s", anyV, true},
		{"...", anyV, true},
		{"", anyV, false},
		// Hyphenated.
		{"well-known", anyV, true},
		{"self-driving", anyV, true},
		{"well-knwon", anyV, false},
		// Accents.
		{"café", anyV, true},
		{"naïve", anyV, true},
		// English writes most of them without: "café" lets "cafe" in.
		{"cafe", anyV, true},
		{"Cafe", anyV, true},
		{"CAFE", anyV, true},
		{"cafes", anyV, true},
		{"fiance", anyV, true},
		{"cliche", anyV, true},
		{"cafr", anyV, false},
		{"Zurich", anyV, true},
		{"zurich", anyV, false}, // a name keeps its capital
	}
	for _, tt := range tests {
		if got := d.Known(tt.word, tt.v); got != tt.want {
			t.Errorf("Known(%q, %q) = %v, want %v", tt.word, tt.v, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	d := mustLoad(t)
	tests := []struct {
		word string
		v    language.Variant
		want string // the first suggestion
	}{
		{"teh", anyV, "the"},
		{"Teh", anyV, "The"},
		{"TEH", anyV, "THE"},
		{"recieve", anyV, "receive"},
		{"Recieve", anyV, "Receive"},
		{"definately", anyV, "definitely"},
		{"accomodation", anyV, "accommodation"},
		{"begining", anyV, "beginning"},
		{"occured", anyV, "occurred"},
		{"seperate", anyV, "separate"},
		{"untill", anyV, "until"},
		{"wierd", anyV, "weird"},
		{"beleive", anyV, "believe"},
		{"tommorow", anyV, "tomorrow"},
		{"goverment", anyV, "government"},
		{"enviroment", anyV, "environment"},
		{"neccessary", anyV, "necessary"},
		{"sertin", anyV, "certain"},
		{"i", anyV, "I"},
		{"paris", anyV, "Paris"},
		{"dont", anyV, "don't"},
		{"doesnt", anyV, "doesn't"},
		{"dont", anyV, "don't"},
		{"dont’", anyV, "don’t"}, // the writer's apostrophe
		// Variant spellings get their counterpart first.
		{"color", gb, "colour"},
		{"Color", gb, "Colour"},
		{"colour", us, "color"},
		{"organize", gb, "organise"},
		{"organise", us, "organize"},
		{"center", gb, "centre"},
		{"centre", us, "center"},
		{"analyze", gb, "analyse"},
		{"analyse", us, "analyze"},
		{"defence", us, "defense"},
		{"cheque", us, "check"},
		// Misspellings get suggestions of the variant asked for.
		{"colur", gb, "colour"},
		{"colur", us, "color"},
		{"organiseation", gb, "organisation"},
		{"organizaton", us, "organization"},
	}
	for _, tt := range tests {
		got := d.Suggest(tt.word, tt.v, 5)
		if len(got) == 0 || got[0] != tt.want {
			t.Errorf("Suggest(%q, %q) = %q, want %q first", tt.word, tt.v, got, tt.want)
		}
	}
}

// TestSuggestTop3 lists harder or ambiguous misspellings whose intended word
// should be among the first three suggestions.
func TestSuggestTop3(t *testing.T) {
	d := mustLoad(t)
	tests := []struct {
		word string
		v    language.Variant
		want string
	}{
		{"fisical", anyV, "physical"},
		{"wont", us, "won't"}, // "wont" is a word, but asked anyway "won't" is a likely intent
		{"nollege", anyV, "knowledge"},
		{"sycology", anyV, "psychology"},
		{"rythm", anyV, "rhythm"},
		{"thier", anyV, "their"},
		{"alot", anyV, "a lot"},
	}
	for _, tt := range tests {
		got := d.Suggest(tt.word, tt.v, 3)
		if !slices.Contains(got, tt.want) {
			t.Errorf("Suggest(%q, %q, 3) = %q, want %q among them", tt.word, tt.v, got, tt.want)
		}
	}
}

func TestSuggestProperties(t *testing.T) {
	d := mustLoad(t)
	for _, w := range []string{"alot", "infact", "teh", "xyzzyqwerty", "a", "supercalifragilisticexpialidocious", "qqqq", "Misteak", "ACOMODATION", "naïveté", "l'homme", "x"} {
		for _, n := range []int{0, 1, 3, 10} {
			got := d.Suggest(w, anyV, n)
			if len(got) > n {
				t.Errorf("Suggest(%q, %d) = %d suggestions", w, n, len(got))
			}
			if slices.Contains(got, w) {
				t.Errorf("Suggest(%q) suggests the word itself: %q", w, got)
			}
			seen := map[string]bool{}
			for _, s := range got {
				if seen[s] {
					t.Errorf("Suggest(%q) repeats %q: %q", w, s, got)
				}
				seen[s] = true
				for _, part := range strings.Fields(s) { // "a lot" for "alot"
					if !d.Known(part, anyV) {
						t.Errorf("Suggest(%q) suggests unknown %q", w, s)
					}
				}
			}
		}
	}
	// Suggestions in a variant are words of that variant.
	for _, w := range []string{"colr", "organizashun", "centr", "travled", "behavor"} {
		for _, v := range []language.Variant{us, gb} {
			for _, s := range d.Suggest(w, v, 10) {
				for _, part := range strings.Fields(s) {
					if !d.Known(part, v) {
						t.Errorf("Suggest(%q, %s) suggests %q, not a word in %s", w, v, s, v)
					}
				}
			}
		}
	}
	if got := d.Suggest("", anyV, 5); got != nil {
		t.Errorf("Suggest(\"\") = %q", got)
	}
}

func TestVariantForm(t *testing.T) {
	d := mustLoad(t)
	tests := []struct {
		word string
		v    language.Variant
		want string
		ok   bool
	}{
		{"color", gb, "colour", true},
		{"Color", gb, "Colour", true},
		{"COLORS", gb, "COLOURS", true},
		{"colour", us, "color", true},
		{"color", us, "", false},
		{"colour", gb, "", false},
		{"color", anyV, "", false},
		{"organize", gb, "organise", true},
		{"organization", gb, "organisation", true},
		{"organisation", us, "organization", true},
		{"center", gb, "centre", true},
		{"centre", us, "center", true},
		{"analyze", gb, "analyse", true},
		{"analyse", us, "analyze", true},
		{"defense", gb, "defence", true},
		{"cheque", us, "check", true},
		{"traveling", gb, "", false},
		{"travelled", us, "", false},
		{"theater", gb, "", false},
		{"catalog", gb, "", false},
		{"gray", gb, "", false},
		{"grey", us, "", false},
		{"check", gb, "", false},
		{"program", gb, "", false},
		{"license", gb, "", false},
		{"licence", us, "", false},
		{"aluminum", gb, "aluminium", true},
		{"the", gb, "", false},
		{"helo", gb, "", false},
		{"amongst", us, "", false},
	}
	for _, tt := range tests {
		got, ok := d.VariantForm(tt.word, tt.v)
		if got != tt.want || ok != tt.ok {
			t.Errorf("VariantForm(%q, %q) = %q, %v, want %q, %v", tt.word, tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFrequency(t *testing.T) {
	d := mustLoad(t)
	the, of, cat, rare := d.Frequency("the"), d.Frequency("of"), d.Frequency("cat"), d.Frequency("sesquipedalian")
	if !(the > of && of > cat && cat > rare && rare > 0) {
		t.Errorf("Frequency: the %g, of %g, cat %g, sesquipedalian %g: want decreasing and positive", the, of, cat, rare)
	}
	if the < 0.01 || the > 0.1 {
		t.Errorf("Frequency(the) = %g, want a few percent", the)
	}
	if f := d.Frequency("The"); f != the {
		t.Errorf("Frequency(The) = %g, want %g as for the", f, the)
	}
	if f := d.Frequency("John's"); f == 0 || f != d.Frequency("john") {
		t.Errorf("Frequency(John's) = %g, want that of john, %g", f, d.Frequency("john"))
	}
	if f := d.Frequency("xyzzyqwerty"); f != 0 {
		t.Errorf("Frequency of an unknown word = %g, want 0", f)
	}
	if d.Frequency("then") < d.Frequency("than")/10 || d.Frequency("don't") == 0 {
		t.Errorf("Frequency: then %g than %g don't %g", d.Frequency("then"), d.Frequency("than"), d.Frequency("don't"))
	}
}

func TestConcurrent(t *testing.T) {
	d := mustLoad(t)
	want := d.Suggest("recieve", gb, 5)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				if got := d.Suggest("recieve", gb, 5); !slices.Equal(got, want) {
					t.Errorf("concurrent Suggest = %q, want %q", got, want)
					return
				}
				if !d.Known("receive", gb) {
					t.Error("concurrent Known failed")
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestLoadShared(t *testing.T) {
	a, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Load()
	if a != b {
		t.Error("Load returned two dictionaries: want one shared")
	}
	if a.Language() != language.English {
		t.Errorf("Language() = %q", a.Language())
	}
}

func TestFrench(t *testing.T) {
	d, err := LoadFrench()
	if err != nil {
		t.Fatal(err)
	}
	if d.Language() != language.French {
		t.Errorf("Language() = %q", d.Language())
	}
	known := []struct {
		word string
		want bool
	}{
		{"maison", true},
		{"Maison", true},
		{"MAISON", true},
		{"aimer", true},
		{"aimions", true},
		{"étaient", true},
		{"être", true},
		{"Être", true},
		{"chevaux", true},
		{"déjà", true},
		{"où", true},
		{"peut-être", true},
		{"aujourd'hui", true},
		{"aujourd’hui", true},
		{"l'homme", true},
		{"L'homme", true},
		{"qu'il", true},
		{"jusqu'à", true},
		{"d'accord", true},
		{"j'ai", true},
		{"c'est", true},
		{"l'Europe", true},
		{"va-t-il", true},
		{"Paris", true},
		{"France", true},
		{"france", false},
		{"maisonn", false},
		{"l'hommme", false},
		{"aujourdhui", false},
		{"etre", false}, // the accent is part of the spelling
		{"beaucou", false},
		{"color", false},
	}
	for _, tt := range known {
		if got := d.Known(tt.word, language.AnyVariant); got != tt.want {
			t.Errorf("French Known(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
	suggest := []struct{ word, want string }{
		{"maisonn", "maison"},
		{"beaucou", "beaucoup"},
		{"aujourdhui", "aujourd'hui"},
		{"etre", "être"},
		{"Beaucou", "Beaucoup"},
		{"problem", "problème"},
		{"francais", "français"},
		{"l'hommme", "l'homme"},
		{"L'hommme", "L'homme"},
		{"qu'ill", "qu'il"},
	}
	for _, tt := range suggest {
		got := d.Suggest(tt.word, language.AnyVariant, 5)
		if !slices.Contains(got, tt.want) {
			t.Errorf("French Suggest(%q) = %q, want %q among them", tt.word, got, tt.want)
		}
	}
	if _, ok := d.VariantForm("maison", language.GB); ok {
		t.Error("French VariantForm: want none")
	}
}

// FuzzKnownSuggest checks that no input makes Known or Suggest panic, and
// that suggestions keep their promises. The seeds run with go test.
func FuzzKnownSuggest(f *testing.F) {
	for _, s := range []string{"", "'", "''", "-", "a-", "-a", "'s", "s'", "\xff\xfe", "İstanbul", "İİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİ", "ǅemal", "l'", "qu'", "l'oeuvre", "OEuvre",
		strings.Repeat("a", 59), strings.Repeat("a", 60), strings.Repeat("a", 61), strings.Repeat("é", 30), "don’t’s", "a--b", "x'y'z", "ÉCOLE", "ß", "ﬁne"} {
		f.Add(s)
	}
	en, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	fr, err := LoadFrench()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, d := range []*Dictionary{en, fr} {
			for _, v := range []language.Variant{anyV, us, gb} {
				d.Known(s, v)
				d.VariantForm(s, v)
				d.Frequency(s)
				if got := d.Suggest(s, v, 3); len(got) > 3 {
					t.Errorf("Suggest(%q) = %d suggestions", s, len(got))
				}
			}
		}
	})
}

func TestListed(t *testing.T) {
	d := mustLoad(t)
	for _, c := range []struct {
		word string
		want bool
	}{
		{"London", true}, {"monarchy", true}, {"Monarchy", false}, {"london", false},
		{"Monday", true}, {"monday", false}, {"", false}, {"Xqzzv", false},
	} {
		if got := d.Listed(c.word); got != c.want {
			t.Errorf("Listed(%q) = %v, want %v", c.word, got, c.want)
		}
	}
}

func TestPhoneticKey(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"sertin", "certain"},
		{"fisical", "physical"},
		{"nolige", "knowledge"},
		{"possetion", "possession"},
		{"discution", "discussion"},
	} {
		ka, kb := string(phoneticKey(nil, c.a)), string(phoneticKey(nil, c.b))
		if ka != kb {
			t.Errorf("%s → %s, %s → %s: want one key", c.a, ka, c.b, kb)
		}
	}
	if k := string(phoneticKey(nil, "mission")); k != "MXN" {
		t.Errorf("mission → %s, want MXN", k)
	}
}
