package eval

// pyRandom reproduces the draws of CPython's random module (MT19937 seeded
// from an integer with init_by_array, the same in Python 2 and 3) so that
// GLEU's reference sampling picks exactly the references JFLEG's gleu.py
// picks.
type pyRandom struct {
	mt  [624]uint32
	mti int
}

func newPyRandom(seed uint64) *pyRandom {
	// random.seed(n) for an int n feeds the 32-bit words of |n|, least
	// significant first, to init_by_array; zero is one word, 0.
	key := []uint32{uint32(seed)}
	if hi := uint32(seed >> 32); hi != 0 {
		key = append(key, hi)
	}
	r := &pyRandom{}
	r.initByArray(key)
	return r
}

func (r *pyRandom) initGenrand(s uint32) {
	r.mt[0] = s
	for i := 1; i < len(r.mt); i++ {
		prev := r.mt[i-1]
		r.mt[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	r.mti = len(r.mt)
}

func (r *pyRandom) initByArray(key []uint32) {
	const n = len(r.mt)
	r.initGenrand(19650218)
	i, j := 1, 0
	for k := max(n, len(key)); k > 0; k-- {
		prev := r.mt[i-1]
		r.mt[i] = (r.mt[i] ^ ((prev ^ (prev >> 30)) * 1664525)) + key[j] + uint32(j)
		i++
		j++
		if i >= n {
			r.mt[0] = r.mt[n-1]
			i = 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k := n - 1; k > 0; k-- {
		prev := r.mt[i-1]
		r.mt[i] = (r.mt[i] ^ ((prev ^ (prev >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= n {
			r.mt[0] = r.mt[n-1]
			i = 1
		}
	}
	r.mt[0] = 0x80000000
	r.mti = n
}

func (r *pyRandom) uint32() uint32 {
	const (
		n     = 624
		m     = 397
		upper = 0x80000000
		lower = 0x7fffffff
	)
	mag := func(y uint32) uint32 {
		if y&1 != 0 {
			return 0x9908b0df
		}
		return 0
	}
	if r.mti >= n {
		kk := 0
		for ; kk < n-m; kk++ {
			y := (r.mt[kk] & upper) | (r.mt[kk+1] & lower)
			r.mt[kk] = r.mt[kk+m] ^ (y >> 1) ^ mag(y)
		}
		for ; kk < n-1; kk++ {
			y := (r.mt[kk] & upper) | (r.mt[kk+1] & lower)
			r.mt[kk] = r.mt[kk+m-n] ^ (y >> 1) ^ mag(y)
		}
		y := (r.mt[n-1] & upper) | (r.mt[0] & lower)
		r.mt[n-1] = r.mt[m-1] ^ (y >> 1) ^ mag(y)
		r.mti = 0
	}
	y := r.mt[r.mti]
	r.mti++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// random returns a float in [0, 1) as random.random() does (53 bits from
// two draws).
func (r *pyRandom) random() float64 {
	a := r.uint32() >> 5
	b := r.uint32() >> 6
	return (float64(a)*67108864 + float64(b)) / 9007199254740992
}

// intn returns an integer in [0, n) as random.randrange(n) does in CPython
// 3: draw bit_length(n) bits and retry while the draw is too large. n must
// be in [1, 2^31].
func (r *pyRandom) intn(n int) int {
	k := 0
	for v := n; v > 0; v >>= 1 {
		k++
	}
	for {
		v := int(r.uint32() >> (32 - k))
		if v < n {
			return v
		}
	}
}
