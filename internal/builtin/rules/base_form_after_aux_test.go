package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.BaseFormAfterDo,
	ruleCase{"He doesn't likes it.", "He doesn't like it."},
	ruleCase{"I didn't went there.", "I didn't go there."},
	ruleCase{"She didn't wanted to.", "She didn't want to."},
	ruleCase{"You could has won.", "You could have won."},
	ruleCase{"They did not saw it.", "They did not see it."},
	ruleCase{"He can goes home.", "He can go home."},
	ruleCase{"He doesn't really likes it.", "He doesn't really like it."},
	ruleCase{"The can holds water.", "The can holds water."},
	ruleCase{"He doesn't like it.", "He doesn't like it."},
	ruleCase{"Do works of art matter?", "Do works of art matter?"},
	ruleCase{"She could not resists it.", "She could not resist it."},
	ruleCase{"He could sometimes win.", "He could sometimes win."},
	ruleCase{"I can giving advice.", "I can give advice."},
	ruleCase{"He can gave me the answer.", "He can give me the answer."},
	ruleCase{"They don't going there.", "They don't going there."},
	ruleCase{"It could be nice.", "It could be nice."},
	ruleCase{"The scraping will causes heat.", "The scraping will cause heat."},
	ruleCase{"Prices will rose again.", "Prices will rise again."},
	ruleCase{"The will causes trouble.", "The will causes trouble."},
	ruleCase{"Free will makes us human.", "Free will makes us human."},
	ruleCase{"The people's will prevails.", "The people's will prevails."},
	ruleCase{"Political will matters.", "Political will matters."},
)
