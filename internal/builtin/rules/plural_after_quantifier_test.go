package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.PluralAfterQuantifier,
	ruleCase{"There are several reason.", "There are several reasons."},
	ruleCase{"We saw many problem in the city.", "We saw many problems in the city."},
	ruleCase{"I have few friend in town.", "I have few friends in town."},
	ruleCase{"These box are heavy.", "These boxes are heavy."},
	ruleCase{"Many new cars came.", "Many new cars came."},
	ruleCase{"Many agree that it works.", "Many agree that it works."},
	ruleCase{"Those who left came back.", "Those who left came back."},
	ruleCase{"Many people came.", "Many people came."},
	ruleCase{"Several of them came.", "Several of them came."},
	ruleCase{"It is one of the best place in town.", "It is one of the best places in town."},
	ruleCase{"The number of car is growing.", "The number of cars is growing."},
	ruleCase{"Each of my friend is here.", "Each of my friends is here."},
	ruleCase{"Most of the population is poor.", "Most of the population is poor."},
	ruleCase{"One of the most beautiful city in Asia.", "One of the most beautiful cities in Asia."},
	ruleCase{"One of the cars is red.", "One of the cars is red."},
	ruleCase{"A number of people came.", "A number of people came."},
	ruleCase{"One of the new cars.", "One of the new cars."},
	ruleCase{"We don't study these subject very deeply.", "We don't study these subjects very deeply."},
	ruleCase{"There must be many subject better than this.", "There must be many subjects better than this."},
	ruleCase{"Several friend so far.", "Several friends so far."},
)
