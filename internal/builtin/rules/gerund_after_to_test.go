package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.GerundAfterTo,
	ruleCase{"I look forward to hear from you.", "I look forward to hearing from you."},
	ruleCase{"We are looking forward to meet you.", "We are looking forward to meeting you."},
	ruleCase{"They got used to live in the city.", "They got used to living in the city."},
	ruleCase{"I am used to work at night.", "I am used to working at night."},
	ruleCase{"When it comes to choose a car, price matters.", "When it comes to choosing a car, price matters."},
	ruleCase{"I look forward to get your answer.", "I look forward to getting your answer."},
	ruleCase{"I look forward to hearing from you.", "I look forward to hearing from you."},
	ruleCase{"I look forward to the trip.", "I look forward to the trip."},
	ruleCase{"The tool is used to cut wood.", "The tool is used to cut wood."},
	ruleCase{"I used to live there.", "I used to live there."},
	ruleCase{"She came to see us.", "She came to see us."},
	ruleCase{"We moved forward to meet them.", "We moved forward to meet them."},
)
