//go:build !purego

package kernel

//go:generate sh -c "cd ../asm && go run . -dir ../kernel"

import "github.com/klauspost/cpuid/v2"

// CPU features the amd64 kernels need. They are variables so that tests can
// pretend a feature is missing and check Lookup's error and Auto's fallback.
// cpuid also checks that the OS saves the YMM/ZMM state (XGETBV).
var (
	// hasAVX2: the avx2 kernel uses VEX-encoded AVX2 (VPMOVSXDQ, VPMASKMOVD,
	// VGATHERDPD). FMA3 comes with every AVX2 CPU and is required so the
	// kernel's name keeps its promise, but the kernels deliberately use no
	// fused multiply-add: rows of up to 3 arcs then match generic bit for bit.
	hasAVX2 = cpuid.CPU.Supports(cpuid.AVX, cpuid.AVX2, cpuid.FMA3)
	// hasAVX512: AVX-512F for the zmm code, AVX-512VL for the k-masked ymm
	// index loads (every AVX-512 CPU but Knights Landing has it), BMI2 for
	// BZHI tail masks, and AVX2 because the avx512 kernel reuses the AVX2
	// scalar-load row sums.
	hasAVX512 = cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512VL, cpuid.BMI2, cpuid.AVX, cpuid.AVX2)
	// gathersPay says whether VGATHERDPD row sums beat scalar loads here;
	// see preferGathers.
	gathersPay = preferGathers(cpuid.CPU.VendorID, cpuid.CPU.Family)
)

// preferGathers picks the row-sum loads by CPU. On AMD Zen (families 0x17
// Zen 1/2, 0x19 Zen 3/4, 0x1a Zen 5) VGATHERDPD is microcoded and no faster
// than the scalar loads it replaces, and four independent VADDSD chains with
// memory operands keep more loads in flight per row; docs/kernels.md has the
// measurements (Zen 5: scalar loads ~1.8x the gathers in L2, faster in
// DRAM). On Intel since Skylake gathers are much cheaper, so they are chosen
// there; that choice is not measured here (no Intel machine).
func preferGathers(vendor cpuid.Vendor, family int) bool {
	return vendor == cpuid.Intel
}

// maxGatherLen bounds c for the gather variants: VGATHERDPD takes signed
// dword indices, so a source above 2^31-1 would index backwards. Larger
// vectors use the scalar-load variant, whose indices are zero-extended.
const maxGatherLen = 1 << 31

type rowSumsFunc = func(y, xold, c []float64, offsets []int64, sources []uint32, base, damping float64) float64

type weightedRowSumsFunc = func(y, xold, c []float64, offsets []int64, sources []uint32, weights []float64, base, damping float64) float64

// rowSums wraps an assembly row-sum body with the checks generic gets from
// Go's slicing; fallback, if not nil, runs instead when c is too long for it.
func rowSums(body, fallback rowSumsFunc) rowSumsFunc {
	return func(y, xold, c []float64, offsets []int64, sources []uint32, base, damping float64) float64 {
		rows := len(offsets) - 1
		y, xold = y[:rows], xold[:rows]
		if rows == 0 {
			return 0
		}
		checkBlock(rows, offsets, len(sources), nil, false)
		if fallback != nil && len(c) > maxGatherLen {
			return fallback(y, xold, c, offsets, sources, base, damping)
		}
		return body(y, xold, c, offsets, sources, base, damping)
	}
}

func weightedRowSums(body, fallback weightedRowSumsFunc) weightedRowSumsFunc {
	return func(y, xold, c []float64, offsets []int64, sources []uint32, weights []float64, base, damping float64) float64 {
		rows := len(offsets) - 1
		y, xold = y[:rows], xold[:rows]
		if rows == 0 {
			return 0
		}
		checkBlock(rows, offsets, len(sources), weights, true)
		if fallback != nil && len(c) > maxGatherLen {
			return fallback(y, xold, c, offsets, sources, weights, base, damping)
		}
		return body(y, xold, c, offsets, sources, weights, base, damping)
	}
}

func contributions(body func(c, x []float64, outdeg []uint32) float64) func(c, x []float64, outdeg []uint32) float64 {
	return func(c, x []float64, outdeg []uint32) float64 {
		return body(c[:len(x)], x, outdeg[:len(x)])
	}
}

func weightedContributions(body func(c, x, outWeight []float64) float64) func(c, x, outWeight []float64) float64 {
	return func(c, x, outWeight []float64) float64 {
		return body(c[:len(x)], x, outWeight[:len(x)])
	}
}

var (
	avx2Loads = &Kernel{
		Name:                  "avx2-loads",
		Description:           "AVX2: VDIVPD contributions, row sums in 4 scalar load chains",
		Contributions:         contributions(contributionsAVX2),
		WeightedContributions: weightedContributions(weightedContributionsAVX2),
		PullRowSums:           rowSums(pullRowSumsScalarAVX2, nil),
		WeightedPullRowSums:   weightedRowSums(weightedPullRowSumsScalarAVX2, nil),
	}
	avx2Gather = &Kernel{
		Name:                  "avx2-gather",
		Description:           "AVX2: VDIVPD contributions, row sums by 4-lane VGATHERDPD",
		Contributions:         contributions(contributionsAVX2),
		WeightedContributions: weightedContributions(weightedContributionsAVX2),
		PullRowSums:           rowSums(pullRowSumsGatherAVX2, pullRowSumsScalarAVX2),
		WeightedPullRowSums:   weightedRowSums(weightedPullRowSumsGatherAVX2, weightedPullRowSumsScalarAVX2),
	}
	avx512Loads = &Kernel{
		Name:                  "avx512-loads",
		Description:           "AVX-512F: 8-lane masked VDIVPD contributions, row sums in 4 scalar load chains",
		Contributions:         contributions(contributionsAVX512),
		WeightedContributions: weightedContributions(weightedContributionsAVX512),
		PullRowSums:           rowSums(pullRowSumsScalarAVX2, nil),
		WeightedPullRowSums:   weightedRowSums(weightedPullRowSumsScalarAVX2, nil),
	}
	avx512Gather = &Kernel{
		Name:                  "avx512-gather",
		Description:           "AVX-512F: 8-lane masked VDIVPD contributions, row sums by k-masked 8-lane VGATHERDPD",
		Contributions:         contributions(contributionsAVX512),
		WeightedContributions: weightedContributions(weightedContributionsAVX512),
		PullRowSums:           rowSums(pullRowSumsGatherAVX512, pullRowSumsScalarAVX2),
		WeightedPullRowSums:   weightedRowSums(weightedPullRowSumsGatherAVX512, weightedPullRowSumsScalarAVX2),
		SegmentSums:           segmentSumsWith(segmentSumsGatherAVX512),
		SegmentSums32:         segmentSumsWith(segmentSums32GatherAVX512),
	}
)

// segmentSumsWith returns Kernel.SegmentSums (or SegmentSums32) that runs
// gather, an assembly kernel, on an unweighted layout and the generic one
// on a weighted layout. The layout's own invariants were checked when
// NewSegments built it; what is checked here is that the vectors it is
// used with are long enough.
func segmentSumsWith[T float32 | float64](gather func(acc []float64, c []T, first []int, rows []uint32, offsets []int64, index []uint16)) func(acc []float64, c []T, seg *Segments) {
	return func(acc []float64, c []T, seg *Segments) {
		if seg.weights != nil {
			weightedSegmentSumsGeneric(acc, c, seg)
			return
		}
		acc = acc[:seg.rowCount]
		if w := seg.Windows(); w > 0 {
			_ = c[w*SegmentWidth-1]
		}
		gather(acc, c, seg.first, seg.rows, seg.offsets, seg.index)
	}
}

func supportsAVX2() bool   { return hasAVX2 }
func supportsAVX512() bool { return hasAVX512 }

func init() {
	// Every variant is registered under its exact name. Within a family
	// the variant measured faster on this CPU family ranks higher, and the
	// family's name (avx2, avx512) is an alias for it.
	vendor := cpuid.CPU.VendorID.String()
	loadsWhy := "scalar loads: VGATHERDPD is slow on " + vendor
	gatherWhy := "VGATHERDPD: gathers beat scalar loads on " + vendor
	loadsRank, gatherRank := 5, 0
	if gathersPay {
		loadsRank, gatherRank = 0, 5
	} else {
		gatherWhy = "VGATHERDPD (not preferred: gathers are slow on " + vendor + ")"
	}
	if gathersPay {
		loadsWhy = "scalar loads (not preferred: gathers beat them on " + vendor + ")"
	}
	register(avx2Loads, 15+loadsRank, supportsAVX2, "AVX2 with "+loadsWhy)
	register(avx2Gather, 15+gatherRank, supportsAVX2, "AVX2 with "+gatherWhy)
	register(avx512Loads, 25+loadsRank, supportsAVX512, "AVX-512F with "+loadsWhy)
	register(avx512Gather, 25+gatherRank, supportsAVX512, "AVX-512F with "+gatherWhy)
	if gathersPay {
		registerAlias("avx2", avx2Gather.Name)
		registerAlias("avx512", avx512Gather.Name)
	} else {
		registerAlias("avx2", avx2Loads.Name)
		registerAlias("avx512", avx512Loads.Name)
	}
}

// scalarLoadKernels names the kernels whose row sums use the four-chain
// scalar loads, which sum rows of up to 3 arcs exactly as generic does.
func scalarLoadKernels() []string { return []string{"avx2-loads", "avx512-loads"} }
