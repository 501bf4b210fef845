package eval

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

// replaceChecker corrects by plain replacement and fails on "FAIL".
type replaceChecker struct {
	old, new string
	calls    atomic.Int32
	gotTag   atomic.Value
}

func (c *replaceChecker) Check(_ context.Context, text string, tag language.Tag) ([]correction.Correction, error) {
	c.calls.Add(1)
	c.gotTag.Store(tag)
	if strings.Contains(text, "FAIL") {
		return nil, errors.New("engine failure")
	}
	return correction.Align(text, strings.ReplaceAll(text, c.old, c.new)), nil
}

func TestCorrect(t *testing.T) {
	sents := [][]string{
		toks("He goes to school ."),
		toks("I do n't know ."),
		toks("This will FAIL , he goes ."),
		toks("She goes , he goes ."),
		nil,
	}
	c := &replaceChecker{old: "goes", new: "go"}
	tag := language.Tag{Code: language.English, Variant: language.GB}
	hyps, st, err := Correct(context.Background(), c, sents, RunOptions{Tag: tag, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"He go to school .", "I do n't know .", "This will FAIL , he goes .", "She go , he go .", ""}
	for i, h := range hyps {
		if got := strings.Join(h, " "); got != want[i] {
			t.Errorf("sentence %d: %q, want %q", i, got, want[i])
		}
	}
	if st.Sentences != 5 || st.Changed != 2 || st.Errors != 1 || st.Corrections != 3 || st.Workers != 3 || c.calls.Load() != 5 {
		t.Errorf("stats %+v, calls %d", st, c.calls.Load())
	}
	if !strings.Contains(st.FirstError, "sentence 3") {
		t.Errorf("first error %q", st.FirstError)
	}
	if got := c.gotTag.Load().(language.Tag); got != tag {
		t.Errorf("tag %v", got)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Correct(ctx, c, sents, RunOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err %v", err)
	}
}

func TestCorrectIdentity(t *testing.T) {
	sents := [][]string{toks("a b ."), toks("do n't")}
	hyps, st, err := Correct(context.Background(), Identity, sents, RunOptions{})
	if err != nil || st.Changed != 0 || strings.Join(hyps[1], " ") != "do n't" {
		t.Errorf("identity: %v %+v %v", hyps, st, err)
	}
}

func TestReadTokenized(t *testing.T) {
	got, err := ReadTokenized(strings.NewReader("\ufeffa b .\n\nc d \n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || strings.Join(got[0], "|") != "a|b|." || len(got[1]) != 0 || strings.Join(got[2], "|") != "c|d" {
		t.Errorf("got %q", got)
	}
}
