package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.MuchMany,
	ruleCase{"There are much people here.", "There are many people here."},
	ruleCase{"I take too much photos.", "I take too many photos."},
	ruleCase{"Thank you very much friends.", "Thank you very much friends."},
	ruleCase{"I drink much water.", "I drink much water."},
	ruleCase{"Many were sorry.", "Many were sorry."},
	ruleCase{"How sorry many were to leave.", "How sorry many were to leave."},
	ruleCase{"Many foreign or local firms.", "Many foreign or local firms."},
	ruleCase{"There would be less cars.", "There would be fewer cars."},
	ruleCase{"Less people came.", "Fewer people came."},
	ruleCase{"We need less water.", "We need less water."},
	ruleCase{"It costs no less dollars than that.", "It costs no less dollars than that."},
)
