package rules

// The Go names of the shared word lists of data/words.txt.
var (
	regularVerbs          = wordSet("regular_verbs")
	auxiliaries           = wordSet("auxiliaries")
	conjunctions          = wordSet("conjunctions")
	midAdverbs            = wordSet("mid_adverbs")
	prepositions          = wordSet("prepositions")
	notAfterArticle       = wordSet("not_after_article")
	inflectedComparatives = wordSet("inflected_comparatives")
	singularInS           = wordSet("singular_in_s")
	notThird              = wordSet("not_third")
	modals                = wordSet("modals")
	nounModal             = wordSet("noun_modals")
	afterAux              = wordSet("after_aux")
	nounPhraseEnds        = wordSet("noun_phrase_ends")
	notCountNouns         = wordSet("not_count_nouns")
	pluralSubjects        = wordSet("plural_subjects")
	irregularPast         = wordPairs("irregular_past")
	participles           = wordPairs("participles")
)
