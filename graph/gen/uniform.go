package gen

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"

	"github.com/prkbench/prk/graph"
)

// uniformGen is uniform:N:M[:SEED]: M arcs, each an ordered pair (s, d) with
// s != d drawn uniformly from the N*(N-1) such pairs (a G(n,m)-style random
// graph without self-loops, drawn with replacement). The builder collapses
// duplicate draws unless it builds a multigraph, so the graph may have
// slightly fewer than M arcs.
type uniformGen struct {
	n    int
	m    uint64
	seed uint64
}

func parseUniform(p *specParser) (Generator, error) {
	if err := p.arity(2, 3); err != nil {
		return nil, err
	}
	n, err := p.number(0, "N", 1, graph.MaxNodes, 0)
	if err != nil {
		return nil, err
	}
	m, err := p.number(1, "M", 0, MaxArcs, 0)
	if err != nil {
		return nil, err
	}
	seed, err := p.number(2, "SEED", 0, math.MaxUint64, 1)
	if err != nil {
		return nil, err
	}
	if n < 2 && m > 0 {
		return nil, p.errorf("N must be at least 2 for M > 0 arcs: self-loops are excluded")
	}
	if err := p.checkSize(n, m, 0); err != nil {
		return nil, err
	}
	return &uniformGen{n: int(n), m: m, seed: seed}, nil
}

func (g *uniformGen) Nodes() int     { return g.n }
func (g *uniformGen) Weighted() bool { return false }
func (g *uniformGen) Parts() int     { return int((g.m + partArcs - 1) / partArcs) }

func (g *uniformGen) Spec() string {
	if g.seed == 1 {
		return fmt.Sprintf("uniform:%d:%d", g.n, g.m)
	}
	return fmt.Sprintf("uniform:%d:%d:%d", g.n, g.m, g.seed)
}

func (g *uniformGen) Describe() string {
	return fmt.Sprintf("uniform random graph (seed %d): %d nodes, %d arcs drawn uniformly without self-loops; "+
		"duplicate draws collapse unless built as a multigraph, leaving about %.0f distinct arcs",
		g.seed, g.n, g.m, expectedDistinct(float64(g.n)*float64(g.n-1), float64(g.m)))
}

// expectedDistinct is the expected number of distinct values among m
// uniform draws from `pairs` values: pairs * (1 - (1 - 1/pairs)^m).
func expectedDistinct(pairs, m float64) float64 {
	if pairs <= 0 {
		return 0
	}
	return -pairs * math.Expm1(m*math.Log1p(-1/pairs))
}

func (g *uniformGen) Part(part int, emit func(src, dst []uint32, w []float64) error) error {
	parts := g.Parts()
	if part < 0 || part >= parts {
		return partRangeError(part, parts)
	}
	count := min(g.m-uint64(part)*partArcs, partArcs)
	var rng rand.PCG
	seedStream(&rng, g.seed, domainUniform, uint64(part))
	buf := arcBuffers.Get().(*arcBuffer)
	defer arcBuffers.Put(buf)

	n := uint64(g.n)
	// One 64-bit draw gives both endpoints (Brackett-Rozinsky and Lemire,
	// "Batched ranged random integer generation", 2024): multiplying by n
	// and then n-1 is Lemire's multiply-shift for the bound n*(n-1) < 2^64
	// read in mixed radix, and the same rejection keeps it exactly uniform.
	// The destination is drawn from the n-1 nodes other than the source.
	pairs := n * (n - 1)
	reject := -pairs % pairs // 2^64 mod pairs: the low products to redraw
	for done := uint64(0); done < count; {
		chunk := int(min(count-done, chunkArcs))
		src, dst := buf.src[:chunk], buf.dst[:chunk]
		for k := range src {
			s, lo := bits.Mul64(rng.Uint64(), n)
			d, lo := bits.Mul64(lo, n-1)
			for lo < reject { // probability pairs/2^64 at most
				s, lo = bits.Mul64(rng.Uint64(), n)
				d, lo = bits.Mul64(lo, n-1)
			}
			if d >= s {
				d++
			}
			src[k], dst[k] = uint32(s), uint32(d)
		}
		if err := emit(src, dst, nil); err != nil {
			return err
		}
		done += uint64(chunk)
	}
	return nil
}
