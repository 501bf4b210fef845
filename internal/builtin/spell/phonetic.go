package spell

// phoneticKey returns a rough key of how an English word sounds, in the
// spirit of Metaphone: consonant sounds only (a vowel only when it starts the
// word), with letters that spell the same sound mapped to one symbol, so that
// "sertin" and "certain" (SRTN), "fisical" and "physical" (FSKL) or "nolige"
// and "knowledge" (NLJ) get the same key. w must be lower-case ASCII; other
// bytes are skipped. The key is appended to dst.
func phoneticKey[S ~string | ~[]byte](dst []byte, w S) []byte {
	// Letters only.
	var buf [64]byte
	s := buf[:0]
	for i := 0; i < len(w); i++ {
		if c := w[i]; 'a' <= c && c <= 'z' && len(s) < len(buf) {
			s = append(s, c)
		}
	}
	n := len(s)
	if n == 0 {
		return dst
	}
	at := func(i int) byte {
		if i < 0 || i >= n {
			return 0
		}
		return s[i]
	}
	i := 0
	// Silent or special first letters.
	switch {
	case n >= 2 && (s[0] == 'k' && s[1] == 'n' || s[0] == 'g' && s[1] == 'n' || s[0] == 'p' && s[1] == 'n' || s[0] == 'w' && s[1] == 'r' || s[0] == 'p' && s[1] == 's'):
		i = 1
	case s[0] == 'x':
		dst = append(dst, 'S')
		i = 1
	case n >= 2 && s[0] == 'w' && s[1] == 'h':
		dst = append(dst, 'W')
		i = 2
	}
	last := byte(0)
	emit := func(k byte) {
		if k != last {
			dst = append(dst, k)
		}
		last = k
	}
	for ; i < n; i++ {
		c := s[i]
		if c == at(i-1) && c != 'c' {
			continue // doubled letter
		}
		next, next2 := at(i+1), at(i+2)
		switch c {
		case 'a', 'e', 'i', 'o', 'u':
			if i == 0 {
				emit('A')
			} else {
				last = 0 // a vowel separates repeated consonant sounds
			}
		case 'b':
			if !(i == n-1 && at(i-1) == 'm') {
				emit('B')
			}
		case 'c':
			switch {
			case next == 'i' && next2 == 'a' || next == 'h':
				if at(i-1) == 's' {
					emit('K') // school
				} else {
					emit('X')
				}
				if next == 'h' {
					i++
				}
			case next == 'i' || next == 'e' || next == 'y':
				if at(i-1) != 's' {
					emit('S')
				}
			case next == 'k' || next == 'q':
				emit('K')
				i++
			default:
				emit('K')
			}
		case 'd':
			if next == 'g' && (next2 == 'e' || next2 == 'i' || next2 == 'y') {
				emit('J')
				i++
			} else {
				emit('T')
			}
		case 'g':
			switch {
			case next == 'h' && !(i+2 < n && isVowel(next2)):
				// silent gh (night, though); at the start it is hard
				if i == 0 {
					emit('K')
				}
				i++
			case next == 'n' && (i+2 == n || next2 == 'e' && at(i+3) == 'd' && i+4 == n):
				// sign, signed: silent
			case next == 'e' || next == 'i' || next == 'y':
				emit('J')
			default:
				emit('K')
			}
		case 'h':
			p := at(i - 1)
			if isVowel(next) && !(p == 'c' || p == 's' || p == 'p' || p == 't' || p == 'g') {
				emit('H')
			}
		case 'k':
			if at(i-1) != 'c' {
				emit('K')
			}
		case 'p':
			if next == 'h' {
				emit('F')
				i++
			} else {
				emit('P')
			}
		case 'q':
			emit('K')
		case 's':
			switch {
			case next == 's' && next2 == 'i' && (at(i+3) == 'o' || at(i+3) == 'a'):
				emit('X') // "ssion" sounds as "tion": possession, possetion
				i++
			case next == 'h':
				emit('X')
				i++
			case next == 'i' && (next2 == 'o' || next2 == 'a'):
				emit('X')
			default:
				emit('S')
			}
		case 't':
			switch {
			case next == 'i' && (next2 == 'o' || next2 == 'a'):
				emit('X')
			case next == 'h':
				emit('0')
				i++
			case next == 'c' && next2 == 'h':
				// silent: the ch follows
			default:
				emit('T')
			}
		case 'v':
			emit('F')
		case 'w', 'y':
			if isVowel(next) && next != 'y' {
				emit(c - 32)
			}
		case 'x':
			emit('K')
			emit('S')
		case 'z':
			emit('S')
		default: // f j l m n r
			emit(c - 32)
		}
	}
	return dst
}
