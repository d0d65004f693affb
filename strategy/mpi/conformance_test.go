//go:build mpi

package mpi_test

import (
	"testing"

	_ "github.com/prkbench/prk/strategy/mpi"
	"github.com/prkbench/prk/strategy/strategytest"
)

// TestConformance runs the suite every strategy passes, on every rank,
// in both exchange modes. Workers mean nothing here (the ranks are
// mpirun's), so one count is enough.
func TestConformance(t *testing.T) {
	for _, mode := range []string{"allgatherv", "alltoallv"} {
		t.Run(mode, func(t *testing.T) {
			strategytest.Run(t, "mpi", strategytest.Workers([]int{1}),
				strategytest.Params(map[string]string{"exchange": mode}))
		})
	}
}
