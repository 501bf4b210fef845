package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"appencorrect/internal/correction"
)

// AVsAn chooses "a" or "an" by the sound of the next word, as corrected by
// the spelling check: "a eror" → "an error" (with the spelling fix), "a
// hour" → "an hour", "an university" → "a university", "a MBA" → "an MBA",
// "an one" → "a one". Where the sound is uncertain ("herb", "historic",
// acronyms read as words like "NATO" or "SQL") it stays silent.
var AVsAn = register(&Rule{
	ID:          "EN_A_VS_AN",
	Category:    Grammar,
	Type:        correction.Grammar,
	Description: `"a" before a consonant sound, "an" before a vowel sound: "a error" → "an error".`,
	Stage:       AfterSpelling,
	Order:       290,
	Check:       checkAVsAn,
})

// sound is the first sound of a word.
type sound uint8

const (
	unknownSound sound = iota
	vowelSound
	consonantSound
)

// soundExceptions lists words whose first letter misleads.
var soundExceptions = map[string]sound{
	"one": consonantSound, "ones": consonantSound, "once": consonantSound,
	"hour": vowelSound, "hours": vowelSound, "hourly": vowelSound,
	"honest": vowelSound, "honestly": vowelSound, "honesty": vowelSound,
	"heir": vowelSound, "heirs": vowelSound, "heiress": vowelSound, "heirloom": vowelSound,
	"herb": unknownSound, "herbs": unknownSound, "herbal": unknownSound,
	"historic": unknownSound, "historical": unknownSound, "homage": unknownSound,
	"hotel": unknownSound, "ubuntu": unknownSound, "uber": unknownSound,
	"upon": vowelSound, "ewe": consonantSound,
}

// onsets are consonant pairs that begin English syllables: an acronym
// starting with one may be read as a word ("SQL" as "sequel").
var onsets = set(`BL BR CH CL CR DR FL FR GL GR KN PH PL PR SC SH SK SL SM SN SP SQ ST SW TH TR TW WH WR`)

func checkAVsAn(d *Doc, r *Rule) {
	for i := range d.Toks {
		t := &d.Toks[i]
		if !t.IsWord() || (t.Norm != "a" && t.Norm != "an") {
			continue
		}
		if t.Text == "A" && t.Flags&(SentenceStart|SoftStart) == 0 {
			continue // "plan A is", "vitamin A and"
		}
		if t.Has(Compound) {
			continue
		}
		if p, sp := d.Prev(i); p >= 0 && !sp && d.Toks[p].Kind == Punct {
			continue // "(a)", "-a"
		}
		j := d.NextWord(i)
		if j < 0 {
			continue
		}
		next := &d.Toks[j]
		if next.Flags&Code != 0 && !startsWithDigit(next.Text) {
			continue
		}
		if notAfterArticle[next.Norm] {
			continue
		}
		s := soundOf(d, next)
		var repl string
		switch {
		case t.Norm == "a" && s == vowelSound:
			repl = MatchCase(t.Text, "an")
			d.Propose(r, `Use "an" instead of "a" before a vowel sound: "an `+next.Fixed+`".`, i, repl)
		case t.Norm == "an" && s == consonantSound:
			repl = MatchCase(t.Text, "a")
			if t.Text == "AN" {
				repl = "A"
			}
			d.Propose(r, `Use "a" instead of "an" before a consonant sound: "a `+next.Fixed+`".`, i, repl)
		}
	}
}

func startsWithDigit(s string) bool { return s != "" && '0' <= s[0] && s[0] <= '9' }

// soundOf returns the first sound of the word token w.
func soundOf(d *Doc, w *Token) sound {
	f := w.Fixed
	if f == "" {
		return unknownSound
	}
	if startsWithDigit(f) {
		if !isNumber(f) {
			return unknownSound // "7unsuspection", "3D"
		}
		switch {
		case f[0] == '8':
			return vowelSound
		case strings.HasPrefix(f, "11") || strings.HasPrefix(f, "18"):
			// eleven, eighteen; but 110 or 1100 are read otherwise.
			if len(f) == 2 || f[2] < '0' || f[2] > '9' {
				return vowelSound
			}
			return unknownSound
		}
		return consonantSound
	}
	if utf8.RuneCountInString(f) == 1 {
		// A letter: only when clearly used as one ("an X-ray", "a U-turn").
		r, _ := utf8.DecodeRuneInString(f)
		if !w.Has(Compound) && !(unicode.IsUpper(r) && r != 'A' && r != 'I') {
			return unknownSound
		}
		return letterSound(unicode.ToUpper(r))
	}
	if isAcronym(f) && (d.Lex == nil || !d.Lex.Known(w.Norm)) {
		first := rune(f[0])
		switch {
		case first == 'U':
			return consonantSound
		case strings.ContainsRune("AEIO", first):
			return vowelSound
		}
		if isVowel(byte(unicode.ToLower(rune(f[1])))) || onsets[f[:2]] || f[1] == 'Y' {
			return unknownSound // may be read as a word: "NATO", "SQL"
		}
		return letterSound(first)
	}
	return wordSound(w.Norm)
}

// isNumber reports digits, possibly with separators or an ordinal or
// plural suffix: "8", "11,000", "1.5", "18th", "80s".
func isNumber(s string) bool {
	i := 0
	for i < len(s) && ('0' <= s[i] && s[i] <= '9' || (s[i] == ',' || s[i] == '.') && i > 0) {
		i++
	}
	switch s[i:] {
	case "", "st", "nd", "rd", "th", "s":
		return true
	}
	return false
}

// isAcronym reports an all-capital ASCII word of 2 to 6 letters.
func isAcronym(s string) bool {
	if len(s) < 2 || len(s) > 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// letterSound is the first sound of a letter's name.
func letterSound(r rune) sound {
	if strings.ContainsRune("AEFHILMNORSX", r) {
		return vowelSound
	}
	if 'A' <= r && r <= 'Z' {
		return consonantSound
	}
	return unknownSound
}

// wordSound guesses the first sound of a lower-case word from its spelling.
func wordSound(w string) sound {
	if s, ok := soundExceptions[w]; ok {
		return s
	}
	c := w[0]
	switch {
	case c >= utf8.RuneSelf:
		r, _ := utf8.DecodeRuneInString(w)
		if strings.ContainsRune("àâäáéèêëíîïóôöúûüœæ", r) {
			return vowelSound
		}
		if unicode.IsLetter(r) {
			return consonantSound
		}
		return unknownSound
	case c < 'a' || c > 'z':
		return unknownSound
	case strings.HasPrefix(w, "hono") || strings.HasPrefix(w, "hour") || strings.HasPrefix(w, "heir"):
		return vowelSound
	case strings.HasPrefix(w, "eu") || strings.HasPrefix(w, "one-"):
		return consonantSound
	case c == 'u':
		return uSound(w)
	case isVowel(c):
		return vowelSound
	}
	return consonantSound
}

// uSound: "u" sounds like "you" in "unit", "use", "union", "utensil",
// "uranium", but not in "under", "unusual", "uninstall", "ugly", "utter".
func uSound(w string) sound {
	if len(w) < 3 {
		return vowelSound
	}
	if strings.HasPrefix(w, "uni") {
		if len(w) > 3 && (w[3] == 'm' || w[3] == 'n' || w[3] == 'd') {
			return vowelSound // unimportant, uninstall, unidentified
		}
		return consonantSound // unit, unique, union, universe, uniform
	}
	if strings.HasPrefix(w, "unanim") {
		return consonantSound
	}
	if strings.ContainsRune("rstbkfvg", rune(w[1])) && isVowel(w[2]) {
		return consonantSound // use, usual, utility, urine, ubiquitous, ukulele
	}
	return vowelSound
}
