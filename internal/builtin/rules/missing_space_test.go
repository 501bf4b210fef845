package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.MissingSpaceAfterPunctuation,
	ruleCase{"It ended.The next day came.", "It ended. The next day came."},
	ruleCase{"I like apples,pears and plums.", "I like apples, pears and plums."},
	ruleCase{"Go to example.com now.", "Go to example.com now."},
	ruleCase{"Open file.txt now.", "Open file.txt now."},
	ruleCase{"Pay 1,000 dollars.", "Pay 1,000 dollars."},
	ruleCase{"The U.S.A. is big.", "The U.S.A. is big."},
	ruleCase{"Call fmt.Println now.", "Call fmt.Println now."},
)
