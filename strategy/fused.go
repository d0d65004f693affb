package strategy

import "github.com/prkbench/prk/kernel"

// maxTileRows caps the rows of a tile: the new scores of a tile are still
// in the core's cache when the step turns them into contributions, instead
// of being read back from memory.
const maxTileRows = 4096

// fusedState is the state of a strategy that fuses the two phases of an
// iteration, so that it needs one barrier per iteration instead of two:
// each tile of rows computes its new scores from the whole contribution
// vector c, and at once its own part of the next contribution vector from
// them. The vectors are shared; tiles write disjoint rows of y and cNext,
// so they need no lock. After every tile is done, the partial sums are
// added in a fixed order and the vectors swap roles.
type fusedState struct {
	p *Problem
	// tiles cut the rows into consecutive blocks, in row order.
	tiles []Block
	// scores[phase] holds the current scores and contribs[phase] their
	// contributions, x/outdeg; an iteration writes the other two.
	scores   [2][]float64
	contribs [2]Contribs
	phase    int
	// dangling is the dangling mass of the current scores.
	dangling float64
}

// iteration is what one iteration reads (x, c and the dangling mass) and
// writes (y and cNext).
type iteration struct {
	x, y     []float64
	c, cNext Contribs
	dangling float64
}

// tileSums is one tile's share of an iteration's sums.
type tileSums struct{ residual, dangling float64 }

// cutTiles cuts each range into tiles of at most maxTileRows rows and
// returns the tiles and, for range i, the index of its first tile in
// first[i] (first has one more entry, the number of tiles).
func cutTiles(p *Problem, ranges []Range) (tiles []Block, first []int) {
	first = make([]int, 0, len(ranges)+1)
	var bounds []Range
	for _, r := range ranges {
		first = append(first, len(bounds))
		for lo := r.Lo; lo < r.Hi; {
			hi := lo + min(p.tileRows(), r.Hi-lo) // no overflow: tileRows may be MaxInt
			bounds = append(bounds, Range{lo, hi})
			lo = hi
		}
	}
	return p.Blocks(bounds), append(first, len(bounds))
}

// newFusedState makes the state for p cut into tiles, which must cover
// the rows in order, and sets the scores to the start vector.
func newFusedState(k *kernel.Kernel, p *Problem, tiles []Block) *fusedState {
	n := p.N()
	f := &fusedState{p: p, tiles: tiles}
	for i := range 2 {
		f.scores[i] = make([]float64, n)
		f.contribs[i] = p.NewContribs()
	}
	f.reset(k)
	return f
}

// x returns the current scores.
func (f *fusedState) x() []float64 { return f.scores[f.phase] }

// iteration returns the vectors of the iteration from the scores of phase
// whose dangling mass is dangling; current() is the next iteration's.
func (f *fusedState) iteration(phase int, dangling float64) iteration {
	return iteration{
		x: f.scores[phase], y: f.scores[1-phase],
		c: f.contribs[phase], cNext: f.contribs[1-phase],
		dangling: dangling,
	}
}

func (f *fusedState) current() iteration { return f.iteration(f.phase, f.dangling) }

// reset sets the scores to the start vector and computes its
// contributions and dangling mass, summed tile by tile.
func (f *fusedState) reset(k *kernel.Kernel) {
	x, c := f.scores[f.phase], f.contribs[f.phase]
	copy(x, f.p.start)
	f.dangling = 0
	for t := range f.tiles {
		b := &f.tiles[t]
		f.dangling += b.Contributions(k, c.Slice(b.Lo, b.Hi), x[b.Lo:b.Hi])
	}
}

// stepTiles computes tiles: their rows of the next scores into it.y and of
// their contributions into it.cNext, and each tile's share of the residual
// and of the next dangling mass into sums.
func (it *iteration) stepTiles(k *kernel.Kernel, tiles []Block, sums []tileSums) {
	sums = sums[:len(tiles)]
	x, y, c, cNext, d := it.x, it.y, it.c, it.cNext, it.dangling
	for t := range tiles {
		b := &tiles[t]
		yb := y[b.Lo:b.Hi]
		sums[t].residual = b.RowSums(k, yb, x[b.Lo:b.Hi], c, d)
		sums[t].dangling = b.Contributions(k, cNext.Slice(b.Lo, b.Hi), yb)
	}
}

// stepInto computes tiles into y and cNext, which hold only the rows of
// those tiles (consecutive tiles), instead of the shared vectors, and
// returns their shares of the residual and of the next dangling mass.
func (it *iteration) stepInto(k *kernel.Kernel, tiles []Block, y []float64, cNext Contribs) (residual, dangling float64) {
	if len(tiles) == 0 {
		return 0, 0
	}
	base := tiles[0].Lo
	x, c, d := it.x, it.c, it.dangling
	for t := range tiles {
		b := &tiles[t]
		yb := y[b.Lo-base : b.Hi-base]
		residual += b.RowSums(k, yb, x[b.Lo:b.Hi], c, d)
		dangling += b.Contributions(k, cNext.Slice(b.Lo-base, b.Hi-base), yb)
	}
	return residual, dangling
}

// advance ends an iteration: the next scores become the current ones, with
// dangling (the sum of the tiles' shares in a fixed order) as their
// dangling mass.
func (f *fusedState) advance(dangling float64) {
	f.phase = 1 - f.phase
	f.dangling = dangling
}
