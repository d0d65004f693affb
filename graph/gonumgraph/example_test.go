package gonumgraph_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/prkbench/prk"
	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gonumgraph"
)

// The drop-in for gonum's network.PageRank: scores keyed by gonum node id,
// whatever the ids are.
func ExamplePageRank() {
	g := simple.NewDirectedGraph()
	for _, e := range [][2]int64{{-10, 1 << 40}, {1 << 40, 7}, {7, -10}, {7, 1 << 40}} {
		g.SetEdge(simple.Edge{F: simple.Node(e[0]), T: simple.Node(e[1])})
	}
	scores, err := gonumgraph.PageRank(context.Background(), g, prk.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	gonumScores := network.PageRankSparse(g, 0.85, 1e-12)
	for _, id := range []int64{-10, 7, 1 << 40} {
		fmt.Printf("%d: prk %.6f, gonum %.6f\n", id, scores[id], gonumScores[id])
	}
	// Output:
	// -10: prk 0.214811, gonum 0.214811
	// 7: prk 0.387790, gonum 0.387790
	// 1099511627776: prk 0.397400, gonum 0.397400
}

// The dense score vector and the id map: node i of the prk graph is gonum
// node Labels[i], and Index finds a gonum id's node.
func ExampleFromDirected() {
	g := simple.NewWeightedDirectedGraph(0, 0)
	g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(30), T: simple.Node(-2), W: 3})
	g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(30), T: simple.Node(5), W: 1})
	g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(-2), T: simple.Node(30), W: 1})
	g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(5), T: simple.Node(30), W: 1})
	lg, err := gonumgraph.FromDirected(context.Background(), g)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := prk.PageRank(context.Background(), lg.CSR, prk.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("gonum ids by node:", lg.Labels, "weighted:", lg.Weighted())
	for i, s := range res.Scores {
		fmt.Printf("node %d (gonum %d): %.4f\n", i, lg.Labels[i], s)
	}
	i, _ := lg.Index(30)
	fmt.Println("gonum 30 is node", i)
	// Output:
	// gonum ids by node: [-2 5 30] weighted: true
	// node 0 (gonum -2): 0.3601
	// node 1 (gonum 5): 0.1534
	// node 2 (gonum 30): 0.4865
	// gonum 30 is node 2
}

// A prk graph handed to gonum for its other algorithms, its nodes named by
// the graph's own ids.
func ExampleToDirected() {
	g, err := graph.FromLabeledEdges([][2]uint64{{100, 200}, {200, 300}, {300, 100}, {400, 100}}, graph.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	dg, err := gonumgraph.ToDirected(g.CSR, gonumgraph.ExportOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("nodes:", dg.Nodes().Len(), "edges:", dg.Edges().Len())
	fmt.Println("into 100:", dg.To(100).Len(), "from 400:", dg.From(400).Len())
	// Output:
	// nodes: 4 edges: 4
	// into 100: 2 from 400: 1
}

// An undirected gonum graph: each edge is followed both ways.
func ExamplePageRankUndirected() {
	g := simple.NewUndirectedGraph()
	for _, e := range [][2]int64{{1, 2}, {2, 3}, {3, 4}} { // a path
		g.SetEdge(simple.Edge{F: simple.Node(e[0]), T: simple.Node(e[1])})
	}
	scores, err := gonumgraph.PageRankUndirected(context.Background(), g, prk.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("ends %.4f %.4f, middle %.4f %.4f\n", scores[1], scores[4], scores[2], scores[3])
	// Output:
	// ends 0.1754 0.1754, middle 0.3246 0.3246
}
