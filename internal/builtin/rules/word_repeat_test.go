package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.WordRepeat,
	ruleCase{"I saw the the cat.", "I saw the cat."},
	ruleCase{"The the cat sat.", "The cat sat."},
	ruleCase{"He had had enough.", "He had had enough."},
	ruleCase{"I know that that is true.", "I know that that is true."},
	ruleCase{"If they fire you you will go.", "If they fire you you will go."},
	ruleCase{"the\n\nthe", "the\n\nthe"},
	ruleCase{"It is very very good.", "It is very very good."},
)
