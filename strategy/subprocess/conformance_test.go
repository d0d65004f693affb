package subprocess

import (
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
	"github.com/prkbench/prk/strategy/strategytest"
)

// TestConformance runs the project's conformance suite. Every solve starts
// its worker processes afresh, so it runs fewer configurations than the
// suite's default: pipes with one and four workers, shared memory with
// two, and one kernel (TestEveryKernel checks that every kernel reaches
// the workers). In short mode it runs shared memory with three workers only.
func TestConformance(t *testing.T) {
	first := strategytest.Kernels(kernel.Supported()[:1])
	runs := []struct {
		ipc     string
		workers []int
	}{{"pipe", []int{1, 4}}, {"shm", []int{2}}}
	if testing.Short() {
		runs = runs[1:]
		runs[0].workers = []int{3}
	}
	for _, r := range runs {
		t.Run("ipc="+r.ipc, func(t *testing.T) {
			strategytest.Run(t, Name, first, strategytest.Workers(r.workers),
				strategytest.Params(map[string]string{"ipc": r.ipc}), strategytest.Engines(csrF64Engines()))
		})
	}
}

// csrF64Engines are the engines the workers run today: the CSR layout in
// float64, in every order (an order renumbers the graph before it is
// shipped, so the workers never know).
func csrF64Engines() []strategy.Engine {
	var es []strategy.Engine
	for _, o := range strategy.Orders {
		es = append(es, strategy.Engine{Layout: strategy.LayoutCSR, Precision: strategy.F64, Order: o})
	}
	return es
}

// TestRefusesOtherEngines: a layout or precision the workers cannot run is
// refused at Prepare with an error naming the engine, never run as another.
func TestRefusesOtherEngines(t *testing.T) {
	g, err := gen.Generate("seed:100", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []strategy.Engine{{Layout: strategy.LayoutSegmented}, {Precision: strategy.F32}} {
		_, err := strategy.Run(t.Context(), Name, strategy.Config{Workers: 1}, g, pagerank.Default(), strategy.WithEngine(e))
		if err == nil || !strings.Contains(err.Error(), "not supported") {
			t.Errorf("engine %v: err = %v, want a refusal", e, err)
		}
	}
}
