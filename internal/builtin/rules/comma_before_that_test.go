package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.CommaBeforeThat,
	ruleCase{"I believe, that the product is good.", "I believe that the product is good."},
	ruleCase{"We think, that this number is high.", "We think that this number is high."},
	ruleCase{"I believe that the product is good.", "I believe that the product is good."},
	ruleCase{"I know, that is, I think so.", "I know, that is, I think so."},
	ruleCase{"He said, that one.", "He said, that one."},
	ruleCase{"I believe,\nthat the product is good.", "I believe,\nthat the product is good."},
)
