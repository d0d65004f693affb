package graph

import (
	"fmt"
	"slices"
)

// Index returns the node whose id (the file's id, see ID) is id, and
// whether there is one: a binary search of IDs when the file's ids were
// remapped, else id itself when it is below N. On a graph stored
// renumbered (Order) each call inverts Order: use Indexer for many ids.
func (g *CSR) Index(id uint64) (int, bool) {
	return g.Indexer()(id)
}

// Indexer returns Index as a function that answers each id in O(log N),
// having inverted Order once if the graph has one.
func (g *CSR) Indexer() func(id uint64) (int, bool) {
	inv := g.FileIndex()
	return func(id uint64) (int, bool) {
		var f int
		if g.IDs != nil {
			var ok bool
			if f, ok = slices.BinarySearch(g.IDs, id); !ok {
				return 0, false
			}
		} else {
			if id >= uint64(g.N) {
				return 0, false
			}
			f = int(id)
		}
		if inv != nil {
			return int(inv[f]), true
		}
		return f, true
	}
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
