package strategytest

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/pagerank"
)

// RelTol is the largest relative difference Run accepts between a
// strategy's score and the reference's for the same node:
// |a-b| <= RelTol*max(|a|,|b|). A concurrent strategy adds partial sums in
// another order than the reference and a SIMD kernel sums rows in another
// order, which moves scores by a few units in the last place; 1e-12 leaves
// room for that and for its growth over a thousand iterations, and nothing
// more.
const RelTol = 1e-12

// residualTol bounds the difference between a strategy's last residual and
// the reference's. The residual is a sum of small differences of nearly
// equal scores, so it cannot be held to RelTol; the scores are, and they sum
// to one, which bounds the residual's error by a few RelTol in absolute terms.
const residualTol = 1e-10

// compareScores returns nil when every got[i] is within RelTol of want[i],
// else an error describing the worst few differences.
func compareScores(got, want []float64) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d scores, want %d", len(got), len(want))
	}
	var bad []int
	worst, worstRel := -1, 0.0
	for i, b := range want {
		a := got[i]
		diff := math.Abs(a - b)
		bound := RelTol * math.Max(math.Abs(a), math.Abs(b))
		if diff <= bound { // false for NaN
			continue
		}
		bad = append(bad, i)
		rel := diff / math.Max(math.Abs(a), math.Abs(b))
		if worst < 0 || !(rel <= worstRel) {
			worst, worstRel = i, rel
		}
	}
	if len(bad) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d scores differ from the reference by more than %g relative; worst node %d: got %v, want %v (relative %.3g)",
		len(bad), len(want), RelTol, worst, got[worst], want[worst], worstRel)
	for _, i := range bad[:min(len(bad), 5)] {
		fmt.Fprintf(&b, "\n\tnode %d: got %v, want %v", i, got[i], want[i])
	}
	return fmt.Errorf("%s", b.String())
}

// compareResults checks a strategy's result against the reference's: the
// same iteration count and convergence flag, scores within RelTol, and a
// last residual within residualTol.
func compareResults(got, want *pagerank.Result) error {
	if got == nil {
		return fmt.Errorf("nil result")
	}
	var errs []string
	if got.Iterations != want.Iterations {
		errs = append(errs, fmt.Sprintf("ran %d iterations, the reference %d", got.Iterations, want.Iterations))
	}
	if got.Converged != want.Converged {
		errs = append(errs, fmt.Sprintf("converged = %v, the reference says %v", got.Converged, want.Converged))
	}
	if d := math.Abs(got.Residual - want.Residual); !(d <= residualTol) {
		errs = append(errs, fmt.Sprintf("last residual %v, the reference's %v", got.Residual, want.Residual))
	}
	if err := compareScores(got.Scores, want.Scores); err != nil {
		errs = append(errs, err.Error())
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(errs, "\n"))
}

// residualNoise bounds how far rounding alone can move a residual near the
// scores x: summing row i in another order moves it by at most about
// indeg(i)*eps of its value, in both iterates of the difference, and the
// shifts carry over from iteration to iteration shrunk by the damping.
// Near a hub with thousands of in-arcs this reaches 1e-12, so a strategy
// that sums rows in another order (a SIMD kernel) may legitimately see a
// residual of 1e-12 on the other side of a 1e-12 tolerance.
func residualNoise(g *graph.CSR, o pagerank.Options, x []float64) float64 {
	const eps = 0x1p-52
	sum := 0.0
	for i := range g.N {
		sum += float64(g.InOffsets[i+1]-g.InOffsets[i]+2) * math.Abs(x[i])
	}
	return 2 * eps * sum / (1 - o.Damping)
}

// referenceAt returns the reference's result after exactly k iterations
// of the solve o describes (computed once per key).
func referenceAt(key string, g *graph.CSR, o pagerank.Options, k int) (*pagerank.Result, error) {
	o.Iterations = k
	return reference(fmt.Sprintf("%s/at=%d", key, k), g, o)
}

// stopWithinNoise decides whether a strategy that stopped elsewhere than
// the reference stopped where the reference itself could have, had its
// sums been rounded otherwise: the reference's residuals at the strategy's
// stopping point lie within residualNoise of the tolerance on the side the
// strategy's decision needs. If so it returns the reference's result at
// the strategy's stopping point, to compare the scores with; else nil and
// why not.
func stopWithinNoise(key string, g *graph.CSR, o pagerank.Options, got, want *pagerank.Result) (*pagerank.Result, string) {
	k := got.Iterations
	tol := o.Tolerance
	noise := residualNoise(g, o, want.Scores)
	switch {
	case o.Iterations > 0 && k != o.Iterations:
		return nil, fmt.Sprintf("ran %d iterations, but the options ask for exactly %d", k, o.Iterations)
	case o.Iterations == 0 && (k < 1 || k > o.MaxIterations):
		return nil, fmt.Sprintf("ran %d iterations, outside 1..MaxIterations=%d", k, o.MaxIterations)
	case o.Iterations == 0 && !got.Converged && k != o.MaxIterations:
		return nil, fmt.Sprintf("stopped unconverged after %d iterations, before MaxIterations=%d", k, o.MaxIterations)
	}
	at, err := referenceAt(key, g, o, k)
	if err != nil {
		return nil, err.Error()
	}
	rk := at.Residual
	if got.Converged && !(rk < tol+noise) {
		return nil, fmt.Sprintf("says it converged after %d iterations, where the reference's residual is %v, beyond the tolerance %v by more than rounding noise (%.2g)", k, rk, tol, noise)
	}
	if !got.Converged && !(rk >= tol-noise) {
		return nil, fmt.Sprintf("says it did not converge after %d iterations, where the reference's residual is %v, under the tolerance %v by more than rounding noise (%.2g)", k, rk, tol, noise)
	}
	if o.Iterations == 0 && k > 1 {
		// The strategy went on after iteration k-1: that residual must not
		// have been clearly under the tolerance.
		prev, err := referenceAt(key, g, o, k-1)
		if err != nil {
			return nil, err.Error()
		}
		if !(prev.Residual >= tol-noise) {
			return nil, fmt.Sprintf("went on after iteration %d, where the reference's residual %v is under the tolerance %v by more than rounding noise (%.2g)", k-1, prev.Residual, tol, noise)
		}
	}
	res := *at
	res.Converged = got.Converged
	return &res, ""
}

// checkResult compares a strategy's result for g and o with the
// reference's, want, computed under key. A strategy may stop at another
// iteration than the reference only where the reference's residual is
// within rounding noise of the tolerance; its scores are then compared with
// the reference's at the iteration where it stopped.
func checkResult(t *testing.T, key string, g *graph.CSR, o pagerank.Options, got, want *pagerank.Result) {
	t.Helper()
	if got != nil && (got.Iterations != want.Iterations || got.Converged != want.Converged) {
		at, why := stopWithinNoise(key, g, o, got, want)
		if at == nil {
			t.Errorf("ran %d iterations (converged %v), the reference %d (converged %v): the strategy %s",
				got.Iterations, got.Converged, want.Iterations, want.Converged, why)
			return
		}
		t.Logf("stopped after %d iterations (converged %v), the reference after %d (converged %v): the residual is within rounding noise of the tolerance there, so comparing with the reference at iteration %d",
			got.Iterations, got.Converged, want.Iterations, want.Converged, got.Iterations)
		want = at
	}
	if err := compareResults(got, want); err != nil {
		t.Errorf("on %d nodes, %d arcs:\n%v", g.N, g.Arcs(), err)
	}
}

// referenceCache holds reference results by graph and options, so the
// reference solves each problem once per test binary.
var referenceCache struct {
	sync.Mutex
	m map[string]*cachedResult
}

type cachedResult struct {
	once sync.Once
	res  *pagerank.Result
	err  error
}

// reference returns pagerank.Reference's answer for g and o, computed once
// per key.
func reference(key string, g *graph.CSR, o pagerank.Options) (*pagerank.Result, error) {
	referenceCache.Lock()
	if referenceCache.m == nil {
		referenceCache.m = map[string]*cachedResult{}
	}
	c := referenceCache.m[key]
	if c == nil {
		c = &cachedResult{}
		referenceCache.m[key] = c
	}
	referenceCache.Unlock()
	c.once.Do(func() { c.res, c.err = pagerank.Reference(context.Background(), g, o) })
	return c.res, c.err
}
