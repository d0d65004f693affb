package graph_test

import (
	"fmt"

	"github.com/prkbench/prk/graph"
)

// A graph from a slice of pairs, with no ArcSource to write.
func ExampleFromEdges() {
	g, err := graph.FromEdges([][2]uint32{{0, 1}, {0, 2}, {1, 2}, {2, 0}}, graph.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("nodes:", g.N, "arcs:", g.Arcs())
	fmt.Println("into 2:", g.InNeighbors(2))
	// Output:
	// nodes: 3 arcs: 4
	// into 2: [0 1]
}

func ExampleFromWeightedEdges() {
	g, err := graph.FromWeightedEdges([][2]uint32{{0, 1}, {0, 1}, {1, 0}}, []float64{0.5, 1.5, 3}, graph.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("out-weights:", g.OutWeight) // the duplicate arcs 0 -> 1 add up
	// Output:
	// out-weights: [2 3]
}

// Nodes named by strings: the nodes are numbered in label order, and the
// labels find them again.
func ExampleFromLabeledEdges() {
	g, err := graph.FromLabeledEdges([][2]string{{"paris", "rome"}, {"rome", "oslo"}, {"oslo", "paris"}}, graph.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(g.Labels)
	i, _ := g.Index("rome")
	fmt.Println("rome is node", i)
	// Output:
	// [oslo paris rome]
	// rome is node 2
}

// int64 labels of any size or sign: ids that do not fit a dense uint32
// numbering are remapped, as the edge-list reader remaps a file's ids.
func ExampleFromLabeledEdges_int64() {
	g, err := graph.FromLabeledEdges([][2]int64{{-1, 1 << 40}, {1 << 40, 7}}, graph.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range g.N {
		fmt.Printf("node %d: label %d, in-degree %d\n", i, g.Label(i), len(g.InNeighbors(i)))
	}
	// Output:
	// node 0: label -1, in-degree 0
	// node 1: label 7, in-degree 1
	// node 2: label 1099511627776, in-degree 1
}

func ExampleLabeled_Top() {
	g, err := graph.FromLabeledEdges([][2]string{{"a", "b"}, {"c", "b"}, {"b", "a"}}, graph.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	scores := []float64{0.3, 0.6, 0.1} // as a solve returns them, by node
	top, _ := g.Top(scores, 2)
	fmt.Println(top)
	// Output:
	// [{b 0.6} {a 0.3}]
}

// Node 1000 of a file whose ids were remapped is found by its id.
func ExampleCSR_Index() {
	g, err := graph.FromLabeledEdges([][2]uint64{{1000, 20}, {20, 3}}, graph.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	i, ok := g.CSR.Index(1000)
	fmt.Println(i, ok, g.ID(i))
	_, ok = g.CSR.Index(999)
	fmt.Println(ok)
	// Output:
	// 2 true 1000
	// false
}

func ExampleTopNodes() {
	scores := []float64{0.1, 0.4, 0.1, 0.4}
	fmt.Println(graph.TopNodes(scores, 3)) // ties go to the lower id
	// Output:
	// [1 3 0]
}
