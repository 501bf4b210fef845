package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.SingularAfterDeterminer,
	ruleCase{"We would like to learn in every details.", "We would like to learn in every detail."},
	ruleCase{"Each students has a book.", "Each student has a book."},
	ruleCase{"We would like to learn in every detail.", "We would like to learn in every detail."},
	ruleCase{"Each of the students has a book.", "Each of the students has a book."},
	ruleCase{"They love each other.", "They love each other."},
	ruleCase{"It happens every days or so.", "It happens every day or so."},
	ruleCase{"All the members have a cars.", "All the members have a car."},
	ruleCase{"It is a series of events.", "It is a series of events."},
	ruleCase{"One of the cars is red.", "One of the cars is red."},
	ruleCase{"We got grade A results.", "We got grade A results."},
)
