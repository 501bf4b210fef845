package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.CommaAroundHowever,
	ruleCase{"A younger person however will need time.", "A younger person, however, will need time."},
	ruleCase{"The price however was too high.", "The price, however, was too high."},
	ruleCase{"The price, however, was too high.", "The price, however, was too high."},
	ruleCase{"However the price was high.", "However the price was high."},
	ruleCase{"You will fail however hard you try.", "You will fail however hard you try."},
	ruleCase{"It was late and however we went.", "It was late and however we went."},
	ruleCase{"It is loved in the world however it is dangerous.", "It is loved in the world however it is dangerous."},
	ruleCase{"This loss need not however be bad.", "This loss need not however be bad."},
	ruleCase{"In one case for example the scroll was found.", "In one case, for example, the scroll was found."},
	ruleCase{"In one case, for example, the scroll was found.", "In one case, for example, the scroll was found."},
	ruleCase{"We saw it for example.", "We saw it for example."},
	ruleCase{"Cars and for example buses are loud.", "Cars and for example buses are loud."},
	ruleCase{"There is a lot to visit for example in Madrid you can see it.", "There is a lot to visit for example in Madrid you can see it."},
)
