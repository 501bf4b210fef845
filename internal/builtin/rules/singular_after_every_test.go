package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.SingularAfterEvery,
	ruleCase{"We would like to learn in every details.", "We would like to learn in every detail."},
	ruleCase{"Each students has a book.", "Each student has a book."},
	ruleCase{"We would like to learn in every detail.", "We would like to learn in every detail."},
	ruleCase{"Each of the students has a book.", "Each of the students has a book."},
	ruleCase{"They love each other.", "They love each other."},
	ruleCase{"It happens every days or so.", "It happens every day or so."},
)
