package subprocess

import (
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/prkbench/prk/graph"
)

// TestMain lets this test binary serve as the strategy's worker: the
// strategy starts the binary itself with WorkerEnv set.
func TestMain(m *testing.M) {
	ServeIfWorker()
	os.Exit(m.Run())
}

// csrFromArcs builds a CSR by hand, independently of graph.Build: rows
// sorted by source, duplicates kept only when multi is set.
func csrFromArcs(n int, src, dst []uint32, w []float64, multi bool) *graph.CSR {
	type arc struct {
		s uint32
		w float64
	}
	rows := make([][]arc, n)
	for k := range src {
		a := arc{s: src[k], w: 1}
		if w != nil {
			a.w = w[k]
		}
		rows[dst[k]] = append(rows[dst[k]], a)
	}
	g := &graph.CSR{N: n, InOffsets: make([]int64, n+1), InSources: []uint32{}, OutDegree: make([]uint32, n)}
	if w != nil {
		g.InWeights = []float64{}
		g.OutWeight = make([]float64, n)
	}
	for i, row := range rows {
		slices.SortStableFunc(row, func(a, b arc) int { return int(a.s) - int(b.s) })
		for k, a := range row {
			if !multi && k > 0 && row[k-1].s == a.s {
				if w != nil {
					g.InWeights[len(g.InWeights)-1] += a.w
				}
				continue
			}
			g.InSources = append(g.InSources, a.s)
			if w != nil {
				g.InWeights = append(g.InWeights, a.w)
			}
		}
		g.InOffsets[i+1] = int64(len(g.InSources))
	}
	for k, s := range g.InSources {
		g.OutDegree[s]++
		if w != nil {
			g.OutWeight[s] += g.InWeights[k]
		}
	}
	return g
}

// randomGraph draws m arcs over n nodes; a fraction of the nodes (dangling)
// gets no out-arcs, and with skew the sources and destinations favour low
// ids, as in a power-law graph.
func randomGraph(n, m int, seed uint64, dangling float64, weighted, skew bool) *graph.CSR {
	rng := rand.New(rand.NewPCG(seed, 99))
	isDangling := make([]bool, n)
	for i := range isDangling {
		isDangling[i] = rng.Float64() < dangling
	}
	pick := func() uint32 {
		if skew {
			f := rng.Float64()
			return uint32(float64(n) * f * f * f)
		}
		return uint32(rng.IntN(n))
	}
	var src, dst []uint32
	var w []float64
	for len(src) < m {
		s := pick()
		if isDangling[s] {
			continue
		}
		src = append(src, s)
		dst = append(dst, pick())
		if weighted {
			w = append(w, 0.25+rng.Float64()*3)
		}
	}
	return csrFromArcs(n, src, dst, w, false)
}
