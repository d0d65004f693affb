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

	// The operations below serve the engine's other layouts and
	// precisions. A kernel that leaves one nil gets the generic version
	// when it is registered.

	// Contributions32 is Contributions into a float32 vector: each entry
	// is the float64 quotient rounded once to float32.
	Contributions32 func(c []float32, x []float64, outdeg []uint32) (dangling float64)
	// WeightedContributions32 is WeightedContributions into float32.
	WeightedContributions32 func(c []float32, x, outWeight []float64) (dangling float64)
	// PullRowSums32 is PullRowSums over float32 contributions, each row
	// summed in float64 (in any order).
	PullRowSums32 func(y, xold []float64, c []float32, offsets []int64, sources []uint32, base, damping float64) (residual float64)
	// WeightedPullRowSums32 is WeightedPullRowSums over float32 contributions.
	WeightedPullRowSums32 func(y, xold []float64, c []float32, offsets []int64, sources []uint32, weights []float64, base, damping float64) (residual float64)

	// SegmentSums adds, for every row of seg's block, the sum of its
	// arcs' contributions (times their weights when seg has weights) into
	// acc[row]; c is the whole vector, at least PaddedLen(n) long.
	SegmentSums func(acc, c []float64, seg *Segments)
	// SegmentSums32 is SegmentSums over float32 contributions.
	SegmentSums32 func(acc []float64, c []float32, seg *Segments)
	// TileSums adds, for every arc of t, its contribution (times its
	// weight when t has weights) into acc[row]; c is the whole vector, at
	// least PaddedLen(n) long.
	TileSums func(acc, c []float64, t *Tiles)
	// TileSums32 is TileSums over float32 contributions.
	TileSums32 func(acc []float64, c []float32, t *Tiles)
	// FinishRows sets y[r] = base + damping*y[r] for row sums y and
	// returns the L1 residual against xold.
	FinishRows func(y, xold []float64, base, damping float64) (residual float64)
}

// withGenericFallbacks fills the operations k leaves nil with the generic
// ones, so a kernel need only implement what it makes faster.
func withGenericFallbacks(k *Kernel) {
	if k.Contributions32 == nil {
		k.Contributions32 = contributions32Generic
	}
	if k.WeightedContributions32 == nil {
		k.WeightedContributions32 = weightedContributions32Generic
	}
	if k.PullRowSums32 == nil {
		k.PullRowSums32 = pullRowSums32Generic
	}
	if k.WeightedPullRowSums32 == nil {
		k.WeightedPullRowSums32 = weightedPullRowSums32Generic
	}
	if k.SegmentSums == nil {
		k.SegmentSums = func(acc, c []float64, seg *Segments) {
			if seg.weights != nil {
				weightedSegmentSumsGeneric(acc, c, seg)
				return
			}
			segmentSumsGeneric(acc, c, seg)
		}
	}
	if k.SegmentSums32 == nil {
		k.SegmentSums32 = func(acc []float64, c []float32, seg *Segments) {
			if seg.weights != nil {
				weightedSegmentSumsGeneric(acc, c, seg)
				return
			}
			segmentSumsGeneric(acc, c, seg)
		}
	}
	if k.TileSums == nil {
		k.TileSums = tileSumsGeneric[float64]
	}
	if k.TileSums32 == nil {
		k.TileSums32 = tileSumsGeneric[float32]
	}
	if k.FinishRows == nil {
		k.FinishRows = finishRowsGeneric
	}
}
