package languagetool

import (
	"slices"
	"strings"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

// RuleInfo describes one rule of an engine, for /v2/configinfo and for the
// rule descriptions of matches.
type RuleInfo struct {
	// ID is the rule's stable id (LanguageTool's UPPER_SNAKE style).
	ID string
	// Description says what the rule checks.
	Description string
	// Category is a LanguageTool category id (TYPOS, GRAMMAR, ...); empty
	// means the default category of Type.
	Category string
	// Type is the type of the corrections the rule makes.
	Type correction.Type
}

// Catalog is the set of known rules, by id. The zero value is empty and
// usable.
type Catalog struct {
	byID  map[string]RuleInfo
	order []string
}

// NewCatalog returns a catalog of rules; a later rule with the same id
// replaces an earlier one.
func NewCatalog(rules ...RuleInfo) *Catalog {
	c := &Catalog{byID: make(map[string]RuleInfo, len(rules))}
	for _, r := range rules {
		if r.ID == "" {
			continue
		}
		if _, ok := c.byID[r.ID]; !ok {
			c.order = append(c.order, r.ID)
		}
		c.byID[r.ID] = r
	}
	return c
}

// Lookup returns the rule with the given id.
func (c *Catalog) Lookup(id string) (RuleInfo, bool) {
	if c == nil {
		return RuleInfo{}, false
	}
	r, ok := c.byID[id]
	return r, ok
}

// Rules returns the rules in the order they were given.
func (c *Catalog) Rules() []RuleInfo {
	if c == nil {
		return nil
	}
	out := make([]RuleInfo, 0, len(c.order))
	for _, id := range c.order {
		out = append(out, c.byID[id])
	}
	return out
}

// Rule ids for corrections that carry none (the LLM engine's): stable, so
// that disabledRules keeps working across versions. Spelling corrections get
// LanguageTool's own spelling rule id instead (SpellingRuleID).
const (
	GrammarRuleID     = "APPENCORRECT_GRAMMAR"
	PunctuationRuleID = "APPENCORRECT_PUNCTUATION"
	StyleRuleID       = "APPENCORRECT_STYLE"
)

// SpellingRuleID returns LanguageTool's spelling rule id for a language:
// MORFOLOGIK_RULE_EN_US, MORFOLOGIK_RULE_EN_GB or FR_SPELLING_RULE. English
// without a variant is checked with American spelling, as the built-in
// engine does.
func SpellingRuleID(t language.Tag) string {
	if t.Code == language.French {
		return "FR_SPELLING_RULE"
	}
	if t.Variant == language.GB {
		return "MORFOLOGIK_RULE_EN_GB"
	}
	return "MORFOLOGIK_RULE_EN_US"
}

// categoryNames are LanguageTool's English category names.
var categoryNames = map[string]string{
	"TYPOS":          "Possible Typo",
	"GRAMMAR":        "Grammar",
	"CASING":         "Capitalization",
	"PUNCTUATION":    "Punctuation",
	"CONFUSED_WORDS": "Commonly Confused Words",
	"REDUNDANCY":     "Redundant Phrases",
	"TYPOGRAPHY":     "Typography",
	"STYLE":          "Style",
	"COMPOUNDING":    "Compounding",
	"COLLOQUIALISMS": "Colloquialisms",
	"SEMANTICS":      "Semantics",
	"MISC":           "Miscellaneous",
}

// CategoryName returns LanguageTool's name of a category id, or the id in
// words when it is not one of LanguageTool's.
func CategoryName(id string) string {
	if n, ok := categoryNames[id]; ok {
		return n
	}
	w := strings.ToLower(strings.ReplaceAll(id, "_", " "))
	if w == "" {
		return ""
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// defaultCategory is the category of a correction type.
func defaultCategory(t correction.Type) string {
	switch t {
	case correction.Spelling:
		return "TYPOS"
	case correction.Punctuation:
		return "PUNCTUATION"
	case correction.Style:
		return "STYLE"
	}
	return "GRAMMAR"
}

// issueType is the ITS 2.0 localization quality issue type LanguageTool
// reports (rule.issueType); clients colour matches by it ("misspelling" is
// drawn as a spelling error).
func issueType(t correction.Type, category string) string {
	switch {
	case t == correction.Spelling:
		return "misspelling"
	case t == correction.Style:
		return "style"
	case t == correction.Punctuation, category == "TYPOGRAPHY", category == "PUNCTUATION", category == "CASING":
		return "typographical"
	}
	return "grammar"
}

// typeName is LanguageTool's RuleMatch.Type (match.type.typeName).
func typeName(t correction.Type) string {
	switch t {
	case correction.Spelling:
		return "UnknownWord"
	case correction.Style:
		return "Hint"
	}
	return "Other"
}

// defaultDescription describes the rule of a correction type.
func defaultDescription(t correction.Type, tag language.Tag) string {
	switch t {
	case correction.Spelling:
		switch {
		case tag.Code == language.French:
			return "Possible spelling mistake (French)"
		case tag.Variant == language.GB:
			return "Possible spelling mistake (British English)"
		}
		return "Possible spelling mistake"
	case correction.Punctuation:
		return "Punctuation problem"
	case correction.Style:
		return "Style suggestion"
	}
	return "Grammar problem"
}

func defaultMessage(t correction.Type) string {
	switch t {
	case correction.Spelling:
		return "Possible spelling mistake found."
	case correction.Punctuation:
		return "Possible punctuation problem."
	case correction.Style:
		return "This could be phrased better."
	}
	return "Possible grammar problem."
}

func shortMessage(t correction.Type) string {
	switch t {
	case correction.Spelling:
		return "Spelling mistake"
	case correction.Punctuation:
		return "Punctuation"
	case correction.Style:
		return "Style"
	}
	return "Grammar"
}

// resolvedRule is the LanguageTool rule of one correction.
type resolvedRule struct {
	id, description, category, issueType string
	typ                                  correction.Type
}

// resolveRule names the rule of c: its own RuleID and Category when it has
// them (described from the catalog), else the default rule of its type.
func resolveRule(c correction.Correction, tag language.Tag, cat *Catalog) resolvedRule {
	r := resolvedRule{id: c.RuleID, category: c.Category, typ: c.Type}
	if !r.typ.Valid() {
		r.typ = correction.Grammar
	}
	if r.id == "" {
		switch r.typ {
		case correction.Spelling:
			r.id = SpellingRuleID(tag)
		case correction.Punctuation:
			r.id = PunctuationRuleID
		case correction.Style:
			r.id = StyleRuleID
		default:
			r.id = GrammarRuleID
		}
	}
	if info, ok := cat.Lookup(r.id); ok {
		r.description = info.Description
		if r.category == "" {
			r.category = info.Category
		}
	}
	if r.category == "" {
		r.category = defaultCategory(r.typ)
	}
	if r.description == "" {
		r.description = defaultDescription(r.typ, tag)
	}
	r.issueType = issueType(r.typ, r.category)
	return r
}

// picky reports whether a rule only runs at level=picky: style suggestions
// are picky, as LanguageTool's style rules mostly are.
func (r resolvedRule) picky() bool { return r.typ == correction.Style }

// active applies LanguageTool's rule selection to one match.
func (req *Request) active(r resolvedRule) bool {
	if req.EnabledOnly {
		return req.EnabledRules.Has(r.id) || req.EnabledCategories.Has(r.category)
	}
	if req.DisabledRules.Has(r.id) {
		return false
	}
	explicit := req.EnabledRules.Has(r.id)
	if req.DisabledCategories.Has(r.category) && !explicit {
		return false
	}
	if r.picky() && !req.Picky && !explicit {
		return false
	}
	return true
}

// ConfigRules returns the rules that /v2/configinfo lists for a language:
// the catalog's, plus the spelling rule and the default rules of
// corrections that carry no rule id.
func ConfigRules(cat *Catalog, tag language.Tag) []RuleInfo {
	out := cat.Rules()
	have := func(id string) bool {
		return slices.ContainsFunc(out, func(r RuleInfo) bool { return r.ID == id })
	}
	spell := SpellingRuleID(tag)
	if !have(spell) {
		out = append(out, RuleInfo{ID: spell, Description: defaultDescription(correction.Spelling, tag),
			Category: "TYPOS", Type: correction.Spelling})
	}
	for _, t := range []correction.Type{correction.Grammar, correction.Punctuation, correction.Style} {
		id := resolveRule(correction.Correction{Type: t}, tag, nil).id
		if !have(id) {
			out = append(out, RuleInfo{ID: id, Description: defaultDescription(t, tag), Category: defaultCategory(t), Type: t})
		}
	}
	return out
}

// IsSpellingRule reports whether id is a dictionary spelling rule.
func IsSpellingRule(id string) bool {
	return strings.HasPrefix(id, "MORFOLOGIK_") || strings.HasSuffix(id, "_SPELLING_RULE") ||
		strings.HasPrefix(id, "HUNSPELL_") || strings.HasSuffix(id, "_SPELLER_RULE")
}
