package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.LowercaseI,
	ruleCase{"Yes, i think so.", "Yes, I think so."},
	ruleCase{"And i'm here.", "And I'm here."},
	ruleCase{"See (i) first.", "See (i) first."},
	ruleCase{"See i) first.", "See i) first."},
	ruleCase{"Set i = 0 now.", "Set i = 0 now."},
	ruleCase{"That is, i.e. this.", "That is, i.e. this."},
)
