package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.BaseFormAfterTo,
	ruleCase{"I want to going home.", "I want to go home."},
	ruleCase{"We decided to went there.", "We decided to go there."},
	ruleCase{"He tries to finds it.", "He tries to find it."},
	ruleCase{"I like to running fast.", "I like to run fast."},
	ruleCase{"I look forward to going home.", "I look forward to going home."},
	ruleCase{"I am used to working late.", "I am used to working late."},
	ruleCase{"I want to go home.", "I want to go home."},
	ruleCase{"She has to leave.", "She has to leave."},
	ruleCase{"He wanted to Paris.", "He wanted to Paris."},
	ruleCase{"We have to reduced the cost.", "We have to reduce the cost."},
	ruleCase{"I managed to succeeded.", "I managed to succeed."},
	ruleCase{"I got used to it.", "I got used to it."},
)
