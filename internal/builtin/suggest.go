package builtin

import (
	"strings"

	"appencorrect/internal/language"
)

// Suggest returns up to n corrections for an English word on its own, best
// first, as a check of the word would offer them: the dictionary's
// suggestions with the engine's reranking (inflections kept, negations not
// dropped, no proper noun for a word in lower case unless only the case
// differs). It returns nil when the engine has no English dictionary.
func (e *Engine) Suggest(word string, v language.Variant, n int) []string {
	if e.en == nil || word == "" || n <= 0 {
		return nil
	}
	norm := strings.ToLower(word)
	capital := norm != word
	sugg := rerank(norm, capital, e.en.Suggest(norm, v, max(n, maxSuggestions)))
	sugg = recased(word, "", sugg)
	if len(sugg) > n {
		sugg = sugg[:n]
	}
	return sugg
}
