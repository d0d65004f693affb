package strategy_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// triangle is a valid weighted graph: 0->1, 1->2, 2->0, 0->2.
func triangle() *graph.CSR {
	return &graph.CSR{
		N:         3,
		InOffsets: []int64{0, 1, 2, 4},
		InSources: []uint32{2, 0, 0, 1},
		InWeights: []float64{1, 1, 1, 1},
		OutDegree: []uint32{2, 1, 1},
		OutWeight: []float64{2, 1, 1},
	}
}

// badGraphs are crafted CSRs that break one invariant each; before every
// public path validated its graph, the first two read out of bounds in the
// assembly kernels (wrong scores with a nil error, or SIGSEGV).
func badGraphs() map[string]*graph.CSR {
	bad := map[string]func(g *graph.CSR){
		"source-beyond-N":      func(g *graph.CSR) { g.InSources[3] = 1 << 30; g.OutDegree[1] = 0 },
		"falling-offsets":      func(g *graph.CSR) { g.InOffsets = []int64{0, 3, 1, 4} },
		"negative-offset":      func(g *graph.CSR) { g.InOffsets = []int64{0, -5, 2, 4} },
		"first-offset-nonzero": func(g *graph.CSR) { g.InOffsets = []int64{1, 1, 2, 4} },
		"offsets-past-sources": func(g *graph.CSR) { g.InOffsets = []int64{0, 1, 2, 9} },
		"short-offsets":        func(g *graph.CSR) { g.InOffsets = g.InOffsets[:3] },
		"short-sources":        func(g *graph.CSR) { g.InSources = g.InSources[:3] },
		"short-weights":        func(g *graph.CSR) { g.InWeights = g.InWeights[:2] },
		"short-outdegree":      func(g *graph.CSR) { g.OutDegree = g.OutDegree[:2] },
		"wrong-outdegree":      func(g *graph.CSR) { g.OutDegree[0] = 7 },
		"nan-weight":           func(g *graph.CSR) { g.InWeights[1] = math.NaN() },
		"inf-weight":           func(g *graph.CSR) { g.InWeights[1] = math.Inf(1) },
		"negative-weight":      func(g *graph.CSR) { g.InWeights[1] = -1 },
		"nan-out-weight":       func(g *graph.CSR) { g.OutWeight[2] = math.NaN() },
		"node-count-too-big":   func(g *graph.CSR) { g.N = 4 },
		"negative-node-count":  func(g *graph.CSR) { g.N = -1 },
		"unsorted-sources":     func(g *graph.CSR) { g.InSources[2], g.InSources[3] = 1, 0 },
		"ids-not-ascending":    func(g *graph.CSR) { g.IDs = []uint64{5, 5, 6} },
	}
	out := map[string]*graph.CSR{}
	for name, f := range bad {
		g := triangle()
		f(g)
		out[name] = g
	}
	return out
}

// TestInvalidGraphsAreErrors: every crafted bad graph is an error from
// NewProblem and from strategy.Run, for every registered strategy and
// every kernel this CPU runs, weighted or not: never a crash, never
// scores with a nil error.
func TestInvalidGraphsAreErrors(t *testing.T) {
	for name, g := range badGraphs() {
		t.Run(name, func(t *testing.T) {
			if err := g.Validate(); err == nil {
				t.Fatalf("Validate accepted the graph")
			}
			for _, ignore := range []bool{false, true} {
				o := pagerank.Default()
				o.IgnoreWeights = ignore
				if p, err := strategy.NewProblem(g, o); err == nil {
					t.Errorf("NewProblem (ignore weights %v) accepted it: %d nodes", ignore, p.N())
				}
				for _, s := range strategy.Names() {
					for _, k := range kernel.Supported() {
						res, err := strategy.Run(t.Context(), s, strategy.Config{Workers: 2, Kernel: k}, g, o)
						if err == nil {
							t.Errorf("strategy %s, kernel %s: Run returned scores %v and no error", s, k.Name, res.Scores)
						} else if !strings.Contains(err.Error(), "invalid graph") {
							t.Errorf("strategy %s, kernel %s: error %q does not say the graph is invalid", s, k.Name, err)
						}
					}
				}
			}
		})
	}
}

// TestProblemKeepsValidatedGraph: replacing Problem.Graph after NewProblem
// cannot hand a strategy an unchecked graph: the problem solves the graph
// it validated.
func TestProblemKeepsValidatedGraph(t *testing.T) {
	g := triangle()
	p, err := strategy.NewProblem(g, pagerank.Default())
	if err != nil {
		t.Fatal(err)
	}
	want, err := strategy.Solve(t.Context(), "serial", strategy.Config{}, p)
	if err != nil {
		t.Fatal(err)
	}
	p.Graph = badGraphs()["source-beyond-N"]
	for _, s := range []string{"serial", "mutex", "lockfree", "chunked-goroutines"} {
		res, err := strategy.Solve(t.Context(), s, strategy.Config{Workers: 2}, p)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		for i := range want.Scores {
			if math.Abs(res.Scores[i]-want.Scores[i]) > 1e-12 {
				t.Errorf("%s: score %d is %v, want %v", s, i, res.Scores[i], want.Scores[i])
			}
		}
	}
}

// TestNonFiniteArithmeticIsAnError: finite inputs that make non-finite
// arithmetic are refused (where cheap to see, before the solve) and a
// solve's output is checked, so no Inf, NaN or mass-losing vector ever
// comes back with a nil error.
func TestNonFiniteArithmeticIsAnError(t *testing.T) {
	tiny := triangle()
	// Node 1's only out-arc weighs 1e-310: x/1e-310 overflows to +Inf.
	tiny.InWeights[3] = 1e-310
	tiny.OutWeight[1] = 1e-310

	huge := pagerank.Default()
	huge.Personalization = []float64{math.MaxFloat64, math.MaxFloat64, 1}
	hugeStart := pagerank.Default()
	hugeStart.Start = []float64{math.MaxFloat64, math.MaxFloat64, 1}

	cases := []struct {
		name string
		g    *graph.CSR
		o    pagerank.Options
		says string
	}{
		{"tiny-out-weight", tiny, pagerank.Default(), "node 1 (id 1) has out-weight 1e-310"},
		{"personalization-sum-overflows", triangle(), huge, "personalization vector sums to +Inf"},
		{"start-sum-overflows", triangle(), hugeStart, "start vector sums to +Inf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := strategy.NewProblem(c.g, c.o); err == nil || !strings.Contains(err.Error(), c.says) {
				t.Errorf("NewProblem returned %v, want an error saying %q", err, c.says)
			}
			for _, s := range strategy.Names() {
				res, err := strategy.Run(t.Context(), s, strategy.Config{Workers: 2}, c.g, c.o)
				if err == nil {
					t.Errorf("%s: Run returned scores %v and no error", s, res.Scores)
				}
			}
			if _, err := pagerank.Reference(t.Context(), c.g, c.o); err == nil || !strings.Contains(err.Error(), c.says) {
				t.Errorf("Reference returned %v, want an error saying %q", err, c.says)
			}
		})
	}
	// Ignoring the weights, the tiny weight is harmless.
	o := pagerank.Default()
	o.IgnoreWeights = true
	if _, err := strategy.Run(t.Context(), "serial", strategy.Config{}, tiny, o); err != nil {
		t.Errorf("ignoring the weights: %v", err)
	}
}

// lossy is a strategy whose scores are wrong in the ways CheckScores
// catches: it returns the start vector times a factor, or with a NaN.
type lossy struct {
	p      *strategy.Problem
	x      []float64
	factor float64
	nan    bool
}

func (l *lossy) Prepare(_ context.Context, p *strategy.Problem) error { l.p = p; return l.Reset() }
func (l *lossy) Reset() error {
	l.x = l.p.Start()
	for i := range l.x {
		l.x[i] *= l.factor
	}
	if l.nan {
		l.x[0] = math.NaN()
	}
	return nil
}
func (l *lossy) Iterate(context.Context) (float64, error) { return 0, nil }
func (l *lossy) Scores() []float64                        { return l.x }
func (l *lossy) Close() error                             { return nil }

func init() {
	strategy.Register("safety-test-half-mass", func(strategy.Config) (strategy.Strategy, error) { return &lossy{factor: 0.5}, nil })
	strategy.Register("safety-test-inf", func(strategy.Config) (strategy.Strategy, error) { return &lossy{factor: math.Inf(1)}, nil })
	strategy.Register("safety-test-nan", func(strategy.Config) (strategy.Strategy, error) { return &lossy{factor: 1, nan: true}, nil })
}

// TestSolveChecksScores: whatever computed them, scores that are not
// finite or do not sum to 1 are an error from Solve, not a result.
func TestSolveChecksScores(t *testing.T) {
	for name, says := range map[string]string{
		"safety-test-half-mass": "the scores sum to 0.5",
		"safety-test-inf":       "score +Inf for node 0",
		"safety-test-nan":       "score NaN for node 0",
	} {
		res, err := strategy.Run(t.Context(), name, strategy.Config{}, triangle(), pagerank.Default())
		if err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("%s: Run returned %v (result %v), want an error saying %q", name, err, res, says)
		}
	}
}

// TestWorkerCap: a worker count far beyond the CPUs is refused by
// strategy.New for every strategy, with an error naming the cap.
func TestWorkerCap(t *testing.T) {
	limit := strategy.WorkerCap(strategy.MaxWorkersPerCPU)
	if limit < runtime.NumCPU() || limit < strategy.MinWorkerCap {
		t.Fatalf("WorkerCap = %d", limit)
	}
	for _, s := range strategy.Names() {
		_, err := strategy.New(s, strategy.Config{Workers: 100000})
		if err == nil || !strings.Contains(err.Error(), "cap of") {
			t.Errorf("%s with 100000 workers: %v, want an error naming the cap", s, err)
		}
		st, err := strategy.New(s, strategy.Config{Workers: limit})
		if err != nil {
			t.Errorf("%s with %d workers (the cap): %v", s, limit, err)
			continue
		}
		st.Close()
	}
}

// TestIterationTimesBounded: a solve of two billion iterations, cut short
// by a deadline, keeps at most pagerank.MaxIterationTimes iteration times
// while counting every iteration exactly.
func TestIterationTimesBounded(t *testing.T) {
	o := pagerank.Default()
	o.Iterations = 2_000_000_000
	p, err := strategy.NewProblem(triangle(), o)
	if err != nil {
		t.Fatal(err)
	}
	st, err := strategy.New("serial", strategy.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if err := st.Prepare(ctx, p); err != nil {
		t.Fatal(err)
	}
	res := &pagerank.Result{}
	if err := strategy.Iterate(ctx, st, p, res); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Iterate returned %v, want the deadline", err)
	}
	if res.Iterations <= pagerank.MaxIterationTimes {
		t.Skipf("only %d iterations ran before the deadline; too slow a machine to test the bound", res.Iterations)
	}
	if c := cap(res.IterationTimes); c > pagerank.MaxIterationTimes {
		t.Errorf("%d iterations kept %d times (cap %d), want at most %d", res.Iterations, len(res.IterationTimes), c, pagerank.MaxIterationTimes)
	}
	if res.IterationStats.Count != res.Iterations {
		t.Errorf("IterationStats.Count = %d, want %d", res.IterationStats.Count, res.Iterations)
	}
}

// TestMutexChunksCap: the mutex strategy's chunks parameter starts a
// goroutine per chunk per iteration, so it is capped like workers.
func TestMutexChunksCap(t *testing.T) {
	_, err := strategy.New("mutex", strategy.Config{Params: map[string]string{"chunks": "1000000"}})
	want := fmt.Sprintf("above the maximum %d", strategy.WorkerCap(strategy.MaxWorkersPerCPU))
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("mutex with 1000000 chunks: %v, want an error naming the cap", err)
	}
}

// TestProcessCapIsBelowGoroutineCap: the cap for process workers (held
// by subprocess's TestWorkerCap) is the tighter one, and never tiny.
func TestProcessCapIsBelowGoroutineCap(t *testing.T) {
	if p, g := strategy.WorkerCap(strategy.MaxProcessesPerCPU), strategy.WorkerCap(strategy.MaxWorkersPerCPU); p > g || p < strategy.MinWorkerCap {
		t.Errorf("process cap %d, goroutine cap %d", p, g)
	}
}
