// Package mpi is prk's thin binding to MPI (Open MPI 4.1 from Debian's
// libopenmpi-dev), written with cgo because no Go MPI binding is available
// from the module proxy. It holds only what prk's mpi strategy and CLI
// need: Init and Finalize, Rank and Size, Allreduce, Allgather(v),
// Alltoallv, Bcast and Abort, and Step, the agreement every collective
// step of prk starts with (see step.go).
//
// The binding is compiled only with the build tag mpi
// (go build -tags mpi); a plain build needs no MPI headers or library and
// sees a stub whose Init returns ErrNotBuilt ("built without -tags mpi").
//
// Every call returns an error rather than aborting: Init sets the
// MPI_ERRORS_RETURN handler on MPI_COMM_WORLD. Calls are serialized by a
// mutex (MPI_THREAD_SERIALIZED), since goroutines may run on any thread.
package mpi
