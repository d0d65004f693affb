package pagerank

import (
	"fmt"
	"math"

	"github.com/prkbench/prk/graph"
)

// CheckOutWeights refuses a weighted graph with a node whose out-weight w
// is positive but so small that 1/w overflows: dividing a score by it
// makes +Inf (or NaN for a zero score), which then reaches every score
// downstream while each input number is finite. The error names the node.
func CheckOutWeights(g *graph.CSR) error {
	for j, w := range g.OutWeight {
		if w > 0 && math.IsInf(1/w, 1) {
			return fmt.Errorf("node %d (id %d) has out-weight %g: dividing a score by it overflows to +Inf; scale the weights up",
				j, g.ID(j), w)
		}
	}
	return nil
}

// SumTolerance returns how far from 1 the sum of n scores solved with
// damping d may be: 1e-6, plus n rounding errors of 2^-52 per iteration,
// which the iteration damps by d (so they add up to at most 1/(1-d) of
// one). The sum of exact scores is 1 after every iteration, converged or
// not, so a sum outside this is arithmetic gone wrong, not imprecision.
func SumTolerance(n int, d float64) float64 {
	return 1e-6 + float64(n)*0x1p-52/(1-d)
}

// CheckScores checks what every solve must produce: each score finite and
// non-negative and their sum within SumTolerance(len(scores), damping) of 1.
// Solvers call it on their result and return its error instead of scores
// that overflowed or lost their mass.
func CheckScores(scores []float64, damping float64) error {
	if len(scores) == 0 {
		return nil
	}
	sum := 0.0
	for i, x := range scores {
		if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
			return fmt.Errorf("pagerank: the solve produced score %v for node %d: an input overflowed (tiny weights or huge vectors?) or the solver is faulty", x, i)
		}
		sum += x
	}
	if tol := SumTolerance(len(scores), damping); !(math.Abs(sum-1) <= tol) {
		return fmt.Errorf("pagerank: the scores sum to %v, not 1 (within %.2g): the arithmetic lost or made mass (an input that overflowed, or a faulty solver)", sum, tol)
	}
	return nil
}
