package strategytest

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// F32RelTol is the largest relative difference Run accepts, per node,
// between a strategy's score with float32 contributions and the reference's
// after the same number of iterations. Each contribution is rounded once to
// float32 (relative error at most 2^-24, about 6e-8) and every sum is added
// in float64, so an iteration adds at most 2^-24 relative to a node's score
// and the damping shrinks what earlier iterations added: over the suite's
// iteration counts the measured worst is below 1e-6 (see docs/engine.md);
// 1e-5 leaves a margin and still fails a solve that is wrong anywhere.
const F32RelTol = 1e-5

// Engines sets the engines (layout, precision, order) the engine checks
// solve with (default: every combination, AllEngines(); in short mode
// ShortEngines()).
func Engines(engines []strategy.Engine) Option {
	return func(s *settings) { s.engines = slices.Clone(engines) }
}

// AllEngines returns every combination of layout, precision and order.
func AllEngines() []strategy.Engine {
	var es []strategy.Engine
	for _, l := range strategy.Layouts {
		for _, p := range strategy.Precisions {
			for _, o := range strategy.Orders {
				es = append(es, strategy.Engine{Layout: l, Precision: p, Order: o})
			}
		}
	}
	return es
}

// ShortEngines returns five engines that between them use every layout,
// precision and order, for short mode.
func ShortEngines() []strategy.Engine {
	return []strategy.Engine{
		{Layout: strategy.LayoutCSR, Precision: strategy.F64, Order: strategy.OrderNone},
		{Layout: strategy.LayoutCSR, Precision: strategy.F32, Order: strategy.OrderDegree},
		{Layout: strategy.LayoutSegmented, Precision: strategy.F64, Order: strategy.OrderDBG},
		{Layout: strategy.LayoutSegmented, Precision: strategy.F32, Order: strategy.OrderDegree},
		{Layout: strategy.LayoutBlocked, Precision: strategy.F32, Order: strategy.OrderNone},
	}
}

// engineCases are the graphs every engine solves: the kinds of graph that
// break a layout (empty, dangling, weighted, a hub, more nodes than a
// segment window, personalized) and, where the data folder has them, real
// graphs.
func engineCases() []scoreCase {
	var picked []scoreCase
	want := []string{"empty", "one-node", "all-dangling", "self-loops", "star", "weighted-small",
		"random-powerlaw", "random-weighted", "random-multigraph", "personalized-weighted-start",
		"seed:1000", "wiki-Vote", "p2p-Gnutella04", "cnr-2000"}
	for _, c := range scoreCases() {
		for _, w := range want {
			if c.name == w || strings.HasPrefix(c.name, w+".") || strings.HasPrefix(c.name, w+"@") {
				picked = append(picked, c)
			}
		}
	}
	// A graph wider than one segment window, so blocks span windows.
	picked = append(picked, scoreCase{name: "random-wide", graph: synthetic("random-wide",
		randomSpec{nodes: 150000, arcs: 600000, seed: 21, skew: true, dangling: 0.2}.generate)})
	return picked
}

// runEngines solves each engine case with every engine and compares with
// the reference after the same number of iterations: float64 engines
// within RelTol, float32 within F32RelTol. Orders must give the scores
// back by the caller's node numbers.
func runEngines(t *testing.T, name string, s *settings) {
	for _, c := range engineCases() {
		t.Run(c.name, func(t *testing.T) {
			if c.big && s.short {
				t.Skip("big real graph: left out in short mode")
			}
			g := c.graph(t, s)
			// Every engine meets the kernels a user can name by family
			// (generic, avx2, avx512: preferredKernels) unless Kernels
			// chose; the other variants of a family are checked against
			// generic operation by operation in package kernel, and
			// would multiply the engines check by two.
			kernels := s.kernels
			if !s.kernelsSet {
				kernels = preferredKernels()
			}
			for _, e := range s.engines {
				t.Run(e.String(), func(t *testing.T) {
					iterations := []int{10, 60}
					if c.real || s.short {
						iterations = iterations[:1]
					}
					for _, its := range iterations {
						o := pagerank.Default()
						if c.options != nil {
							c.options(g, &o)
						}
						o.Iterations = its
						key := graphKey(c.name, s, c.real) + fmt.Sprintf("/engine-at=%d", its)
						want, err := reference(key, g, o)
						if err != nil {
							t.Fatalf("reference: %v", err)
						}
						// An engine meets the worker count only where blocks
						// are cut: one block, or the most. Every count in
						// between is the main checks' business, and would
						// multiply the engine checks (4 layouts x 2
						// precisions x 3 orders x every kernel) by it.
						workers := []int{slices.Min(s.workers), slices.Max(s.workers)}
						if s.short || c.real {
							workers = []int{slices.Max(s.workers)}
						}
						workers = slices.Compact(workers)
						for _, w := range workers {
							for _, k := range kernels {
								cfg := s.config(w, k)
								got, err := strategy.Run(t.Context(), name, cfg, g, o, strategy.WithEngine(e))
								if err != nil {
									t.Fatalf("iterations=%d %s: %v", its, describe(cfg), err)
								}
								tol := RelTol
								if e.Precision == strategy.F32 {
									tol = F32RelTol
								}
								if err := compareScoresWithin(got.Scores, want.Scores, tol); err != nil {
									t.Errorf("iterations=%d %s on %d nodes, %d arcs: %v", its, describe(cfg), g.N, g.Arcs(), err)
								}
								if got.Engine != e.String() {
									t.Errorf("result says engine %q, want %q", got.Engine, e.String())
								}
							}
						}
					}
				})
			}
		})
	}
}

// compareScoresWithin is compareScores with another relative tolerance.
func compareScoresWithin(got, want []float64, tol float64) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d scores, want %d", len(got), len(want))
	}
	worst, worstRel, bad := -1, 0.0, 0
	for i, b := range want {
		a := got[i]
		m := math.Max(math.Abs(a), math.Abs(b))
		rel := math.Abs(a-b) / m
		if m == 0 {
			rel = 0
		}
		if !(rel <= tol) { // catches NaN
			bad++
			if worst < 0 || !(rel <= worstRel) {
				worst, worstRel = i, rel
			}
		}
	}
	if bad == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d scores differ from the reference by more than %g relative; worst node %d: got %v, want %v (relative %.3g)",
		bad, len(want), tol, worst, got[worst], want[worst], worstRel)
}
