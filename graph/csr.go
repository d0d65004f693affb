package graph

import (
	"errors"
	"fmt"
	"math"
)

// MaxNodes is the largest node count a CSR can hold: ids are uint32 and
// math.MaxUint32 itself is kept free as a sentinel.
const MaxNodes = math.MaxUint32

// CSR is a directed graph in compressed sparse row form over in-arcs.
//
// The sources of the arcs into node i are InSources[InOffsets[i]:InOffsets[i+1]],
// ascending (and, unless the graph was built as a multigraph, distinct).
// Arc offsets are int64 so a graph may hold more than 2^32 arcs.
type CSR struct {
	// N is the number of nodes.
	N int
	// InOffsets has N+1 entries; InOffsets[0] == 0 and InOffsets[N] == number of arcs.
	InOffsets []int64
	// InSources holds the source of every arc, grouped by destination.
	InSources []uint32
	// InWeights is nil for an unweighted graph, else the weight of each arc,
	// parallel to InSources.
	InWeights []float64
	// OutDegree[j] is the number of arcs leaving node j (after duplicates collapse).
	OutDegree []uint32
	// OutWeight is nil for an unweighted graph, else the summed weight of the
	// arcs leaving each node.
	OutWeight []float64
	// IDs is nil when node i is called i in the source; otherwise IDs[i] is
	// the id the file gave node i. IDs is ascending, so dense order follows
	// file order.
	IDs []uint64
}

// Arcs returns the number of arcs.
func (g *CSR) Arcs() int64 {
	if g == nil || len(g.InOffsets) == 0 {
		return 0
	}
	return g.InOffsets[len(g.InOffsets)-1]
}

// Weighted reports whether the graph carries arc weights.
func (g *CSR) Weighted() bool { return g.InWeights != nil }

// InNeighbors returns the sources of the arcs into node i.
func (g *CSR) InNeighbors(i int) []uint32 {
	return g.InSources[g.InOffsets[i]:g.InOffsets[i+1]]
}

// ID returns the external id of node i: the file's own id where the file's ids
// were remapped, else i itself.
func (g *CSR) ID(i int) uint64 {
	if g.IDs != nil {
		return g.IDs[i]
	}
	return uint64(i)
}

// Bytes returns the memory the graph's arrays occupy.
func (g *CSR) Bytes() int64 {
	return int64(len(g.InOffsets))*8 + int64(len(g.InSources))*4 + int64(len(g.InWeights))*8 +
		int64(len(g.OutDegree))*4 + int64(len(g.OutWeight))*8 + int64(len(g.IDs))*8
}

// Validate checks every structural invariant of g and returns a description
// of the first one broken. Loaders call it on anything they did not build
// themselves (a .prkg file), and tests call it on everything.
func (g *CSR) Validate() error {
	if g == nil {
		return errors.New("graph: nil CSR")
	}
	if g.N < 0 || int64(g.N) > MaxNodes {
		return fmt.Errorf("graph: node count %d out of range", g.N)
	}
	if len(g.InOffsets) != g.N+1 {
		return fmt.Errorf("graph: %d offsets for %d nodes, want %d", len(g.InOffsets), g.N, g.N+1)
	}
	if g.InOffsets[0] != 0 {
		return fmt.Errorf("graph: first offset is %d, want 0", g.InOffsets[0])
	}
	m := g.InOffsets[g.N]
	if m != int64(len(g.InSources)) {
		return fmt.Errorf("graph: offsets end at %d but there are %d sources", m, len(g.InSources))
	}
	if g.InWeights != nil && len(g.InWeights) != len(g.InSources) {
		return fmt.Errorf("graph: %d weights for %d arcs", len(g.InWeights), len(g.InSources))
	}
	if len(g.OutDegree) != g.N {
		return fmt.Errorf("graph: %d out-degrees for %d nodes", len(g.OutDegree), g.N)
	}
	if (g.OutWeight != nil) != (g.InWeights != nil) {
		return errors.New("graph: out-weights and arc weights must be both present or both absent")
	}
	if g.OutWeight != nil && len(g.OutWeight) != g.N {
		return fmt.Errorf("graph: %d out-weights for %d nodes", len(g.OutWeight), g.N)
	}
	if g.IDs != nil {
		if len(g.IDs) != g.N {
			return fmt.Errorf("graph: %d ids for %d nodes", len(g.IDs), g.N)
		}
		for i := 1; i < len(g.IDs); i++ {
			if g.IDs[i] <= g.IDs[i-1] {
				return fmt.Errorf("graph: ids not strictly ascending at node %d", i)
			}
		}
	}
	outdeg := make([]uint32, g.N)
	for i := 0; i < g.N; i++ {
		lo, hi := g.InOffsets[i], g.InOffsets[i+1]
		if hi < lo || hi > m {
			return fmt.Errorf("graph: offsets of node %d run from %d to %d", i, lo, hi)
		}
		for k := lo; k < hi; k++ {
			s := g.InSources[k]
			if int64(s) >= int64(g.N) {
				return fmt.Errorf("graph: arc %d into node %d has source %d, beyond %d nodes", k, i, s, g.N)
			}
			if k > lo && s < g.InSources[k-1] {
				return fmt.Errorf("graph: sources of node %d not ascending at arc %d", i, k)
			}
			if g.InWeights != nil {
				w := g.InWeights[k]
				if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
					return fmt.Errorf("graph: arc %d has weight %v", k, w)
				}
			}
			outdeg[s]++
		}
	}
	for j, d := range outdeg {
		if g.OutDegree[j] != d {
			return fmt.Errorf("graph: node %d has out-degree %d, its arcs say %d", j, g.OutDegree[j], d)
		}
	}
	return nil
}
