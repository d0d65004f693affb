package graph_test

import (
	"fmt"

	"github.com/prkbench/prk/graph"
)

// arcPairs is the smallest useful ArcSource: arcs held in memory, in one part.
type arcPairs struct {
	n        int
	src, dst []uint32
}

func (a arcPairs) Nodes() int     { return a.n }
func (a arcPairs) Weighted() bool { return false }
func (a arcPairs) Parts() int     { return 1 }
func (a arcPairs) Part(_ int, emit func(src, dst []uint32, w []float64) error) error {
	return emit(a.src, a.dst, nil)
}

func ExampleBuild() {
	// 0 -> 1, 0 -> 2, 1 -> 2 (twice), 2 -> 0.
	arcs := arcPairs{n: 3, src: []uint32{0, 0, 1, 1, 2}, dst: []uint32{1, 2, 2, 2, 0}}
	g, err := graph.Build(arcs, graph.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range g.N {
		fmt.Printf("into %d: %v\n", i, g.InNeighbors(i))
	}
	fmt.Println("out-degrees:", g.OutDegree)
	// Output:
	// into 0: [2]
	// into 1: [0]
	// into 2: [0 1]
	// out-degrees: [2 1 1]
}

func ExampleBuild_undirectedMultigraph() {
	arcs := arcPairs{n: 2, src: []uint32{0, 0, 1}, dst: []uint32{1, 1, 1}}
	g, err := graph.Build(arcs, graph.BuildOptions{Undirected: true, Multigraph: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("into 0:", g.InNeighbors(0), "into 1:", g.InNeighbors(1))
	// Output:
	// into 0: [1 1] into 1: [0 0 1]
}
