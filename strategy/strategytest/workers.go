package strategytest

import (
	"fmt"
	"maps"
	"math"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// runWorkers checks the worker count a strategy reports, which every
// report (prk run, prk bench and its efficiency column) uses: after a
// successful Prepare, strategy.WorkerReporter (which every strategy New
// returns is) says between 1 and the configured count, never more than the
// graph's rows (at least 1), and exactly 1 for a strategy described as
// Serial, at least 1 for one described as Launched (its workers are
// mpirun's ranks); strategy.Solve's result says the same bounds.
func runWorkers(t *testing.T, name string, s *settings) {
	d, ok := strategy.Describe(name)
	if !ok {
		t.Fatalf("strategy %s has no description", name)
	}
	k := s.firstKernel()
	graphs := []struct {
		key  string
		make func() (*graph.CSR, error)
	}{
		{"random-powerlaw", powerLawSpec.generate},
		{"two-rows", handMade(2, [2]uint32{0, 1}, [2]uint32{1, 0})},
		{"no-nodes", handMade(0)},
	}
	o := pagerank.Default()
	o.Iterations = 2
	for _, gc := range graphs {
		g := mustGraph(t, gc.key, gc.make)
		for _, w := range append([]int{0}, s.workers...) {
			t.Run(fmt.Sprintf("%s/workers=%d", gc.key, w), func(t *testing.T) {
				cfg := s.config(w, k)
				most := min(cfg.WorkerCount(), max(1, g.N))
				if d.Serial {
					most = 1
				}
				if d.Launched {
					most = math.MaxInt // mpirun's ranks, not Config.Workers
				}
				check := func(what string, n int) {
					t.Helper()
					if n < 1 || n > most {
						t.Errorf("%s: %d workers, want 1..%d (configured %d, %d rows, serial %v)", what, n, most, cfg.WorkerCount(), g.N, d.Serial)
					}
				}
				st := newInstance(t, name, cfg)
				wr, ok := st.Strategy.(strategy.WorkerReporter)
				if !ok {
					t.Fatalf("strategy.New(%q) returned a strategy that is not a strategy.WorkerReporter", name)
				}
				p := newProblem(t, g, o)
				if err := st.Prepare(t.Context(), p); err != nil {
					t.Fatalf("Prepare: %v", err)
				}
				check("Workers() after Prepare", wr.Workers())
				st.close(t)
				res, err := strategy.Solve(t.Context(), name, cfg, newProblem(t, g, o))
				if err != nil {
					t.Fatalf("Solve: %v", err)
				}
				check("Solve's result", res.Workers)
			})
		}
	}
}

// runParams checks the strategy's parameter schema against its factory:
// every declared default, and every value of an enum parameter, is
// accepted by New (beside the suite's own Params).
func runParams(t *testing.T, name string, s *settings) {
	d, _ := strategy.Describe(name)
	if d.UncheckedParams {
		t.Skipf("strategy %s was registered without a description (strategy.Register): its parameters are not declared", name)
	}
	for _, p := range d.Params {
		values := p.Values
		if p.Type != strategy.ParamEnum {
			values = nil
		}
		if p.Default != "" {
			values = append([]string{p.Default}, values...)
		}
		for _, v := range values {
			cfg := s.config(1, s.firstKernel())
			if cfg.Params == nil {
				cfg.Params = map[string]string{}
			}
			cfg.Params = maps.Clone(cfg.Params)
			cfg.Params[p.Name] = v
			st, err := strategy.New(name, cfg)
			if err != nil {
				t.Errorf("%s=%s, declared by the description, is refused: %v", p.Name, v, err)
				continue
			}
			st.Close()
		}
	}
}
