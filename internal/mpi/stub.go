//go:build !mpi

package mpi

// Built reports whether this binary was built with -tags mpi.
const Built = false

// Init fails: this binary has no MPI.
func Init() error { return ErrNotBuilt }
