package strategy_test

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
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
	x, y, c  []float64
	residual []float64 // per block, added in block order
}

func init() {
	strategy.Register("chunked-goroutines", func(cfg strategy.Config) (strategy.Strategy, error) {
		if err := cfg.CheckParams("chunked-goroutines"); err != nil {
			return nil, err
		}
		return &chunked{k: cfg.KernelOrBest(), workers: cfg.WorkerCount()}, nil
	})
}

func (s *chunked) Prepare(ctx context.Context, p *strategy.Problem) error {
	s.p = p
	for _, r := range strategy.SplitByArcs(p.Graph, s.workers) {
		s.blocks = append(s.blocks, p.Block(r.Lo, r.Hi))
	}
	s.y, s.c = make([]float64, p.N()), make([]float64, p.N())
	s.residual = make([]float64, len(s.blocks))
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
		dangling += b.Contributions(s.k, s.c[b.Lo:b.Hi], s.x[b.Lo:b.Hi])
	}
	var wg sync.WaitGroup
	for i := range s.blocks {
		wg.Go(func() {
			b := &s.blocks[i]
			s.residual[i] = b.RowSums(s.k, s.y[b.Lo:b.Hi], s.x[b.Lo:b.Hi], s.c, dangling)
		})
	}
	wg.Wait()
	s.x, s.y = s.y, s.x
	residual := 0.0
	for _, r := range s.residual {
		residual += r
	}
	return residual, nil
}

func (s *chunked) Scores() []float64 { return s.x }

func (s *chunked) Close() error { return nil }

// A strategy registered from the user's own package (see the chunked type
// in this file) solves like a built-in. The scores printed are the study's
// own: its Python run of ten iterations on this graph gave 0.022933,
// 0.022657 and 0.021675 to its three best nodes.
func ExampleRegister() {
	g, err := gen.Generate("seed:100", graph.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	o := pagerank.Default()
	o.Iterations = 10 // as the study ran
	res, err := strategy.Run(context.Background(), "chunked-goroutines", strategy.Config{Workers: 4}, g, o)
	if err != nil {
		fmt.Println(err)
		return
	}
	best := make([]int, g.N)
	for i := range best {
		best[i] = i
	}
	slices.SortStableFunc(best, func(a, b int) int {
		if res.Scores[a] != res.Scores[b] {
			if res.Scores[a] > res.Scores[b] {
				return -1
			}
			return 1
		}
		return 0
	})
	for _, i := range best[:3] {
		fmt.Printf("node %d: %.6f\n", i, res.Scores[i])
	}
	fmt.Println("iterations:", res.Iterations)
	// Output:
	// node 28: 0.022933
	// node 69: 0.022657
	// node 1: 0.021675
	// iterations: 10
}

// The built-in strategies differ only in how they schedule the same
// arithmetic, so they agree to rounding.
func ExampleSolve() {
	g, err := gen.Generate("seed:1000", graph.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	o := pagerank.Default()
	p, err := strategy.NewProblem(g, o)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range []string{"serial", "mutex", "lockfree"} {
		res, err := strategy.Solve(context.Background(), name, strategy.Config{Workers: 2, Kernel: kernel.Generic}, p)
		if err != nil {
			fmt.Println(err)
			return
		}
		sum := 0.0
		for _, x := range res.Scores {
			sum += x
		}
		fmt.Printf("%s: converged %v after %d iterations, scores sum to %.9f\n", name, res.Converged, res.Iterations, sum)
	}
	// Output:
	// serial: converged true after 27 iterations, scores sum to 1.000000000
	// mutex: converged true after 27 iterations, scores sum to 1.000000000
	// lockfree: converged true after 27 iterations, scores sum to 1.000000000
}
