// Command scratch is a program outside prk, built by TestScratchModule in a
// module of its own: it builds a graph from edges, solves it in one call,
// runs the same edges through gonum, and prints both top 10s.
package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/prkbench/prk"
	"github.com/prkbench/prk/graph/gonumgraph"
)

func main() {
	// 3000 nodes, 30000 arcs drawn with a bias to low ids, so the ranking
	// has a clear head; no self-loops, which gonum's simple graph refuses.
	const n = 3000
	r := rand.New(rand.NewPCG(1, 2))
	var edges [][2]uint32
	for len(edges) < 30000 {
		s := uint32(r.IntN(n))
		d := uint32(float64(n) * math.Pow(r.Float64(), 3))
		if s != d {
			edges = append(edges, [2]uint32{s, d})
		}
	}

	g, err := prk.FromEdges(edges)
	check(err)
	res, err := prk.PageRank(context.Background(), g, prk.Options{Tolerance: 1e-13})
	check(err)
	var prkTop []int64
	ranked := res.Top(11)
	gap := math.Inf(1) // the closest two of the top 11 come, the less rounding may swap them
	for k, node := range ranked[:10] {
		prkTop = append(prkTop, int64(node.ID))
		gap = min(gap, node.Score-ranked[k+1].Score)
	}

	gg := simple.NewDirectedGraph()
	for i := range int64(n) {
		gg.AddNode(simple.Node(i))
	}
	for _, e := range edges {
		gg.SetEdge(simple.Edge{F: simple.Node(e[0]), T: simple.Node(e[1])})
	}
	gonumTop := top10(network.PageRankSparse(gg, 0.85, 1e-13))
	viaGonumgraph, err := gonumgraph.PageRank(context.Background(), gg, prk.Options{Tolerance: 1e-13})
	check(err)

	fmt.Println("prk:", prkTop, "strategy", res.Strategy)
	fmt.Println("smallest gap:", gap)
	fmt.Println("gonum:", gonumTop)
	fmt.Println("gonumgraph:", top10(viaGonumgraph))
	if !slices.Equal(prkTop, gonumTop) || !slices.Equal(prkTop, top10(viaGonumgraph)) {
		fmt.Println("top 10s differ")
		os.Exit(1)
	}
}

// top10 ranks gonum's map of scores, ties by the lower id.
func top10(scores map[int64]float64) []int64 {
	ids := make([]int64, 0, len(scores))
	for id := range scores {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int64) int {
		if scores[a] != scores[b] {
			if scores[a] > scores[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	return ids[:10]
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
