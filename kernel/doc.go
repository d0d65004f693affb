// Package kernel is the arithmetic of one PageRank power iteration over a
// block of rows, in several implementations: pure Go ("generic") and
// assembly paths for the SIMD units of amd64 and arm64. Strategies call a
// Kernel's operations and never care which implementation runs.
//
// Every operation works on a whole block of rows per call, because assembly
// is never inlined: a call per row would cost more than the row.
//
// The package imports nothing else of prk, so it can be tested and
// benchmarked on plain slices.
package kernel
