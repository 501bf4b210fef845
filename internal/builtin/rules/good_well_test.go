package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.GoodWell,
	ruleCase{"They recovered really good after the fire.", "They recovered really well after the fire."},
	ruleCase{"She plays good.", "She plays well."},
	ruleCase{"It looks good.", "It looks good."},
	ruleCase{"He did good for his town.", "He did good for his town."},
	ruleCase{"She is good at chess.", "She is good at chess."},
	ruleCase{"They played good music.", "They played good music."},
	ruleCase{"It tasted really good after the walk.", "It tasted really good after the walk."},
)
