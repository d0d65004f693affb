package strategy

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prkbench/prk/kernel"
)

// lockfree is what the study's threads should have been: persistent
// workers, each owning a block of rows, that write their rows of the shared
// vectors and their partial sums into memory no other worker writes, with
// no lock and no atomic operation per row. The only synchronisation is one
// barrier per iteration, made cheap enough for graphs whose iteration takes
// microseconds: a worker that finds no work spins briefly on an atomic
// generation counter before it parks on a channel, and what crosses
// between cores per iteration fits in one cache line each way. The calling
// goroutine computes block 0 itself rather than idle.
//
// Blocks start balanced by arcs (SplitByArcs's measure of work) and then
// balance themselves: the rows are cut into tiles of about equal work, a
// block is a run of consecutive tiles, and after each iteration the
// coordinator moves tiles between neighbouring blocks by the time each
// block took, because the real cost of a row depends on the graph, the
// kernel and the caches in ways no static measure captures. Partial sums
// are kept per tile and added in tile order, so the scores do not depend
// on which worker computed which tile: they are the same bit for bit
// whatever the timing.
//
// A worker gets at least minwork (a parameter, default 16K) of work, arcs
// plus rows: on a smaller graph fewer workers run than were asked for,
// because handing work to another core costs more than the work saves.
// minwork=0 runs every worker however small the graph.
//
// It demonstrates that in Go the threads of the study can scale: the cost
// the study measured was its merging under a lock (see mutex) and spawning
// per iteration, not threads as such.
type lockfree struct {
	k       *kernel.Kernel
	workers int
	// minWork is the least work (arcs plus rows) worth a worker of its
	// own; 0 gives every worker a tile however small the graph.
	minWork int64
	// spin is how long a waiting goroutine spins before it parks; when
	// autoSpin is set it is the least, and the time of the last iteration,
	// up to maxAutoSpin, is used when longer.
	spin     time.Duration
	autoSpin bool
	// spinning is whether the current workers spin at all.
	spinning bool

	state *fusedState
	// bounds[w] to bounds[w+1] are the tiles worker w computes next.
	bounds []int
	// cost[t] estimates the time tile t takes, in any unit: at first its
	// work (arcs plus rows), then nanoseconds as measured.
	cost       []float64
	calibrated bool
	// reports[w] is written by worker w only (and read by the coordinator
	// once the worker has reported).
	reports []report

	// gen counts the generations (iterations) released to the workers.
	gen uint64
	// job is written by the coordinator only.
	job *job
	// coordinator is where the coordinator parks waiting for reports.
	coordinator *parker
	// ws are the workers of blocks 1.. (block 0 is the caller's).
	ws []*lockfreeWorker
	wg sync.WaitGroup
	// panics[w] is a panic recovered while worker w computed its block,
	// written by that worker before it reports (or by the caller for
	// block 0) and read by the coordinator once all have reported.
	panics []error
}

// job is what the coordinator publishes for a generation: the fields are
// written before gen is advanced and read by the workers after they see
// it, so the store of gen publishes them, and they share its cache line
// so that a worker fetches everything with one transfer.
type job struct {
	_        [128]byte
	gen      atomic.Uint64
	phase    int
	dangling float64
	stop     bool
	// spin is how long a worker spins before parking, in nanoseconds.
	spin atomic.Int64
	_    [128 - 40]byte
}

// report is what a worker reports of a generation. It is padded to 128
// bytes, and sums is a buffer of the worker's own with room on both sides,
// so that no two workers ever write the same cache line or pair of lines
// (adjacent-line prefetchers fetch lines in pairs). The first tile's sums
// sit beside the done flag, so for a small graph (a tile per worker) the
// coordinator gets all of a worker's report in one transfer.
type report struct {
	// done is the last generation the worker finished.
	done atomic.Uint64
	// elapsed is how long the worker took over its tiles.
	elapsed time.Duration
	// first holds the sums of the worker's first tile, sums those of its
	// others, by tile index.
	first [1]tileSums
	sums  []tileSums
	_     [128 - 56]byte
}

// lockfreeWorker is a goroutine that computes one block each generation.
type lockfreeWorker struct {
	index int
	park  *parker
}

const (
	// minSpin is how long a goroutine that waits at the barrier spins at
	// least before it parks: long enough to cover the imbalance between
	// blocks and the caller's bookkeeping between iterations on a small
	// graph, short enough that idle workers soon stop taking CPU from
	// others. With "auto" spin a goroutine spins as long as the last
	// iteration took, up to maxAutoSpin: waking a parked goroutine costs
	// tens of microseconds, more than a few percent of a millisecond
	// iteration, and a worker that has waited less than an iteration is
	// about to get work anyway.
	minSpin     = 50 * time.Microsecond
	maxAutoSpin = time.Millisecond
	// tileWork is the work (arcs plus rows) of a tile: some tens of
	// microseconds, so the per-tile overhead is negligible and a block
	// boundary can move in steps of a percent or so of a big graph.
	tileWork = 32 << 10
	// defaultMinWork is the least work given a worker of its own. Handing
	// work to another core and back costs a microsecond or two (a cache
	// line each way, more on virtual machines), which is what about 5K of
	// work costs; below twice that a second worker does not pay.
	defaultMinWork = 16 << 10
	// rebalanceAbove is the shortest block worth rebalancing: below it,
	// timer noise exceeds the imbalance.
	rebalanceAbove = 20 * time.Microsecond
)

func init() {
	RegisterStrategy(Description{
		Name: "lockfree",
		Doc:  "persistent workers owning row tiles, one barrier per iteration, no lock; rebalanced by measured time",
		Params: []Param{
			{
				Name: "minwork", Type: ParamInt, Default: strconv.Itoa(defaultMinWork), Min: Bound(0),
				Doc: "least work (arcs plus rows) per worker: smaller graphs run fewer workers; 0 runs them all",
			},
			{
				Name: "spin", Type: ParamDuration, Default: "auto", Values: []string{"auto"}, Min: Bound(0),
				Doc: "how long a waiting worker spins before parking; auto follows the last iteration's time",
			},
		},
	}, func(cfg Config) (Strategy, error) {
		lf := &lockfree{k: cfg.KernelOrBest(), workers: cfg.WorkerCount(), minWork: int64(cfg.Int("minwork")), spin: minSpin, autoSpin: true}
		if cfg.Value("spin") != "auto" {
			lf.spin, lf.autoSpin = cfg.Duration("spin"), false
		}
		return lf, nil
	})
}

// Workers reports how many workers run: after Prepare, fewer than
// configured when the graph gives each less than minwork of work.
func (lf *lockfree) Workers() int {
	if lf.bounds == nil {
		return lf.workers
	}
	// A graph without rows has no blocks, but the caller's goroutine
	// still runs the (empty) iteration: one worker.
	return max(1, len(lf.bounds)-1)
}

func (lf *lockfree) Prepare(ctx context.Context, p *Problem) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	g := p.g
	work := g.Arcs() + int64(g.N)
	nw := lf.workers
	if lf.minWork > 0 {
		nw = int(min(int64(nw), max(1, work/lf.minWork)))
	}
	var tiles []Block
	if nw == 1 && g.N > 0 {
		// Nothing to balance: one tile, which measures as fast as serial,
		// a little faster than cut into tiles.
		tiles = []Block{p.Block(0, g.N)}
	} else {
		tiles, _ = cutTiles(p, SplitByArcs(g, p.tileCount(nw)))
	}
	lf.state = newFusedState(lf.k, p, tiles)
	lf.cost = make([]float64, len(tiles))
	for t := range tiles {
		lf.cost[t] = float64(tiles[t].Arcs() + int64(tiles[t].Rows()))
	}
	lf.calibrated = false
	nw = min(nw, len(tiles))
	lf.bounds = make([]int, nw+1)
	lf.balance()
	lf.reports = make([]report, nw)
	lf.panics = make([]error, nw)
	for w := range lf.reports {
		const pad = 8 // 128 bytes of tileSums on each side
		lf.reports[w].sums = make([]tileSums, len(tiles)+2*pad)[pad : pad+len(tiles)]
	}
	if nw <= 1 {
		return nil
	}
	lf.gen = 0
	lf.job = &job{}
	lf.job.spin.Store(int64(lf.spin))
	lf.spinning = lf.spin > 0 && nw <= runtime.GOMAXPROCS(0)
	if !lf.spinning {
		// With more workers than processors a spinning worker holds a
		// processor that a worker with work is waiting for: park at once.
		lf.job.spin.Store(0)
	}
	lf.coordinator = newParker()
	lf.ws = make([]*lockfreeWorker, nw-1)
	for i := range lf.ws {
		w := &lockfreeWorker{index: i + 1, park: newParker()}
		lf.ws[i] = w
		lf.wg.Add(1)
		// Workers inherit the labels of ctx (the benchmark's strategy and
		// graph) and add their own, so a CPU profile splits by worker.
		pprof.Do(ctx, pprof.Labels("worker", strconv.Itoa(w.index)), func(context.Context) {
			go lf.work(w)
		})
	}
	return nil
}

// work is a worker's life: wait for a generation, compute the block, report.
func (lf *lockfree) work(w *lockfreeWorker) {
	defer lf.wg.Done()
	j, r := lf.job, &lf.reports[w.index]
	for gen := uint64(1); ; gen++ {
		ready := func() bool { return j.gen.Load() >= gen }
		if !spinUntil(ready, time.Duration(j.spin.Load())) {
			w.park.park(ready)
		}
		if j.stop {
			return
		}
		it := lf.state.iteration(j.phase, j.dangling)
		lf.runBlockSafely(&it, w.index)
		r.done.Store(gen)
		lf.coordinator.unpark()
	}
}

// runBlock computes worker w's tiles of it and, when there are other
// workers to balance with, times them.
func (lf *lockfree) runBlock(it *iteration, w int) {
	r := &lf.reports[w]
	lo, hi := lf.bounds[w], lf.bounds[w+1]
	tiles := lf.state.tiles
	if lf.job == nil {
		it.stepTiles(lf.k, tiles[lo:hi], r.sums[lo:hi])
		return
	}
	start := time.Now()
	it.stepTiles(lf.k, tiles[lo:lo+1], r.first[:])
	it.stepTiles(lf.k, tiles[lo+1:hi], r.sums[lo+1:hi])
	r.elapsed = time.Since(start)
}

// runBlockSafely is runBlock with a panic recovered into lf.panics[w], so
// that the worker still reports (the coordinator never waits forever) and
// the process survives; Iterate returns the panic.
func (lf *lockfree) runBlockSafely(it *iteration, w int) {
	defer Recover(&lf.panics[w])
	lf.runBlock(it, w)
}

// firstPanic returns (and clears) the panic of the lowest worker that
// panicked in the last generation, or nil.
func (lf *lockfree) firstPanic() error {
	for w, err := range lf.panics {
		if err != nil {
			clear(lf.panics)
			return fmt.Errorf("strategy lockfree: worker %d: %w", w, err)
		}
	}
	return nil
}

// allReported reports whether every worker has finished generation gen.
func (lf *lockfree) allReported(gen uint64) bool {
	for _, w := range lf.ws {
		if lf.reports[w.index].done.Load() < gen {
			return false
		}
	}
	return true
}

func (lf *lockfree) Reset() error {
	lf.state.reset(lf.k)
	return nil
}

func (lf *lockfree) Iterate(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	f := lf.state
	if len(f.tiles) == 0 {
		return 0, nil
	}
	it := f.current()
	residual, dangling := 0.0, 0.0
	if lf.job == nil {
		// One worker: the caller does it all.
		lf.runBlockSafely(&it, 0)
		if err := lf.firstPanic(); err != nil {
			return 0, err
		}
		for _, s := range lf.reports[0].sums {
			residual += s.residual
			dangling += s.dangling
		}
		f.advance(dangling)
		return residual, nil
	}

	start := time.Now()
	lf.gen++
	gen, j := lf.gen, lf.job
	j.phase, j.dangling = f.phase, f.dangling
	j.gen.Store(gen)
	for _, w := range lf.ws {
		w.park.unpark()
	}
	lf.runBlockSafely(&it, 0)
	done := func() bool { return lf.allReported(gen) }
	if !spinUntil(done, time.Duration(j.spin.Load())) {
		lf.coordinator.park(done)
	}
	if err := lf.firstPanic(); err != nil {
		return 0, err
	}
	if lf.autoSpin && lf.spinning {
		j.spin.Store(int64(min(max(time.Since(start), lf.spin), maxAutoSpin)))
	}

	// Add the tiles' sums in tile order, whoever computed them.
	for w := range lf.reports {
		r := &lf.reports[w]
		residual += r.first[0].residual
		dangling += r.first[0].dangling
		for t := lf.bounds[w] + 1; t < lf.bounds[w+1]; t++ {
			residual += r.sums[t].residual
			dangling += r.sums[t].dangling
		}
	}
	f.advance(dangling)
	if len(f.tiles) > len(lf.reports) {
		lf.rebalance()
	}
	return residual, nil
}

// rebalance updates the tiles' cost estimates from the time each block
// took and moves the block boundaries to even out the estimated time.
func (lf *lockfree) rebalance() {
	slowest, fastest := time.Duration(0), time.Duration(math.MaxInt64)
	for w := range lf.reports {
		slowest = max(slowest, lf.reports[w].elapsed)
		fastest = min(fastest, lf.reports[w].elapsed)
	}
	if slowest < rebalanceAbove {
		return
	}
	for w := range lf.reports {
		lo, hi := lf.bounds[w], lf.bounds[w+1]
		est := 0.0
		for _, c := range lf.cost[lo:hi] {
			est += c
		}
		// A timer may read zero for a tiny block: never let a cost vanish.
		scale := float64(max(lf.reports[w].elapsed, 100*time.Nanosecond)) / est
		if lf.calibrated {
			// Move halfway towards the measurement, and at most by a
			// factor of two: one iteration that the operating system
			// interrupted must not swing the split.
			scale = 0.5 + 0.5*min(max(scale, 0.5), 2)
		}
		for t := lo; t < hi; t++ {
			lf.cost[t] *= scale
		}
	}
	lf.calibrated = true
	// Blocks within 2% of each other are balanced as well as timing tells.
	if float64(slowest-fastest) > 0.02*float64(slowest) {
		lf.balance()
	}
}

// balance sets the block boundaries so that the blocks' estimated costs
// are as even as runs of whole tiles allow, each block at least one tile.
func (lf *lockfree) balance() {
	nw, ntiles := len(lf.bounds)-1, len(lf.cost)
	total := 0.0
	for _, c := range lf.cost {
		total += c
	}
	t, acc := 0, 0.0
	for w := 1; w < nw; w++ {
		target := total * float64(w) / float64(nw)
		// Take a tile, then more while the block's end is nearer the
		// target with the next tile than without it, leaving a tile for
		// each block after.
		for t < ntiles-(nw-w) && (t == lf.bounds[w-1] || acc+lf.cost[t]/2 <= target) {
			acc += lf.cost[t]
			t++
		}
		lf.bounds[w] = t
	}
	lf.bounds[nw] = ntiles
}

func (lf *lockfree) Scores() []float64 { return lf.state.x() }

// Close stops the workers and waits for them to end.
func (lf *lockfree) Close() error {
	if lf.job != nil {
		lf.job.stop = true
		lf.job.gen.Add(1)
		for _, w := range lf.ws {
			w.park.unpark()
		}
		lf.wg.Wait()
		lf.job, lf.ws = nil, nil
	}
	return nil
}

// spinUntil polls cond for up to about d and reports whether cond came
// true. It yields the processor every few microseconds, so that a spinning
// worker does not hold up goroutines waiting for a processor (more workers
// than processors, the runtime's own); yielding at every poll would add a
// yield's latency to noticing the condition.
func spinUntil(cond func() bool, d time.Duration) bool {
	if d <= 0 {
		return cond()
	}
	const pollsPerCheck = 1024 // a microsecond or a few of polling
	var deadline time.Time
	for i := 1; ; i++ {
		if cond() {
			return true
		}
		if i%pollsPerCheck != 0 {
			continue
		}
		now := time.Now()
		if deadline.IsZero() {
			deadline = now.Add(d)
		} else if now.After(deadline) {
			return false
		}
		runtime.Gosched()
	}
}

// parker lets one goroutine sleep until another wakes it, without losing a
// wake-up that races with going to sleep. The sleeper announces itself in
// parked and then checks its condition again; the waker makes the
// condition true and then takes the announcement, and only then sends a
// token. Both use sequentially consistent atomics, so at least one of them
// sees the other's write: either the sleeper sees the condition and does
// not sleep, or the waker sees the sleeper and wakes it. A wake-up for a
// condition that is still false (the coordinator waits for all workers;
// each wakes it) only sends the sleeper back to sleep.
type parker struct {
	_      [128]byte
	parked atomic.Bool
	wake   chan struct{}
	_      [128 - 16]byte
}

func newParker() *parker { return &parker{wake: make(chan struct{}, 1)} }

// park blocks until cond is true; cond must become true only before a
// call of unpark.
func (p *parker) park(cond func() bool) {
	for {
		// Swap, not Store: the announcement must be visible before cond
		// reads the waker's flag (a Dekker pattern). A read-modify-write
		// is a full barrier everywhere, including under qemu-user, whose
		// translation of a store-release followed by a load-acquire on an
		// x86 host lets the load pass the store and lost wake-ups here.
		p.parked.Swap(true)
		if cond() {
			if !p.parked.CompareAndSwap(true, false) {
				<-p.wake // a waker took the announcement: take its token
			}
			return
		}
		<-p.wake
		if cond() {
			return
		}
	}
}

// unpark wakes the goroutine parked on p, if any.
func (p *parker) unpark() {
	// A CompareAndSwap (not a Load first) for the same reason as park's
	// Swap: the waker's condition store must be ordered before this read.
	if p.parked.CompareAndSwap(true, false) {
		p.wake <- struct{}{}
	}
}
