package strategy

import (
	"math"
	"time"

	"github.com/prkbench/prk/kernel"
)

// Fused is the power iteration the built-in parallel strategies run,
// exported so that a strategy of one's own can run it too: it owns the
// vectors, cuts the rows into tiles, gives each worker a run of tiles, and
// leaves the scheduling (which goroutine or machine runs Step(w), and how
// they meet) to the strategy. Pool is the scheduling lockfree uses:
//
//	f := strategy.NewFused(p, k, workers)             // Prepare
//	pool := strategy.NewPool(ctx, f.Workers(), strategy.PoolOptions{})
//	step := f.Step                                    // one method value: no allocation per Run
//	if err := pool.Run(step); err != nil { ... }      // Iterate: every worker's tiles...
//	residual := f.Advance()                           // ...then the sums, and the vectors swap
//
// The two phases of an iteration are fused, so it needs one barrier
// instead of two: each tile computes its new scores from the whole
// contribution vector and at once its own rows of the next contribution
// vector from them, while they are still in cache. Workers write disjoint
// rows of the shared vectors and their partial sums into padded memory of
// their own, so they need no lock. Advance adds the partial sums (residual
// and dangling mass) in tile order, whoever computed each tile, so the
// scores are the same bit for bit however the tiles were scheduled.
//
// With more than one worker, Step times each worker's tiles and Advance
// moves tiles between neighbouring workers to even out the time they
// take, because the real cost of a row depends on the graph, the kernel
// and the caches in ways no static measure captures.
//
// Step may run concurrently for different workers; NewFused, Advance,
// Reset and Scores must not run concurrently with any Step.
type Fused struct {
	k     *kernel.Kernel
	state *fusedState
	part  balancer
	// slots[w] is written by worker w only (and read by Advance).
	slots []fusedSlot
	// timed is whether there are workers to balance, so Step times them.
	timed bool
}

// fusedSlot is what worker w writes in an iteration. It is padded to 128
// bytes, and sums is a buffer of the worker's own with room on both sides,
// so that no two workers ever write the same cache line or pair of lines
// (adjacent-line prefetchers fetch lines in pairs). The first tile's sums
// sit beside the elapsed time, so for a small graph (a tile per worker)
// the coordinator gets all of a worker's sums in one transfer.
type fusedSlot struct {
	// elapsed is how long the worker took over its tiles.
	elapsed time.Duration
	// first holds the sums of the worker's first tile, sums those of its
	// others, by tile index.
	first [1]tileSums
	sums  []tileSums
	_     [128 - 48]byte
}

// rebalanceAbove is the shortest block worth rebalancing: below it, timer
// noise exceeds the imbalance.
const rebalanceAbove = 20 * time.Microsecond

// NewFused sets up the fused iteration of p with kernel k (nil means
// kernel.Best()) for up to workers workers, and sets the scores to p's
// start vector. The rows are cut into p.TileCount(workers) tiles balanced
// by arcs (SplitByArcs), or into one tile for one worker, and worker w
// starts with a run of tiles of about equal work. Workers() says how many
// workers that gave: fewer than asked when there are fewer tiles (to run
// fewer on a small graph, ask for p.WorkersFor(workers, minWork)).
func NewFused(p *Problem, k *kernel.Kernel, workers int) *Fused {
	if k == nil {
		k = kernel.Best()
	}
	nw := max(workers, 1)
	g := p.g
	// A Fused computes only through its tiles: with WithReleasableArcs
	// and a windowed layout, the graph's arcs go as the tiles are built.
	p.releaseArcsAsBuilt()
	var tiles []Block
	if nw == 1 && g.N > 0 {
		// Nothing to balance: one tile, which measures as fast as serial,
		// a little faster than cut into tiles.
		tiles = []Block{p.Block(0, g.N)}
	} else {
		tiles, _ = cutTiles(p, SplitByArcs(g, p.tileCount(nw)))
	}
	nw = max(1, min(nw, len(tiles)))
	f := &Fused{k: k, state: newFusedState(k, p, tiles), timed: nw > 1}
	f.part = newBalancer(tiles, nw)
	f.slots = make([]fusedSlot, nw)
	for w := range f.slots {
		const pad = 8 // 128 bytes of tileSums on each side
		f.slots[w].sums = make([]tileSums, len(tiles)+2*pad)[pad : pad+len(tiles)]
	}
	return f
}

// Workers returns the number of workers the tiles are shared among; Step
// takes worker indexes 0..Workers()-1.
func (f *Fused) Workers() int { return len(f.slots) }

// Tiles returns the tiles, in row order. They are the iteration's own:
// read them, do not modify them.
func (f *Fused) Tiles() []Block { return f.state.tiles }

// TilesOf returns the indexes [lo, hi) of the tiles worker w computes in
// the next iteration (they move as Advance rebalances).
func (f *Fused) TilesOf(w int) (lo, hi int) { return f.part.bounds[w], f.part.bounds[w+1] }

// Step computes worker w's tiles of the current iteration: their rows of
// the next scores and of the next contributions, and their partial sums.
// Call it once for every worker, then Advance.
func (f *Fused) Step(w int) {
	it := f.state.current()
	s := &f.slots[w]
	lo, hi := f.part.bounds[w], f.part.bounds[w+1]
	tiles := f.state.tiles
	if !f.timed {
		it.stepTiles(f.k, tiles[lo:hi], s.sums[lo:hi])
		return
	}
	if lo == hi {
		s.elapsed = 0
		return
	}
	start := time.Now()
	it.stepTiles(f.k, tiles[lo:lo+1], s.first[:])
	it.stepTiles(f.k, tiles[lo+1:hi], s.sums[lo+1:hi])
	s.elapsed = time.Since(start)
}

// Advance ends an iteration once every worker's Step has returned: it adds
// the partial sums in tile order, makes the next scores the current ones,
// rebalances the workers' tiles by the time each took, and returns the
// iteration's L1 residual.
func (f *Fused) Advance() (residual float64) {
	dangling := 0.0
	for w := range f.slots {
		s := &f.slots[w]
		lo, hi := f.part.bounds[w], f.part.bounds[w+1]
		if !f.timed {
			for _, t := range s.sums[lo:hi] {
				residual += t.residual
				dangling += t.dangling
			}
			continue
		}
		if lo == hi {
			continue
		}
		residual += s.first[0].residual
		dangling += s.first[0].dangling
		for _, t := range s.sums[lo+1 : hi] {
			residual += t.residual
			dangling += t.dangling
		}
	}
	f.state.advance(dangling)
	if f.timed && len(f.state.tiles) > len(f.slots) {
		f.part.rebalance(func(w int) time.Duration { return f.slots[w].elapsed })
	}
	return residual
}

// Scores returns the current scores by row (the problem's numbering). The
// slice is the iteration's own and is overwritten two iterations on.
func (f *Fused) Scores() []float64 { return f.state.x() }

// Reset sets the scores back to the problem's start vector.
func (f *Fused) Reset() { f.state.reset(f.k) }

// balancer shares runs of consecutive tiles among workers by their
// estimated cost, and refines the estimates from measured times.
type balancer struct {
	// bounds[w] to bounds[w+1] are the tiles worker w computes next.
	bounds []int
	// cost[t] estimates the time tile t takes, in any unit: at first its
	// work (arcs plus rows), then nanoseconds as measured.
	cost       []float64
	calibrated bool
}

// newBalancer shares tiles among workers (at most len(tiles), at least 1)
// by their work.
func newBalancer(tiles []Block, workers int) balancer {
	b := balancer{bounds: make([]int, workers+1), cost: make([]float64, len(tiles))}
	for t := range tiles {
		b.cost[t] = float64(tiles[t].Arcs() + int64(tiles[t].Rows()))
	}
	b.balance()
	return b
}

// rebalance updates the tiles' cost estimates from the time each worker's
// run took and moves the boundaries to even out the estimated time.
func (b *balancer) rebalance(elapsed func(w int) time.Duration) {
	nw := len(b.bounds) - 1
	slowest, fastest := time.Duration(0), time.Duration(math.MaxInt64)
	for w := range nw {
		slowest = max(slowest, elapsed(w))
		fastest = min(fastest, elapsed(w))
	}
	if slowest < rebalanceAbove {
		return
	}
	for w := range nw {
		lo, hi := b.bounds[w], b.bounds[w+1]
		est := 0.0
		for _, c := range b.cost[lo:hi] {
			est += c
		}
		if est <= 0 {
			continue
		}
		// A timer may read zero for a tiny run: never let a cost vanish.
		scale := float64(max(elapsed(w), 100*time.Nanosecond)) / est
		if b.calibrated {
			// Move halfway towards the measurement, and at most by a
			// factor of two: one iteration that the operating system
			// interrupted must not swing the split.
			scale = 0.5 + 0.5*min(max(scale, 0.5), 2)
		}
		for t := lo; t < hi; t++ {
			b.cost[t] *= scale
		}
	}
	b.calibrated = true
	// Runs within 2% of each other are balanced as well as timing tells.
	if float64(slowest-fastest) > 0.02*float64(slowest) {
		b.balance()
	}
}

// balance sets the boundaries so that the runs' estimated costs are as
// even as runs of whole tiles allow, each run at least one tile when there
// are tiles.
func (b *balancer) balance() {
	nw, ntiles := len(b.bounds)-1, len(b.cost)
	total := 0.0
	for _, c := range b.cost {
		total += c
	}
	t, acc := 0, 0.0
	for w := 1; w < nw; w++ {
		target := total * float64(w) / float64(nw)
		// Take a tile, then more while the run's end is nearer the target
		// with the next tile than without it, leaving a tile for each run
		// after.
		for t < ntiles-(nw-w) && (t == b.bounds[w-1] || acc+b.cost[t]/2 <= target) {
			acc += b.cost[t]
			t++
		}
		b.bounds[w] = t
	}
	b.bounds[nw] = ntiles
}
