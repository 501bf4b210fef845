package rules

func replaceApostrophe(s, a string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			return s[:i] + a + s[i+1:]
		}
	}
	return s
}

// clauseStart reports whether word i starts a clause: it starts a sentence,
// or follows punctuation or a conjunction.
func clauseStart(d *Doc, i int) bool {
	t := &d.Toks[i]
	if t.Flags&(SentenceStart|SoftStart) != 0 {
		return true
	}
	p, _ := d.Prev(i)
	if p < 0 {
		return true
	}
	pt := &d.Toks[p]
	switch pt.Kind {
	case Punct:
		return pt.Text != "'" && pt.Text != "’" && pt.Text != "-"
	case Word:
		return pt.Flags&Code == 0 && conjunctions[pt.Norm]
	}
	return false
}

// endsClause reports whether word i is followed by punctuation (other than
// a hyphen or apostrophe) or the end of the text.
func endsClause(d *Doc, i int) bool {
	n, _ := d.Next(i)
	if n < 0 {
		return true
	}
	nt := &d.Toks[n]
	return nt.Kind == Punct && nt.Text != "-" && nt.Text != "'" && nt.Text != "’"
}

// precededBy reports whether the word before word i is one of ws.
func precededBy(d *Doc, i int, ws ...string) bool {
	p := d.PrevWord(i)
	if p < 0 {
		return false
	}
	for _, w := range ws {
		if d.Toks[p].Norm == w {
			return true
		}
	}
	return false
}
