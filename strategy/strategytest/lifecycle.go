package strategytest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/pprof"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// CancelLimit is how soon after its context is cancelled a solve must
// return.
const CancelLimit = 2 * time.Second

// settleLimit is how long Run waits for goroutines to end after Close.
const settleLimit = 2 * time.Second

// lifecycleGraph is the graph of the lifecycle checks: big enough that every
// worker gets rows, small enough to be quick.
func lifecycleGraph(t *testing.T) *graph.CSR {
	return mustGraph(t, "random-powerlaw", powerLawSpec.generate)
}

// cancelGraph is the graph of the cancellation checks: an iteration takes
// long enough (a fraction of a millisecond) that a cancel lands mid-solve.
func cancelGraph(t *testing.T) *graph.CSR {
	return mustGraph(t, "random-cancel", randomSpec{nodes: 20000, arcs: 150000, seed: 6, skew: true, dangling: 0.1}.generate)
}

// instance is a strategy made by the test, closed when the test ends if
// the test has not closed it itself.
type instance struct {
	strategy.Strategy
	closed bool
}

func newInstance(t *testing.T, name string, cfg strategy.Config) *instance {
	t.Helper()
	st, err := strategy.New(name, cfg)
	if err != nil {
		t.Fatalf("strategy.New(%q, %s): %v", name, describe(cfg), err)
	}
	in := &instance{Strategy: st}
	t.Cleanup(func() {
		if !in.closed {
			in.Close()
		}
	})
	return in
}

func (in *instance) close(t *testing.T) {
	t.Helper()
	in.closed = true
	if err := in.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func newProblem(t *testing.T, g *graph.CSR, o pagerank.Options) *strategy.Problem {
	t.Helper()
	p, err := strategy.NewProblem(g, o)
	if err != nil {
		t.Fatalf("NewProblem: %v", err)
	}
	return p
}

// checkScoresAreStart checks that the strategy's scores are the problem's
// start vector.
func checkScoresAreStart(t *testing.T, st strategy.Strategy, p *strategy.Problem, when string) {
	t.Helper()
	if err := compareScores(st.Scores(), p.Start()); err != nil {
		t.Errorf("%s, the scores are not the start vector: %v", when, err)
	}
}

func runLifecycle(t *testing.T, name string, s *settings) {
	k := s.firstKernel()
	t.Run("unknown-parameter", func(t *testing.T) {
		cfg := s.config(1, k)
		if cfg.Params == nil {
			cfg.Params = map[string]string{}
		}
		cfg.Params["strategytest-no-such-parameter"] = "1"
		st, err := strategy.New(name, cfg)
		if err == nil {
			st.Close()
			t.Errorf("strategy.New accepted the unknown parameter %q; a strategy must reject settings it does not know", "strategytest-no-such-parameter")
		}
	})
	t.Run("close-without-prepare", func(t *testing.T) {
		st := newInstance(t, name, s.config(s.workers[0], k))
		st.close(t)
		st.close(t)
	})
	t.Run("close-after-cancelled-prepare", func(t *testing.T) {
		g := lifecycleGraph(t)
		for _, w := range s.workers {
			before := runtime.NumGoroutine()
			st := newInstance(t, name, s.config(w, k))
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			o := pagerank.Default()
			o.Iterations = 3
			if err := st.Prepare(ctx, newProblem(t, g, o)); err == nil {
				// Prepare may finish its work anyway; then Iterate must refuse.
				if _, err := st.Iterate(ctx); !errors.Is(err, context.Canceled) {
					t.Errorf("workers=%d: Iterate with a cancelled context returned %v, want an error wrapping context.Canceled", w, err)
				}
			}
			st.close(t)
			st.close(t)
			checkNoLeak(t, before, fmt.Sprintf("workers=%d: after Close following a cancelled Prepare", w))
		}
	})
	t.Run("default-workers", func(t *testing.T) {
		g := lifecycleGraph(t)
		o := pagerank.Default()
		o.Iterations = 10
		const key = "random-powerlaw/default-workers"
		want, err := reference(key, g, o)
		if err != nil {
			t.Fatal(err)
		}
		checkSolve(t, name, s.config(0, k), key, g, o, want)
	})
	for _, w := range s.workers {
		t.Run(fmt.Sprintf("workers=%d", w), func(t *testing.T) {
			lifecycle(t, name, s.config(w, k))
		})
	}
}

// lifecycle checks Prepare, Iterate, Reset and Close with one configuration.
func lifecycle(t *testing.T, name string, cfg strategy.Config) {
	g := lifecycleGraph(t)
	o := pagerank.Default()
	o.Iterations = 7
	o.Start = vector(g.N, 21)
	o.Personalization = vector(g.N, 22)
	want, err := reference("random-powerlaw/lifecycle", g, o)
	if err != nil {
		t.Fatal(err)
	}
	p := newProblem(t, g, o)
	ctx := t.Context()

	before := runtime.NumGoroutine()
	st := newInstance(t, name, cfg)
	if err := st.Prepare(ctx, p); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	checkScoresAreStart(t, st, p, "after Prepare")

	solve := func(when string) {
		t.Helper()
		res := &pagerank.Result{}
		if err := strategy.Iterate(ctx, st, p, res); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if err := compareResults(res, want); err != nil {
			t.Errorf("%s:\n%v", when, err)
		}
	}
	solve("first solve")
	first := append([]float64(nil), st.Scores()...)

	if err := st.Reset(); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	checkScoresAreStart(t, st, p, "after Reset")
	solve("solve after Reset")
	if err := compareScores(st.Scores(), first); err != nil {
		t.Errorf("the solve after Reset differs from the first: %v", err)
	}

	// Reset in the middle of a solve, then solve again.
	for range 3 {
		if _, err := st.Iterate(ctx); err != nil {
			t.Fatalf("Iterate: %v", err)
		}
	}
	if err := st.Reset(); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	checkScoresAreStart(t, st, p, "after a Reset mid-solve")
	solve("solve after a Reset mid-solve")

	// A Reset right after another is harmless.
	if err := st.Reset(); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	if err := st.Reset(); err != nil {
		t.Fatalf("second Reset: %v", err)
	}
	solve("solve after two Resets")

	st.close(t)
	st.close(t) // Close twice is fine.
	checkNoLeak(t, before, "after Close")
}

func runCancel(t *testing.T, name string, s *settings) {
	k := s.firstKernel()
	for _, w := range s.workers {
		t.Run(fmt.Sprintf("workers=%d", w), func(t *testing.T) {
			cfg := s.config(w, k)
			t.Run("before-iterate", func(t *testing.T) { cancelBeforeIterate(t, name, cfg) })
			t.Run("mid-solve", func(t *testing.T) { cancelMidSolve(t, name, cfg) })
			t.Run("solve", func(t *testing.T) { cancelSolve(t, name, cfg) })
		})
	}
}

// endless are options for a solve that never stops on its own.
func endless() pagerank.Options {
	o := pagerank.Default()
	o.Iterations = math.MaxInt32
	return o
}

// cancelBeforeIterate: Iterate with an already cancelled context must fail.
func cancelBeforeIterate(t *testing.T, name string, cfg strategy.Config) {
	g := lifecycleGraph(t)
	before := runtime.NumGoroutine()
	st := newInstance(t, name, cfg)
	ctx, cancel := context.WithCancel(t.Context())
	if err := st.Prepare(ctx, newProblem(t, g, endless())); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if _, err := st.Iterate(ctx); err != nil {
		t.Fatalf("Iterate: %v", err)
	}
	cancel()
	defer watchdog("Iterate with a cancelled context", CancelLimit+5*time.Second)()
	if _, err := st.Iterate(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Iterate with a cancelled context returned %v, want an error wrapping context.Canceled", err)
	}
	st.close(t)
	checkNoLeak(t, before, "after Close")
}

// cancelMidSolve cancels the context from another goroutine while the test
// calls Iterate in a loop, as a solve does.
func cancelMidSolve(t *testing.T, name string, cfg strategy.Config) {
	g := cancelGraph(t)
	before := runtime.NumGoroutine()
	st := newInstance(t, name, cfg)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if err := st.Prepare(ctx, newProblem(t, g, endless())); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	for range 2 {
		if _, err := st.Iterate(ctx); err != nil {
			t.Fatalf("Iterate: %v", err)
		}
	}
	var cancelledAt atomic.Int64
	timer := time.AfterFunc(20*time.Millisecond, func() {
		cancelledAt.Store(time.Now().UnixNano())
		cancel()
	})
	defer timer.Stop()
	defer watchdog("a solve whose context was cancelled", 20*time.Millisecond+CancelLimit+5*time.Second)()
	var err error
	for iterations := 0; err == nil; iterations++ {
		_, err = st.Iterate(ctx)
		if at := cancelledAt.Load(); err == nil && at != 0 && time.Since(time.Unix(0, at)) > CancelLimit {
			t.Fatalf("Iterate kept succeeding for %v after the context was cancelled", CancelLimit)
		}
	}
	at := cancelledAt.Load()
	if at == 0 {
		t.Fatalf("Iterate failed before the context was cancelled: %v", err)
	}
	if late := time.Since(time.Unix(0, at)); late > CancelLimit {
		t.Errorf("Iterate returned %v after the context was cancelled, want within %v", late, CancelLimit)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("after cancel, Iterate returned %v, want an error wrapping context.Canceled", err)
	}
	st.close(t)
	checkNoLeak(t, before, "after Close")
}

// cancelSolve cancels a whole strategy.Solve from another goroutine.
func cancelSolve(t *testing.T, name string, cfg strategy.Config) {
	g := cancelGraph(t)
	p := newProblem(t, g, endless())
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var cancelledAt atomic.Int64
	timer := time.AfterFunc(30*time.Millisecond, func() {
		cancelledAt.Store(time.Now().UnixNano())
		cancel()
	})
	defer timer.Stop()
	defer watchdog("strategy.Solve whose context was cancelled", 30*time.Millisecond+CancelLimit+5*time.Second)()
	res, err := strategy.Solve(ctx, name, cfg, p)
	at := cancelledAt.Load()
	if at == 0 {
		t.Fatalf("Solve returned before the context was cancelled: result %v, error %v", res != nil, err)
	}
	if late := time.Since(time.Unix(0, at)); late > CancelLimit {
		t.Errorf("Solve returned %v after the context was cancelled, want within %v", late, CancelLimit)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Solve returned %v, want an error wrapping context.Canceled", err)
	}
	checkNoLeak(t, before, "after a cancelled Solve")
}

// watchdog panics, with every goroutine's stack, when the returned stop is
// not called within limit: a strategy that blocks forever would otherwise
// hang the test binary until go test's own timeout.
func watchdog(what string, limit time.Duration) (stop func()) {
	timer := time.AfterFunc(limit, func() {
		panic(fmt.Sprintf("strategytest: %s did not return within %v; goroutines:\n%s", what, limit, goroutineDump()))
	})
	return func() { timer.Stop() }
}

// checkNoLeak waits up to settleLimit for the goroutine count to fall back
// to before, and fails the test with a dump of every goroutine if it does not.
func checkNoLeak(t *testing.T, before int, when string) {
	t.Helper()
	deadline := time.Now().Add(settleLimit)
	for {
		now := runtime.NumGoroutine()
		if now <= before {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%s, %d more goroutines run than before the strategy was made (does Close wait for its workers?); goroutines:\n%s",
				when, now-before, goroutineDump())
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// goroutineDump returns every goroutine's stack, grouped, cut to a size a
// test log can hold.
func goroutineDump() string {
	var b bytes.Buffer
	pprof.Lookup("goroutine").WriteTo(&b, 1)
	const limit = 16 << 10
	if b.Len() > limit {
		return b.String()[:limit] + "\n... (cut)"
	}
	return b.String()
}
