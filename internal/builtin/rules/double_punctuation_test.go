package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.DoublePunctuation,
	ruleCase{"Hello,, world.", "Hello, world."},
	ruleCase{"It is the end..", "It is the end."},
	ruleCase{"Wait...", "Wait..."},
	ruleCase{"What?!", "What?!"},
	ruleCase{"Really!!", "Really!!"},
)
