//go:build !mpi

package main

import (
	"io"
	"os"

	"github.com/urfave/cli/v2"
)

// Without -tags mpi prk knows nothing of MPI: these are the hooks mpi.go
// fills in a binary built with it.

// mpiMain runs prk.
func mpiMain(run func(stdout, stderr io.Writer) int) int { return run(os.Stdout, os.Stderr) }

// writesOutputs reports whether this process writes output files.
func writesOutputs() bool { return true }

// runParts never applies.
func runParts(*cli.Context, *solvePlan) (bool, error) { return false, nil }
