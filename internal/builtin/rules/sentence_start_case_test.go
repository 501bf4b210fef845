package rules_test

import "appencorrect/internal/builtin/rules"

var _ = examples(rules.SentenceStartCase,
	ruleCase{"hello world.", "Hello world."},
	ruleCase{"It rains. the sun is gone.", "It rains. The sun is gone."},
	ruleCase{"Is it? yes.", "Is it? Yes."},
	ruleCase{"Use e.g. the bus.", "Use e.g. the bus."},
	ruleCase{"Ask Mr. smith.", "Ask Mr. smith."},
	ruleCase{"Wait... what?", "Wait... what?"},
	ruleCase{"\"Why?\" he asked.", "\"Why?\" he asked."},
	ruleCase{"a) first", "a) first"},
	ruleCase{"iPhone is nice.", "iPhone is nice."},
	ruleCase{"Line one\nline two", "Line one\nline two"},
	ruleCase{"Visit example.com today.", "Visit example.com today."},
)
