package strategytest

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/prkbench/prk/graph"
)

// arcList is an in-memory graph.ArcSource, cut into a few parts so that a
// parallel builder really reads it in pieces.
type arcList struct {
	n        int
	src, dst []uint32
	w        []float64 // nil for an unweighted graph
	parts    int
}

func (a *arcList) Nodes() int     { return a.n }
func (a *arcList) Weighted() bool { return a.w != nil }
func (a *arcList) Parts() int     { return max(a.parts, 1) }

func (a *arcList) Part(i int, emit func(src, dst []uint32, w []float64) error) error {
	m := len(a.src)
	lo, hi := m*i/a.Parts(), m*(i+1)/a.Parts()
	var w []float64
	if a.w != nil {
		w = a.w[lo:hi]
	}
	return emit(a.src[lo:hi], a.dst[lo:hi], w)
}

func (a *arcList) add(s, d uint32) { a.src, a.dst = append(a.src, s), append(a.dst, d) }

func (a *arcList) addWeighted(s, d uint32, w float64) { a.add(s, d); a.w = append(a.w, w) }

// build turns the arcs into a CSR and checks it.
func (a *arcList) build(opts graph.BuildOptions) (*graph.CSR, error) {
	if a.parts == 0 {
		a.parts = 3
	}
	g, err := graph.Build(a, opts)
	if err != nil {
		return nil, err
	}
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("graph.Build made an invalid graph: %w", err)
	}
	return g, nil
}

// handMade returns a graph with n nodes and the given arcs (src, dst pairs).
func handMade(n int, arcs ...[2]uint32) func() (*graph.CSR, error) {
	return func() (*graph.CSR, error) {
		a := &arcList{n: n, parts: 1}
		for _, arc := range arcs {
			a.add(arc[0], arc[1])
		}
		return a.build(graph.BuildOptions{})
	}
}

// weightedHandMade is handMade with a weight per arc.
func weightedHandMade(n int, arcs [][2]uint32, weights []float64) func() (*graph.CSR, error) {
	return func() (*graph.CSR, error) {
		a := &arcList{n: n, parts: 1, w: []float64{}}
		for k, arc := range arcs {
			a.addWeighted(arc[0], arc[1], weights[k])
		}
		return a.build(graph.BuildOptions{})
	}
}

// randomSpec describes a random graph the suite generates itself.
type randomSpec struct {
	nodes, arcs int
	seed        uint64
	// dangling is the fraction of nodes that get no out-arcs.
	dangling float64
	// skew draws destinations from a Zipf law (a power-law in-degree, as on
	// the web) instead of uniformly.
	skew bool
	// selfLoops is the fraction of arcs turned into self-loops.
	selfLoops float64
	// weighted draws a weight per arc from [0, 10), a tenth of them zero,
	// so some nodes have out-arcs but no out-weight.
	weighted   bool
	multigraph bool
}

func (r randomSpec) generate() (*graph.CSR, error) {
	rng := rand.New(rand.NewPCG(r.seed, 0x5eed))
	a := &arcList{n: r.nodes, parts: 4}
	if r.weighted {
		a.w = make([]float64, 0, r.arcs)
	}
	// Nodes [0, linked) have out-arcs; the rest are dangling. Interleave by
	// a permutation so dangling nodes fall in every worker's block.
	linked := max(1, r.nodes-int(float64(r.nodes)*r.dangling))
	perm := rng.Perm(r.nodes)
	var zipf *rand.Zipf
	if r.skew {
		zipf = rand.NewZipf(rng, 1.3, 4, uint64(r.nodes-1))
	}
	for range r.arcs {
		s := uint32(perm[rng.IntN(linked)])
		var d uint32
		if zipf != nil {
			d = uint32(perm[r.nodes-1-int(zipf.Uint64())])
		} else {
			d = uint32(rng.IntN(r.nodes))
		}
		if rng.Float64() < r.selfLoops {
			d = s
		}
		if r.weighted {
			w := 10 * rng.Float64()
			if rng.IntN(10) == 0 {
				w = 0
			}
			a.addWeighted(s, d, w)
		} else {
			a.add(s, d)
		}
	}
	return a.build(graph.BuildOptions{Multigraph: r.multigraph})
}

// graphCache holds every graph the suite made or loaded in this test
// binary, so that running the suite over several strategies builds each
// graph once. Keys name the graph (and the data folder for real graphs).
var graphCache struct {
	sync.Mutex
	m map[string]*cachedGraph
}

type cachedGraph struct {
	once sync.Once
	g    *graph.CSR
	err  error
}

// cachedGraphFor returns the graph called key, making it with make the
// first time.
func cachedGraphFor(key string, make func() (*graph.CSR, error)) (*graph.CSR, error) {
	graphCache.Lock()
	if graphCache.m == nil {
		graphCache.m = map[string]*cachedGraph{}
	}
	c := graphCache.m[key]
	if c == nil {
		c = &cachedGraph{}
		graphCache.m[key] = c
	}
	graphCache.Unlock()
	c.once.Do(func() { c.g, c.err = make() })
	return c.g, c.err
}

// mustGraph returns the cached graph or ends the test.
func mustGraph(t *testing.T, key string, make func() (*graph.CSR, error)) *graph.CSR {
	t.Helper()
	g, err := cachedGraphFor(key, make)
	if err != nil {
		t.Fatalf("making graph %s: %v", key, err)
	}
	return g
}
