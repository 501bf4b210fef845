package languagetool

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestParseData(t *testing.T) {
	tests := []struct {
		name, data      string
		plain, original string
		wantErr         string // substring of the error; "" means success
	}{
		{name: "annotation", data: `{"annotation":[{"markup":"<p>"},{"text":"Teh cat"},{"markup":"</p>","interpretAs":"\n\n"},{"text":"Done."}]}`,
			plain: "Teh cat\n\nDone.", original: "<p>Teh cat</p>Done."},
		{name: "text form", data: `{"text":"Hello wrold","metaData":{"EmailToAddress":"a@b.c"}}`,
			plain: "Hello wrold", original: "Hello wrold"},
		{name: "empty annotation", data: `{"annotation":[]}`, plain: "", original: ""},
		{name: "not json", data: `{"annotation":`, wantErr: "Could not parse JSON"},
		{name: "not an object", data: `[1,2]`, wantErr: "Could not parse JSON"},
		{name: "trailing data", data: `{"text":"a"} x`, wantErr: "data after"},
		{name: "both keys", data: `{"text":"a","annotation":[]}`, wantErr: "not both"},
		{name: "no key", data: `{"foo":"a"}`, wantErr: "requires 'text' or 'annotation'"},
		{name: "text and markup", data: `{"annotation":[{"text":"a","markup":"<b>"}]}`, wantErr: "not both"},
		{name: "text with interpretAs", data: `{"annotation":[{"text":"a","interpretAs":"b"}]}`, wantErr: "only 'markup' can"},
		{name: "empty item", data: `{"annotation":[{}]}`, wantErr: "Only 'text' and 'markup'"},
		{name: "number text", data: `{"annotation":[{"text":5}]}`, wantErr: "must be a string"},
		{name: "annotation not list", data: `{"annotation":{"text":"a"}}`, wantErr: "list of objects"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at, err := ParseData(tt.data)
			if tt.wantErr != "" {
				var e *Error
				if !errors.As(err, &e) || e.Status != http.StatusBadRequest || !strings.Contains(e.Message, tt.wantErr) {
					t.Fatalf("error %v, want a 400 containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if at.Plain() != tt.plain || at.Original() != tt.original {
				t.Errorf("plain %q original %q, want %q %q", at.Plain(), at.Original(), tt.plain, tt.original)
			}
		})
	}
}

func TestAnnotatedMapping(t *testing.T) {
	// plain:    "Teh " + "cat" + "\n\n" + "Done."   (markup <b> reads as nothing)
	// original: "Teh <b>cat</b><br>Done."
	at, err := ParseData(`{"annotation":[{"text":"Teh "},{"markup":"<b>"},{"text":"cat"},{"markup":"</b>"},{"markup":"<br>","interpretAs":"\n\n"},{"text":"Done."}]}`)
	if err != nil {
		t.Fatal(err)
	}
	if at.Plain() != "Teh cat\n\nDone." || at.Original() != "Teh <b>cat</b><br>Done." {
		t.Fatalf("plain %q original %q", at.Plain(), at.Original())
	}
	spans := []struct {
		start, end int
		os, oe     int
		ok         bool
	}{
		{0, 3, 0, 3, true},     // "Teh"
		{4, 7, 7, 10, true},    // "cat" after <b>
		{9, 13, 18, 22, true},  // "Done"
		{0, 7, 0, 0, false},    // "Teh cat" crosses <b>
		{7, 9, 0, 0, false},    // the reading of <br>
		{6, 8, 0, 0, false},    // "t\n" touches the reading
		{3, 3, 0, 0, false},    // empty
		{13, 20, 0, 0, false},  // past the end
		{-1, 2, 0, 0, false},   // before the start
		{9, 14, 18, 23, true},  // "Done." up to the end
		{3, 4, 3, 4, true},     // the space before <b>
		{14, 14, 0, 0, false},  // empty at the end
		{10, 11, 19, 20, true}, // "o"
	}
	for _, s := range spans {
		os, oe, ok := at.SpanInText(s.start, s.end)
		if ok != s.ok || ok && (os != s.os || oe != s.oe) {
			t.Errorf("SpanInText(%d,%d) = %d,%d,%v; want %d,%d,%v", s.start, s.end, os, oe, ok, s.os, s.oe, s.ok)
		}
	}
	starts := map[int]int{0: 0, 4: 7, 7: 14, 8: 14, 9: 18, 14: 23}
	for p, want := range starts {
		if got := at.StartToOriginal(p); got != want {
			t.Errorf("StartToOriginal(%d) = %d, want %d", p, got, want)
		}
	}
	ends := map[int]int{0: 0, 3: 3, 4: 4, 7: 10, 8: 18, 9: 18, 14: 23}
	for p, want := range ends {
		if got := at.EndToOriginal(p); got != want {
			t.Errorf("EndToOriginal(%d) = %d, want %d", p, got, want)
		}
	}
}
