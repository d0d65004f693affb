package prk

import (
	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/pagerank"
)

// Result is a solve's answer (scores by dense node id, iterations,
// residual, what ran) and the graph it is about, so that scores can be
// found by the file's own node ids.
type Result struct {
	pagerank.Result
	// Graph is the graph that was solved.
	Graph *graph.CSR
}

// Node is one node's place in a ranking.
type Node struct {
	// Index is the dense node id, the index into Scores.
	Index int
	// ID is the node's id in the file it came from (see graph.CSR.ID).
	ID uint64
	// Score is its PageRank.
	Score float64
}

// Top returns the k highest-ranked nodes (all of them when there are fewer),
// highest first, ties broken by the lower id.
func (r *Result) Top(k int) []Node {
	order := graph.TopNodes(r.Scores, k)
	out := make([]Node, len(order))
	for j, i := range order {
		out[j] = Node{Index: i, ID: r.Graph.ID(i), Score: r.Scores[i]}
	}
	return out
}

// Score returns the score of the node the file called id, and whether there
// is such a node.
func (r *Result) Score(id uint64) (float64, bool) {
	i, ok := r.Graph.Index(id)
	if !ok {
		return 0, false
	}
	return r.Scores[i], true
}

// ByID returns every score keyed by the file's node ids.
func (r *Result) ByID() map[uint64]float64 {
	m, _ := r.Graph.ScoresByID(r.Scores) // a solve returns one score per node
	return m
}
