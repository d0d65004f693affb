package prk

import (
	"context"
	"errors"
	"fmt"
	"runtime"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// SerialBelowArcs is the arc count below which BestStrategy picks the
// serial strategy. Below it an iteration is a few microseconds of
// arithmetic, less than handing work to another core costs (docs/results.md:
// lockfree matches serial but does not beat it on the study's 5,000- and
// 10,000-arc graphs), and lockfree would run a single worker anyway, as it
// gives each worker at least 16K arcs plus rows.
const SerialBelowArcs = 1 << 15

// Options say how PageRank solves. The zero value means the defaults:
// damping 0.85, tolerance 1e-10 on the L1 change of one iteration, at most
// 1000 iterations, uniform teleport, the best strategy and kernel.
type Options struct {
	// Damping is the probability of following an arc, in (0, 1); 0 means
	// 0.85. (Damping 0 would make every score the teleport vector itself.)
	Damping float64
	// Tolerance stops the solve when the L1 change of one iteration is
	// below it; 0 means 1e-10. networkx's tol is per node: its tol*N.
	Tolerance float64
	// MaxIterations bounds the solve; 0 means 1000.
	MaxIterations int
	// Iterations, when positive, runs exactly that many iterations.
	Iterations int
	// Personalization, when non-nil, is the teleport distribution, one
	// entry per node by dense id; dangling mass is spread by it too.
	Personalization []float64
	// Start, when non-nil, is the starting vector, one entry per node.
	Start []float64
	// IgnoreWeights solves a weighted graph as if it were unweighted.
	IgnoreWeights bool

	// Strategy names a registered strategy (strategy.Names); "" means
	// BestStrategy's choice for the graph.
	Strategy string
	// Workers is the number of goroutines or processes; 0 means
	// BestStrategy's choice when Strategy is "", else GOMAXPROCS.
	Workers int
	// Kernel names the arithmetic ("generic", "avx2", ...); "" or "auto"
	// means the fastest this CPU runs.
	Kernel string
	// Params are strategy-specific settings, as strategy.Config.Params.
	Params map[string]string
	// Engine is the layout, precision and node order of the iteration
	// (docs/engine.md); the zero value is the reference engine.
	// strategy.AutoEngine chooses layout and order by the graph, as prk run
	// does (float64, within 1e-12). For a
	// graph far larger than cache, strategy.Engine{Layout:
	// strategy.LayoutSegmented, Precision: strategy.F32, Order:
	// strategy.OrderDegree} is several times faster, within 1e-5 per node.
	Engine strategy.Engine
}

// PageRankOptions returns the solve options o asks for, with defaults for
// the zero fields.
func (o Options) PageRankOptions() pagerank.Options {
	p := pagerank.Default()
	if o.Damping != 0 {
		p.Damping = o.Damping
	}
	if o.Tolerance != 0 {
		p.Tolerance = o.Tolerance
	}
	if o.MaxIterations != 0 {
		p.MaxIterations = o.MaxIterations
	}
	p.Iterations = o.Iterations
	p.Personalization = o.Personalization
	p.Start = o.Start
	p.IgnoreWeights = o.IgnoreWeights
	return p
}

// BestStrategy returns the strategy and worker count PageRank uses for g
// when Options names none: serial for graphs of fewer than SerialBelowArcs
// arcs or when only one CPU may run Go code, and otherwise lockfree with
// GOMAXPROCS workers (it measures within 5-10% of a linear speed-up on
// graphs worth splitting; see docs/results.md).
func BestStrategy(g *graph.CSR) (name string, workers int) {
	procs := runtime.GOMAXPROCS(0)
	if g == nil || g.Arcs() < SerialBelowArcs || procs == 1 {
		return "serial", 1
	}
	return "lockfree", procs
}

// ErrNotConverged is matched (errors.Is) by the error PageRank returns,
// along with its result, when the solve stops at MaxIterations before the
// tolerance is met.
var ErrNotConverged = errors.New("prk: PageRank did not converge")

// PageRank solves g and returns its scores. It stops with ctx.Err() soon
// after ctx is cancelled. When the solve ends at MaxIterations without
// converging, it returns the result and an error matching ErrNotConverged,
// so that scores are never wrong in silence.
func PageRank(ctx context.Context, g *graph.CSR, opts Options) (*Result, error) {
	if g == nil {
		return nil, errors.New("prk: nil graph")
	}
	k, err := kernel.Lookup(opts.Kernel)
	if err != nil {
		return nil, fmt.Errorf("prk: %w", err)
	}
	name, workers := opts.Strategy, opts.Workers
	if name == "" {
		best, bestWorkers := BestStrategy(g)
		name = best
		if workers == 0 {
			workers = bestWorkers
		}
	}
	po := opts.PageRankOptions()
	res, err := strategy.Run(ctx, name, strategy.Config{Workers: workers, Kernel: k, Params: opts.Params}, g, po, strategy.WithEngine(opts.Engine))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("prk: %w", err)
	}
	r := &Result{Result: *res, Graph: g}
	if po.Iterations == 0 && !res.Converged {
		return r, fmt.Errorf("%w within %d iterations: the last changed the scores by %g (L1), the tolerance is %g",
			ErrNotConverged, res.Iterations, res.Residual, po.Tolerance)
	}
	return r, nil
}
