package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.SuperfluousWord,
	ruleCase{"We went despite of the rain.", "We went despite the rain."},
	ruleCase{"We discussed about the plan.", "We discussed the plan."},
	ruleCase{"Most of people agree.", "Most people agree."},
	ruleCase{"They can't to do it.", "They can't do it."},
	ruleCase{"You should to be careful.", "You should be careful."},
	ruleCase{"Most of the people agree.", "Most of the people agree."},
	ruleCase{"Most of all, I agree.", "Most of all, I agree."},
	ruleCase{"We talked about it.", "We talked about it."},
	ruleCase{"He lost the will to live.", "He lost the will to live."},
	ruleCase{"It can to some extent.", "It can to some extent."},
	ruleCase{"Most of Europe agrees.", "Most of Europe agrees."},
	ruleCase{"It does as much as it can to help.", "It does as much as it can to help."},
	ruleCase{"Many of people like it.", "Many people like it."},
	ruleCase{"Some of students are late.", "Some students are late."},
	ruleCase{"Many of the people like it.", "Many of the people like it."},
	ruleCase{"Some of them left.", "Some of them left."},
	ruleCase{"A few of my friends came.", "A few of my friends came."},
	ruleCase{"The report emphasizes on safety.", "The report emphasizes safety."},
	ruleCase{"We put emphasis on safety.", "We put emphasis on safety."},
	ruleCase{"It made me to feel happy.", "It made me feel happy."},
	ruleCase{"Let them to go home.", "Let them go home."},
	ruleCase{"We made it to the top.", "We made it to the top."},
	ruleCase{"They asked me to help.", "They asked me to help."},
)
