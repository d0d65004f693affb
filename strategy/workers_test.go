package strategy_test

import (
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// TestLockfreeReportsWorkersThatRan: on a graph too small for two workers'
// minwork, lockfree runs one and the result says one; with minwork=0 it
// runs the two it was given.
func TestLockfreeReportsWorkersThatRan(t *testing.T) {
	g, err := gen.Generate("seed:100", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o := pagerank.Default()
	o.Iterations = 3
	for _, c := range []struct {
		params map[string]string
		want   int
	}{{nil, 1}, {map[string]string{"minwork": "0"}, 2}} {
		res, err := strategy.Run(t.Context(), "lockfree", strategy.Config{Workers: 2, Params: c.params}, g, o)
		if err != nil {
			t.Fatal(err)
		}
		if res.Workers != c.want {
			t.Errorf("params %v: result says %d workers, want %d", c.params, res.Workers, c.want)
		}
	}
}
