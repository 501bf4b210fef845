package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.RelativeAgreement,
	ruleCase{"I need someone who want to help.", "I need someone who wants to help."},
	ruleCase{"He is a person who live alone.", "He is a person who lives alone."},
	ruleCase{"Every student who have a car pays.", "Every student who has a car pays."},
	ruleCase{"People who lives here are kind.", "People who live here are kind."},
	ruleCase{"Children who was late stayed in.", "Children who were late stayed in."},
	ruleCase{"I need someone who wants to help.", "I need someone who wants to help."},
	ruleCase{"The person who live there is kind.", "The person who live there is kind."},
	ruleCase{"A man who live there died.", "A man who live there died."},
	ruleCase{"Tell someone that you trust.", "Tell someone that you trust."},
	ruleCase{"She told people that lives were at risk.", "She told people that lives were at risk."},
	ruleCase{"Tell people that lives are at risk.", "Tell people that lives are at risk."},
)
