// Package mpi is prk's distributed strategy, registered as "mpi" in
// binaries built with -tags mpi (a plain build compiles only SplitOffsets): the
// power iteration spread over the ranks of an MPI job started by mpirun,
// each rank holding only its own rows' arcs.
//
//	go build -tags mpi -o prk ./cmd/prk
//	mpirun -np 4 ./prk run web.prkg --strategy mpi
//
// # Partition and exchange
//
// The rows are cut into one contiguous range per rank, balanced by arcs
// plus rows (SplitOffsets, the rule of strategy.SplitByArcs, with empty
// ranges when there are more ranks than rows). A rank computes its rows
// through the same strategy.Block as every other strategy, so layouts and
// precisions work unchanged. Each iteration it needs the contributions of
// the sources its rows read: either the whole vector (MPI_Allgatherv of
// every rank's rows) or only the sources it reads from other ranks
// (MPI_Alltoallv of the entries each rank asked for once, in Prepare). At
// Prepare the ranks count both volumes and take the smaller, or the one the
// "exchange" parameter names (auto, allgatherv, alltoallv). The residual
// and the dangling mass are gathered from every rank and added in rank
// order, so every rank takes the same stopping decision bit for bit.
//
// # Problems
//
// With a problem of the whole graph (strategy.NewProblem, as the
// conformance suite and a run of a non-.prkg file make on every rank) each
// rank uses only its rows of it. With a problem made by
// strategy.NewPartialProblem each rank holds its rows only, and the ranks
// check together that the parts tile the graph and that the stored
// out-degrees (and out-weights) agree with the arcs of every part.
//
// # Agreement and faults
//
// Every collective step starts with mpi.Step (internal/mpi), in which every
// rank says what it is about to do: a rank whose context is cancelled, or
// that closes or fails, says so, and the others stop at their next step
// with an error naming it instead of waiting forever in a collective. A
// rank that dies is Open MPI's to report: mpirun ends the whole job and
// names the rank. The "fault" parameter (die:rank=R:iter=K) makes rank R
// kill itself in iteration K, to test that.
package mpi
