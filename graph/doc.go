// Package graph holds prk's directed graph: a compressed sparse row (CSR)
// structure laid out for pull-style PageRank, the builder that makes one from
// a stream of arcs by counting sort, and the readers and writers of the file
// formats prk understands (edge lists, Matrix Market, METIS and prk's own
// binary .prkg format).
//
// The CSR stores in-arcs: row i lists the sources of the arcs that point to
// node i, in ascending order. That is what a pull iteration reads, so the
// hot loop streams one row at a time and writes each score exactly once,
// which is what lets concurrent strategies split rows among workers without
// write conflicts.
//
// Node ids are dense uint32 values 0..N-1. Where a file used other ids, the
// graph keeps the file's ids in IDs so that every output can speak them again.
package graph
