package graph

import (
	"errors"
	"fmt"
)

// edgePartArcs is how many arcs one part of an Edges source holds, and
// edgeChunkArcs how many it hands to emit at a time. Parts let the builder
// read a large slice on several cores; chunks keep the copy buffers in cache.
const (
	edgePartArcs  = 1 << 18
	edgeChunkArcs = 1 << 13
)

// Edges is an ArcSource over arcs held in memory, for callers who have a
// slice of pairs rather than a stream: Arcs[k] is the arc Arcs[k][0] ->
// Arcs[k][1], with weight Weights[k] when Weights is not nil.
//
// Most callers want FromEdges or FromWeightedEdges, which build one.
type Edges struct {
	// N is the number of nodes; 0 means one more than the largest endpoint
	// (so node ids that no arc names, below that, are nodes without arcs).
	N int
	// Arcs holds the arcs as (source, destination) pairs of dense ids.
	Arcs [][2]uint32
	// Weights is nil for an unweighted graph, else one weight per arc
	// (finite and non-negative; the builder rejects others).
	Weights []float64
}

var _ ArcSource = Edges{}

// Nodes returns N, or one more than the largest endpoint when N is 0.
func (e Edges) Nodes() int {
	if e.N != 0 {
		return e.N
	}
	if len(e.Arcs) == 0 {
		return 0
	}
	var hi uint32
	for _, a := range e.Arcs {
		hi = max(hi, a[0], a[1])
	}
	return int(hi) + 1
}

// Weighted reports whether Weights is set.
func (e Edges) Weighted() bool { return e.Weights != nil }

// Parts returns how many parts of at most 2^18 arcs the arcs make.
func (e Edges) Parts() int { return (len(e.Arcs) + edgePartArcs - 1) / edgePartArcs }

// Part emits the arcs of part i, split into sources and destinations (and
// weights) in chunks.
func (e Edges) Part(i int, emit func(src, dst []uint32, w []float64) error) error {
	if err := e.check(); err != nil {
		return err
	}
	lo := i * edgePartArcs
	hi := min(lo+edgePartArcs, len(e.Arcs))
	if i < 0 || lo >= hi {
		return fmt.Errorf("graph: edges have no part %d", i)
	}
	n := min(edgeChunkArcs, hi-lo)
	src, dst := make([]uint32, n), make([]uint32, n)
	for at := lo; at < hi; at += edgeChunkArcs {
		end := min(at+edgeChunkArcs, hi)
		s, d := src[:end-at], dst[:end-at]
		for k, a := range e.Arcs[at:end] {
			s[k], d[k] = a[0], a[1]
		}
		var w []float64
		if e.Weights != nil {
			w = e.Weights[at:end]
		}
		if err := emit(s, d, w); err != nil {
			return err
		}
	}
	return nil
}

// check reports what Build cannot tell about e by itself: weights of the
// wrong length (which would otherwise be sliced out of range) and a
// negative node count.
func (e Edges) check() error {
	if e.Weights != nil && len(e.Weights) != len(e.Arcs) {
		return fmt.Errorf("graph: %d weights for %d arcs", len(e.Weights), len(e.Arcs))
	}
	if e.N < 0 {
		return fmt.Errorf("graph: node count %d is negative", e.N)
	}
	return nil
}

// FromEdges builds a graph from arcs given as (source, destination) pairs
// of dense node ids. The graph has one more node than the largest id named
// (0 nodes for no arcs); ids below it that no arc names are nodes without
// arcs. opts says how duplicates and direction are treated, as for Build.
// To fix the node count, or to stop on a context, build an Edges value
// with Build or BuildContext.
func FromEdges(arcs [][2]uint32, opts BuildOptions) (*CSR, error) {
	return buildEdges(Edges{Arcs: arcs}, opts)
}

// FromWeightedEdges is FromEdges with a weight per arc: weights[k] is the
// weight of arcs[k]. Weights must be finite and non-negative; duplicate arcs
// collapse into one whose weight is their sum, unless opts.Multigraph.
func FromWeightedEdges(arcs [][2]uint32, weights []float64, opts BuildOptions) (*CSR, error) {
	if weights == nil {
		return nil, errors.New("graph: FromWeightedEdges needs weights (use FromEdges for an unweighted graph)")
	}
	return buildEdges(Edges{Arcs: arcs, Weights: weights}, opts)
}

func buildEdges(e Edges, opts BuildOptions) (*CSR, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	return Build(e, opts)
}
