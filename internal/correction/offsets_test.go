package correction

import (
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

func TestOffsets(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		b     int // byte offset
		runes int
		u16   int
	}{
		{"ascii", "hello world", 6, 6, 6},
		{"accent", "café au", 6, 5, 5},
		{"emoji is two UTF-16 units", "😀 teh", 5, 2, 3},
		{"combining mark", "e\u0301x", 3, 2, 2},
		{"end", "日本", 6, 2, 2},
		{"clamped", "ab", 10, 2, 2},
		{"invalid byte", "a\xffb", 2, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := NewOffsets(tt.text)
			if got := o.Runes(tt.b); got != tt.runes {
				t.Errorf("Runes(%d) = %d, want %d", tt.b, got, tt.runes)
			}
			if got := o.UTF16(tt.b); got != tt.u16 {
				t.Errorf("UTF16(%d) = %d, want %d", tt.b, got, tt.u16)
			}
			want := min(tt.b, len(tt.text))
			if got := o.ByteOfRune(tt.runes); got != want {
				t.Errorf("ByteOfRune(%d) = %d, want %d", tt.runes, got, want)
			}
			if got := o.ByteOfUTF16(tt.u16); got != want {
				t.Errorf("ByteOfUTF16(%d) = %d, want %d", tt.u16, got, want)
			}
		})
	}
}

// TestOffsetsAgainstStdlib checks every rune boundary of mixed text against
// the standard library's own counting.
func TestOffsetsAgainstStdlib(t *testing.T) {
	text := "Zoë 👩‍💻 wrote 漢字 and e\u0301 in \U0001F1EB\U0001F1F7!\r\n"
	o := NewOffsets(text)
	for b := 0; b <= len(text); {
		prefix := text[:b]
		if got, want := o.Runes(b), utf8.RuneCountInString(prefix); got != want {
			t.Fatalf("Runes(%d) = %d, want %d", b, got, want)
		}
		if got, want := o.UTF16(b), len(utf16.Encode([]rune(prefix))); got != want {
			t.Fatalf("UTF16(%d) = %d, want %d", b, got, want)
		}
		if b == len(text) {
			break
		}
		_, size := utf8.DecodeRuneInString(text[b:])
		b += size
	}
	if o.RuneCount() != utf8.RuneCountInString(text) || o.UTF16Len() != len(utf16.Encode([]rune(text))) {
		t.Fatal("lengths disagree with the standard library")
	}
}

func FuzzOffsets(f *testing.F) {
	f.Add("😀 teh é")
	f.Fuzz(func(t *testing.T, s string) {
		o := NewOffsets(s)
		for b := 0; b <= len(s); b++ {
			r := o.Runes(b)
			back := o.ByteOfRune(r)
			if back > b {
				t.Fatalf("ByteOfRune(Runes(%d)) = %d > %d", b, back, b)
			}
			u := o.UTF16(b)
			if back16 := o.ByteOfUTF16(u); back16 != back {
				t.Fatalf("byte %d: via runes %d, via UTF-16 %d", b, back, back16)
			}
		}
	})
}
