package strategy_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// TestReleasableArcs: with WithReleasableArcs, a strategy that computes
// through its blocks in a windowed layout frees the graph's arcs as the
// blocks are built, and still gets the reference's scores; the graph then
// says it has no arcs to solve again. The CSR layout, and a strategy that
// does not say it computes only through its blocks, leave the arcs alone.
func TestReleasableArcs(t *testing.T) {
	spec := "kron:18:8" // 4 source windows, weighted copies below
	o := pagerank.Default()
	o.Iterations = 12
	fresh := func(weighted bool) *graph.CSR {
		g, err := gen.Generate(spec, graph.BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if weighted {
			g.InWeights = make([]float64, len(g.InSources))
			for k := range g.InWeights {
				g.InWeights[k] = 0.5 + float64(k%7)
			}
			g.OutWeight = make([]float64, g.N)
			for r := range g.N {
				for k := g.InOffsets[r]; k < g.InOffsets[r+1]; k++ {
					g.OutWeight[g.InSources[k]] += g.InWeights[k]
				}
			}
		}
		return g
	}
	for _, weighted := range []bool{false, true} {
		want, err := pagerank.Reference(t.Context(), fresh(weighted), o)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			strategy string
			layout   strategy.Layout
			order    strategy.Order
			release  bool
		}{
			{"serial", strategy.LayoutHybrid, strategy.OrderNone, true},
			{"lockfree", strategy.LayoutSegmented, strategy.OrderNone, true},
			{"lockfree", strategy.LayoutBlocked, strategy.OrderDegree, false}, // the renumbered copy's arcs go, not the caller's
			{"mutex", strategy.LayoutHybrid, strategy.OrderNone, true},
			{"lockfree", strategy.LayoutCSR, strategy.OrderNone, false},
			{"chunked-goroutines", strategy.LayoutHybrid, strategy.OrderNone, false},
		} {
			g := fresh(weighted)
			sources := slices.Clone(g.InSources)
			e := strategy.Engine{Layout: c.layout, Order: c.order}
			res, err := strategy.Run(t.Context(), c.strategy, strategy.Config{Workers: 3}, g, o, strategy.WithEngine(e), strategy.WithReleasableArcs())
			if err != nil {
				t.Fatalf("%s %s: %v", c.strategy, e, err)
			}
			// The engines check holds each layout to 1e-12 of the reference
			// on graphs with fewer dangling nodes; here the question is
			// whether the release cost the solve anything, and arcs read
			// back as zeros would be wrong far beyond 1e-10. (kron:18:8's
			// 10^5 dangling nodes move one running dangling sum by 1e-12.)
			for i, w := range want.Scores {
				if d := math.Abs(res.Scores[i] - w); d > 1e-10*w {
					t.Fatalf("%s %s weighted=%v: node %d = %.17g, want %.17g", c.strategy, e, weighted, i, res.Scores[i], w)
				}
			}
			if released := g.InSources == nil; released != c.release {
				t.Errorf("%s %s weighted=%v: arcs released %v, want %v", c.strategy, e, weighted, released, c.release)
			}
			if !c.release {
				if !slices.Equal(g.InSources, sources) {
					t.Errorf("%s %s: the caller's arcs changed", c.strategy, e)
				}
				continue
			}
			if weighted && g.InWeights != nil {
				t.Errorf("%s %s: weights kept", c.strategy, e)
			}
			_, err = strategy.Run(t.Context(), c.strategy, strategy.Config{}, g, o)
			if err == nil || !strings.Contains(err.Error(), "invalid graph") {
				t.Errorf("%s %s: solving the released graph again: err = %v, want it refused as invalid", c.strategy, e, err)
			}
		}
	}
}
