package order_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph/order"
)

// TestStoredSpeaksTheFilesIDs: a graph stored renumbered keeps every arc
// between the same ids, validates, maps ids to its nodes and back, and
// FileOrder gives the original arrays back exactly; renumbering a stored
// graph again composes the orders.
func TestStoredSpeaksTheFilesIDs(t *testing.T) {
	for _, weighted := range []bool{false, true} {
		g := randomGraph(t, 300, 2000, weighted, 7)
		if weighted {
			// ids that are not 0..N-1 as well
			g.IDs = make([]uint64, g.N)
			for i := range g.IDs {
				g.IDs[i] = uint64(10 + 3*i)
			}
		}
		for _, name := range order.Names() {
			newID, err := order.Number(name, g)
			if err != nil {
				t.Fatal(err)
			}
			h, err := order.Stored(g, newID, 2)
			if err != nil {
				t.Fatal(err)
			}
			if err := h.Validate(); err != nil {
				t.Fatalf("%s: stored graph invalid: %v", name, err)
			}
			idx := h.Indexer()
			for old := range g.N {
				nw := int(newID[old])
				if h.ID(nw) != g.ID(old) {
					t.Fatalf("%s: node %d stored at %d has id %d, want %d", name, old, nw, h.ID(nw), g.ID(old))
				}
				if i, ok := idx(g.ID(old)); !ok || i != nw {
					t.Fatalf("%s: Indexer(%d) = %d, %v; want %d", name, g.ID(old), i, ok, nw)
				}
				if h.OutDegree[nw] != g.OutDegree[old] {
					t.Fatalf("%s: out-degree moved", name)
				}
			}
			if _, ok := h.Index(1 << 40); ok {
				t.Errorf("%s: Index found an id the graph lacks", name)
			}
			back, err := order.FileOrder(h, 2)
			if err != nil {
				t.Fatal(err)
			}
			if back.Order != nil || !reflect.DeepEqual(back.InOffsets, g.InOffsets) || !reflect.DeepEqual(back.InSources, g.InSources) ||
				!reflect.DeepEqual(back.InWeights, g.InWeights) || !reflect.DeepEqual(back.IDs, g.IDs) {
				t.Errorf("%s: FileOrder did not give the original graph back", name)
			}
			// Renumber the stored graph again: ids still follow.
			again, err := order.Stored(h, order.DBG(h), 2)
			if err != nil {
				t.Fatal(err)
			}
			byID := map[uint64]uint32{}
			for i := range g.N {
				byID[g.ID(i)] = g.OutDegree[i]
			}
			for i := range again.N {
				if byID[again.ID(i)] != again.OutDegree[i] {
					t.Fatalf("%s then dbg: node %d (id %d) has out-degree %d, want %d", name, i, again.ID(i), again.OutDegree[i], byID[again.ID(i)])
				}
			}
		}
	}
	if _, err := order.Number("hub", randomGraph(t, 5, 5, false, 1)); err == nil || !strings.Contains(err.Error(), `unknown order "hub"`) {
		t.Errorf("Number(hub): %v", err)
	}
}

// TestValidateChecksOrder: an order that is not a permutation is refused.
func TestValidateChecksOrder(t *testing.T) {
	g := randomGraph(t, 10, 30, false, 3)
	for _, c := range []struct {
		order []uint32
		want  string
	}{
		{[]uint32{0, 1, 2}, "order has 3 entries for 10 nodes"},
		{[]uint32{0, 1, 2, 3, 4, 5, 6, 7, 8, 10}, "order[9] = 10, not below 10"},
		{[]uint32{0, 1, 2, 3, 4, 5, 6, 7, 8, 1}, "order[9] = 1 repeats"},
	} {
		h := *g
		h.Order = c.order
		if err := h.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("order %v: %v, want %q", c.order, err, c.want)
		}
	}
}
