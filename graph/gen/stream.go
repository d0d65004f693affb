package gen

import (
	"math/rand/v2"
	"sync"
)

// partArcs is how many arcs one part of a uniform or kron source draws. It
// is fixed, not derived from the worker count, so that the parts, and with
// them the random streams and the graph, are the same however many workers
// build it.
const partArcs = 1 << 18

// chunkArcs is how many arcs a part hands to emit at a time: small enough
// that the buffers stay in cache, large enough that the call is noise.
const chunkArcs = 1 << 13

// Stream domains keep the random streams of different generators and of
// different uses within one generator (arcs, the label permutation) apart
// even for equal seeds.
const (
	domainUniform = 0x756e69666f726d00 // "uniform"
	domainKron    = 0x6b726f6e00000000 // "kron"
	domainPerm    = 0x7065726d00000000 // "perm"
)

// splitMix64 is SplitMix64's output function: a bijective mixer that turns
// related inputs (seed, seed+1, part 0, part 1) into unrelated outputs.
func splitMix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// seedStream seeds p with the stream for (seed, domain, index). PCG-DXSM as
// math/rand/v2 defines it is a fixed algorithm, so the graphs do not change
// between Go releases.
func seedStream(p *rand.PCG, seed, domain, index uint64) {
	a := splitMix64(seed ^ splitMix64(domain))
	b := splitMix64(a ^ splitMix64(index))
	p.Seed(splitMix64(a+index), b)
}

// arcBuffer is one part's chunk of arcs on its way to emit.
type arcBuffer struct {
	src, dst [chunkArcs]uint32
}

// arcBuffers recycles chunk buffers across parts: a build reads every part
// twice, and a large graph has thousands of parts.
var arcBuffers = sync.Pool{New: func() any { return new(arcBuffer) }}
