package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.ArticleBeforeAdjective,
	ruleCase{"This is important thing.", "This is an important thing."},
	ruleCase{"It was big problem for us.", "It was a big problem for us."},
	ruleCase{"I got good score.", "I got a good score."},
	ruleCase{"This is an important thing.", "This is an important thing."},
	ruleCase{"She has long hair.", "She has long hair."},
	ruleCase{"It is good music.", "It is good music."},
	ruleCase{"It is hard work.", "It is hard work."},
	ruleCase{"They are good friends.", "They are good friends."},
	ruleCase{"It was good score board design.", "It was good score board design."},
)
