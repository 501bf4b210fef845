package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.IntroductoryClauseComma,
	ruleCase{"When I was young I lived there.", "When I was young, I lived there."},
	ruleCase{"If the bus is late we will walk.", "If the bus is late, we will walk."},
	ruleCase{"After many years he came back.", "After many years, he came back."},
	ruleCase{"When I was young, I lived there.", "When I was young, I lived there."},
	ruleCase{"If you think they are right, say so.", "If you think they are right, say so."},
	ruleCase{"When I told them we left.", "When I told them we left."},
	ruleCase{"When I realized they were gone I cried.", "When I realized they were gone I cried."},
	ruleCase{"If we think about it we agree.", "If we think about it we agree."},
	ruleCase{"If you have a job we like it.", "If you have a job we like it."},
	ruleCase{"I left when I was young he said.", "I left when I was young he said."},
	ruleCase{"If the weather is bad there will be no match.", "If the weather is bad, there will be no match."},
	ruleCase{"When we arrived there was nobody.", "When we arrived there was nobody."},
	ruleCase{"When I went there I saw it.", "When I went there I saw it."},
	ruleCase{"When you get off the bus you should ask someone.", "When you get off the bus, you should ask someone."},
	ruleCase{"Although it seems good it is not.", "Although it seems good, it is not."},
	ruleCase{"If you see it you will know.", "If you see it you will know."},
	ruleCase{"If there is a problem the teacher will help.", "If there is a problem, the teacher will help."},
	ruleCase{"Because the weather was bad the game was cancelled.", "Because the weather was bad, the game was cancelled."},
	ruleCase{"When you get off the bus you should ask.", "When you get off the bus, you should ask."},
	ruleCase{"If it has police all around the city nobody will dare.", "If it has police all around the city nobody will dare."},
)
