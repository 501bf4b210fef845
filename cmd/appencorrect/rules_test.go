package main

import (
	"testing"

	"appencorrect/internal/builtin"
	"appencorrect/internal/builtin/rules"
)

// TestCatalogueHasEveryRule: /v2/configinfo's catalogue is built from the
// engine's rules, so a new rule file or data file appears there with
// nothing else to change.
func TestCatalogueHasEveryRule(t *testing.T) {
	e := &engines{builtin: builtin.New(nil)}
	got := map[string]string{}
	for _, r := range e.ltRules() {
		got[r.ID] = r.Description
	}
	all := rules.English()
	if len(got) != len(all) {
		t.Errorf("catalogue has %d rules, the engine %d", len(got), len(all))
	}
	for _, r := range all {
		if d, ok := got[r.ID]; !ok || d != r.Description {
			t.Errorf("catalogue lacks %s (%q)", r.ID, d)
		}
	}
	if _, ok := got["EN_PREPOSITION_COLLOCATION"]; !ok {
		t.Error("the data rule EN_PREPOSITION_COLLOCATION is not in the catalogue")
	}
}
