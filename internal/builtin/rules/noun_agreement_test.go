package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.NounAgreement,
	ruleCase{"People is kind.", "People are kind."},
	ruleCase{"Most people has a car.", "Most people have a car."},
	ruleCase{"Everyone have to go.", "Everyone has to go."},
	ruleCase{"Nobody are there.", "Nobody is there."},
	ruleCase{"Children was playing.", "Children were playing."},
	ruleCase{"People are kind.", "People are kind."},
	ruleCase{"Does everyone have a pen?", "Does everyone have a pen?"},
	ruleCase{"A place for people is rare.", "A place for people is rare."},
	ruleCase{"Everyone has to go.", "Everyone has to go."},
	ruleCase{"Young people am here.", "Young people am here."},
)
