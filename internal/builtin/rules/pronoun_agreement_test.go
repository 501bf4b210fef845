package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.PronounAgreement,
	ruleCase{"I has a car.", "I have a car."},
	ruleCase{"He have a car.", "He has a car."},
	ruleCase{"They was here.", "They were here."},
	ruleCase{"She don't care.", "She doesn't care."},
	ruleCase{"I think he like pizza.", "I think he likes pizza."},
	ruleCase{"It seem fine.", "It seems fine."},
	ruleCase{"We was late.", "We were late."},
	ruleCase{"I is happy.", "I am happy."},
	ruleCase{"He always go there.", "He always goes there."},
	ruleCase{"They likes it.", "They like it."},
	ruleCase{"Does he like it?", "Does he like it?"},
	ruleCase{"If I were you.", "If I were you."},
	ruleCase{"Let it go.", "Let it go."},
	ruleCase{"I told you lies.", "I told you lies."},
	ruleCase{"Make it work.", "Make it work."},
	ruleCase{"I insist that he go.", "I insist that he go."},
	ruleCase{"He put it there.", "He put it there."},
	ruleCase{"Had I known, I would have come.", "Had I known, I would have come."},
	ruleCase{"Can he come?", "Can he come?"},
	ruleCase{"He has a car.", "He has a car."},
	ruleCase{"He and I are good friends.", "He and I are good friends."},
	ruleCase{"Tom and he have left.", "Tom and he have left."},
	ruleCase{"He last saw her in May.", "He last saw her in May."},
)
