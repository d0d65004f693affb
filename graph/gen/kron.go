package gen

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"sync"
)

// The Graph500 initiator: the probabilities that one level of an arc falls
// in the top-left (A: source bit 0, destination bit 0), top-right (B: 0, 1),
// bottom-left (C: 1, 0) or bottom-right (D: 1, 1) quadrant.
const (
	kronA = 0.57
	kronB = 0.19
	kronC = 0.19
	kronD = 1 - kronA - kronB - kronC
)

const (
	kronDefaultEdgeFactor = 16
	kronMaxScale          = 31 // 2^32 nodes would exceed graph.MaxNodes
)

// kronGen is kron:SCALE[:EDGEFACTOR[:SEED]], the Graph500 Kronecker (R-MAT)
// generator: 2^SCALE nodes and EDGEFACTOR*2^SCALE directed arcs, each built
// bit by bit over SCALE levels that pick a quadrant with the probabilities
// A, B, C, D. As in Graph500, the node labels are then shuffled by a random
// permutation (from the seed) so that the high-degree nodes are not all at
// small ids. Arcs are kept as drawn: self-loops stay, duplicates collapse
// unless the graph is built as a multigraph.
type kronGen struct {
	scale      int
	edgeFactor uint64
	seed       uint64

	permOnce sync.Once
	perm     []uint32 // node label permutation, made on first use
}

func parseKron(p *specParser) (Generator, error) {
	if err := p.arity(1, 3); err != nil {
		return nil, err
	}
	scale, err := p.number(0, "SCALE", 1, kronMaxScale, 0)
	if err != nil {
		return nil, err
	}
	edgeFactor, err := p.number(1, "EDGEFACTOR", 1, MaxArcs>>scale, kronDefaultEdgeFactor)
	if err != nil {
		return nil, err
	}
	seed, err := p.number(2, "SEED", 0, math.MaxUint64, 1)
	if err != nil {
		return nil, err
	}
	n := uint64(1) << scale
	if err := p.checkSize(n, edgeFactor*n, 4*n); err != nil {
		return nil, err
	}
	return &kronGen{scale: int(scale), edgeFactor: edgeFactor, seed: seed}, nil
}

func (g *kronGen) Nodes() int     { return 1 << g.scale }
func (g *kronGen) Weighted() bool { return false }
func (g *kronGen) arcs() uint64   { return g.edgeFactor << g.scale }
func (g *kronGen) Parts() int     { return int((g.arcs() + partArcs - 1) / partArcs) }

func (g *kronGen) Spec() string {
	switch {
	case g.seed != 1:
		return fmt.Sprintf("kron:%d:%d:%d", g.scale, g.edgeFactor, g.seed)
	case g.edgeFactor != kronDefaultEdgeFactor:
		return fmt.Sprintf("kron:%d:%d", g.scale, g.edgeFactor)
	}
	return fmt.Sprintf("kron:%d", g.scale)
}

func (g *kronGen) Describe() string {
	return fmt.Sprintf("Graph500 Kronecker (R-MAT) graph (seed %d): 2^%d = %d nodes, %d arcs drawn (edge factor %d), "+
		"initiator A=%.2f B=%.2f C=%.2f D=%.2f, node labels randomly permuted; self-loops kept, "+
		"duplicate draws collapse unless built as a multigraph",
		g.seed, g.scale, g.Nodes(), g.arcs(), g.edgeFactor, kronA, kronB, kronC, kronD)
}

func (g *kronGen) Part(part int, emit func(src, dst []uint32, w []float64) error) error {
	parts := g.Parts()
	if part < 0 || part >= parts {
		return partRangeError(part, parts)
	}
	g.permOnce.Do(func() { g.perm = randomPermutation(g.Nodes(), g.seed) })
	perm := g.perm
	count := min(g.arcs()-uint64(part)*partArcs, partArcs)
	var rng rand.PCG
	seedStream(&rng, g.seed, domainKron, uint64(part))
	buf := arcBuffers.Get().(*arcBuffer)
	defer arcBuffers.Put(buf)

	for done := uint64(0); done < count; {
		chunk := int(min(count-done, chunkArcs))
		src, dst := buf.src[:chunk], buf.dst[:chunk]
		rmatArcs(&rng, g.scale, src, dst)
		for k := range src {
			src[k], dst[k] = perm[src[k]], perm[dst[k]]
		}
		if err := emit(src, dst, nil); err != nil {
			return err
		}
		done += uint64(chunk)
	}
	return nil
}

// rmatArcs fills src and dst with unpermuted R-MAT arcs over 2^scale nodes.
// Rather than one random number per level, each 64-bit draw settles
// kronTableLevels levels at once through a Walker alias table over the
// 4^kronTableLevels joint outcomes: the top bits pick a column, the low bits
// decide between the column's own outcome and its alias. The decision is
// branch-free: it is a coin flip the branch predictor would miss half the
// time.
func rmatArcs(rng *rand.PCG, scale int, src, dst []uint32) {
	full, rest := scale/kronTableLevels, scale%kronTableLevels
	restTable := &kronTables[rest]
	restLevels, restShift := uint(rest), restTable.shift
	restEntries := restTable.entries
	restLowMask := uint64(1)<<restShift - 1
	src = src[:len(dst)]
	for k := range dst {
		// acc holds the source bits in its low half and the destination
		// bits in its high half; scale <= 31 keeps them apart.
		var acc uint64
		for range full {
			r := rng.Uint64()
			e := &kronFullTable[r>>kronFullShift]
			acc = acc<<kronTableLevels | e.pick(r&(1<<kronFullShift-1))
		}
		if rest > 0 {
			r := rng.Uint64()
			e := &restEntries[(r>>restShift)&uint64(len(restEntries)-1)]
			acc = acc<<restLevels | e.pick(r&restLowMask)
		}
		src[k], dst[k] = uint32(acc), uint32(acc>>32)
	}
}

// kronTableLevels is how many levels one draw settles: 4^5 = 1024 columns
// of 24 bytes fit in L1 and leave 54 bits for the alias decision.
const (
	kronTableLevels = 5
	kronFullShift   = 64 - 2*kronTableLevels
)

// aliasEntry is one column of an alias table. Outcomes hold the source bits
// of their levels in bits 0-31 and the destination bits in bits 32-63.
type aliasEntry struct {
	threshold uint64 // own outcome when the low bits are below it
	own       uint64
	diff      uint64 // own ^ alias
}

// pick returns the column's own outcome when low < threshold, else its
// alias, without a branch: threshold-1-low is negative exactly when
// low >= threshold (both are below 2^63).
func (e *aliasEntry) pick(low uint64) uint64 {
	useAlias := uint64(int64(e.threshold-1-low) >> 63)
	return e.own ^ e.diff&useAlias
}

// aliasTable settles `levels` levels with one draw.
type aliasTable struct {
	levels  int
	shift   uint // 64 - 2*levels: the top 2*levels bits pick the column
	entries []aliasEntry
}

// kronTables[L] settles L levels (L = 1..kronTableLevels; entry 0 is unused),
// and kronFullTable is kronTables[kronTableLevels] as an array, whose index
// r>>kronFullShift the compiler knows to be in range.
var (
	kronTables    [kronTableLevels + 1]aliasTable
	kronFullTable [1 << (2 * kronTableLevels)]aliasEntry
)

func init() {
	for levels := 1; levels <= kronTableLevels; levels++ {
		kronTables[levels] = newKronTable(levels)
	}
	copy(kronFullTable[:], kronTables[kronTableLevels].entries)
}

// newKronTable builds the alias table (Vose's method) of the 4^levels joint
// outcomes of `levels` independent quadrant choices.
func newKronTable(levels int) aliasTable {
	size := 1 << (2 * levels)
	shift := uint(64 - 2*levels)
	quadrant := [4]float64{kronA, kronB, kronC, kronD}
	outcome := make([]uint64, size)
	scaled := make([]float64, size) // probability * size
	for o := range size {
		var s, d uint64
		prob := 1.0
		for l := range levels {
			q := o >> (2 * l) & 3 // quadrant of level l
			prob *= quadrant[q]
			s |= uint64(q>>1) << l
			d |= uint64(q&1) << l
		}
		outcome[o] = s | d<<32
		scaled[o] = prob * float64(size)
	}
	var small, large []int
	for o, p := range scaled {
		if p < 1 {
			small = append(small, o)
		} else {
			large = append(large, o)
		}
	}
	entries := make([]aliasEntry, size)
	one := float64(uint64(1) << shift)
	for len(small) > 0 && len(large) > 0 {
		lo := small[len(small)-1]
		small = small[:len(small)-1]
		hi := large[len(large)-1]
		entries[lo] = aliasEntry{threshold: uint64(scaled[lo] * one), own: outcome[lo], diff: outcome[lo] ^ outcome[hi]}
		scaled[hi] -= 1 - scaled[lo]
		if scaled[hi] < 1 {
			large = large[:len(large)-1]
			small = append(small, hi)
		}
	}
	// What is left has probability 1 up to rounding: always its own outcome.
	for _, o := range append(small, large...) {
		entries[o] = aliasEntry{threshold: uint64(1) << shift, own: outcome[o]}
	}
	return aliasTable{levels: levels, shift: shift, entries: entries}
}

// randomPermutation returns a uniformly random permutation of 0..n-1
// (Fisher-Yates with exact bounded draws) from its own stream of seed.
func randomPermutation(n int, seed uint64) []uint32 {
	perm := make([]uint32, n)
	for i := range perm {
		perm[i] = uint32(i)
	}
	var rng rand.PCG
	seedStream(&rng, seed, domainPerm, 0)
	for i := n - 1; i > 0; i-- {
		bound := uint64(i) + 1
		j, lo := bits.Mul64(rng.Uint64(), bound)
		if lo < bound {
			for reject := -bound % bound; lo < reject; {
				j, lo = bits.Mul64(rng.Uint64(), bound)
			}
		}
		perm[i], perm[j] = perm[j], perm[i]
	}
	return perm
}
