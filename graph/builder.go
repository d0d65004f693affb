package graph

import (
	"fmt"
	"sort"
)

// Build makes a CSR from src. TEMPORARY simple implementation: the graph
// helper replaces it with the parallel two-pass counting sort.
func Build(src ArcSource, opts BuildOptions) (*CSR, error) {
	n := src.Nodes()
	if n < 0 || int64(n) > MaxNodes {
		return nil, fmt.Errorf("graph: node count %d out of range", n)
	}
	type arc struct {
		s, d uint32
		w    float64
	}
	byDst := make([][]arc, n)
	for p := 0; p < src.Parts(); p++ {
		err := src.Part(p, func(s, d []uint32, w []float64) error {
			for k := range s {
				if int(s[k]) >= n || int(d[k]) >= n {
					return fmt.Errorf("graph: arc %d->%d beyond %d nodes", s[k], d[k], n)
				}
				a := arc{s[k], d[k], 1}
				if w != nil {
					a.w = w[k]
				}
				byDst[a.d] = append(byDst[a.d], a)
				if opts.Undirected && a.s != a.d {
					byDst[a.s] = append(byDst[a.s], arc{a.d, a.s, a.w})
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	g := &CSR{N: n, InOffsets: make([]int64, n+1), OutDegree: make([]uint32, n)}
	weighted := src.Weighted()
	if weighted {
		g.OutWeight = make([]float64, n)
		g.InWeights = []float64{}
	}
	g.InSources = []uint32{}
	for i := range n {
		row := byDst[i]
		sort.SliceStable(row, func(a, b int) bool { return row[a].s < row[b].s })
		for k, a := range row {
			if !opts.Multigraph && k > 0 && row[k-1].s == a.s {
				if weighted {
					g.InWeights[len(g.InWeights)-1] += a.w
				}
				continue
			}
			g.InSources = append(g.InSources, a.s)
			if weighted {
				g.InWeights = append(g.InWeights, a.w)
			}
		}
		g.InOffsets[i+1] = int64(len(g.InSources))
	}
	for k, s := range g.InSources {
		g.OutDegree[s]++
		if weighted {
			g.OutWeight[s] += g.InWeights[k]
		}
	}
	return g, nil
}
