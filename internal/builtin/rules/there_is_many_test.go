package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.ThereAreMany,
	ruleCase{"There is many people here.", "There are many people here."},
	ruleCase{"There was two cars.", "There were two cars."},
	ruleCase{"There is a few left.", "There is a few left."},
	ruleCase{"There is much water.", "There is much water."},
	ruleCase{"There is also people who care.", "There are also people who care."},
	ruleCase{"In the news there is editors.", "In the news there are editors."},
	ruleCase{"There is physics.", "There is physics."},
	ruleCase{"There is parking lots nearby.", "There is parking lots nearby."},
	ruleCase{"There is news.", "There is news."},
	ruleCase{"There was a lot of cars.", "There were a lot of cars."},
	ruleCase{"There is lots of people here.", "There are lots of people here."},
	ruleCase{"There is a number of reasons.", "There are a number of reasons."},
	ruleCase{"There is a lot of water.", "There is a lot of water."},
	ruleCase{"There is lots of water.", "There is lots of water."},
)
