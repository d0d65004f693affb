package strategytest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// stopRule is one way of ending a solve.
type stopRule struct {
	name  string
	apply func(o *pagerank.Options)
}

var (
	// The study's runs: exactly ten iterations.
	stopTenIterations = stopRule{"iterations=10", func(o *pagerank.Options) { o.Iterations = 10 }}
	// Converge tightly, so small differences have many iterations to grow.
	stopTight = stopRule{"tol=1e-12", func(o *pagerank.Options) { o.Tolerance, o.MaxIterations = 1e-12, 1000 }}
	// Converge loosely, after a few iterations.
	stopLoose = stopRule{"tol=1e-4", func(o *pagerank.Options) { o.Tolerance = 1e-4 }}
	// Give up before converging: the result must say it did not converge.
	stopCapped = stopRule{"max-iterations=4", func(o *pagerank.Options) { o.Tolerance, o.MaxIterations = 1e-12, 4 }}

	allStops = []stopRule{stopTenIterations, stopTight, stopLoose, stopCapped}
)

// scoreCase is one graph, with the options it is solved with, that the
// suite compares against the reference.
type scoreCase struct {
	name string
	// graph returns the graph; it may skip the test (missing data).
	graph func(t *testing.T, s *settings) *graph.CSR
	// options adjusts the default options for the graph, or is nil.
	options func(g *graph.CSR, o *pagerank.Options)
	// stops are the stopping rules to try; nil means allStops.
	stops []stopRule
	// real marks a real graph: in short mode it runs with fewer stopping
	// rules and the first kernel only.
	real bool
	// big marks a graph left out in short mode.
	big bool
	// extraWorkers are worker counts tried besides the configured ones.
	extraWorkers []int
}

// synthetic wraps a graph maker that needs no data folder.
func synthetic(key string, make func() (*graph.CSR, error)) func(*testing.T, *settings) *graph.CSR {
	return func(t *testing.T, _ *settings) *graph.CSR { return mustGraph(t, key, make) }
}

// vector returns n non-negative entries (about a third zero, never all
// zero), not normalised, drawn from seed.
func vector(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 0x7ec))
	v := make([]float64, n)
	for i := range v {
		if rng.IntN(3) != 0 {
			v[i] = 5 * rng.Float64()
		}
	}
	if n > 0 {
		v[rng.IntN(n)] = 1
	}
	return v
}

func withPersonalization(seed uint64) func(*graph.CSR, *pagerank.Options) {
	return func(g *graph.CSR, o *pagerank.Options) { o.Personalization = vector(g.N, seed) }
}

func withStart(seed uint64) func(*graph.CSR, *pagerank.Options) {
	return func(g *graph.CSR, o *pagerank.Options) { o.Start = vector(g.N, seed) }
}

// powerLawSpec is the random graph most checks use: web-like in-degrees,
// a third of the nodes dangling, a few self-loops.
var powerLawSpec = randomSpec{nodes: 2500, arcs: 15000, seed: 2, skew: true, dangling: 0.3, selfLoops: 0.01}

// scoreCases lists every graph the score checks solve.
func scoreCases() []scoreCase {
	weightedArcs := [][2]uint32{{0, 1}, {0, 2}, {1, 2}, {2, 0}, {3, 0}, {3, 4}, {4, 4}, {4, 1}, {5, 5}}
	// Node 3's arcs weigh nothing, so it is dangling though it has out-arcs;
	// node 5 keeps everything on a self-loop.
	weights := []float64{2.5, 0.5, 1, 3, 0, 0, 1, 0.25, 4}
	weightedSmall := synthetic("weighted-small", weightedHandMade(6, weightedArcs, weights))
	randomWeighted := synthetic("random-weighted", randomSpec{nodes: 1000, arcs: 6000, seed: 3, weighted: true, dangling: 0.1}.generate)
	randomPowerLaw := synthetic("random-powerlaw", powerLawSpec.generate)

	cases := []scoreCase{
		{name: "empty", graph: synthetic("empty", handMade(0))},
		{name: "one-node", graph: synthetic("one-node", handMade(1))},
		{name: "one-node-self-loop", graph: synthetic("one-node-self-loop", handMade(1, [2]uint32{0, 0}))},
		{name: "all-dangling", graph: synthetic("all-dangling", handMade(7))},
		{name: "self-loops", graph: synthetic("self-loops", handMade(6,
			[2]uint32{0, 0}, [2]uint32{0, 1}, [2]uint32{1, 1}, [2]uint32{1, 2}, [2]uint32{2, 0},
			[2]uint32{3, 3}, [2]uint32{4, 3}))},
		{name: "three-nodes-many-workers", extraWorkers: []int{8, 17}, graph: synthetic("three-nodes",
			handMade(3, [2]uint32{0, 1}, [2]uint32{1, 2}, [2]uint32{2, 0}, [2]uint32{0, 2}))},
		{name: "star", graph: synthetic("star", func() (*graph.CSR, error) {
			// Every node points to the hub and the hub to every node: one
			// row holds half the arcs, a hard case for splitting by arcs.
			const n = 2000
			a := &arcList{n: n}
			for i := uint32(1); i < n; i++ {
				a.add(i, 0)
				a.add(0, i)
			}
			return a.build(graph.BuildOptions{})
		})},
		{name: "weighted-small", graph: weightedSmall},
		{name: "weighted-small-ignoring-weights", graph: weightedSmall,
			options: func(_ *graph.CSR, o *pagerank.Options) { o.IgnoreWeights = true }},
		{name: "random-uniform", graph: synthetic("random-uniform",
			randomSpec{nodes: 1500, arcs: 10000, seed: 1, selfLoops: 0.02}.generate)},
		{name: "random-powerlaw", graph: randomPowerLaw},
		{name: "random-weighted", graph: randomWeighted},
		{name: "random-multigraph", graph: synthetic("random-multigraph",
			randomSpec{nodes: 600, arcs: 5000, seed: 4, skew: true, multigraph: true}.generate)},
		// More rows than a strategy may compute at a time, in every block.
		{name: "random-sparse", graph: synthetic("random-sparse",
			randomSpec{nodes: 20000, arcs: 12000, seed: 5}.generate)},
		{name: "personalized", graph: randomPowerLaw, options: withPersonalization(11)},
		{name: "start-vector", graph: randomPowerLaw, options: withStart(12)},
		{name: "personalized-weighted-start", graph: randomWeighted,
			options: func(g *graph.CSR, o *pagerank.Options) {
				withPersonalization(13)(g, o)
				withStart(14)(g, o)
			}},
		{name: "personalized-small", graph: weightedSmall, options: withPersonalization(15)},
	}
	cases = append(cases, seedCases()...)
	cases = append(cases, realCases()...)
	return cases
}

func runScores(t *testing.T, name string, s *settings) {
	for _, c := range scoreCases() {
		t.Run(c.name, func(t *testing.T) {
			if c.big && s.short {
				t.Skip("big real graph: left out in short mode")
			}
			g := c.graph(t, s)
			stops, kernels := c.stops, s.kernels
			if stops == nil {
				stops = allStops
			}
			if c.real && s.short {
				stops, kernels = stops[:1], kernels[:1]
			}
			workers := slices.Clone(s.workers)
			for _, w := range c.extraWorkers {
				if !slices.Contains(workers, w) {
					workers = append(workers, w)
				}
			}
			for _, stop := range stops {
				workers := workers
				if s.short && stop.name == stopTight.name {
					// The tight rule costs most; short mode tries it with
					// the most workers only.
					workers = []int{slices.Max(workers)}
				}
				t.Run(stop.name, func(t *testing.T) {
					o := pagerank.Default()
					if c.options != nil {
						c.options(g, &o)
					}
					stop.apply(&o)
					key := graphKey(c.name, s, c.real) + "/" + stop.name
					want, err := reference(key, g, o)
					if err != nil {
						t.Fatalf("reference: %v", err)
					}
					for _, w := range workers {
						t.Run(fmt.Sprintf("workers=%d", w), func(t *testing.T) {
							for _, k := range kernels {
								t.Run("kernel="+k.Name, func(t *testing.T) {
									checkSolve(t, name, s.config(w, k), key, g, o, want)
								})
							}
						})
					}
				})
			}
		})
	}
}

// graphKey names a case's graph for the caches: real graphs also by the
// folder they came from.
func graphKey(name string, s *settings, real bool) string {
	if real {
		return name + "@" + s.dataDir
	}
	return name
}

// checkSolve solves g with the strategy and compares with want, the
// reference's result computed under key.
func checkSolve(t *testing.T, name string, cfg strategy.Config, key string, g *graph.CSR, o pagerank.Options, want *pagerank.Result) {
	t.Helper()
	got, err := strategy.Run(t.Context(), name, cfg, g, o)
	if err != nil {
		t.Fatalf("solve with %s: %v", describe(cfg), err)
	}
	checkResult(t, key, g, o, got, want)
}

// describe says how a strategy was configured, for failure messages.
func describe(cfg strategy.Config) string {
	k := "auto"
	if cfg.Kernel != nil {
		k = cfg.Kernel.Name
	}
	s := fmt.Sprintf("workers=%d kernel=%s", cfg.Workers, k)
	if len(cfg.Params) > 0 {
		s += fmt.Sprintf(" params=%v", cfg.Params)
	}
	return s
}

// firstKernel is the kernel the lifecycle checks use.
func (s *settings) firstKernel() *kernel.Kernel { return s.kernels[0] }
