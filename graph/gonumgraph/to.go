package gonumgraph

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/graph/simple"

	"github.com/prkbench/prk/graph"
)

// ExportOptions say how a prk graph becomes a gonum graph.
type ExportOptions struct {
	// IDs, when not nil, is the gonum id of each node (IDs[i] names node
	// i; distinct, one per node), such as the Labels of a graph made by
	// FromDirected. nil means the graph's own ids, g.ID(i) (the file's
	// ids), which must then fit in an int64.
	IDs []int64
	// DropSelfLoops leaves self-loops out. gonum's simple graphs cannot
	// hold them (their SetEdge panics), so without it a self-loop is an
	// error. Dropping one changes the node's out-degree and with it
	// PageRank.
	DropSelfLoops bool
}

// ToDirected writes g out as a gonum simple.DirectedGraph, every node
// included, for gonum's other algorithms. A simple graph holds one edge per
// ordered pair, so the duplicate arcs of a multigraph become one edge; arc
// weights are not carried (see ToWeightedDirected).
func ToDirected(g *graph.CSR, opts ExportOptions) (*simple.DirectedGraph, error) {
	ids, err := exportIDs(g, opts)
	if err != nil {
		return nil, err
	}
	out := simple.NewDirectedGraph()
	for _, id := range ids {
		out.AddNode(simple.Node(id))
	}
	err = eachArc(g, ids, opts, func(s, d int64, _ float64) {
		out.SetEdge(simple.Edge{F: simple.Node(s), T: simple.Node(d)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ToWeightedDirected writes g out as a gonum simple.WeightedDirectedGraph
// with g's arc weights (1 per arc for an unweighted graph; the duplicate
// arcs of a multigraph become one edge whose weight is their sum). The
// graph's self weight is 0 and its absent weight +Inf, the convention of
// gonum's path algorithms.
func ToWeightedDirected(g *graph.CSR, opts ExportOptions) (*simple.WeightedDirectedGraph, error) {
	ids, err := exportIDs(g, opts)
	if err != nil {
		return nil, err
	}
	out := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	for _, id := range ids {
		out.AddNode(simple.Node(id))
	}
	err = eachArc(g, ids, opts, func(s, d int64, w float64) {
		out.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(s), T: simple.Node(d), W: w})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// exportIDs returns the gonum id of every node, checked: one per node and
// distinct, so that AddNode cannot panic on a collision.
func exportIDs(g *graph.CSR, opts ExportOptions) ([]int64, error) {
	if g == nil {
		return nil, fmt.Errorf("gonumgraph: nil graph")
	}
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("gonumgraph: %w", err)
	}
	ids := opts.IDs
	if ids != nil {
		if len(ids) != g.N {
			return nil, fmt.Errorf("gonumgraph: %d ids for %d nodes", len(ids), g.N)
		}
		sorted := slices.Clone(ids)
		slices.Sort(sorted)
		for i := 1; i < len(sorted); i++ {
			if sorted[i] == sorted[i-1] {
				return nil, fmt.Errorf("gonumgraph: id %d names two nodes", sorted[i])
			}
		}
		return ids, nil
	}
	ids = make([]int64, g.N)
	for i := range ids {
		id := g.ID(i)
		if id > math.MaxInt64 {
			return nil, fmt.Errorf("gonumgraph: node %d has id %d, beyond gonum's int64 ids; give ExportOptions.IDs", i, id)
		}
		ids[i] = int64(id)
	}
	return ids, nil
}

// eachArc calls set once per distinct (source, destination) pair of g with
// their gonum ids and summed weight (1 per arc when g is unweighted),
// refusing or dropping self-loops as opts says.
func eachArc(g *graph.CSR, ids []int64, opts ExportOptions, set func(s, d int64, w float64)) error {
	for i := range g.N {
		lo, hi := g.InOffsets[i], g.InOffsets[i+1]
		for k := lo; k < hi; {
			s := g.InSources[k]
			// Sources in a row are ascending, so duplicates are adjacent.
			w := 0.0
			for ; k < hi && g.InSources[k] == s; k++ {
				if g.InWeights != nil {
					w += g.InWeights[k]
				} else {
					w++
				}
			}
			if int(s) == i {
				if opts.DropSelfLoops {
					continue
				}
				return fmt.Errorf("gonumgraph: node %d has a self-loop, which gonum's simple graphs cannot hold; set ExportOptions.DropSelfLoops to leave self-loops out", ids[i])
			}
			set(ids[s], ids[i], w)
		}
	}
	return nil
}
