package subprocess

import (
	"testing"

	"github.com/prkbench/prk/kernel"
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
				strategytest.Params(map[string]string{"ipc": r.ipc}))
		})
	}
}
