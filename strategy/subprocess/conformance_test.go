package subprocess

import (
	"testing"

	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy/strategytest"
)

// TestConformance runs the project's conformance suite on both
// transports, with every engine (the workers build their own segments and
// carry float32 contributions) and minwork=0, so that the suite's small
// graphs run every worker asked for. Every solve starts its worker
// processes afresh, so it runs fewer configurations than the suite's
// default: pipes with one and four workers, shared memory with two and
// three, and one kernel (TestEveryKernel checks that every kernel reaches
// the workers). In short mode it runs two workers over pipes and three
// over shared memory.
func TestConformance(t *testing.T) {
	first := strategytest.Kernels(kernel.Supported()[:1])
	runs := []struct {
		ipc     string
		workers []int
	}{{"pipe", []int{1, 4}}, {"shm", []int{2, 3}}}
	if testing.Short() {
		runs[0].workers = []int{2}
		runs[1].workers = []int{3}
	}
	for _, r := range runs {
		t.Run("ipc="+r.ipc, func(t *testing.T) {
			strategytest.Run(t, Name, first, strategytest.Workers(r.workers),
				strategytest.Params(map[string]string{"ipc": r.ipc, "minwork": "0"}))
		})
	}
}
