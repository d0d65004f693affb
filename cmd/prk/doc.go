// Command prk computes PageRank on large sparse graphs and measures how
// concurrency strategies compare on that work.
//
//	prk run GRAPH          solve one graph and print its top nodes
//	prk bench              time strategies x graphs x workers x kernels
//	prk gen SPEC -o FILE   write a generated graph to a file
//	prk convert IN OUT     convert between graph formats
//	prk info               CPU, kernels and strategies of this machine
//
// GRAPH is a file (edge list, Matrix Market, METIS or .prkg, optionally
// gzipped) or a generator spec: seed:N (the study's random graph), uniform:N:M[:SEED]
// or kron:SCALE[:EDGEFACTOR[:SEED]].
//
// Global flags --cpuprofile, --memprofile and --trace profile any command;
// the profiles are written even when the command fails or is interrupted.
package main
