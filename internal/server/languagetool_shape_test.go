package server

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/languagetool"
)

// The shape test compares our /v2 responses, field by field, with the JSON
// that LanguageTool's own server produces: testdata/languagetool/*.json,
// written from LanguageTool's serializer source (see SOURCE.md there). It
// checks names and JSON types: every field we write must exist in
// LanguageTool's response with the same type, and every field LanguageTool
// always writes must be in ours.

// ltOptional are the fields LanguageTool writes only under a condition
// (RuleMatchesAsJsonSerializer's if-branches, ApiV2's flags): ours may
// leave them out.
var ltOptional = map[string]bool{
	"software.premiumHint":                      true, // showPremiumHint
	"warnings.incompleteResultsReason":          true, // incomplete results only
	"language.spellCheckOnly":                   true, // spell-check-only languages
	"language.detectedLanguage.spellCheckOnly":  true,
	"matches[].replacements[].shortDescription": true,
	"matches[].replacements[].suffix":           true,
	"matches[].replacements[].type":             true,
	"matches[].replacements[].autoCorrect":      true,
	"matches[].replacements[].confidence":       true,
	"matches[].rule.subId":                      true, // pattern rules with a sub id
	"matches[].rule.sourceFile":                 true,
	"matches[].rule.tempOff":                    true,
	"matches[].rule.urls":                       true,
	"matches[].rule.isPremium":                  true, // premium servers
	"matches[].rule.tags":                       true,
	"hiddenMatches":                             true, // premium hints
	"ignoreRanges":                              true, // written when not empty
	"rules[].isDictionaryBasedSpellingRule":     true,
	"rules[].isDefaultOff":                      true,
	"rules[].isOfficeDefaultOff":                true,
	"rules[].isOfficeDefaultOn":                 true,
	"rules[].hasConfigurableValue":              true,
	"rules[].configureText":                     true,
	"rules[].maxConfigurableValue":              true,
	"rules[].minConfigurableValue":              true,
	"rules[].defaultValue":                      true,
	"rules[].isTextLevelRule":                   true,
	"rules[].minToCheckParagraph":               true,
}

func loadFixture(t *testing.T, name string) any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "languagetool", name))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// mergeShapes unions the fields of the elements of a fixture array, so that
// one element's optional field describes all of them.
func mergeShapes(elems []any) any {
	if len(elems) == 0 {
		return nil
	}
	out := elems[0]
	for _, e := range elems[1:] {
		out = mergeTwo(out, e)
	}
	return out
}

func mergeTwo(a, b any) any {
	ma, okA := a.(map[string]any)
	mb, okB := b.(map[string]any)
	if !okA || !okB {
		return a
	}
	out := map[string]any{}
	for k, v := range ma {
		out[k] = v
	}
	for k, v := range mb {
		if have, ok := out[k]; ok {
			out[k] = mergeTwo(have, v)
		} else {
			out[k] = v
		}
	}
	return out
}

// compareShape reports every difference between ours and LanguageTool's
// reference, in names and JSON types.
func compareShape(path string, ours, ref any) []string {
	var diffs []string
	if ot, rt := jsonType(ours), jsonType(ref); ot != rt {
		return []string{fmt.Sprintf("%s: %s, LanguageTool writes %s", path, ot, rt)}
	}
	switch o := ours.(type) {
	case map[string]any:
		r := ref.(map[string]any)
		keys := make([]string, 0, len(o)+len(r))
		for k := range o {
			keys = append(keys, k)
		}
		for k := range r {
			if _, ok := o[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			ov, inOurs := o[k]
			rv, inRef := r[k]
			switch {
			case !inRef:
				diffs = append(diffs, fmt.Sprintf("%s: not a field of LanguageTool's response", p))
			case !inOurs:
				if !ltOptional[p] {
					diffs = append(diffs, fmt.Sprintf("%s: missing (LanguageTool always writes it)", p))
				}
			default:
				diffs = append(diffs, compareShape(p, ov, rv)...)
			}
		}
	case []any:
		elem := mergeShapes(ref.([]any))
		if elem == nil {
			if len(o) > 0 {
				diffs = append(diffs, fmt.Sprintf("%s: the fixture has no element to compare with", path))
			}
			break
		}
		for _, e := range o {
			diffs = append(diffs, compareShape(path+"[]", e, elem)...)
		}
	}
	return diffs
}

func TestLTShapeMatchesLanguageTool(t *testing.T) {
	detect := func(string) language.Code { return language.English }
	ts, _ := newLTServer(t, testConfig(), LanguageToolDeps{Detect: detect, Rules: []languagetool.RuleInfo{
		{ID: "EN_A_VS_AN", Description: "Use of 'a' vs. 'an'", Category: "GRAMMAR", Type: correction.Grammar}}})
	checkRef := loadFixture(t, "check-response.json")
	requests := []url.Values{
		{"text": {"😀 teh cat sat on a mat."}, "language": {"en-US"}},
		{"text": {"However it is a apple. Teh end.\n\nSecond paragraph."}, "language": {"auto"}, "preferredVariants": {"en-GB"}},
		{"text": {"This is very unique."}, "language": {"en-GB"}, "level": {"picky"}},
		{"text": {"Nothing to see here."}, "language": {"en"}},
		{"text": {""}, "language": {"en-US"}},
		{"data": {`{"annotation":[{"markup":"<p>"},{"text":"Teh "},{"markup":"<i>"},{"text":"cat"},{"markup":"</i>"},{"markup":"</p>","interpretAs":"\n\n"}]}`}, "language": {"fr"}},
		{"text": {"teh"}, "language": {"en-US"}, "enabledOnly": {"true"}, "enabledCategories": {"TYPOS"}},
	}
	matches := 0
	for _, params := range requests {
		resp, b := ltDo(t, "POST", ts.URL+"/v2/check", "application/x-www-form-urlencoded", params.Encode())
		decodeCheck(t, resp, b)
		var ours any
		if err := json.Unmarshal(b, &ours); err != nil {
			t.Fatal(err)
		}
		matches += len(ours.(map[string]any)["matches"].([]any))
		if diffs := compareShape("", ours, checkRef); len(diffs) > 0 {
			t.Errorf("%s:\n  %s", params.Encode(), strings.Join(diffs, "\n  "))
		}
	}
	if matches < 5 {
		t.Errorf("only %d matches across the texts: the match shape was barely compared", matches)
	}

	others := []struct{ method, path, body, fixture string }{
		{"GET", "/v2/languages", "", "languages-response.json"},
		{"GET", "/v2/info", "", "info-response.json"},
		{"POST", "/v2/configinfo", "language=en-US", "configinfo-response.json"},
	}
	for _, o := range others {
		resp, b := ltDo(t, o.method, ts.URL+o.path, "application/x-www-form-urlencoded", o.body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", o.path, resp.StatusCode, b)
		}
		var ours any
		if err := json.Unmarshal(b, &ours); err != nil {
			t.Fatal(err)
		}
		if diffs := compareShape("", ours, loadFixture(t, o.fixture)); len(diffs) > 0 {
			t.Errorf("%s:\n  %s", o.path, strings.Join(diffs, "\n  "))
		}
	}
}

// TestCompareShape shows that the comparison catches what it should.
func TestCompareShape(t *testing.T) {
	ref := map[string]any{"a": "x", "n": 1.0, "list": []any{map[string]any{"v": "s"}}}
	tests := []struct {
		name  string
		ours  map[string]any
		diffs int
	}{
		{"same", map[string]any{"a": "y", "n": 2.0, "list": []any{map[string]any{"v": "t"}}}, 0},
		{"wrong type", map[string]any{"a": 1.0, "n": 2.0, "list": []any{}}, 1},
		{"extra field", map[string]any{"a": "y", "n": 2.0, "list": []any{}, "zzz": true}, 1},
		{"missing field", map[string]any{"a": "y", "list": []any{}}, 1},
		{"element type", map[string]any{"a": "y", "n": 2.0, "list": []any{map[string]any{"v": false}}}, 1},
	}
	for _, tt := range tests {
		if d := compareShape("", tt.ours, ref); len(d) != tt.diffs {
			t.Errorf("%s: diffs %v, want %d", tt.name, d, tt.diffs)
		}
	}
}
