package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.IntroductoryPhraseComma,
	ruleCase{"In my old village we have a park.", "In my old village, we have a park."},
	ruleCase{"For the last two years I have studied law.", "For the last two years, I have studied law."},
	ruleCase{"On the other side of the river they built a mill.", "On the other side of the river, they built a mill."},
	ruleCase{"In my old village, we have a park.", "In my old village, we have a park."},
	ruleCase{"In 2010 we moved.", "In 2010 we moved."},
	ruleCase{"During summer I swim.", "During summer I swim."},
	ruleCase{"In the book that they wrote we find it.", "In the book that they wrote we find it."},
	ruleCase{"For people who read it they say so.", "For people who read it they say so."},
	ruleCase{"After the long dinner with friends we the people.", "After the long dinner with friends we the people."},
	ruleCase{"In a market economy the price must fall.", "In a market economy, the price must fall."},
	ruleCase{"Since the invention of the airplane the world has changed.", "Since the invention of the airplane, the world has changed."},
	ruleCase{"In the middle of the night the phone rang.", "In the middle of the night the phone rang."},
	ruleCase{"In the morning the sun is up.", "In the morning the sun is up."},
	ruleCase{"In front of the house the car will stop.", "In front of the house, the car will stop."},
	ruleCase{"For the people of the town the mayor will speak.", "For the people of the town, the mayor will speak."},
)
