package strategy

import (
	"context"
	"fmt"
	"runtime/pprof"
	"strconv"
	"sync"

	"github.com/prkbench/prk/kernel"
)

// mutexStrategy is the study's thread design, in Go: rows cut into chunks
// of equal row counts, one goroutine per chunk per iteration (as tasks
// submitted to a pool), each computing its rows into a private vector and
// then merging that vector into the shared one under a sync.Mutex, with the
// partial sums (residual, dangling mass) merged under the same lock.
//
// It demonstrates what that design costs: the merge copies every score
// (and contribution) once more per iteration, one chunk at a time while
// the others wait for the lock, and the goroutines are spawned anew each
// iteration. Compare it with lockfree, which does the same arithmetic with
// no lock, no copy and persistent workers.
type mutexStrategy struct {
	k      *kernel.Kernel
	chunks int

	state *fusedState
	// chunk i is tiles first[i] to first[i+1].
	first []int
	// private[i] is chunk i's own vectors: its rows of the next scores and
	// of their contributions, merged into the shared ones under mu.
	private []chunkVectors
	labels  []pprof.LabelSet

	mu sync.Mutex
	// Guarded by mu while the chunks run: the shared next vectors (y and
	// cNext of the state's current iteration) and the partial sums, kept
	// per chunk so that they are added in chunk order whichever chunk
	// merges first.
	residuals, danglings []float64
	// panics[i] is a panic recovered in chunk i's goroutine, if any.
	panics []error
}

type chunkVectors struct {
	y []float64
	c Contribs
}

func init() {
	RegisterStrategy(Description{
		Name: "mutex",
		Doc:  "the study's threads: a goroutine per chunk per iteration, private vectors merged under a sync.Mutex",
		Params: []Param{{
			Name: "chunks", Type: ParamInt,
			Doc: "row chunks, each a goroutine per iteration (default: the worker count)",
			// A goroutine per chunk per iteration: capped as workers are.
			Min: Bound(1), Max: Bound(int64(WorkerCap(MaxWorkersPerCPU))),
		}},
	}, func(cfg Config) (Strategy, error) {
		m := &mutexStrategy{k: cfg.KernelOrBest(), chunks: cfg.WorkerCount()}
		if cfg.Has("chunks") {
			m.chunks = cfg.Int("chunks")
		}
		return m, nil
	})
}

func (m *mutexStrategy) Prepare(ctx context.Context, p *Problem) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ranges := SplitByRows(p.N(), m.chunks)
	p.releaseArcsAsBuilt() // mutex computes only through its tiles
	tiles, first := cutTiles(p, ranges)
	m.state = newFusedState(m.k, p, tiles)
	m.first = first
	m.private = make([]chunkVectors, len(ranges))
	m.labels = make([]pprof.LabelSet, len(ranges))
	for i, r := range ranges {
		m.private[i] = chunkVectors{y: make([]float64, r.Hi-r.Lo), c: newContribsLike(p, r.Hi-r.Lo)}
		m.labels[i] = pprof.Labels("worker", strconv.Itoa(i))
	}
	m.residuals = make([]float64, len(ranges))
	m.danglings = make([]float64, len(ranges))
	m.panics = make([]error, len(ranges))
	return nil
}

func (m *mutexStrategy) Reset() error {
	m.state.reset(m.k)
	return nil
}

func (m *mutexStrategy) Iterate(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	f := m.state
	it := f.current()
	var wg sync.WaitGroup
	for i := range len(m.private) {
		wg.Add(1)
		pprof.Do(ctx, m.labels[i], func(context.Context) {
			go func() {
				defer wg.Done()
				defer Recover(&m.panics[i])
				m.runChunk(&it, i)
			}()
		})
	}
	wg.Wait()
	for i, err := range m.panics {
		if err != nil {
			m.panics[i] = nil
			return 0, fmt.Errorf("strategy mutex: chunk %d: %w", i, err)
		}
	}
	residual, dangling := 0.0, 0.0
	for i := range m.residuals {
		residual += m.residuals[i]
		dangling += m.danglings[i]
	}
	f.advance(dangling)
	return residual, nil
}

// runChunk computes chunk i of it into its private vectors and merges them.
func (m *mutexStrategy) runChunk(it *iteration, i int) {
	tiles, priv := m.state.tiles[m.first[i]:m.first[i+1]], &m.private[i]
	r, d := it.stepInto(m.k, tiles, priv.y, priv.c)
	lo := tiles[0].Lo
	m.mu.Lock()
	defer m.mu.Unlock() // a panic must not leave the other chunks waiting
	copy(it.y[lo:lo+len(priv.y)], priv.y)
	copyContribs(it.cNext.Slice(lo, lo+priv.c.Len()), priv.c)
	m.residuals[i], m.danglings[i] = r, d
}

func (m *mutexStrategy) Scores() []float64 { return m.state.x() }

// Close has nothing to stop: the chunks' goroutines end with each iteration.
func (m *mutexStrategy) Close() error { return nil }
