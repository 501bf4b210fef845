package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.ToToo,
	ruleCase{"It costs to much.", "It costs too much."},
	ruleCase{"You eat to many, he said.", "You eat too many, he said."},
	ruleCase{"It will lead to many problems.", "It will lead to many problems."},
	ruleCase{"From little to much.", "From little to much."},
	ruleCase{"It is to expensive for us.", "It is too expensive for us."},
	ruleCase{"She looks to pretty.", "She looks too pretty."},
	ruleCase{"From young to old, all came.", "From young to old, all came."},
	ruleCase{"It is next to impossible.", "It is next to impossible."},
)
