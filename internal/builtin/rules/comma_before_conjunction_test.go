package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.CommaBeforeConjunction,
	ruleCase{"I was very tired so I left.", "I was very tired, so I left."},
	ruleCase{"I think so they say.", "I think so they say."},
	ruleCase{"We left early so that we could rest.", "We left early so that we could rest."},
	ruleCase{"I tried hard but it failed.", "I tried hard, but it failed."},
	ruleCase{"We wanted to go but there was no bus.", "We wanted to go, but there was no bus."},
	ruleCase{"I tried hard, but it failed.", "I tried hard, but it failed."},
	ruleCase{"It is not only cheap but it is fast.", "It is not only cheap but it is fast."},
	ruleCase{"He did nothing but he.", "He did nothing but he."},
	ruleCase{"Slow but sure.", "Slow but sure."},
	ruleCase{"He ate all but it.", "He ate all but it."},
	ruleCase{"I like it but not much.", "I like it but not much."},
	ruleCase{"Mel was feeling bad so Tom took her home.", "Mel was feeling bad, so Tom took her home."},
	ruleCase{"We heard voices upstairs so the boys ran away.", "We heard voices upstairs, so the boys ran away."},
	ruleCase{"The food was cheap but the service was slow.", "The food was cheap but the service was slow."},
	ruleCase{"I was so tired so many times.", "I was so tired so many times."},
)
