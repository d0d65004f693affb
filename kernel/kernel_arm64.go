//go:build !purego

package kernel

// hasNEON says whether the neon kernel can run. Advanced SIMD is part of
// every ARMv8-A core Go's arm64 port runs on, so it is true unless a test
// pretends otherwise to check Lookup's error and Auto's fallback.
var hasNEON = true

//go:noescape
func contributionsNEON(c, x []float64, outdeg []uint32) float64

//go:noescape
func weightedContributionsNEON(c, x, outWeight []float64) float64

//go:noescape
func pullRowSumsNEON(y, xold, c []float64, offsets []int64, sources []uint32, base, damping float64) float64

//go:noescape
func weightedPullRowSumsNEON(y, xold, c []float64, offsets []int64, sources []uint32, weights []float64, base, damping float64) float64

var neon = &Kernel{
	Name:        "neon",
	Description: "NEON: 2-lane FDIV contributions, row sums in 4 scalar load chains",
	Contributions: func(c, x []float64, outdeg []uint32) float64 {
		return contributionsNEON(c[:len(x)], x, outdeg[:len(x)])
	},
	WeightedContributions: func(c, x, outWeight []float64) float64 {
		return weightedContributionsNEON(c[:len(x)], x, outWeight[:len(x)])
	},
	PullRowSums: func(y, xold, c []float64, offsets []int64, sources []uint32, base, damping float64) float64 {
		rows := len(offsets) - 1
		y, xold = y[:rows], xold[:rows]
		if rows == 0 {
			return 0
		}
		checkBlock(rows, offsets, len(sources), nil, false)
		return pullRowSumsNEON(y, xold, c, offsets, sources, base, damping)
	},
	WeightedPullRowSums: func(y, xold, c []float64, offsets []int64, sources []uint32, weights []float64, base, damping float64) float64 {
		rows := len(offsets) - 1
		y, xold = y[:rows], xold[:rows]
		if rows == 0 {
			return 0
		}
		checkBlock(rows, offsets, len(sources), weights, true)
		return weightedPullRowSumsNEON(y, xold, c, offsets, sources, weights, base, damping)
	},
}

func supportsNEON() bool { return hasNEON }

// scalarLoadKernels names the kernels that sum rows of up to 3 arcs exactly
// as generic does.
func scalarLoadKernels() []string { return []string{"neon"} }

func init() {
	register(neon, 20, supportsNEON, "NEON: the arm64 SIMD unit every ARMv8-A core has (speed not measured here: no arm64 hardware)")
}
