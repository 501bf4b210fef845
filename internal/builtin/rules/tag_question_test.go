package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.TagQuestion,
	ruleCase{"It is cheap, isn't it.", "It is cheap, isn't it?"},
	ruleCase{"You can swim, can't you.", "You can swim, can't you?"},
	ruleCase{"It isn't cheap, is it.", "It isn't cheap, is it?"},
	ruleCase{"It is cheap, isn't it?", "It is cheap, isn't it?"},
	ruleCase{"We left early, as did they.", "We left early, as did they."},
	ruleCase{"I asked him what it was.", "I asked him what it was."},
)
