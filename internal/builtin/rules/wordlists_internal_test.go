package rules

import (
	"strings"
	"testing"
)

func TestParseWordLists(t *testing.T) {
	for _, c := range []struct {
		name, src string
		err       string // "" for success
	}{
		{"ok", "# c\nset a\n\tx y\n\tz\npairs b\n\tk=v_w\n", ""},
		{"upper case", "set a\n\tX\n", "lower case"},
		{"bad pair", "pairs b\n\tk\n", "key=value"},
		{"outside", "\tx\n", "outside a list"},
		{"twice", "set a\n\tx\nset a\n\ty\n", "defined twice"},
		{"bad kind", "list a\n\tx\n", "unknown list kind"},
		{"no name", "set\n", "want"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wl, err := parseWordLists("words.txt", []byte(c.src))
			switch {
			case c.err == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Fatalf("error %v, want %q", err, c.err)
			case c.err == "" && (!wl.sets["a"]["z"] || wl.pairs["b"]["k"] != "v w"):
				t.Fatalf("lists %+v", wl)
			}
		})
	}
}
