//go:build mpi

package mpi_test

import (
	"fmt"
	"os"
	"testing"

	mpic "github.com/prkbench/prk/internal/mpi"
)

// TestMain starts MPI for the whole test binary: run it under mpirun
// (make test-mpi) to test with several ranks, or alone as one rank.
// Every rank runs every test in the same order, which the collective
// strategy needs; a rank's failure fails the job (mpirun exits non-zero).
func TestMain(m *testing.M) {
	if err := mpic.Init(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if err := mpic.Finalize(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}
