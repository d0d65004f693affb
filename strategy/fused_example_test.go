package strategy_test

import (
	"context"
	"fmt"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// Fused and Pool are what lockfree is made of: a strategy's Prepare makes
// them, its Iterate runs every worker's tiles and then advances. The scores
// match the serial reference to rounding whatever the worker count.
func ExampleFused() {
	g, err := gen.Generate("kron:14", graph.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := strategy.NewProblem(g, pagerank.Default())
	if err != nil {
		fmt.Println(err)
		return
	}
	f := strategy.NewFused(p, kernel.Generic, 2)
	pool := strategy.NewPool(context.Background(), f.Workers(), strategy.PoolOptions{})
	defer pool.Close()
	step := f.Step // one method value, so Run allocates nothing
	iterations := 0
	for residual := 1.0; residual >= 1e-10; iterations++ {
		if err := pool.Run(step); err != nil {
			fmt.Println(err)
			return
		}
		residual = f.Advance()
	}
	ref, err := pagerank.Reference(context.Background(), g, pagerank.Default())
	if err != nil {
		fmt.Println(err)
		return
	}
	worst := 0.0
	for i, x := range f.Scores() {
		worst = max(worst, (x-ref.Scores[i])/ref.Scores[i], (ref.Scores[i]-x)/ref.Scores[i])
	}
	fmt.Printf("%d workers, %d tiles, %d iterations (reference %d), within 1e-12: %v\n",
		f.Workers(), len(f.Tiles()), iterations, ref.Iterations, worst <= 1e-12)
	// Output:
	// 2 workers, 8 tiles, 19 iterations (reference 19), within 1e-12: true
}

// A Pool runs a function for every worker, the caller's goroutine being
// worker 0, and returns once all have finished: one barrier per Run. Each
// worker writes only its own slot.
func ExamplePool() {
	pool := strategy.NewPool(context.Background(), 3, strategy.PoolOptions{})
	defer pool.Close()
	squares := make([]int, pool.Workers())
	for round := 1; round <= 2; round++ {
		if err := pool.Run(func(w int) { squares[w] = round * w * w }); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(squares)
	}
	// Output:
	// [0 1 4]
	// [0 2 8]
}
