package prk

import (
	"context"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/graphio"
	"github.com/prkbench/prk/internal/graphspec"
)

// Load reads the graph file at spec (an edge list, Matrix Market, METIS or
// .prkg file, gzip or not, its format told by its extension) or, when spec
// is a generator spec such as "seed:1000", "uniform:1000:5000" or "kron:16",
// generates it: the GRAPH argument of the prk command, exactly. It stops
// with ctx.Err() soon after ctx is cancelled. For other formats, id modes
// or build options use graphio.LoadContext and gen.GenerateContext.
func Load(ctx context.Context, spec string) (*graph.CSR, error) {
	return graphspec.Load(ctx, spec, graphio.LoadOptions{})
}

// FromEdges builds a graph from arcs between dense node ids 0..max; see
// graph.FromEdges (and graph.BuildOptions for undirected graphs and
// multigraphs).
func FromEdges(arcs [][2]uint32) (*graph.CSR, error) {
	return graph.FromEdges(arcs, graph.BuildOptions{})
}

// FromWeightedEdges is FromEdges with a weight per arc (finite,
// non-negative; duplicate arcs add up); see graph.FromWeightedEdges.
func FromWeightedEdges(arcs [][2]uint32, weights []float64) (*graph.CSR, error) {
	return graph.FromWeightedEdges(arcs, weights, graph.BuildOptions{})
}

// FromLabeledEdges builds a graph from arcs between labels of your own
// (int64 ids of any size or sign, string names, any integer or string
// type): the nodes are the labels that occur, in ascending order, and the
// Labeled graph maps labels to nodes and back. Solve its CSR and read the
// scores by label with its ScoresByLabel and Top. See graph.FromLabeledEdges.
func FromLabeledEdges[L graph.Label](arcs [][2]L) (*graph.Labeled[L], error) {
	return graph.FromLabeledEdges(arcs, graph.BuildOptions{})
}

// FromWeightedLabeledEdges is FromLabeledEdges with a weight per arc.
func FromWeightedLabeledEdges[L graph.Label](arcs [][2]L, weights []float64) (*graph.Labeled[L], error) {
	return graph.FromWeightedLabeledEdges(arcs, weights, graph.BuildOptions{})
}
