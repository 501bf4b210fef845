package rules

import (
	"slices"

	"appencorrect/internal/correction"
)

// Stage tells when a rule runs relative to the spelling check.
type Stage uint8

// Stages.
const (
	// BeforeSpelling rules fix words that a dictionary would misjudge
	// ("dont", "alot"): the spelling check leaves the words they changed
	// alone.
	BeforeSpelling Stage = iota + 1
	// AfterSpelling rules read the spelling-corrected forms.
	AfterSpelling
)

// Rule is one check. Rules are immutable values shared by all checks.
type Rule struct {
	// ID is stable across versions, in LanguageTool's UPPER_SNAKE style, so
	// that clients can disable a rule.
	ID       string
	Category Category
	// Type is the correction type reported for the rule's edits.
	Type correction.Type
	// Description says what the rule checks, for people.
	Description string
	Stage       Stage
	// Check inspects d and proposes edits with d.Propose(r, ...).
	Check func(d *Doc, r *Rule)
}

// English returns the English rules in the order they run: the order
// matters, since each rule sees the forms the previous ones produced.
func English() []*Rule { return slices.Clone(english[:]) }

var english = [...]*Rule{
	// Before spelling: words a dictionary would mangle.
	Contractions,
	MergedWords,
	SplitWords,
	IrregularVerbs,
	TextSpeak,
	ProperNouns,
	// After spelling: context rules read corrected forms.
	CouldOf,
	ItsIts,
	YourYoure,
	TheirThere,
	ThenThan,
	LoseLoose,
	ToToo,
	PronounAgreement,
	NounAgreement,
	Uncountables,
	DoubleComparative,
	PluralAfterQuantifier,
	ThereAreMany,
	ThisThese,
	SuperfluousWord,
	MuchMany,
	BaseFormAfterDo,
	PerfectParticiple,
	WordRepeat,
	AVsAn,
	LowercaseI,
	SentenceStartCase,
	IntroductoryComma,
	CommaBeforeConjunction,
	IntroductoryClauseComma,
	SpaceBeforePunctuation,
	MissingSpaceAfterPunctuation,
	DoublePunctuation,
	RepeatedSpace,
}

// ByID returns the English rule with the given id, or nil.
func ByID(id string) *Rule {
	for _, r := range english {
		if r.ID == id {
			return r
		}
	}
	return nil
}
