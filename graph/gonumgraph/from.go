package gonumgraph

import (
	"context"
	"fmt"
	"math"
	"slices"

	gonum "gonum.org/v1/gonum/graph"

	"github.com/prkbench/prk/graph"
)

// ctxEvery is how many nodes the converters visit between looks at the
// context: a conversion is in-memory work, so checking more often only
// costs time.
const ctxEvery = 1 << 12

// FromDirected builds a prk graph from g, an arc u -> v for every node v in
// g.From(u), weighted by g.Weight(u, v) when g is a gonum graph.Weighted
// (such as a graph.WeightedDirected). Nodes without edges are kept. Node i
// of the result is g's node Labels[i], in ascending id order. It stops with
// ctx.Err() soon after ctx is cancelled.
//
// A weight that is NaN, infinite or negative is an error naming the edge by
// its gonum ids.
func FromDirected(ctx context.Context, g gonum.Directed) (*graph.Labeled[int64], error) {
	if g == nil {
		return nil, fmt.Errorf("gonumgraph: nil graph")
	}
	return fromGraph(ctx, g, false)
}

// FromUndirected builds a prk graph from g with each undirected edge as
// two arcs, one each way, and a self-loop as one arc (as graph.BuildOptions'
// Undirected does), weighted as FromDirected.
func FromUndirected(ctx context.Context, g gonum.Undirected) (*graph.Labeled[int64], error) {
	if g == nil {
		return nil, fmt.Errorf("gonumgraph: nil graph")
	}
	return fromGraph(ctx, g, true)
}

// fromGraph does both: in gonum an undirected graph's From(u) lists every
// neighbour of u, so reading From for every node yields each edge once
// from each end, and a self-loop once, which is the undirected arc set.
func fromGraph(ctx context.Context, g gonum.Graph, undirected bool) (*graph.Labeled[int64], error) {
	kind := "directed"
	if undirected {
		kind = "undirected"
	}
	var ids []int64
	nodes := g.Nodes()
	for k := 0; nodes.Next(); k++ {
		if k%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		ids = append(ids, nodes.Node().ID())
	}
	slices.Sort(ids)
	if int64(len(ids)) > graph.MaxNodes {
		return nil, fmt.Errorf("gonumgraph: %d nodes are more than a prk graph's %d", len(ids), int64(graph.MaxNodes))
	}
	if len(slices.Compact(slices.Clone(ids))) != len(ids) {
		return nil, fmt.Errorf("gonumgraph: the %s graph's Nodes lists a node id twice", kind)
	}
	dense := make(map[int64]uint32, len(ids))
	for i, id := range ids {
		dense[id] = uint32(i)
	}
	weighted, isWeighted := g.(gonum.Weighted)
	var arcs [][2]uint32
	var weights []float64
	if isWeighted {
		weights = []float64{} // weighted even with no edges
	}
	for i, u := range ids {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		to := g.From(u)
		for to.Next() {
			v := to.Node().ID()
			d, ok := dense[v]
			if !ok {
				return nil, fmt.Errorf("gonumgraph: From(%d) of the %s graph lists node %d, which its Nodes does not", u, kind, v)
			}
			arcs = append(arcs, [2]uint32{uint32(i), d})
			if !isWeighted {
				continue
			}
			w, ok := weighted.Weight(u, v)
			if !ok {
				return nil, fmt.Errorf("gonumgraph: From(%d) lists %d but Weight(%d, %d) finds no edge", u, v, u, v)
			}
			if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
				return nil, fmt.Errorf("gonumgraph: edge %d -> %d has weight %v; prk needs finite, non-negative weights", u, v, w)
			}
			weights = append(weights, w)
		}
	}
	csr, err := graph.BuildContext(ctx, graph.Edges{N: len(ids), Arcs: arcs, Weights: weights}, graph.BuildOptions{})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("gonumgraph: %w", err)
	}
	return graph.NewLabeled(csr, ids)
}
