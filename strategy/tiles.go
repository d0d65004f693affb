package strategy

// Tiles are the unit a parallel strategy schedules: runs of consecutive
// rows of about equal work, small enough for a worker's new scores to be
// still in its cache when it turns them into contributions (see Fused),
// many enough for a balancer to move work between workers by whole tiles.

// DefaultMinWork is the least work (arcs plus rows) worth a worker of its
// own, lockfree's default minwork. Handing work to another core and back
// costs a microsecond or two (a cache line each way, more on virtual
// machines), which is what about 5K of work costs; below twice that a
// second worker does not pay.
const DefaultMinWork = 16 << 10

// WorkersFor returns how many of workers are worth running on p when each
// should get at least minWork of work (arcs plus rows): workers itself
// when minWork is 0, else between 1 and workers. On the study's seed
// graphs it is 1 for DefaultMinWork: an iteration takes a few
// microseconds, less than a hand-off between cores costs.
func (p *Problem) WorkersFor(workers int, minWork int64) int {
	workers = max(workers, 1)
	if minWork <= 0 {
		return workers
	}
	work := p.g.Arcs() + int64(p.g.N)
	return int(min(int64(workers), max(1, work/minWork)))
}

// TileCount returns how many tiles of about equal work a strategy that
// balances work between workers should cut p's rows into: many small ones
// for the CSR layout (about 32K arcs plus rows each), four per worker for
// the segmented layout, whose blocks must stay large (see Problem.Engine).
// Cut them with SplitByArcs(p.Graph, p.TileCount(workers)) and then
// CutTiles.
func (p *Problem) TileCount(workers int) int { return p.tileCount(max(workers, 1)) }

// CutTiles cuts each range into tiles (blocks of at most the engine's tile
// size in rows, every row of the CSR layout's tiles still in cache when it
// is used twice in an iteration) and returns them in row order, with, for
// range i, the index of its first tile in first[i]; first has one more
// entry, the number of tiles. The ranges must be in row order.
func (p *Problem) CutTiles(ranges []Range) (tiles []Block, first []int) {
	return cutTiles(p, ranges)
}

// tileWork is the work (arcs plus rows) of a CSR tile: some tens of
// microseconds, so the per-tile overhead is negligible and a worker's run
// of tiles can move in steps of a percent or so of a big graph.
const tileWork = 32 << 10
