package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.CommaBeforeEspecially,
	ruleCase{"They are cheaper than the others especially when you buy two.", "They are cheaper than the others, especially when you buy two."},
	ruleCase{"The number of cars is falling especially in big cities.", "The number of cars is falling, especially in big cities."},
	ruleCase{"They are cheaper than the others, especially when you buy two.", "They are cheaper than the others, especially when you buy two."},
	ruleCase{"The food is especially good.", "The food is especially good."},
	ruleCase{"I am not especially fond of it.", "I am not especially fond of it."},
	ruleCase{"Especially in winter we stay home.", "Especially in winter we stay home."},
)
