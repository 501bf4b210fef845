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
	ruleCase{"My parents is very kind.", "My parents is very kind."},
	ruleCase{"Everybody know that.", "Everybody knows that."},
	ruleCase{"Nobody want to go there.", "Nobody wants to go there."},
	ruleCase{"Let everyone know.", "Let everyone know."},
	ruleCase{"Everyone I know likes it.", "Everyone I know likes it."},
	ruleCase{"Nobody want to go, so we stayed.", "Nobody want to go, so we stayed."},
	ruleCase{"It is vital that everyone know it.", "It is vital that everyone know it."},
)
