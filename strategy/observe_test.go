package strategy_test

import (
	"context"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// TestIterationObserverSeesEveryIteration: the observer carried by the
// context hears each iteration in order with the residual the result reports.
func TestIterationObserverSeesEveryIteration(t *testing.T) {
	g, err := gen.Generate("seed:100", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var its []int
	var last float64
	ctx := strategy.WithIterationObserver(context.Background(), func(it int, r float64) {
		its = append(its, it)
		last = r
	})
	o := pagerank.Default()
	o.Iterations = 7
	res, err := strategy.Run(ctx, "serial", strategy.Config{}, g, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(its) != 7 || its[0] != 1 || its[6] != 7 {
		t.Errorf("observer saw iterations %v, want 1..7", its)
	}
	if last != res.Residual {
		t.Errorf("observer's last residual %v, result's %v", last, res.Residual)
	}
}
