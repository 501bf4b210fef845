// Package language parses the language names clients send ("auto",
// "english", "en-GB", "fr-CA", ...) into a language and an optional regional
// variant.
package language

import (
	"fmt"
	"strings"
)

// Code is a base language.
type Code string

// Supported base languages. Auto means "detect".
const (
	Auto    Code = ""
	English Code = "en"
	French  Code = "fr"
)

// Variant is a regional variant of a language; empty means any variant.
type Variant string

// English variants with their own spellings.
const (
	AnyVariant Variant = ""
	US         Variant = "US"
	GB         Variant = "GB"
)

// Tag is a parsed language: Code is Auto for "auto".
type Tag struct {
	Code    Code
	Variant Variant
}

// String returns the tag as a BCP 47 like code ("en-GB", "fr", "auto").
func (t Tag) String() string {
	if t.Code == Auto {
		return "auto"
	}
	if t.Variant == AnyVariant {
		return string(t.Code)
	}
	return string(t.Code) + "-" + string(t.Variant)
}

// Name returns the English name of the tag ("English (GB)", "French").
func (t Tag) Name() string {
	var n string
	switch t.Code {
	case English:
		n = "English"
	case French:
		n = "French"
	default:
		return "Auto"
	}
	if t.Variant != AnyVariant {
		n += " (" + string(t.Variant) + ")"
	}
	return n
}

var names = map[string]Tag{
	"":                 {},
	"auto":             {},
	"english":          {Code: English},
	"en":               {Code: English},
	"eng":              {Code: English},
	"american":         {Code: English, Variant: US},
	"american english": {Code: English, Variant: US},
	"british":          {Code: English, Variant: GB},
	"british english":  {Code: English, Variant: GB},
	"french":           {Code: French},
	"fr":               {Code: French},
	"fra":              {Code: French},
	"français":         {Code: French},
	"francais":         {Code: French},
}

// englishRegions maps a region to the spelling variant it uses.
var englishRegions = map[string]Variant{
	"US": US, "GB": GB, "UK": GB, "AU": GB, "NZ": GB, "IE": GB, "ZA": GB, "IN": GB, "CA": AnyVariant,
}

// Parse reads a language name or code, case-insensitively: "auto", "english",
// "en", "en-US", "en_GB", "fr-CA", "french". Unknown languages are an error
// naming the accepted ones.
func Parse(s string) (Tag, error) {
	key := strings.ToLower(strings.TrimSpace(s))
	if t, ok := names[key]; ok {
		return t, nil
	}
	key = strings.ReplaceAll(key, "_", "-")
	base, region, _ := strings.Cut(key, "-")
	region = strings.ToUpper(region)
	switch base {
	case "en":
		v, ok := englishRegions[region]
		if !ok {
			return Tag{}, fmt.Errorf("unknown English variant %q: use en, en-US or en-GB", s)
		}
		return Tag{Code: English, Variant: v}, nil
	case "fr":
		return Tag{Code: French}, nil
	}
	return Tag{}, fmt.Errorf("unsupported language %q: use auto, en, en-US, en-GB or fr", s)
}
