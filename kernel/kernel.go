package kernel

// Kernel is one implementation of the per-iteration operations. All fields
// are set for every registered kernel; an assembly kernel that has no faster
// version of an operation uses the generic one.
//
// Slices that describe a block of rows are passed already cut to that block:
// y, xold and outdeg-like slices hold exactly the block's rows, offsets holds
// one more entry than there are rows, and its values index sources (and
// weights) directly. sources index c, which is always the whole vector.
//
// The operations check per call only what costs O(1) and panic when it is
// wrong. They trust, without checking per arc, that offsets never decrease
// and every source indexes c: rows of a graph.CSR that passed Validate (as
// every strategy.Problem's graph has), or rows that passed CheckRows. An
// assembly kernel given rows that break this reads out of bounds.
type Kernel struct {
	// Name is what --kernel and PRK_KERNEL call this implementation.
	Name string
	// Description says what the implementation uses, for prk info.
	Description string

	// Contributions sets c[j] = x[j] / float64(outdeg[j]) for every j with
	// outdeg[j] > 0 and c[j] = 0 otherwise, and returns the sum of x[j] over
	// the j with outdeg[j] == 0 (the dangling mass), summed in index order.
	// The division is a true division, never a reciprocal multiply, so every
	// kernel gives the same c bit for bit.
	Contributions func(c, x []float64, outdeg []uint32) (dangling float64)

	// WeightedContributions is Contributions with float64 out-weights:
	// c[j] = x[j] / outWeight[j] where outWeight[j] > 0, dangling otherwise.
	WeightedContributions func(c, x, outWeight []float64) (dangling float64)

	// PullRowSums sets, for every row r of the block,
	//	y[r] = base + damping * sum(c[sources[k]] for k in offsets[r]..offsets[r+1])
	// and returns the L1 residual sum(|y[r] - xold[r]|).
	PullRowSums func(y, xold, c []float64, offsets []int64, sources []uint32, base, damping float64) (residual float64)

	// WeightedPullRowSums is PullRowSums with the sum over weights[k]*c[sources[k]].
	WeightedPullRowSums func(y, xold, c []float64, offsets []int64, sources []uint32, weights []float64, base, damping float64) (residual float64)
}
