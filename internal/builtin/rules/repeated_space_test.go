package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.RepeatedSpace,
	ruleCase{"I have an extra  space.", "I have an extra space."},
	ruleCase{"It ends.  Then it goes on.", "It ends.  Then it goes on."},
	ruleCase{"Name:      value", "Name:      value"},
	ruleCase{"a\n  b", "a\n  b"},
	ruleCase{"One space only.", "One space only."},
)
