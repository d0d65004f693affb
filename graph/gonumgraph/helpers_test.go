package gonumgraph_test

import (
	"math"

	"gonum.org/v1/gonum/graph/simple"
)

// newDirected, newWeightedDirected and newUndirected return gonum simple
// graphs holding the nodes ids and no edges.
func newDirected(ids []int64) *simple.DirectedGraph {
	g := simple.NewDirectedGraph()
	for _, id := range ids {
		g.AddNode(simple.Node(id))
	}
	return g
}

func newWeightedDirected(ids []int64) *simple.WeightedDirectedGraph {
	g := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	for _, id := range ids {
		g.AddNode(simple.Node(id))
	}
	return g
}

func newUndirected(ids []int64) *simple.UndirectedGraph {
	g := simple.NewUndirectedGraph()
	for _, id := range ids {
		g.AddNode(simple.Node(id))
	}
	return g
}
