package pagerank

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/prkbench/prk/graph"
)

// Defaults.
const (
	DefaultDamping       = 0.85
	DefaultTolerance     = 1e-10
	DefaultMaxIterations = 1000
)

// Options say what to solve. The zero value is not valid; start from Default.
type Options struct {
	// Damping is the probability of following an arc, in [0, 1).
	Damping float64
	// Tolerance stops the solve when the L1 change of one iteration is below it.
	Tolerance float64
	// MaxIterations bounds the solve when it does not converge.
	MaxIterations int
	// Iterations, when positive, runs exactly that many iterations and
	// ignores Tolerance and MaxIterations for stopping.
	Iterations int
	// Personalization, when non-nil, is the teleport distribution (one
	// non-negative entry per node, not all zero; it is normalised to sum 1).
	// Dangling mass is spread by it too.
	Personalization []float64
	// Start, when non-nil, is the starting vector (normalised to sum 1);
	// otherwise every node starts at 1/n.
	Start []float64
	// IgnoreWeights solves a weighted graph as if it were unweighted.
	IgnoreWeights bool
}

// Default returns the default options: damping 0.85, tolerance 1e-10 on the
// L1 change, at most 1000 iterations.
func Default() Options {
	return Options{Damping: DefaultDamping, Tolerance: DefaultTolerance, MaxIterations: DefaultMaxIterations}
}

// Validate checks o against a graph of n nodes.
func (o *Options) Validate(n int) error {
	if !(o.Damping >= 0 && o.Damping < 1) {
		return fmt.Errorf("damping %v is outside [0, 1)", o.Damping)
	}
	if o.Iterations < 0 {
		return fmt.Errorf("iterations %d is negative", o.Iterations)
	}
	if o.Iterations == 0 {
		if !(o.Tolerance > 0) || math.IsInf(o.Tolerance, 0) {
			return fmt.Errorf("tolerance %v must be positive and finite", o.Tolerance)
		}
		if o.MaxIterations <= 0 {
			return fmt.Errorf("max iterations %d must be positive", o.MaxIterations)
		}
	}
	for _, v := range []struct {
		name string
		vec  []float64
	}{{"personalization", o.Personalization}, {"start", o.Start}} {
		if v.vec == nil {
			continue
		}
		if len(v.vec) != n {
			return fmt.Errorf("%s vector has %d entries for %d nodes", v.name, len(v.vec), n)
		}
		sum := 0.0
		for i, x := range v.vec {
			if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
				return fmt.Errorf("%s vector entry %d is %v", v.name, i, x)
			}
			sum += x
		}
		// Normalized divides by the sum: a sum that overflowed to +Inf
		// would turn every entry into 0 and the solve would "converge" to
		// scores summing to ~0. (No entry exceeds a finite sum of
		// non-negative entries, so none overflows when divided by it.)
		if n > 0 && !(sum > 0) {
			return fmt.Errorf("%s vector sums to %v; it needs a positive sum", v.name, sum)
		}
		if math.IsInf(sum, 0) {
			return fmt.Errorf("%s vector sums to %v: its entries are too large to add up; scale them down", v.name, sum)
		}

	}
	return nil
}

// StopAfter reports whether a solve stops after iteration it (counting from
// 1) whose residual was residual, and whether it then counts as converged.
// Every solver in prk, the reference and every strategy, stops by this one rule.
func (o *Options) StopAfter(it int, residual float64) (stop, converged bool) {
	if o.Iterations > 0 {
		return it >= o.Iterations, residual < o.Tolerance
	}
	if residual < o.Tolerance {
		return true, true
	}
	return it >= o.MaxIterations, false
}

// Result is the answer of a solve, from the reference or any strategy.
type Result struct {
	// Scores holds one score per node, by dense node id.
	Scores []float64
	// Iterations is how many iterations ran.
	Iterations int
	// Residual is the L1 change of the last iteration.
	Residual float64
	// Converged reports whether Residual fell below the tolerance.
	Converged bool

	// Strategy, Kernel and Workers say what computed the result.
	Strategy string
	Kernel   string
	Workers  int
	// Setup is the time the strategy spent preparing (starting workers,
	// shipping the graph) before the first iteration.
	Setup time.Duration
	// IterationTimes holds the wall time of each iteration when there were
	// at most MaxIterationTimes, else a uniform sample of MaxIterationTimes
	// of them (see TimeStats.Add): its median is the median iteration
	// time, exact or estimated (see MedianDuration).
	IterationTimes []time.Duration
	// IterationStats holds the exact count, total, minimum and maximum of
	// the iteration times, however many iterations ran.
	IterationStats TimeStats
	// BytesMoved counts the bytes that crossed between workers (processes), if any.
	BytesMoved int64
	// Engine says how the iteration was laid out, as layout/precision/order
	// (for example "csr/f64/none", the reference).
	Engine string
	// Reordering is the time spent renumbering the nodes before Setup, zero
	// without an order.
	Reordering time.Duration
}

// AddIterationTime records the wall time of one iteration in bounded
// memory: IterationStats exactly, IterationTimes as a bounded sample.
func (r *Result) AddIterationTime(d time.Duration) {
	r.IterationTimes = r.IterationStats.Add(r.IterationTimes, d)
}

// Uniform returns a vector of n entries 1/n (computed as a division, so it
// equals the study's np.ones(n)/n).
func Uniform(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	return x
}

// Normalized returns v scaled to sum 1, or v itself when it already does.
func Normalized(v []float64) []float64 {
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	if sum == 1 {
		return v
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x / sum
	}
	return out
}

// Teleport returns the scalar teleport term of one iteration for a uniform
// teleport: (1-d)/n plus d*dangling/n. When there is no dangling mass it is
// exactly (1-d)/n, computed at run time as the study did.
func Teleport(damping, dangling float64, n int) float64 {
	base := (1 - damping) / float64(n)
	if dangling != 0 {
		base += float64(damping*dangling) / float64(n)
	}
	return base
}

// checkGraph validates g: every invariant, once per solve, in time linear
// in its size (see graph.CSR.Validate).
func checkGraph(g *graph.CSR) error {
	if g == nil {
		return errors.New("pagerank: nil graph")
	}
	if err := g.Validate(); err != nil {
		return fmt.Errorf("pagerank: invalid graph: %w", err)
	}
	return nil
}
