package strategytest

import (
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// runMisuse checks that every call out of order is an error (the lifecycle
// guard's sentinel errors), never a panic, and that Scores is nil whenever
// there are no scores to give.
func runMisuse(t *testing.T, name string, s *settings) {
	k := s.firstKernel()
	cfg := s.config(s.workers[len(s.workers)-1], k)
	g := lifecycleGraph(t)
	o := pagerank.Default()
	o.Iterations = 3

	t.Run("before-prepare", func(t *testing.T) {
		st := newInstance(t, name, cfg)
		if _, err := st.Iterate(t.Context()); !errors.Is(err, strategy.ErrNotPrepared) {
			t.Errorf("Iterate before Prepare returned %v, want strategy.ErrNotPrepared", err)
		}
		if err := st.Reset(); !errors.Is(err, strategy.ErrNotPrepared) {
			t.Errorf("Reset before Prepare returned %v, want strategy.ErrNotPrepared", err)
		}
		if x := st.Scores(); x != nil {
			t.Errorf("Scores before Prepare returned %d scores, want nil", len(x))
		}
		st.close(t)
	})
	t.Run("bad-problem", func(t *testing.T) {
		for _, c := range []struct {
			what string
			p    *strategy.Problem
		}{{"nil", nil}, {"&strategy.Problem{}", &strategy.Problem{}}, {"a Problem not made by NewProblem", &strategy.Problem{Graph: g, Options: o}}} {
			st := newInstance(t, name, cfg)
			if err := st.Prepare(t.Context(), c.p); !errors.Is(err, strategy.ErrNoProblem) {
				t.Errorf("Prepare with %s returned %v, want strategy.ErrNoProblem", c.what, err)
			}
			if _, err := st.Iterate(t.Context()); !errors.Is(err, strategy.ErrNotPrepared) {
				t.Errorf("Iterate after Prepare with %s returned %v, want strategy.ErrNotPrepared", c.what, err)
			}
			st.close(t)
		}
	})
	t.Run("prepare-twice", func(t *testing.T) {
		st := newInstance(t, name, cfg)
		p := newProblem(t, g, o)
		if err := st.Prepare(t.Context(), p); err != nil {
			t.Fatalf("Prepare: %v", err)
		}
		if err := st.Prepare(t.Context(), p); !errors.Is(err, strategy.ErrPrepared) {
			t.Errorf("a second Prepare returned %v, want strategy.ErrPrepared", err)
		}
		// The first Prepare still stands.
		if _, err := st.Iterate(t.Context()); err != nil {
			t.Errorf("Iterate after a refused second Prepare: %v", err)
		}
		st.close(t)
	})
	t.Run("after-close", func(t *testing.T) {
		before := runtime.NumGoroutine()
		st := newInstance(t, name, cfg)
		p := newProblem(t, g, o)
		if err := st.Prepare(t.Context(), p); err != nil {
			t.Fatalf("Prepare: %v", err)
		}
		st.close(t)
		if _, err := st.Iterate(t.Context()); !errors.Is(err, strategy.ErrClosed) {
			t.Errorf("Iterate after Close returned %v, want strategy.ErrClosed", err)
		}
		if err := st.Reset(); !errors.Is(err, strategy.ErrClosed) {
			t.Errorf("Reset after Close returned %v, want strategy.ErrClosed", err)
		}
		if x := st.Scores(); x != nil {
			t.Errorf("Scores after Close returned %d scores, want nil", len(x))
		}
		if err := st.Prepare(t.Context(), p); !errors.Is(err, strategy.ErrClosed) {
			t.Errorf("Prepare after Close returned %v, want strategy.ErrClosed", err)
		}
		checkNoLeak(t, before, "after Close")
	})
}

// runPanics checks that a panic in the arithmetic, whichever goroutine of
// the strategy runs it, comes back as an error from Prepare or Iterate and
// leaves the process alive, the strategy closable and no goroutine behind.
// The kernels panic on purpose: one in its row sums (Iterate's work, run by
// every worker), one in its contributions (which Prepare may run too). A
// strategy that runs its arithmetic elsewhere (in worker processes, which
// get the kernel by name) fails some other way, which is also an error.
func runPanics(t *testing.T, name string, s *settings) {
	g := lifecycleGraph(t)
	o := pagerank.Default()
	o.Iterations = 3
	for _, pk := range panickingKernels() {
		for _, w := range s.workers {
			t.Run(fmt.Sprintf("%s/workers=%d", pk.Name, w), func(t *testing.T) {
				before := runtime.NumGoroutine()
				cfg := s.config(w, pk)
				st, err := strategy.New(name, cfg)
				if err != nil {
					return // refusing the kernel is an error, not a crash
				}
				in := &instance{Strategy: st}
				t.Cleanup(func() {
					if !in.closed {
						in.Close()
					}
				})
				err = in.Prepare(t.Context(), newProblem(t, g, o))
				if err == nil {
					_, err = in.Iterate(t.Context())
				}
				if err == nil {
					t.Fatalf("a kernel that panics gave no error from Prepare or Iterate")
				}
				var pe *strategy.PanicError
				if errors.As(err, &pe) {
					if _, again := in.Iterate(t.Context()); again == nil {
						t.Errorf("Iterate after a panic succeeded; want an error (strategy.ErrBroken)")
					}
				}
				in.close(t)
				checkNoLeak(t, before, "after Close following a panic")
			})
		}
	}
}

// panickingKernels returns test-only kernels, each the generic kernel with
// one operation that panics.
func panickingKernels() []*kernel.Kernel {
	rows := *kernel.Generic
	rows.Name = "strategytest-panics-in-row-sums"
	rows.PullRowSums = func([]float64, []float64, []float64, []int64, []uint32, float64, float64) float64 {
		panic("strategytest: deliberate panic in PullRowSums")
	}
	rows.WeightedPullRowSums = func([]float64, []float64, []float64, []int64, []uint32, []float64, float64, float64) float64 {
		panic("strategytest: deliberate panic in WeightedPullRowSums")
	}
	contrib := *kernel.Generic
	contrib.Name = "strategytest-panics-in-contributions"
	contrib.Contributions = func([]float64, []float64, []uint32) float64 {
		panic("strategytest: deliberate panic in Contributions")
	}
	contrib.WeightedContributions = func([]float64, []float64, []float64) float64 {
		panic("strategytest: deliberate panic in WeightedContributions")
	}
	return []*kernel.Kernel{&rows, &contrib}
}
