package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.DoubleComparative,
	ruleCase{"It is more better now.", "It is better now."},
	ruleCase{"The most biggest city.", "The biggest city."},
	ruleCase{"It is better now.", "It is better now."},
	ruleCase{"No more older than ten.", "No more older than ten."},
	ruleCase{"We need more better-paid jobs.", "We need more better-paid jobs."},
	ruleCase{"He was more best.", "He was more best."},
)
