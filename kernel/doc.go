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
//
// # Implementations
//
//   - generic: pure Go, everywhere; the reference arithmetic, bit-exact
//     with pagerank.Reference.
//   - avx2-loads, avx2-gather (amd64, AVX2+FMA): 4-lane VDIVPD
//     contributions; row sums with four scalar load chains, or by 4-lane
//     VGATHERDPD.
//   - avx512-loads, avx512-gather (amd64, AVX-512F/VL + BMI2): 8-lane
//     k-masked contributions with VCVTUDQ2PD; row sums with the scalar
//     load chains, or by k-masked 8-lane VGATHERDPD.
//   - neon (arm64): 2-lane FDIV contributions, row sums in four scalar
//     chains. Tested under qemu; its speed was never measured on hardware.
//
// The amd64 assembly is generated with avo by the separate module in asm/
// (see docs/kernels.md for the commands); the arm64 assembly is written by
// hand. The purego build tag, or any other GOARCH, leaves only generic.
//
// # Choice
//
// Every implementation is registered under the exact name of its variant,
// so a record or a worker process names the code that ran. The family
// names avx2 and avx512 are aliases (Aliases, Resolve) for the variant
// measured faster on this CPU family: the gathers on Intel, the scalar
// loads on AMD, which rank higher. Auto (Lookup("auto") or Best) picks the
// highest-ranked kernel the CPU supports, as reported by
// github.com/klauspost/cpuid; Why says why and CPU describes the
// processor. Lookup through an alias returns the exact variant's Kernel. Asking Lookup for a kernel the CPU cannot run is
// an error naming the kernels that can.
//
// # Accuracy
//
// Contributions and the dangling mass are bit-identical in every kernel:
// true division per entry, and dangling entries added one at a time in
// index order. Row sums may add a row's terms in another order; rows of up
// to 3 arcs are still bit-identical in the scalar-load kernels, and any row
// of deg arcs differs from generic by at most
//
//	(deg+2) * 2^-52 * (damping*sum|terms| + |base|) + (deg+3) * 2^-1074.
//
// The residual adds |y[r]-xold[r]| in row order, so it differs by at most
// the sum of the rows' differences plus one rounding per row.
//
// # Preconditions
//
// The assembly kernels check what generic's slicing would catch per call
// (slice lengths, the block's first and last offsets) and panic the same
// way. They trust what graph.CSR.Validate guarantees: offsets never
// decrease and every source indexes c. They do not re-check each arc, which
// would cost as much as the arithmetic, every iteration. So rows reach a
// kernel only from a validated graph (strategy.NewProblem validates every
// graph once, and strategy.Problem keeps the validated copy) or after
// CheckRows, the same check for rows from elsewhere.
package kernel
