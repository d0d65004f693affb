package prk_test

import (
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/prkbench/prk"
	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/pagerank"
)

// TestPageRankMatchesReference checks the one call, with every default, on
// a graph above and one below SerialBelowArcs against the serial reference.
func TestPageRankMatchesReference(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // so the large graph takes lockfree
	for _, tc := range []struct{ spec, strategy string }{
		{"uniform:2000:40000", "lockfree"},
		{"seed:1000", "serial"},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			g, err := prk.Load(context.Background(), tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			res, err := prk.PageRank(context.Background(), g, prk.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Strategy != tc.strategy {
				t.Errorf("strategy %s, want %s for %d arcs", res.Strategy, tc.strategy, g.Arcs())
			}
			want, err := pagerank.Reference(context.Background(), g, pagerank.Default())
			if err != nil {
				t.Fatal(err)
			}
			if !res.Converged || res.Iterations < want.Iterations-1 || res.Iterations > want.Iterations+1 {
				t.Fatalf("%d iterations (converged %v), reference %d", res.Iterations, res.Converged, want.Iterations)
			}
			// The same iterations agree to rounding. A SIMD kernel sums in
			// another order and may stop one iteration apart; then each
			// answer is within d/(1-d)*tol of the fixed point in L1.
			perNode, l1Bound := 1e-14, math.Inf(1)
			if res.Iterations != want.Iterations {
				t.Logf("%d iterations, reference %d", res.Iterations, want.Iterations)
				perNode, l1Bound = math.Inf(1), 2*0.85/0.15*pagerank.DefaultTolerance
			}
			l1 := 0.0
			for i, s := range res.Scores {
				d := math.Abs(s - want.Scores[i])
				l1 += d
				if d > perNode {
					t.Fatalf("node %d: %g, reference %g", i, s, want.Scores[i])
				}
			}
			if l1 > l1Bound {
				t.Errorf("L1 difference %g from the reference, beyond %g", l1, l1Bound)
			}
		})
	}
}

// TestBestStrategy pins the documented threshold on both sides and the
// one-CPU case.
func TestBestStrategy(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	arcs := func(m int) *graph.CSR {
		e := make([][2]uint32, m)
		for k := range e {
			e[k] = [2]uint32{uint32(k % 1000), uint32(k / 1000)}
		}
		g, err := prk.FromEdges(e)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	below, at := arcs(prk.SerialBelowArcs-1), arcs(prk.SerialBelowArcs)
	runtime.GOMAXPROCS(3)
	if name, w := prk.BestStrategy(below); name != "serial" || w != 1 {
		t.Errorf("below the threshold: %s %d, want serial 1", name, w)
	}
	if name, w := prk.BestStrategy(at); name != "lockfree" || w != 3 {
		t.Errorf("at the threshold: %s %d, want lockfree 3", name, w)
	}
	runtime.GOMAXPROCS(1)
	if name, w := prk.BestStrategy(at); name != "serial" || w != 1 {
		t.Errorf("one CPU: %s %d, want serial 1", name, w)
	}
}

func TestPageRankOptions(t *testing.T) {
	g, err := prk.FromEdges([][2]uint32{{0, 1}, {1, 2}, {2, 0}, {3, 0}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := (prk.Options{}).PageRankOptions(), pagerank.Default(); got.Damping != want.Damping ||
		got.Tolerance != want.Tolerance || got.MaxIterations != want.MaxIterations || got.Iterations != 0 {
		t.Errorf("zero Options give %+v, want pagerank.Default()", got)
	}
	o := prk.Options{Damping: 0.5, Tolerance: 1e-6, MaxIterations: 7, Iterations: 3, Personalization: []float64{1, 0, 0, 0},
		Start: []float64{0, 1, 0, 0}, IgnoreWeights: true}
	if p := o.PageRankOptions(); p.Damping != 0.5 || p.Tolerance != 1e-6 || p.MaxIterations != 7 || p.Iterations != 3 ||
		p.Personalization == nil || p.Start == nil || !p.IgnoreWeights {
		t.Errorf("options not passed through: %+v", p)
	}
	res, err := prk.PageRank(context.Background(), g, prk.Options{Strategy: "mutex", Workers: 2, Kernel: "generic", Iterations: 4})
	if err != nil {
		t.Fatal(err)
	}
	if res.Strategy != "mutex" || res.Kernel != "generic" || res.Iterations != 4 {
		t.Errorf("ran %s/%s for %d iterations, want mutex/generic for 4", res.Strategy, res.Kernel, res.Iterations)
	}
	for _, tc := range []struct {
		o    prk.Options
		want string
	}{
		{prk.Options{Damping: 1}, "damping 1 is outside [0, 1)"},
		{prk.Options{Strategy: "nope"}, `unknown strategy "nope"`},
		{prk.Options{Kernel: "nope"}, `kernel "nope" is not in this binary`},
		{prk.Options{Personalization: []float64{1}}, "personalization vector has 1 entries for 4 nodes"},
	} {
		if _, err := prk.PageRank(context.Background(), g, tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.o, err, tc.want)
		}
	}
	if _, err := prk.PageRank(context.Background(), nil, prk.Options{}); err == nil {
		t.Error("nil graph accepted")
	}
}

// TestPageRankNotConverged checks that a solve cut short by MaxIterations
// says so, with its result, and that a fixed iteration count does not.
func TestPageRankNotConverged(t *testing.T) {
	g, err := prk.Load(context.Background(), "seed:1000")
	if err != nil {
		t.Fatal(err)
	}
	res, err := prk.PageRank(context.Background(), g, prk.Options{MaxIterations: 2})
	if !errors.Is(err, prk.ErrNotConverged) || res == nil || res.Iterations != 2 {
		t.Fatalf("MaxIterations 2: %v, %v; want ErrNotConverged with a 2-iteration result", res, err)
	}
	if !strings.Contains(err.Error(), "within 2 iterations") {
		t.Errorf("error %q does not say how far it got", err)
	}
	if _, err := prk.PageRank(context.Background(), g, prk.Options{Iterations: 2}); err != nil {
		t.Errorf("a fixed count of 2 iterations: %v", err)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := prk.Load(ctx, "uniform:1000:10000"); !errors.Is(err, context.Canceled) {
		t.Errorf("Load with a cancelled context: %v", err)
	}
	g, err := prk.Load(context.Background(), "uniform:1000:10000")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := prk.PageRank(ctx, g, prk.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("PageRank with a cancelled context: %v", err)
	}
	if _, err := prk.Load(context.Background(), "no-such-file.txt"); err == nil || !strings.Contains(err.Error(), "no-such-file.txt") {
		t.Errorf("missing file: %v", err)
	}
}

// TestResultLookups checks Top, Score and ByID against the scores on a
// graph whose ids were remapped.
func TestResultLookups(t *testing.T) {
	lg, err := prk.FromLabeledEdges([][2]uint64{{100, 5}, {5, 7}, {7, 100}, {42, 7}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := prk.PageRank(context.Background(), lg.CSR, prk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byID := res.ByID()
	top := res.Top(10)
	if len(top) != 4 || len(byID) != 4 {
		t.Fatalf("Top %v, ByID %v", top, byID)
	}
	for r, n := range top {
		if byID[n.ID] != n.Score || res.Scores[n.Index] != n.Score || lg.Labels[n.Index] != n.ID {
			t.Errorf("rank %d: %+v disagrees with ByID %v / Scores", r, n, byID[n.ID])
		}
		if s, ok := res.Score(n.ID); !ok || s != n.Score {
			t.Errorf("Score(%d) = %v, %v", n.ID, s, ok)
		}
		if r > 0 && top[r-1].Score < n.Score {
			t.Errorf("Top not descending at %d", r)
		}
	}
	if top[len(top)-1].ID != 42 {
		t.Errorf("the node nothing links to (42) should rank last: %v", top)
	}
	if _, ok := res.Score(6); ok {
		t.Error("Score found id 6")
	}
}

// TestEdgeWrappers checks that the root package's builders are the graph
// package's with default build options.
func TestEdgeWrappers(t *testing.T) {
	arcs := [][2]uint32{{0, 1}, {0, 1}, {1, 2}}
	weights := []float64{1, 2, 0.5}
	got, err := prk.FromWeightedEdges(arcs, weights)
	if err != nil {
		t.Fatal(err)
	}
	want, err := graph.FromWeightedEdges(arcs, weights, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Arcs() != 2 || !slices.Equal(got.InWeights, want.InWeights) || !slices.Equal(got.OutWeight, []float64{3, 0.5, 0}) {
		t.Errorf("FromWeightedEdges: weights %v, out-weights %v", got.InWeights, got.OutWeight)
	}
	if _, err := prk.FromWeightedEdges(arcs, weights[:1]); err == nil {
		t.Error("1 weight for 3 arcs accepted")
	}
	lg, err := prk.FromWeightedLabeledEdges([][2]string{{"x", "y"}, {"x", "y"}}, []float64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lg.Labels, []string{"x", "y"}) || !slices.Equal(lg.OutWeight, []float64{3, 0}) {
		t.Errorf("FromWeightedLabeledEdges: labels %v, out-weights %v", lg.Labels, lg.OutWeight)
	}
}
