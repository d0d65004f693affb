package nprand

// stateLen is the MT19937 state size in 32-bit words (RK_STATE_LEN in NumPy).
const stateLen = 624

// MT19937 is NumPy's legacy Mersenne Twister. The zero value is not seeded;
// use New or Seed.
type MT19937 struct {
	key [stateLen]uint32
	pos int
}

// New returns a generator seeded as np.random.seed(seed) seeds the global
// RandomState.
func New(seed uint32) *MT19937 {
	m := new(MT19937)
	m.Seed(seed)
	return m
}

// Seed resets m to the state np.random.seed(seed) (equally
// np.random.RandomState(seed)) gives for an integer seed in [0, 2^32):
// NumPy's legacy seeding calls mt19937_seed, which is Matsumoto and
// Nishimura's init_genrand.
func (m *MT19937) Seed(seed uint32) {
	m.key[0] = seed
	for i := 1; i < stateLen; i++ {
		prev := m.key[i-1]
		m.key[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	m.pos = stateLen
}

// twist regenerates the whole state block (mt19937_gen in NumPy).
func (m *MT19937) twist() {
	const (
		n         = stateLen
		mid       = 397
		matrixA   = 0x9908b0df
		upperMask = 0x80000000
		lowerMask = 0x7fffffff
	)
	k := &m.key
	i := 0
	for ; i < n-mid; i++ {
		y := k[i]&upperMask | k[i+1]&lowerMask
		k[i] = k[i+mid] ^ y>>1 ^ -(y&1)&matrixA
	}
	for ; i < n-1; i++ {
		y := k[i]&upperMask | k[i+1]&lowerMask
		k[i] = k[i+mid-n] ^ y>>1 ^ -(y&1)&matrixA
	}
	y := k[n-1]&upperMask | k[0]&lowerMask
	k[n-1] = k[mid-1] ^ y>>1 ^ -(y&1)&matrixA
	m.pos = 0
}

// Uint32 returns the next raw 32-bit output (mt19937_next32), which is what
// np.random.randint(0, 2**32, dtype=np.uint32) returns.
func (m *MT19937) Uint32() uint32 {
	if m.pos >= stateLen {
		m.twist()
	}
	y := m.key[m.pos]
	m.pos++
	return temper(y)
}

// temper is MT19937's output transformation of one state word.
func temper(y uint32) uint32 {
	y ^= y >> 11
	y ^= y << 7 & 0x9d2c5680
	y ^= y << 15 & 0xefc60000
	return y ^ y>>18
}

// Sample53 returns the next random_sample as the integer k it is made of:
// random_sample() == float64(k) / 2^53 exactly. NumPy's mt19937_next_double
// takes a = next32 >> 5 and b = next32 >> 6 and returns
// (a*67108864.0 + b) / 9007199254740992.0, and every step of that is exact in
// float64, so k = a<<26 | b carries the same value without rounding. Callers
// that compare the sample with a threshold can then compare integers.
func (m *MT19937) Sample53() uint64 {
	pos := m.pos
	if pos > stateLen-2 {
		a := m.Uint32() >> 5 // the pair may straddle a twist
		b := m.Uint32() >> 6
		return uint64(a)<<26 | uint64(b)
	}
	a, b := m.key[pos], m.key[pos+1]
	m.pos = pos + 2
	return uint64(temper(a)>>5)<<26 | uint64(temper(b)>>6)
}

// FillSample53 fills dst with the next len(dst) Sample53 values, as
// successive calls would, but tempers whole runs of the state block in one
// tight loop.
func (m *MT19937) FillSample53(dst []uint64) {
	for len(dst) > 0 {
		if m.pos > stateLen-2 {
			dst[0] = m.Sample53() // twists, or takes a pair across the twist
			dst = dst[1:]
			continue
		}
		run := min((stateLen-m.pos)/2, len(dst))
		key := m.key[m.pos : m.pos+2*run]
		out := dst[:run]
		for i := range out {
			a, b := key[2*i], key[2*i+1]
			out[i] = uint64(temper(a)>>5)<<26 | uint64(temper(b)>>6)
		}
		m.pos += 2 * run
		dst = dst[run:]
	}
}

// RandomSample returns the next np.random.random_sample(): a float64 in [0, 1).
func (m *MT19937) RandomSample() float64 {
	return float64(m.Sample53()) / (1 << 53)
}

// Randint returns the next np.random.randint(0, n) for the default int64
// dtype, for 1 <= n <= 2^32. Legacy randint uses masked rejection
// sampling (random_bounded_uint64_fill with use_masked): with rng = n-1, no
// draw at all when rng == 0, the raw 32-bit draw when rng == 2^32-1, and
// otherwise 32-bit draws ANDed with the smallest all-ones mask >= rng,
// rejected while above rng.
func (m *MT19937) Randint(n uint64) uint64 {
	if n == 0 || n > 1<<32 {
		panic("nprand: Randint bound out of range") // programming error: callers validate n
	}
	rng := uint32(n - 1)
	switch rng {
	case 0:
		return 0
	case 0xFFFFFFFF:
		return uint64(m.Uint32())
	}
	mask := rng
	mask |= mask >> 1
	mask |= mask >> 2
	mask |= mask >> 4
	mask |= mask >> 8
	mask |= mask >> 16
	for {
		if v := m.Uint32() & mask; v <= rng {
			return uint64(v)
		}
	}
}
