// Package dicttest makes word lists for the benchmarks of team
// dictionaries.
package dicttest

import (
	"math/rand/v2"
	"strings"
)

// Words returns n made-up words of 4 to 14 letters, one in three
// capitalised (names match only as written), the same every call: a
// tenant's list at its limit when n is dictionary.MaxWordsOfTenant.
func Words(n int) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	words := make([]string, 0, n)
	var b strings.Builder
	for len(words) < n {
		b.Reset()
		k := 4 + rng.IntN(11)
		for j := range k {
			c := byte('a' + rng.IntN(26))
			if j == 0 && len(words)%3 == 0 {
				c -= 'a' - 'A'
			}
			b.WriteByte(c)
		}
		words = append(words, b.String())
	}
	return words
}
