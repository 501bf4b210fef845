package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.TheirThere,
	ruleCase{"Their is a cat.", "There is a cat."},
	ruleCase{"I think there going to win.", "I think they're going to win."},
	ruleCase{"Is there going to be a party?", "Is there going to be a party?"},
	ruleCase{"Their house is big.", "Their house is big."},
	ruleCase{"They're are many.", "There are many."},
	ruleCase{"There making changes.", "They're making changes."},
	ruleCase{"I sat there thinking.", "I sat there thinking."},
	ruleCase{"There being no time, we left.", "There being no time, we left."},
	ruleCase{"There is a cat.", "There is a cat."},
)
