package mpi

import (
	"errors"
	"os"
)

// ErrNotBuilt is returned by Init in a binary built without -tags mpi.
var ErrNotBuilt = errors.New("mpi: prk was built without -tags mpi (rebuild with: go build -tags mpi ./cmd/prk)")

// Launched reports whether this process was started by Open MPI's mpirun
// (or another Open MPI launcher), which sets OMPI_COMM_WORLD_SIZE.
func Launched() bool {
	_, ok := os.LookupEnv("OMPI_COMM_WORLD_SIZE")
	return ok
}
