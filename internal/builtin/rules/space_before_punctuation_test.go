package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.SpaceBeforePunctuation,
	ruleCase{"Hello , world.", "Hello, world."},
	ruleCase{"Really ?", "Really?"},
	ruleCase{"Hello ,world.", "Hello, world."},
	ruleCase{"Wait ...", "Wait ..."},
	ruleCase{"Smile :)", "Smile :)"},
	ruleCase{"It costs .5 dollars.", "It costs .5 dollars."},
	ruleCase{"Hello\n, world", "Hello\n, world"},
	ruleCase{"Faster than writing ;)", "Faster than writing ;)"},
)
