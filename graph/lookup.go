package graph

import (
	"fmt"
	"slices"
)

// Index returns the node whose id (the file's id, see ID) is id, and
// whether there is one: a binary search of IDs when the file's ids were
// remapped, else id itself when it is below N.
func (g *CSR) Index(id uint64) (int, bool) {
	if g.IDs != nil {
		return slices.BinarySearch(g.IDs, id)
	}
	if id < uint64(g.N) {
		return int(id), true
	}
	return 0, false
}

// ScoresByID returns scores (one per node, by dense id, as a solve returns
// them) keyed by the file's ids.
func (g *CSR) ScoresByID(scores []float64) (map[uint64]float64, error) {
	if len(scores) != g.N {
		return nil, fmt.Errorf("graph: %d scores for %d nodes", len(scores), g.N)
	}
	m := make(map[uint64]float64, len(scores))
	for i, s := range scores {
		m[g.ID(i)] = s
	}
	return m, nil
}
