package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.PerfectParticiple,
	ruleCase{"Prices have took a dip.", "Prices have taken a dip."},
	ruleCase{"He has went home.", "He has gone home."},
	ruleCase{"I have already ate.", "I have already eaten."},
	ruleCase{"He's went home.", "He's gone home."},
	ruleCase{"They have taken a dip.", "They have taken a dip."},
	ruleCase{"I had a saw.", "I had a saw."},
	ruleCase{"It's broke.", "It's broke."},
)
