package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.ParagraphEnd,
	ruleCase{"After the long trip across the country we finally went back home", "After the long trip across the country we finally went back home."},
	ruleCase{"It rained all day. After the long trip across the whole country we went home\n\nNext day", "It rained all day. After the long trip across the whole country we went home.\n\nNext day"},
	ruleCase{"I has a eror in grammer", "I has a eror in grammer"},
	ruleCase{"After the long trip across the country we finally went back home.", "After the long trip across the country we finally went back home."},
	ruleCase{"After the long trip across the country we finally went back home!", "After the long trip across the country we finally went back home!"},
	ruleCase{"Shopping list for the week\nmilk eggs bread butter cheese apples pears", "Shopping list for the week\nmilk eggs bread butter cheese apples pears"},
	ruleCase{"The full report for the whole year is at https://example.com/report", "The full report for the whole year is at https://example.com/report"},
	ruleCase{"After the long trip across the country we finally went back home :)", "After the long trip across the country we finally went back home :)"},
	ruleCase{"As traditional education seems to be exhausted new technologies open up as the", "As traditional education seems to be exhausted new technologies open up as the"},
	ruleCase{"<img src=x onerror=alert(1)> the dog and the cat", "<img src=x onerror=alert(1)> the dog and the cat"},
)
