package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.IntroductoryComma,
	ruleCase{"However the price is high.", "However, the price is high."},
	ruleCase{"For example cars pollute.", "For example, cars pollute."},
	ruleCase{"It rains. In addition we have no car.", "It rains. In addition, we have no car."},
	ruleCase{"However much I try, I fail.", "However much I try, I fail."},
	ruleCase{"In addition to this, we left.", "In addition to this, we left."},
	ruleCase{"However, it is.", "However, it is."},
	ruleCase{"As a result of the rain, we left.", "As a result of the rain, we left."},
	ruleCase{"We saw, however the rain.", "We saw, however the rain."},
	ruleCase{"Also the price rose.", "Also, the price rose."},
	ruleCase{"In fact they left.", "In fact, they left."},
	ruleCase{"Also important is the price.", "Also important is the price."},
	ruleCase{"Today is Monday.", "Today is Monday."},
	ruleCase{"For this reason we left early.", "For this reason, we left early."},
	ruleCase{"One month ago I ordered a book.", "One month ago, I ordered a book."},
	ruleCase{"Generally the price is high.", "Generally, the price is high."},
	ruleCase{"Generally speaking, it works.", "Generally speaking, it works."},
	ruleCase{"Recently we moved to Leeds.", "Recently, we moved to Leeds."},
	ruleCase{"Hopefully they will come.", "Hopefully, they will come."},
	ruleCase{"Nearly all the tickets were sold.", "Nearly all the tickets were sold."},
	ruleCase{"Especially the young like it.", "Especially the young like it."},
	ruleCase{"Recently built houses are cheap.", "Recently built houses are cheap."},
	ruleCase{"Family is important.", "Family is important."},
	ruleCase{"Suddenly, it rained.", "Suddenly, it rained."},
)
