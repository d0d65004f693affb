package gen

import (
	"fmt"
	"math"

	"github.com/prkbench/prk/graph/gen/internal/nprand"
)

// maxSeedNodes bounds seed:N. The graph costs N*N random draws, however
// few arcs it has, so N = 2^15 already takes about ten seconds.
const maxSeedNodes = 1 << 15

// seedGen is seed:N[:SEED], the study's graph. In NumPy it was
//
//	np.random.seed(SEED)
//	M = np.random.choice([0, 1], size=(N, N), p=[1 - 5/N, 5/N])
//	zero_rows = np.where(M.sum(axis=1) == 0)[0]
//	M[zero_rows, np.random.randint(0, N, size=len(zero_rows))] = 1
//
// with an arc i -> j wherever M[i, j] == 1. seedGen replays the same MT19937
// stream row by row instead of holding the N x N matrix: row i is made of
// random_sample draws i*N .. i*N+N-1, and the rows left empty get their one
// column from the randint draws that follow all N*N samples.
type seedGen struct {
	n      int
	npSeed uint32
	// threshold is the smallest 53-bit sample integer k (random_sample ==
	// k/2^53) for which choice picks 1.
	threshold uint64
}

func parseSeed(p *specParser) (Generator, error) {
	if err := p.arity(1, 2); err != nil {
		return nil, err
	}
	// choice rejects p = [1-5/N, 5/N] for N < 5: 1-5/N would be negative.
	n, err := p.number(0, "N", 5, maxSeedNodes, 0)
	if err != nil {
		return nil, err
	}
	seed, err := p.number(1, "SEED", 0, math.MaxUint32, 0)
	if err != nil {
		return nil, err
	}
	return newSeedGen(int(n), uint32(seed)), nil
}

func newSeedGen(n int, npSeed uint32) *seedGen {
	return &seedGen{n: n, npSeed: npSeed, threshold: seedThreshold(n)}
}

// seedThreshold turns NumPy's choice into an integer comparison. Legacy
// choice with probabilities p computes, in float64,
//
//	cdf = p.cumsum(); cdf /= cdf[-1]
//	idx = cdf.searchsorted(random_sample(shape), side='right')
//
// so it picks 1 exactly when the sample u satisfies u >= cdf[0] (u < 1 =
// cdf[1] always). With u = k/2^53 and cdf[0]*2^53 exact (a power-of-two
// scaling), that is k >= ceil(cdf[0] * 2^53).
func seedThreshold(n int) uint64 {
	p0 := 1 - 5/float64(n)
	p1 := 5 / float64(n)
	cdf0 := p0 / (p0 + p1)
	return uint64(math.Ceil(cdf0 * (1 << 53)))
}

func (g *seedGen) Nodes() int     { return g.n }
func (g *seedGen) Weighted() bool { return false }

// Parts is 1: the MT19937 stream is sequential.
func (g *seedGen) Parts() int { return 1 }

func (g *seedGen) Spec() string {
	if g.npSeed == 0 {
		return fmt.Sprintf("seed:%d", g.n)
	}
	return fmt.Sprintf("seed:%d:%d", g.n, g.npSeed)
}

func (g *seedGen) Describe() string {
	return fmt.Sprintf("the study's random graph (NumPy seed %d): %d nodes, arc i->j (self-loops included) "+
		"with probability 5/%d, about %d arcs, plus one arc to a random node from each row left without any",
		g.npSeed, g.n, g.n, 5*g.n)
}

func (g *seedGen) Part(part int, emit func(src, dst []uint32, w []float64) error) error {
	if part != 0 {
		return partRangeError(part, 1)
	}
	buf := arcBuffers.Get().(*arcBuffer)
	defer arcBuffers.Put(buf)
	rng := nprand.New(g.npSeed)
	n, threshold := g.n, g.threshold
	var emptyRows []uint32 // about N*e^-5 of them
	var samples [512]uint64
	fill := 0
	for i := range n {
		rowHasArc := false
		for j0 := 0; j0 < n; j0 += len(samples) {
			block := samples[:min(len(samples), n-j0)]
			rng.FillSample53(block)
			for dj, k := range block {
				if k < threshold {
					continue
				}
				rowHasArc = true
				buf.src[fill], buf.dst[fill] = uint32(i), uint32(j0+dj)
				if fill++; fill == chunkArcs {
					if err := emit(buf.src[:], buf.dst[:], nil); err != nil {
						return err
					}
					fill = 0
				}
			}
		}
		if !rowHasArc {
			emptyRows = append(emptyRows, uint32(i))
		}
	}
	for _, i := range emptyRows {
		buf.src[fill], buf.dst[fill] = i, uint32(rng.Randint(uint64(n)))
		if fill++; fill == chunkArcs {
			if err := emit(buf.src[:], buf.dst[:], nil); err != nil {
				return err
			}
			fill = 0
		}
	}
	if fill > 0 {
		return emit(buf.src[:fill], buf.dst[:fill], nil)
	}
	return nil
}
