package rules_test

import (
	"context"
	"strings"
	"testing"

	"appencorrect/internal/builtin"
	"appencorrect/internal/builtin/rules"
	"appencorrect/internal/correction"
	"appencorrect/internal/language"
)

// fakeSpeller knows every word but a few misspellings and acronyms.
type fakeSpeller struct{}

var unknown = map[string][]string{
	"eror": {"error"}, "grammer": {"grammar"}, "teh": {"the"}, "recieve": {"receive"},
	"mba": nil, "fbi": nil, "nato": nil, "sql": nil, "url": nil, "html": nil,
	"fmt": nil, "println": nil,
}

func (fakeSpeller) Known(w string, _ language.Variant) bool {
	_, bad := unknown[strings.ToLower(w)]
	return !bad
}
func (fakeSpeller) Suggest(w string, _ language.Variant, n int) []string {
	return unknown[strings.ToLower(w)]
}
func (fakeSpeller) Frequency(string) float64                            { return 0.0001 }
func (fakeSpeller) VariantForm(string, language.Variant) (string, bool) { return "", false }

type ruleCase struct {
	in, want string // want == in: the rule must stay silent
}

// Every rule has positive and negative examples. Only the corrections of
// the rule under test are applied, so "a eror" → "an eror" shows that the
// a/an rule read the spelling-corrected "error".
var ruleCases = map[string][]ruleCase{
	"EN_CONTRACTION_SPELLING": {
		{"I dont know.", "I don't know."},
		{"Dont worry.", "Don't worry."},
		{"She cant swim and wont try.", "She can't swim and won't try."},
		{"Yes, im tired.", "Yes, I'm tired."},
		{"It isnt fair.", "It isn't fair."},
		{"He did'nt go.", "He didn't go."},
		{"This is for youre health.", "This is for your health."},
		{"Well, youre right.", "Well, you're right."},
		{"I dont know, it’s late.", "I don’t know, it’s late."},
		{"He left early, as was his wont.", "He left early, as was his wont."},
		{"IM me later.", "IM me later."},
		{"We'll see, lets go.", "We'll see, lets go."},
		{"I don't know.", "I don't know."},
	},
	"EN_MERGED_WORDS": {
		{"I like it alot.", "I like it a lot."},
		{"Infact, no.", "In fact, no."},
		{"I like it a lot.", "I like it a lot."},
	},
	"EN_SPLIT_WORDS": {
		{"He was ill and there fore absent.", "He was ill and therefore absent."},
		{"There fore he left.", "Therefore, he left."},
		{"I did it my self.", "I did it myself."},
		{"It is never the less true.", "It is nevertheless true."},
		{"I read the news paper every day.", "I read the newspaper every day."},
		{"Some one called.", "Some one called."},
		{"Prices will be low.", "Prices will be low."},
		{"He had a bout of flu.", "He had a bout of flu."},
		{"I went there for ever.", "I went there for ever."},
	},
	"EN_IRREGULAR_VERB_FORM": {
		{"I always finded it hard.", "I always found it hard."},
		{"He teached us well.", "He taught us well."},
		{"Teached by him.", "Taught by him."},
		{"The hair was singed.", "The hair was singed."},
		{"I found it.", "I found it."},
	},
	"WHITESPACE_RULE": {
		{"I have an extra  space.", "I have an extra space."},
		{"It ends.  Then it goes on.", "It ends.  Then it goes on."},
		{"Name:      value", "Name:      value"},
		{"a\n  b", "a\n  b"},
		{"One space only.", "One space only."},
	},
	"EN_TEXT_SPEAK": {
		{"Can u help me?", "Can you help me?"},
		{"Thx for that.", "Thanks for that."},
		{"Set u = 5 first.", "Set u = 5 first."},
		{"Take (u) as given.", "Take (u) as given."},
		{"The letter u.", "The letter u."},
	},
	"EN_PROPER_NOUN_CASE": {
		{"I speak english.", "I speak English."},
		{"See you on monday.", "See you on Monday."},
		{"We met in may.", "We met in may."},
		{"Please polish the shoes.", "Please polish the shoes."},
	},
	"EN_COULD_OF": {
		{"I could of done it.", "I could have done it."},
		{"You should of known.", "You should have known."},
		{"We could, of course, go.", "We could, of course, go."},
		{"We could of course go.", "We could of course go."},
		{"The smell of rain.", "The smell of rain."},
	},
	"EN_ITS_IT_IS": {
		{"I think its a pity.", "I think it's a pity."},
		{"Its important to rest.", "It's important to rest."},
		{"Its important role.", "Its important role."},
		{"Its not fair.", "It's not fair."},
		{"Each has it's own way.", "Each has its own way."},
		{"The dog wagged its tail.", "The dog wagged its tail."},
		{"The city and its people.", "The city and its people."},
	},
	"EN_YOUR_YOU_RE": {
		{"Your welcome!", "You're welcome!"},
		{"I think your going to win.", "I think you're going to win."},
		{"Your the best.", "You're the best."},
		{"Thanks for your welcome.", "Thanks for your welcome."},
		{"Your welcome message is nice.", "Your welcome message is nice."},
		{"Your going-away party.", "Your going-away party."},
		{"Your car is red.", "Your car is red."},
	},
	"EN_THEIR_THERE": {
		{"Their is a cat.", "There is a cat."},
		{"I think there going to win.", "I think they're going to win."},
		{"Is there going to be a party?", "Is there going to be a party?"},
		{"Their house is big.", "Their house is big."},
		{"They're are many.", "There are many."},
		{"There making changes.", "They're making changes."},
		{"I sat there thinking.", "I sat there thinking."},
		{"There being no time, we left.", "There being no time, we left."},
		{"There is a cat.", "There is a cat."},
	},
	"EN_THEN_THAN": {
		{"This is better then that.", "This is better than that."},
		{"It costs more then ten dollars.", "It costs more than ten dollars."},
		{"It got better then.", "It got better then."},
		{"We ate, then left.", "We ate, then left."},
	},
	"EN_LOSE_LOOSE": {
		{"Don't loose the game.", "Don't lose the game."},
		{"I want to loose weight.", "I want to lose weight."},
		{"He is loosing weight.", "He is losing weight."},
		{"The screw is loose.", "The screw is loose."},
		{"A loose tooth.", "A loose tooth."},
		{"Tie them to loose ends.", "Tie them to loose ends."},
	},
	"EN_TO_TOO": {
		{"It costs to much.", "It costs too much."},
		{"You eat to many, he said.", "You eat too many, he said."},
		{"It will lead to many problems.", "It will lead to many problems."},
		{"From little to much.", "From little to much."},
	},
	"EN_PRONOUN_VERB_AGREEMENT": {
		{"I has a car.", "I have a car."},
		{"He have a car.", "He has a car."},
		{"They was here.", "They were here."},
		{"She don't care.", "She doesn't care."},
		{"I think he like pizza.", "I think he likes pizza."},
		{"It seem fine.", "It seems fine."},
		{"We was late.", "We were late."},
		{"I is happy.", "I am happy."},
		{"He always go there.", "He always goes there."},
		{"They likes it.", "They like it."},
		{"Does he like it?", "Does he like it?"},
		{"If I were you.", "If I were you."},
		{"Let it go.", "Let it go."},
		{"I told you lies.", "I told you lies."},
		{"Make it work.", "Make it work."},
		{"I insist that he go.", "I insist that he go."},
		{"He put it there.", "He put it there."},
		{"Had I known, I would have come.", "Had I known, I would have come."},
		{"Can he come?", "Can he come?"},
		{"He has a car.", "He has a car."},
		{"He and I are good friends.", "He and I are good friends."},
		{"Tom and he have left.", "Tom and he have left."},
		{"He last saw her in May.", "He last saw her in May."},
	},
	"EN_NOUN_VERB_AGREEMENT": {
		{"People is kind.", "People are kind."},
		{"Most people has a car.", "Most people have a car."},
		{"Everyone have to go.", "Everyone has to go."},
		{"Nobody are there.", "Nobody is there."},
		{"Children was playing.", "Children were playing."},
		{"People are kind.", "People are kind."},
		{"Does everyone have a pen?", "Does everyone have a pen?"},
		{"A place for people is rare.", "A place for people is rare."},
		{"Everyone has to go.", "Everyone has to go."},
		{"Young people am here.", "Young people am here."},
	},
	"EN_UNCOUNTABLE_PLURAL": {
		{"I need more informations.", "I need more information."},
		{"Thanks for your advices.", "Thanks for your advice."},
		{"Furnitures are costly.", "Furniture are costly."},
		{"I need more information.", "I need more information."},
		{"The new equipment works.", "The new equipment works."},
		{"He researches and works.", "He researches and works."},
	},
	"EN_DOUBLE_COMPARATIVE": {
		{"It is more better now.", "It is better now."},
		{"The most biggest city.", "The biggest city."},
		{"It is better now.", "It is better now."},
		{"No more older than ten.", "No more older than ten."},
		{"We need more better-paid jobs.", "We need more better-paid jobs."},
		{"He was more best.", "He was more best."},
	},
	"EN_PLURAL_AFTER_QUANTIFIER": {
		{"There are several reason.", "There are several reasons."},
		{"We saw many problem in the city.", "We saw many problems in the city."},
		{"I have few friend in town.", "I have few friends in town."},
		{"These box are heavy.", "These boxes are heavy."},
		{"Many new cars came.", "Many new cars came."},
		{"Many agree that it works.", "Many agree that it works."},
		{"Those who left came back.", "Those who left came back."},
		{"Many people came.", "Many people came."},
		{"Several of them came.", "Several of them came."},
		{"It is one of the best place in town.", "It is one of the best places in town."},
		{"The number of car is growing.", "The number of cars is growing."},
		{"Each of my friend is here.", "Each of my friends is here."},
		{"Most of the population is poor.", "Most of the population is poor."},
		{"One of the most beautiful city in Asia.", "One of the most beautiful cities in Asia."},
		{"One of the cars is red.", "One of the cars is red."},
		{"A number of people came.", "A number of people came."},
		{"One of the new cars.", "One of the new cars."},
	},
	"EN_THERE_IS_MANY": {
		{"There is many people here.", "There are many people here."},
		{"There was two cars.", "There were two cars."},
		{"There is a few left.", "There is a few left."},
		{"There is much water.", "There is much water."},
		{"There is also people who care.", "There are also people who care."},
		{"In the news there is editors.", "In the news there are editors."},
		{"There is physics.", "There is physics."},
		{"There is parking lots nearby.", "There is parking lots nearby."},
		{"There is news.", "There is news."},
	},
	"EN_COMMA_AFTER_INTRODUCTORY_CLAUSE": {
		{"When I was young I lived there.", "When I was young, I lived there."},
		{"If the bus is late we will walk.", "If the bus is late, we will walk."},
		{"After many years he came back.", "After many years, he came back."},
		{"When I was young, I lived there.", "When I was young, I lived there."},
		{"If you think they are right, say so.", "If you think they are right, say so."},
		{"When I told them we left.", "When I told them we left."},
		{"When I realized they were gone I cried.", "When I realized they were gone I cried."},
		{"If we think about it we agree.", "If we think about it we agree."},
		{"If you have a job we like it.", "If you have a job we like it."},
		{"I left when I was young he said.", "I left when I was young he said."},
	},
	"EN_THIS_THESE": {
		{"For this reasons, we left.", "For these reasons, we left."},
		{"I agree with that ideas.", "I agree with those ideas."},
		{"For this reason, we left.", "For this reason, we left."},
		{"This leads to problems.", "This leads to problems."},
		{"Because of this, costs rose.", "Because of this, costs rose."},
		{"He said that results matter.", "He said that results matter."},
	},
	"EN_SUPERFLUOUS_WORD": {
		{"We went despite of the rain.", "We went despite the rain."},
		{"We discussed about the plan.", "We discussed the plan."},
		{"Most of people agree.", "Most people agree."},
		{"They can't to do it.", "They can't do it."},
		{"You should to be careful.", "You should be careful."},
		{"Most of the people agree.", "Most of the people agree."},
		{"Most of all, I agree.", "Most of all, I agree."},
		{"We talked about it.", "We talked about it."},
		{"He lost the will to live.", "He lost the will to live."},
		{"It can to some extent.", "It can to some extent."},
		{"Most of Europe agrees.", "Most of Europe agrees."},
	},
	"EN_MUCH_MANY": {
		{"There are much people here.", "There are many people here."},
		{"I take too much photos.", "I take too many photos."},
		{"Thank you very much friends.", "Thank you very much friends."},
		{"I drink much water.", "I drink much water."},
		{"Many were sorry.", "Many were sorry."},
		{"How sorry many were to leave.", "How sorry many were to leave."},
		{"Many foreign or local firms.", "Many foreign or local firms."},
	},
	"EN_COMMA_BEFORE_CONJUNCTION": {
		{"I was very tired so I left.", "I was very tired, so I left."},
		{"I think so they say.", "I think so they say."},
		{"We left early so that we could rest.", "We left early so that we could rest."},
		{"I tried hard but it failed.", "I tried hard, but it failed."},
		{"We wanted to go but there was no bus.", "We wanted to go, but there was no bus."},
		{"I tried hard, but it failed.", "I tried hard, but it failed."},
		{"It is not only cheap but it is fast.", "It is not only cheap but it is fast."},
		{"He did nothing but he.", "He did nothing but he."},
		{"Slow but sure.", "Slow but sure."},
		{"He ate all but it.", "He ate all but it."},
		{"I like it but not much.", "I like it but not much."},
	},
	"EN_BASE_FORM_AFTER_AUX": {
		{"He doesn't likes it.", "He doesn't like it."},
		{"I didn't went there.", "I didn't go there."},
		{"She didn't wanted to.", "She didn't want to."},
		{"You could has won.", "You could have won."},
		{"They did not saw it.", "They did not see it."},
		{"He can goes home.", "He can go home."},
		{"He doesn't really likes it.", "He doesn't really like it."},
		{"The can holds water.", "The can holds water."},
		{"He doesn't like it.", "He doesn't like it."},
		{"Do works of art matter?", "Do works of art matter?"},
		{"She could not resists it.", "She could not resist it."},
		{"He could sometimes win.", "He could sometimes win."},
	},
	"EN_PERFECT_PARTICIPLE": {
		{"Prices have took a dip.", "Prices have taken a dip."},
		{"He has went home.", "He has gone home."},
		{"I have already ate.", "I have already eaten."},
		{"He's went home.", "He's gone home."},
		{"They have taken a dip.", "They have taken a dip."},
		{"I had a saw.", "I had a saw."},
		{"It's broke.", "It's broke."},
	},
	"EN_WORD_REPEAT": {
		{"I saw the the cat.", "I saw the cat."},
		{"The the cat sat.", "The cat sat."},
		{"He had had enough.", "He had had enough."},
		{"I know that that is true.", "I know that that is true."},
		{"If they fire you you will go.", "If they fire you you will go."},
		{"the\n\nthe", "the\n\nthe"},
		{"It is very very good.", "It is very very good."},
	},
	"EN_A_VS_AN": {
		{"It is a apple.", "It is an apple."},
		{"I have a eror.", "I have an eror."},
		{"It is an car.", "It is a car."},
		{"Wait a hour.", "Wait an hour."},
		{"It is an university.", "It is a university."},
		{"He has a MBA.", "He has an MBA."},
		{"It was an one-time offer.", "It was a one-time offer."},
		{"A apple a day.", "An apple a day."},
		{"It was a 8-hour day.", "It was an 8-hour day."},
		{"I need a X-ray.", "I need an X-ray."},
		{"Wait an hour.", "Wait an hour."},
		{"It is a university.", "It is a university."},
		{"He has an MBA.", "He has an MBA."},
		{"It is a one.", "It is a one."},
		{"A European and a user with an umbrella.", "A European and a user with an umbrella."},
		{"An honest man.", "An honest man."},
		{"Plan A is good.", "Plan A is good."},
		{"A NATO base and an SQL query and a SQL query.", "A NATO base and an SQL query and a SQL query."},
		{"Vitamin A and B.", "Vitamin A and B."},
		{"A herb or an herb.", "A herb or an herb."},
		{"An unusual and a unique thing.", "An unusual and a unique thing."},
		{"Option (a) is fine.", "Option (a) is fine."},
		{"It is an 7unknown thing.", "It is an 7unknown thing."},
		{"It was a 18th-century house.", "It was an 18th-century house."},
	},
	"EN_LOWERCASE_I": {
		{"Yes, i think so.", "Yes, I think so."},
		{"And i'm here.", "And I'm here."},
		{"See (i) first.", "See (i) first."},
		{"See i) first.", "See i) first."},
		{"Set i = 0 now.", "Set i = 0 now."},
		{"That is, i.e. this.", "That is, i.e. this."},
	},
	"UPPERCASE_SENTENCE_START": {
		{"hello world.", "Hello world."},
		{"It rains. the sun is gone.", "It rains. The sun is gone."},
		{"Is it? yes.", "Is it? Yes."},
		{"Use e.g. the bus.", "Use e.g. the bus."},
		{"Ask Mr. smith.", "Ask Mr. smith."},
		{"Wait... what?", "Wait... what?"},
		{"\"Why?\" he asked.", "\"Why?\" he asked."},
		{"a) first", "a) first"},
		{"iPhone is nice.", "iPhone is nice."},
		{"Line one\nline two", "Line one\nline two"},
		{"Visit example.com today.", "Visit example.com today."},
	},
	"EN_COMMA_AFTER_INTRODUCTORY_PHRASE": {
		{"However the price is high.", "However, the price is high."},
		{"For example cars pollute.", "For example, cars pollute."},
		{"It rains. In addition we have no car.", "It rains. In addition, we have no car."},
		{"However much I try, I fail.", "However much I try, I fail."},
		{"In addition to this, we left.", "In addition to this, we left."},
		{"However, it is.", "However, it is."},
		{"As a result of the rain, we left.", "As a result of the rain, we left."},
		{"We saw, however the rain.", "We saw, however the rain."},
		{"Also the price rose.", "Also, the price rose."},
		{"In fact they left.", "In fact, they left."},
		{"Also important is the price.", "Also important is the price."},
		{"Today is Monday.", "Today is Monday."},
	},
	"WHITESPACE_BEFORE_PUNCTUATION": {
		{"Hello , world.", "Hello, world."},
		{"Really ?", "Really?"},
		{"Hello ,world.", "Hello, world."},
		{"Wait ...", "Wait ..."},
		{"Smile :)", "Smile :)"},
		{"It costs .5 dollars.", "It costs .5 dollars."},
		{"Hello\n, world", "Hello\n, world"},
	},
	"MISSING_SPACE_AFTER_PUNCTUATION": {
		{"It ended.The next day came.", "It ended. The next day came."},
		{"I like apples,pears and plums.", "I like apples, pears and plums."},
		{"Go to example.com now.", "Go to example.com now."},
		{"Open file.txt now.", "Open file.txt now."},
		{"Pay 1,000 dollars.", "Pay 1,000 dollars."},
		{"The U.S.A. is big.", "The U.S.A. is big."},
		{"Call fmt.Println now.", "Call fmt.Println now."},
	},
	"DOUBLE_PUNCTUATION": {
		{"Hello,, world.", "Hello, world."},
		{"It is the end..", "It is the end."},
		{"Wait...", "Wait..."},
		{"What?!", "What?!"},
		{"Really!!", "Really!!"},
	},
}

func TestRules(t *testing.T) {
	e := builtin.New(fakeSpeller{})
	for _, r := range rules.English() {
		cases, ok := ruleCases[r.ID]
		if !ok {
			t.Errorf("rule %s has no test cases", r.ID)
			continue
		}
		pos, neg := 0, 0
		for _, c := range cases {
			if c.in == c.want {
				neg++
			} else {
				pos++
			}
			cs, err := e.Check(context.Background(), c.in, language.Tag{Code: language.English})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := correction.Apply(c.in, cs); err != nil {
				t.Errorf("%s: %q: corrections do not apply: %v", r.ID, c.in, err)
			}
			var mine []correction.Correction
			for _, x := range cs {
				if x.RuleID == r.ID {
					mine = append(mine, x)
					if x.Message == "" || x.Type != r.Type || x.Engine != "builtin" || x.Category != string(r.Category) {
						t.Errorf("%s: %q: incomplete correction %+v", r.ID, c.in, x)
					}
				}
			}
			got, err := correction.Apply(c.in, mine)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("%s:\n  in   %q\n  got  %q\n  want %q\n  all  %+v", r.ID, c.in, got, c.want, cs)
			}
		}
		if pos == 0 || neg == 0 {
			t.Errorf("rule %s needs positive and negative examples (%d, %d)", r.ID, pos, neg)
		}
	}
}

func TestRuleMetadata(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules.English() {
		if seen[r.ID] {
			t.Errorf("duplicate rule id %s", r.ID)
		}
		seen[r.ID] = true
		if r.ID != strings.ToUpper(r.ID) || strings.ContainsAny(r.ID, " -") {
			t.Errorf("rule id %q is not UPPER_SNAKE", r.ID)
		}
		if r.Category == "" || !r.Type.Valid() || r.Description == "" || r.Check == nil || r.Stage == 0 {
			t.Errorf("rule %s is incomplete", r.ID)
		}
		if rules.ByID(r.ID) != r {
			t.Errorf("ByID(%s) is wrong", r.ID)
		}
	}
}

func TestMatchCase(t *testing.T) {
	for _, c := range []struct{ like, repl, want string }{
		{"dont", "don't", "don't"},
		{"Dont", "don't", "Don't"},
		{"DONT", "don't", "DON'T"},
		{"im", "I'm", "I'm"},
		{"Im", "I'm", "I'm"},
		{"alot", "a lot", "a lot"},
		{"Alot", "a lot", "A lot"},
		{"A", "an", "An"},
	} {
		if got := rules.MatchCase(c.like, c.repl); got != c.want {
			t.Errorf("MatchCase(%q, %q) = %q, want %q", c.like, c.repl, got, c.want)
		}
	}
}
