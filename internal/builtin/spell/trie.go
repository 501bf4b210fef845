package spell

// trie holds the folded forms of the dictionary, nodes in breadth-first
// order so that the children of a node are contiguous: the children of node
// i are nodes first[i] to first[i+1]-1. Node 0 is the root.
type trie struct {
	label []byte   // the byte that leads to the node
	first []uint32 // len(label)+1 entries
	group []int32  // the group whose folded form ends at the node, or -1
	// best is the largest quantized frequency of the groups below the node
	// (itself included): it bounds what a subtree can still score.
	best []byte
	// rest is the set of letters (letterBit) of the words below the node,
	// after it: the letters the rest of an intended word can have.
	rest []uint32
}

// letterBit returns the bit of byte c in trie.rest.
func letterBit(c byte) uint32 {
	switch {
	case 'a' <= c && c <= 'z':
		return 1 << (c - 'a')
	case c == '\'':
		return 1 << 26
	}
	return 1 << 27
}

// buildTrie builds the trie of the folded forms of d's groups.
func buildTrie(d *Dictionary) trie {
	words := foldList{d}
	// Count the nodes first: one per byte that a word does not share with
	// the word before it.
	nodes := 1
	prev := ""
	for g := range words.len() {
		w := words.at(g)
		k := 0
		for k < len(prev) && k < len(w) && prev[k] == w[k] {
			k++
		}
		nodes += len(w) - k
		prev = w
	}
	t := trie{
		label: make([]byte, 1, nodes),
		first: make([]uint32, 0, nodes+1),
		group: make([]int32, 0, nodes),
	}
	// Breadth first: node i spans words[lo[i]:hi[i]], all with the same
	// prefix of length depth[i].
	lo := make([]uint32, 1, nodes)
	hi := make([]uint32, 1, nodes)
	depth := make([]uint16, 1, nodes)
	hi[0] = uint32(words.len())
	for i := 0; i < len(lo); i++ {
		t.first = append(t.first, uint32(len(t.label)))
		l, h, d := lo[i], hi[i], int(depth[i])
		g := int32(-1)
		if l < h && len(words.at(int(l))) == d {
			g = int32(l)
			l++
		}
		t.group = append(t.group, g)
		for l < h {
			c := words.at(int(l))[d]
			end := l + 1
			for end < h && words.at(int(end))[d] == c {
				end++
			}
			t.label = append(t.label, c)
			lo = append(lo, l)
			hi = append(hi, end)
			depth = append(depth, uint16(d+1))
			l = end
		}
	}
	t.first = append(t.first, uint32(len(t.label)))
	return t
}

type foldList struct{ d *Dictionary }

func (f foldList) len() int        { return f.d.numGroups() }
func (f foldList) at(g int) string { return f.d.fold(g) }

// setBest fills t.best from the quantized frequencies of the groups.
func (t *trie) setBest(q []byte) {
	n := len(t.label)
	t.best = make([]byte, n)
	// Children come after their parents: go backwards.
	for i := n - 1; i >= 0; i-- {
		var b byte
		if g := t.group[i]; g >= 0 {
			b = q[g]
		}
		for c := t.first[i]; c < t.first[i+1]; c++ {
			b = max(b, t.best[c])
		}
		t.best[i] = b
	}
}

// setRest fills t.rest.
func (t *trie) setRest() {
	n := len(t.label)
	t.rest = make([]uint32, n)
	for i := n - 1; i >= 0; i-- {
		var m uint32
		for c := t.first[i]; c < t.first[i+1]; c++ {
			m |= letterBit(t.label[c]) | t.rest[c]
		}
		t.rest[i] = m
	}
}
