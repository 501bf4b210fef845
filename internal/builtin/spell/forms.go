package spell

// Listed reports whether word is in the dictionary with exactly these
// capitals, in any variant: "London" and "Bill" are listed, "Monarchy" is
// not (only "monarchy" is, which Known also accepts capitalised at the start
// of a sentence). It tells proper nouns from common words written with a
// capital.
func (d *Dictionary) Listed(word string) bool {
	if len(word) == 0 || len(word) > maxWordLen {
		return false
	}
	var nb, fb [maxWordLen + 8]byte
	norm := appendNorm(nb[:0], word)
	if len(norm) > maxWordLen {
		return false
	}
	g := d.group(appendFold(fb[:0], word))
	if g < 0 {
		return false
	}
	for i := d.groupStart[g]; i < d.groupStart[g+1]; i++ {
		if d.word(i) == string(norm) {
			return true
		}
	}
	return false
}
