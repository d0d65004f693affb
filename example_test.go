package prk_test

import (
	"context"
	"fmt"

	"github.com/prkbench/prk"
)

// PageRank in one call: arcs in, a ranking out.
func ExamplePageRank() {
	g, err := prk.FromEdges([][2]uint32{{0, 1}, {1, 2}, {2, 0}, {2, 1}, {3, 2}})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := prk.PageRank(context.Background(), g, prk.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range res.Top(3) {
		fmt.Printf("node %d: %.4f\n", n.ID, n.Score)
	}
	fmt.Println("converged:", res.Converged, "strategy:", res.Strategy)
	// Output:
	// node 2: 0.3869
	// node 1: 0.3736
	// node 0: 0.2020
	// converged: true strategy: serial
}

// A file or a generator spec, as the prk command takes them; the options
// change only what they name.
func ExampleLoad() {
	g, err := prk.Load(context.Background(), "seed:1000")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := prk.PageRank(context.Background(), g, prk.Options{Damping: 0.9, Tolerance: 1e-12})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(g.N, "nodes,", g.Arcs(), "arcs,", res.Iterations, "iterations")
	for _, n := range res.Top(3) {
		fmt.Printf("node %d: %.6f\n", n.ID, n.Score)
	}
	// Output:
	// 1000 nodes, 5025 arcs, 35 iterations
	// node 781: 0.003214
	// node 898: 0.003178
	// node 485: 0.003033
}

// Nodes named by strings: solve the labelled graph's CSR and read the
// scores by label.
func ExampleFromLabeledEdges() {
	g, err := prk.FromLabeledEdges([][2]string{
		{"alice", "bob"}, {"bob", "carol"}, {"carol", "alice"}, {"dave", "carol"}, {"erin", "carol"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := prk.PageRank(context.Background(), g.CSR, prk.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	top, _ := g.Top(res.Scores, 2)
	for _, n := range top {
		fmt.Printf("%s: %.4f\n", n.Label, n.Score)
	}
	// Output:
	// carol: 0.3322
	// alice: 0.3123
}

// int64 ids, such as database keys, of any size or sign.
func ExampleFromWeightedLabeledEdges() {
	g, err := prk.FromWeightedLabeledEdges([][2]int64{{-7, 1 << 40}, {1 << 40, 3}, {3, -7}, {3, 1 << 40}}, []float64{1, 1, 1, 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := prk.PageRank(context.Background(), g.CSR, prk.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	scores, _ := g.ScoresByLabel(res.Scores)
	fmt.Printf("%.4f %.4f %.4f\n", scores[-7], scores[3], scores[1<<40])
	// Output:
	// 0.1397 0.4223 0.4380
}

// A node is found by the id its file gave it.
func ExampleResult_Score() {
	// Ids 10, 20 and 30 are not 0..n-1, so they are remapped, and kept.
	g, err := prk.FromLabeledEdges([][2]uint64{{10, 20}, {20, 30}, {30, 10}, {30, 20}})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := prk.PageRank(context.Background(), g.CSR, prk.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	s, ok := res.Score(30)
	fmt.Printf("%.4f %v\n", s, ok)
	_, ok = res.Score(11)
	fmt.Println(ok)
	fmt.Println(len(res.ByID()), "scores by id")
	// Output:
	// 0.3878 true
	// false
	// 3 scores by id
}

func ExampleBestStrategy() {
	small, _ := prk.Load(context.Background(), "seed:1000")
	name, workers := prk.BestStrategy(small)
	fmt.Println(name, workers)
	// Output:
	// serial 1
}
