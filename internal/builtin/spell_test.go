package builtin

// Tests and benchmarks with the real embedded dictionary (package spell).

import (
	"appencorrect/internal/testsvc"
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"appencorrect/internal/builtin/spell"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

// realEngine returns an engine on the real embedded dictionary.
func realEngine(t testing.TB) *Engine {
	t.Helper()
	d, err := spell.Load()
	if err != nil {
		t.Fatal(err)
	}
	return New(d)
}

func TestRealAcceptance(t *testing.T) {
	e := realEngine(t)
	text := "I has a eror in grammer"
	cs := check(t, e, text, language.Tag{})
	want := [][3]string{
		{"has", "have", "grammar"},
		{"a", "an", "grammar"},
		{"eror", "error", "spelling"},
		{"grammer", "grammar", "spelling"},
	}
	if len(cs) != len(want) {
		t.Fatalf("got %+v", cs)
	}
	for i, w := range want {
		if cs[i].Original != w[0] || cs[i].Suggestions[0] != w[1] || string(cs[i].Type) != w[2] {
			t.Errorf("correction %d: %+v, want %v", i, cs[i], w)
		}
	}
	if out, _ := correction.Apply(text, cs); out != "I have an error in grammar" {
		t.Errorf("corrected %q", out)
	}
}

// TestRealClean: correct prose full of names, numbers, code and links gets
// no correction at all.
func TestRealClean(t *testing.T) {
	e := realEngine(t)
	for _, text := range []string{
		benchProse,
		"Dr. Nguyen met Siobhan O'Connor in São Paulo on 3 March; they discussed the Q3 report.",
		"Run `go test ./...` and open https://pkg.go.dev/net/http, or mail ops@example.org.",
		"The API returns JSON; set max_tokens to 512 and call client.Do(req) with a context.",
		"I've seen it, haven't you? It's the dog's bone, not the dogs' bones.",
		"A well-known, state-of-the-art e-mail client and/or a word processor.",
		"We met @alice at the #golang meetup in the 1990s, around 9:30 a.m.",
	} {
		if cs := check(t, e, text, language.Tag{}); len(cs) != 0 {
			t.Errorf("%q: unexpected %+v", text, cs)
		}
	}
}

func TestRealVariants(t *testing.T) {
	e := realEngine(t)
	cs := check(t, e, "The color of the center.", language.Tag{Code: language.English, Variant: language.GB})
	if len(cs) != 2 || cs[0].Suggestions[0] != "colour" || cs[1].Suggestions[0] != "centre" {
		t.Errorf("GB: %+v", cs)
	}
	// Spellings in free variation are right in both variants.
	for _, v := range []language.Variant{language.US, language.GB} {
		if cs := check(t, e, "A gray and grey theater and theatre; I traveled and travelled.", language.Tag{Code: language.English, Variant: v}); len(cs) != 0 {
			t.Errorf("%s free variation: %+v", v, cs)
		}
	}
	// Context chooses among close suggestions.
	if out := fix(t, e, "I woud like to go."); out != "I would like to go." {
		t.Errorf("context: %q", out)
	}
}

// TestRealLearnerErrors: corrections that need the real dictionary (its
// frequencies and bigrams).
func TestRealLearnerErrors(t *testing.T) {
	e := realEngine(t)
	for _, c := range []struct{ in, want string }{
		{"I woud like to go.", "I would like to go."},
		{"The authour's book is here.", "The author's book is here."},
		{"It will be a succes.", "It will be a success."},
		{"Many yong people came.", "Many young people came."},
		{"It made many pollution in town.", "It made much pollution in town."},
		{"There are several reason.", "There are several reasons."},
		{"There are several information.", "There are several information."},
		{"We need more informations.", "We need more information."},
		{"Paris is in france.", "Paris is in France."},
		// The number of the noun comes from its determiner when the two
		// best suggestions are its singular and plural.
		{"It is a really wasteful idean.", "It is a really wasteful idea."},
		{"These probles are hard.", "These problems are hard."},
		{"It has a lot of servicies.", "It has a lot of services."},
		{"There are many peples in a book.", "There are many people in a book."},
	} {
		if out := fix(t, e, c.in); out != c.want {
			t.Errorf("%q → %q, want %q", c.in, out, c.want)
		}
	}
	if cs := check(t, e, "The colour of the theatre.", language.Tag{Code: language.English, Variant: language.GB}); len(cs) != 0 {
		t.Errorf("GB clean: %+v", cs)
	}
	if cs := check(t, e, "The colour of the color.", language.Tag{}); len(cs) != 0 {
		t.Errorf("any variant: %+v", cs)
	}
}

// TestRealSmoke runs the original service's English test sentences.
func TestRealSmoke(t *testing.T) {
	path := testsvc.SharedData(t, "smoke", "original-sentences-en.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	e := realEngine(t)
	changed := 0
	for _, row := range rows[1:] {
		text := row[0]
		cs := check(t, e, text, language.Tag{})
		out, _ := correction.Apply(text, cs)
		if out != text {
			changed++
		}
		if testing.Verbose() {
			t.Logf("%s\n\t→ %s", text, out)
		}
	}
	t.Logf("%d of %d sentences corrected", changed, len(rows)-1)
}

// benchProse is ordinary English prose, mostly correct, with a few slips.
const benchProse = `The small town sits at the edge of a wide valley, where the river bends twice before it reaches the sea. Every morning the baker opens his shop at six, and the smell of fresh bread drifts down the main street. Children walk to school in groups, talking about football, homework and the films they watched the night before. Most of the houses are old, built from grey stone that turns golden when the evening light falls on it.

In the spring, farmers from the surrounding hills bring their vegetables to the market in the square. They set up their stalls early and stay until the afternoon, when the crowds thin out and the prices drop. Visitors often say that the market is the best reason to come here, although the walks along the river are just as popular. There is a path that follows the water for nearly ten miles, passing mills, bridges and a ruined chapel that nobody seems to know much about.

The town council has been debating for years whether to build a new road that would take the heavy traffic away from the centre. Some people believe it would bring more business, while others worry that it would spoil the quiet character of the place. At the last meeting, the mayor promised to publish a report before the summer, so that everyone could read the arguments and decide for themselves. Until then, the lorries will keep rumbling past the church, and the old men on the bench outside the pub will keep complaining about them.

When the weather is good, the tea room by the bridge puts tables outside, and it becomes difficult to find a seat. Students from the college in the next town come over on their bikes, and tourists stop to take photographs of the ducks. The owner, a cheerful woman who moved here from the city, says she has never regretted the decision. She works long hours, but she knows most of her customers by name and feels that she belongs to the community.`

func BenchmarkCheck(b *testing.B) {
	e := realEngine(b)
	ctx := context.Background()
	words := len(strings.Fields(benchProse))
	tag := language.Tag{Code: language.English}
	if _, err := e.Check(ctx, benchProse, tag); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchProse)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Check(ctx, benchProse, tag); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	perWord := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(words)
	b.ReportMetric(perWord, "ns/word")
	b.ReportMetric(1e9/perWord, "words/s")
}

// BenchmarkCheckErrors measures a text full of learner errors (every
// sentence has a misspelling): suggestions dominate there.
func BenchmarkCheckErrors(b *testing.B) {
	e := realEngine(b)
	ctx := context.Background()
	text := "I has a eror in grammer. She dont know were she is going, becouse her freind lost the adress. " +
		"Their is alot of peoples who thinks that tecnology make our life more easy then before."
	words := len(strings.Fields(text))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Check(ctx, text, language.Tag{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(words), "ns/word")
}

// fix returns text with all the engine's corrections applied (en).
func fix(t *testing.T, e *Engine, text string) string {
	t.Helper()
	cs := check(t, e, text, language.Tag{Code: language.English})
	out, err := correction.Apply(text, cs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestIsPluralOf(t *testing.T) {
	for _, c := range []struct {
		pl, s string
		want  bool
	}{
		{"ideas", "idea", true},
		{"boxes", "box", true},
		{"cities", "city", true},
		{"idea", "ideas", false},
		{"cites", "city", false},
		{"dogs", "dig", false},
		{"bus", "bu", true}, // shape only: the speller offers known words
		{"es", "", false},
		{"peoples", "people", false}, // "people" is a plural already
	} {
		if got := isPluralOf(c.pl, c.s); got != c.want {
			t.Errorf("isPluralOf(%q, %q) = %v", c.pl, c.s, got)
		}
	}
}
