package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.UnnecessaryCapital,
	ruleCase{"I Planned many activities.", "I planned many activities."},
	ruleCase{"But Generally speaking, cars are fun.", "But generally speaking, cars are fun."},
	ruleCase{"It came from The government.", "It came from the government."},
	ruleCase{"I asked Will about it.", "I asked Will about it."},
	ruleCase{"We saw the Fall of the wall.", "We saw the Fall of the wall."},
	ruleCase{"They live in New York.", "They live in New York."},
	ruleCase{"He said: Know your rights.", "He said: Know your rights."},
	ruleCase{"The Planned Parenthood Act.", "The Planned Parenthood Act."},
	ruleCase{"I love the Monarchy.", "I love the Monarchy."},
	ruleCase{"For example, When I traveled, I saw it.", "For example, when I traveled, I saw it."},
	ruleCase{"Likewise, The theory is wrong.", "Likewise, the theory is wrong."},
	ruleCase{"In Paris, London and Rome, Museums are free.", "In Paris, London and Rome, Museums are free."},
	ruleCase{"He said: The end.", "He said: The end."},
)
