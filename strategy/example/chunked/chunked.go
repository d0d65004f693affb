// Package chunked is an example of a strategy written outside prk's own
// strategy package: a goroutine per block per iteration, each computing its
// rows through strategy.Block. Importing it registers "chunked-goroutines",
// which then appears in prk bench, prk run --strategy and the conformance
// suite, with no change to prk. It is docs/strategies.md's worked example.
package chunked

import (
	"context"
	"sync"

	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

// chunked is a user's strategy: a goroutine per block per iteration, each
// computing its rows through strategy.Block. It is docs/strategies.md's
// worked example, and TestChunkedGoroutinesConformance runs the
// conformance suite on it.
type chunked struct {
	k        *kernel.Kernel
	workers  int
	p        *strategy.Problem
	blocks   []strategy.Block
	x, y     []float64
	c        strategy.Contribs
	residual []float64 // per block, added in block order
	panics   []error   // per block, a panic recovered in its goroutine
}

func init() {
	// The description declares no parameters, so strategy.New refuses any
	// before the factory runs. chunked does not report its worker count:
	// SplitByArcs gives min(workers, rows) blocks, which is what the guard
	// reports for a strategy that does not (see strategy.WorkerReporter).
	strategy.RegisterStrategy(strategy.Description{
		Name: "chunked-goroutines",
		Doc:  "example of a user's strategy: a goroutine per block per iteration (package strategy/example/chunked)",
	}, func(cfg strategy.Config) (strategy.Strategy, error) {
		return &chunked{k: cfg.KernelOrBest(), workers: cfg.WorkerCount()}, nil
	})
}

func (s *chunked) Prepare(ctx context.Context, p *strategy.Problem) error {
	s.p = p
	for _, r := range strategy.SplitByArcs(p.Graph, s.workers) {
		s.blocks = append(s.blocks, p.Block(r.Lo, r.Hi))
	}
	s.y, s.c = make([]float64, p.N()), p.NewContribs()
	s.residual = make([]float64, len(s.blocks))
	s.panics = make([]error, len(s.blocks))
	return s.Reset()
}

func (s *chunked) Reset() error { s.x = s.p.Start(); return nil }

func (s *chunked) Iterate(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	dangling := 0.0 // contributions are cheap: compute them here, block by block
	for i := range s.blocks {
		b := &s.blocks[i]
		dangling += b.Contributions(s.k, s.c.Slice(b.Lo, b.Hi), s.x[b.Lo:b.Hi])
	}
	var wg sync.WaitGroup
	for i := range s.blocks {
		wg.Go(func() {
			// A panic must not leave the goroutine: it would kill the
			// program. Recover hands it to Iterate as an error.
			defer strategy.Recover(&s.panics[i])
			b := &s.blocks[i]
			s.residual[i] = b.RowSums(s.k, s.y[b.Lo:b.Hi], s.x[b.Lo:b.Hi], s.c, dangling)
		})
	}
	wg.Wait()
	for _, err := range s.panics {
		if err != nil {
			return 0, err
		}
	}
	s.x, s.y = s.y, s.x
	residual := 0.0
	for _, r := range s.residual {
		residual += r
	}
	return residual, nil
}

func (s *chunked) Scores() []float64 { return s.x }

func (s *chunked) Close() error { return nil }
