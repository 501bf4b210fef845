package rules

import (
	"fmt"
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
	// Order places the rule among the rules of its stage (lower runs
	// first): a rule sees the forms the rules before it produced.
	Order int
	// Check inspects d and proposes edits with d.Propose(r, ...).
	Check func(d *Doc, r *Rule)
	// Source is the data file a substitution rule comes from
	// ("data/contractions.rules"); empty for a rule written in Go.
	Source string
	// Entries is the number of substitutions of a data rule.
	Entries int
	// Examples are a data rule's examples, checked by the package's tests;
	// a Go rule keeps its examples in its _test.go file.
	Examples []Example
}

// Example is an input and what the rule alone makes of it; Want == In
// means the rule must stay silent.
type Example struct {
	// Source is where the example is written ("data/contractions.rules:12").
	Source   string
	In, Want string
}

// English returns the English rules in the order they run: by stage, then
// by Order. The order matters, since each rule sees the forms the previous
// ones produced.
func English() []*Rule { return slices.Clone(english) }

// ByID returns the English rule with the given id, or nil.
func ByID(id string) *Rule {
	for _, r := range english {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// registry collects the code rules as their files declare them
// (register); the data rules are added from data/*.rules. Both are only
// written while the package initialises.
var registry []*Rule

// register adds a code rule to the English rules; each rule file declares
// its rule with it, so that adding a rule is adding a file.
func register(r *Rule) *Rule {
	registry = append(registry, r)
	return r
}

// english is every rule, code and data, in running order.
var english []*Rule

func init() {
	all := append(slices.Clone(registry), mustLoadData()...)
	rs, err := assemble(all)
	if err != nil {
		panic(err)
	}
	english = rs
}

// assemble sorts rules into running order and checks that ids and orders
// are unique and every rule is complete.
func assemble(rs []*Rule) ([]*Rule, error) {
	ids := map[string]bool{}
	orders := map[int]string{}
	for _, r := range rs {
		switch {
		case r.ID == "" || r.Check == nil || r.Stage == 0 || r.Order <= 0:
			return nil, fmt.Errorf("rules: rule %q is incomplete (id, check, stage, order)", r.ID)
		case ids[r.ID]:
			return nil, fmt.Errorf("rules: duplicate rule id %s", r.ID)
		case orders[r.Order] != "":
			return nil, fmt.Errorf("rules: %s and %s share order %d", orders[r.Order], r.ID, r.Order)
		}
		ids[r.ID] = true
		orders[r.Order] = r.ID
	}
	slices.SortStableFunc(rs, func(a, b *Rule) int {
		if a.Stage != b.Stage {
			return int(a.Stage) - int(b.Stage)
		}
		return a.Order - b.Order
	})
	return rs, nil
}
