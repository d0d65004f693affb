package strategy

import (
	"context"
	"fmt"
	"strconv"

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
//
// It is built only of exported parts, Fused (the iteration, its tiles and
// their balancing) and Pool (the workers and the barrier), so that a
// strategy written outside prk can be as fast: strategy/example/pool is
// the same in a page.
type lockfree struct {
	k       *kernel.Kernel
	workers int
	// minWork is the least work (arcs plus rows) worth a worker of its
	// own; 0 gives every worker a tile however small the graph.
	minWork int64
	// pool is how the workers wait for each other (spin, then park).
	pool PoolOptions

	fused *Fused
	team  *Pool
	// step is fused.Step, made once so that Iterate allocates nothing.
	step func(w int)
}

func init() {
	RegisterStrategy(Description{
		Name: "lockfree",
		Doc:  "persistent workers owning row tiles, one barrier per iteration, no lock; rebalanced by measured time",
		Params: []Param{
			{
				Name: "minwork", Type: ParamInt, Default: strconv.Itoa(DefaultMinWork), Min: Bound(0),
				Doc: "least work (arcs plus rows) per worker: smaller graphs run fewer workers; 0 runs them all",
			},
			{
				Name: "spin", Type: ParamDuration, Default: "auto", Values: []string{"auto"}, Min: Bound(0),
				Doc: "how long a waiting worker spins before parking; auto follows the last iteration's time",
			},
		},
	}, func(cfg Config) (Strategy, error) {
		lf := &lockfree{k: cfg.KernelOrBest(), workers: cfg.WorkerCount(), minWork: int64(cfg.Int("minwork"))}
		if cfg.Value("spin") != "auto" {
			d := cfg.Duration("spin")
			lf.pool = PoolOptions{Spin: d, FixedSpin: true}
			if d == 0 {
				lf.pool.Spin = -1 // park at once
			}
		}
		return lf, nil
	})
}

// Workers reports how many workers run: after Prepare, fewer than
// configured when the graph gives each less than minwork of work.
func (lf *lockfree) Workers() int {
	if lf.fused == nil {
		return lf.workers
	}
	// A graph without rows has no tiles, but the caller's goroutine
	// still runs the (empty) iteration: one worker.
	return max(1, lf.fused.Workers())
}

func (lf *lockfree) Prepare(ctx context.Context, p *Problem) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	lf.fused = NewFused(p, lf.k, p.WorkersFor(lf.workers, lf.minWork))
	lf.step = lf.fused.Step
	lf.team = NewPool(ctx, lf.fused.Workers(), lf.pool)
	return nil
}

func (lf *lockfree) Reset() error {
	lf.fused.Reset()
	return nil
}

func (lf *lockfree) Iterate(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := lf.team.Run(lf.step); err != nil {
		return 0, fmt.Errorf("strategy lockfree: %w", err)
	}
	return lf.fused.Advance(), nil
}

func (lf *lockfree) Scores() []float64 { return lf.fused.Scores() }

// Close stops the workers and waits for them to end.
func (lf *lockfree) Close() error {
	if lf.team != nil {
		lf.team.Close()
	}
	return nil
}
