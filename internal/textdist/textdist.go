// Package textdist measures how far apart two words are: the one edit
// distance of the project, shared by the built-in speller and the LLM
// engine's answer checks.
package textdist

// stackRunes is the word length handled without allocating.
const stackRunes = 32

// OSA is the optimal string alignment distance of a and b (Levenshtein with
// adjacent transpositions), counted in runes and case-sensitive, or
// limit+1 when it is larger than limit. It does not allocate for words of
// up to 32 runes.
func OSA(a, b string, limit int) int {
	if a == b {
		return 0
	}
	var ra, rb [stackRunes]rune
	x, y := ra[:0], rb[:0]
	for _, r := range a {
		x = append(x, r)
	}
	for _, r := range b {
		y = append(y, r)
	}
	if d := len(x) - len(y); d > limit || -d > limit {
		return limit + 1
	}
	var rows [3][stackRunes + 1]int
	var prev2, prev, cur []int
	if len(y) <= stackRunes {
		prev2, prev, cur = rows[0][:len(y)+1], rows[1][:len(y)+1], rows[2][:len(y)+1]
	} else {
		prev2, prev, cur = make([]int, len(y)+1), make([]int, len(y)+1), make([]int, len(y)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(y)], limit+1)
}
