package eval

import (
	"strings"
	"testing"

	"appencorrect/internal/correction"
)

var (
	ptb   = Style{}
	spacy = Style{SplitHyphens: true}
)

func TestDetokenize(t *testing.T) {
	tests := []struct {
		st   Style
		in   string
		want string
	}{
		{ptb, "I do n't know .", "I don't know."},
		{ptb, "It 's ( really ) good , is n't it ?", "It's (really) good, isn't it?"},
		{ptb, "We ca n't , we wo n't !", "We can't, we won't!"},
		{ptb, `He said " hello there " .`, `He said "hello there".`},
		{ptb, `" Yes , " she said .`, `"Yes," she said.`},
		{ptb, "the students ' books", "the students' books"},
		{ptb, "the ' Green Nile ' river", "the 'Green Nile' river"},
		{ptb, "I 'm sure they 've gone , I 'll see .", "I'm sure they've gone, I'll see."},
		{ptb, "wait ... what ? !", "wait... what?!"},
		{ptb, "it costs $ 60 ; etc. .", "it costs $60; etc. ."},
		{ptb, "an e - mail to Sir / Madam", "an e - mail to Sir / Madam"},
		{spacy, "an e - mail to Sir / Madam", "an e-mail to Sir/Madam"},
		{spacy, "now - so what", "now-so what"}, // a dash between words is taken for a hyphen
		{ptb, "a well-paid job", "a well-paid job"},
		{spacy, "I do nt know , I 'm gon na go", "I dont know, I'm gonna go"},
		{ptb, "", ""},
	}
	for _, tt := range tests {
		tok := strings.Fields(tt.in)
		got, spans := Detokenize(tok, tt.st)
		if got != tt.want {
			t.Errorf("Detokenize(%q, %+v) = %q, want %q", tt.in, tt.st, got, tt.want)
		}
		for i, sp := range spans {
			if got[sp.Start:sp.End] != tok[i] {
				t.Errorf("%q: span %d = %q, want %q", tt.in, i, got[sp.Start:sp.End], tok[i])
			}
		}
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		st   Style
		in   string
		want string
	}{
		{ptb, "I don't know.", "I do n't know ."},
		{ptb, "It's (really) good, isn't it?", "It 's ( really ) good , is n't it ?"},
		{ptb, "We can't, we won't!!", "We ca n't , we wo n't ! !"},
		{ptb, "I’m sure they’ve gone.", "I ’m sure they ’ve gone ."},
		{ptb, "Mr. Smith lives in the U.S. now, e.g. here, etc.", "Mr. Smith lives in the U.S. now , e.g. here , etc ."},
		{ptb, "wait... what?!", "wait ... what ? !"},
		{ptb, "the students' books", "the students ' books"},
		{ptb, `He said "hello there".`, `He said " hello there " .`},
		{ptb, "“Hi,” she said.", "“ Hi , ” she said ."},
		{ptb, "a well-known e-mail he/she sent", "a well-known e-mail he/she sent"},
		{spacy, "a well-known e-mail he/she sent", "a well - known e - mail he / she sent"},
		{spacy, "on 25-4-2014 a 100-metre race, 1/2 of it :).", "on 25 - 4 - 2014 a 100-metre race , 1/2 of it :) ."},
		{ptb, "it--I", "it -- I"},
		{ptb, "heat(energy) &raspsquo; :) 90% cannot gonna", "heat(energy) &raspsquo; :) 90% cannot gonna"},
		{ptb, "''Mum'' and ``quoted''", "'' Mum '' and `` quoted ''"},
		{spacy, "I dont know, I'm gonna go, I cannot", "I do nt know , I 'm gon na go , I can not"},
		{ptb, "  ", ""},
	}
	for _, tt := range tests {
		got := strings.Join(Tokenize(tt.in, tt.st), " ")
		if got != tt.want {
			t.Errorf("Tokenize(%q, %+v)\n got %q\nwant %q", tt.in, tt.st, got, tt.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	sents := [][]string{
		toks("I do n't know what to do , really ."),
		toks(`He said " it 's ( probably ) fine " .`),
		toks("The students ' books cost $ 60 ."),
		toks("I haven't got it ."), // not how the tokenizer splits "haven't"
	}
	if got := RoundTrip(sents, ptb); got != 0.75 {
		t.Errorf("RoundTrip = %v, want 0.75", got)
	}
	if RoundTrip(nil, ptb) != 1 {
		t.Error("RoundTrip(nil) != 1")
	}
}

func TestDetectStyle(t *testing.T) {
	bea := [][]string{toks("an e - mail about a hard - working coach"), toks("a 100-metre race")}
	jfleg := [][]string{toks("a well-paid and up-to-date job"), toks("the - sign")}
	if !DetectStyle(bea).SplitHyphens {
		t.Error("BEA-like data: hyphens not split")
	}
	if DetectStyle(jfleg).SplitHyphens {
		t.Error("JFLEG-like data: hyphens split")
	}
}

func TestRetokenize(t *testing.T) {
	tests := []struct {
		name      string
		st        Style
		src       string // tokenized
		corrected string // natural text after the checker
		want      string
	}{
		{"unchanged", ptb, "I do n't know .", "I don't know.", "I do n't know ."},
		{"inside a contraction", ptb, "I do n't like it .", "I do not like it.", "I do not like it ."},
		{"word", ptb, "He go to school .", "He goes to school.", "He goes to school ."},
		{"comma inserted", ptb, "However I left .", "However, I left.", "However , I left ."},
		{"space removed", ptb, "I can not go .", "I cannot go.", "I cannot go ."},
		{"word deleted", ptb, "I want to to go .", "I want to go.", "I want to go ."},
		{"period added", ptb, "I left", "I left.", "I left ."},
		{"capital at the start", ptb, "he is here .", "He is here.", "He is here ."},
		{"untouched tokens kept", ptb, "I haven't seen it ( yet ) .", "I haven't seen them (yet).", "I haven't seen them ( yet ) ."},
		{"hyphenated, split style", spacy, "an e - mail to him .", "an e-mail to them.", "an e - mail to them ."},
		{"new hyphen, split style", spacy, "a well known man .", "a well-known man.", "a well - known man ."},
		{"apostrophe added, split style", spacy, "you do nt visit", "you don't visit", "you do n't visit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := toks(tt.src)
			text, spans := Detokenize(src, tt.st)
			cs := correction.Align(text, tt.corrected)
			if applied, err := correction.Apply(text, cs); err != nil || applied != tt.corrected {
				t.Fatalf("alignment of %q → %q: %q, %v", text, tt.corrected, applied, err)
			}
			got, err := Retokenize(src, text, spans, cs, tt.st)
			if err != nil {
				t.Fatal(err)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got %q, want %q (detokenized %q)", g, tt.want, text)
			}
		})
	}
	src := toks("a b")
	text, spans := Detokenize(src, ptb)
	bad := []correction.Correction{{Start: 0, End: 1, Original: "x", Suggestions: []string{"y"}}}
	if _, err := Retokenize(src, text, spans, bad, ptb); err == nil {
		t.Error("invalid correction: no error")
	}
}
