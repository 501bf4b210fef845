package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.ThisThese,
	ruleCase{"For this reasons, we left.", "For these reasons, we left."},
	ruleCase{"I agree with that ideas.", "I agree with those ideas."},
	ruleCase{"For this reason, we left.", "For this reason, we left."},
	ruleCase{"This leads to problems.", "This leads to problems."},
	ruleCase{"Because of this, costs rose.", "Because of this, costs rose."},
	ruleCase{"He said that results matter.", "He said that results matter."},
	ruleCase{"There were all this cars, so we left.", "There were all these cars, so we left."},
	ruleCase{"I like this cars.", "I like these cars."},
	ruleCase{"I think this helps.", "I think this helps."},
	ruleCase{"Does this mean war?", "Does this mean war?"},
	ruleCase{"I think that books are better.", "I think that books are better."},
)
