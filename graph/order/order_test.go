package order_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/graph/order"
)

func randomGraph(t *testing.T, n, m int, weighted bool, seed uint64) *graph.CSR {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	var edges [][2]uint32
	var ws []float64
	for range m {
		// skewed sources, so degrees differ
		s := uint32(rng.IntN(n) * rng.IntN(n) / n)
		edges = append(edges, [2]uint32{s, uint32(rng.IntN(n))})
		ws = append(ws, 0.5+rng.Float64())
	}
	var g *graph.CSR
	var err error
	if weighted {
		g, err = graph.FromWeightedEdges(edges, ws, graph.BuildOptions{})
	} else {
		g, err = graph.FromEdges(edges, graph.BuildOptions{})
	}
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// arcSet lists g's arcs as (src, dst, weight) in old numbering after
// undoing newID, sorted.
type arc struct {
	s, d uint32
	w    float64
}

func arcs(g *graph.CSR, oldID []uint32) []arc {
	var out []arc
	for r := range g.N {
		for k := g.InOffsets[r]; k < g.InOffsets[r+1]; k++ {
			a := arc{s: g.InSources[k], d: uint32(r)}
			if oldID != nil {
				a.s, a.d = oldID[a.s], oldID[a.d]
			}
			if g.InWeights != nil {
				a.w = g.InWeights[k]
			}
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(x, y arc) int {
		if x.d != y.d {
			return int(x.d) - int(y.d)
		}
		return int(x.s) - int(y.s)
	})
	return out
}

func inverse(newID []uint32) []uint32 {
	old := make([]uint32, len(newID))
	for o, n := range newID {
		old[n] = uint32(o)
	}
	return old
}

func TestPermuteKeepsTheGraph(t *testing.T) {
	for _, weighted := range []bool{false, true} {
		g := randomGraph(t, 3000, 20000, weighted, 7)
		for name, number := range map[string]func(*graph.CSR) []uint32{"degree": order.Degree, "dbg": order.DBG} {
			newID := number(g)
			if err := order.Check(newID, g.N); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			h, err := order.Permute(g, newID, 0)
			if err != nil {
				t.Fatal(err)
			}
			if err := h.Validate(); err != nil {
				t.Fatalf("%s weighted=%v: permuted graph invalid: %v", name, weighted, err)
			}
			if !slices.Equal(arcs(g, nil), arcs(h, inverse(newID))) {
				t.Fatalf("%s weighted=%v: the permuted graph has other arcs", name, weighted)
			}
			for o, n := range newID {
				if g.OutDegree[o] != h.OutDegree[n] {
					t.Fatalf("%s: out-degree of %d not carried", name, o)
				}
				if weighted && g.OutWeight[o] != h.OutWeight[n] {
					t.Fatalf("%s: out-weight of %d not carried", name, o)
				}
			}
		}
	}
}

// TestPermuteHub: a row long enough for the radix sort keeps its arcs.
func TestPermuteHub(t *testing.T) {
	var edges [][2]uint32
	for i := uint32(1); i < 5000; i++ {
		edges = append(edges, [2]uint32{i, 0}, [2]uint32{i, i % 7})
	}
	g, err := graph.FromEdges(edges, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	newID := order.Degree(g)
	h, err := order.Permute(g, newID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Validate(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(arcs(g, nil), arcs(h, inverse(newID))) {
		t.Fatal("the permuted hub graph has other arcs")
	}
}

func TestDegreeOrdersByOutDegree(t *testing.T) {
	g := randomGraph(t, 2000, 15000, false, 3)
	old := inverse(order.Degree(g))
	for i := 1; i < len(old); i++ {
		a, b := g.OutDegree[old[i-1]], g.OutDegree[old[i]]
		if a < b || (a == b && old[i-1] > old[i]) {
			t.Fatalf("positions %d, %d: degrees %d, %d (ids %d, %d) out of order", i-1, i, a, b, old[i-1], old[i])
		}
	}
}

func TestDBGGroupsAndKeepsOrderWithinGroups(t *testing.T) {
	g, err := gen.Generate("kron:12", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	old := inverse(order.DBG(g))
	mean := float64(g.Arcs()) / float64(g.N)
	group := func(d uint32) int {
		for i, b := range []float64{32, 16, 8, 4, 2, 1, 0.5} {
			if float64(d) >= b*mean {
				return i
			}
		}
		return 7
	}
	for i := 1; i < len(old); i++ {
		ga, gb := group(g.OutDegree[old[i-1]]), group(g.OutDegree[old[i]])
		if ga > gb || (ga == gb && old[i-1] > old[i]) {
			t.Fatalf("positions %d, %d: groups %d, %d, ids %d, %d out of order", i-1, i, ga, gb, old[i-1], old[i])
		}
	}
}

func TestApplyRestore(t *testing.T) {
	newID := []uint32{2, 0, 3, 1}
	v := []float64{10, 11, 12, 13}
	a := order.Apply(v, newID)
	if !slices.Equal(a, []float64{11, 13, 10, 12}) {
		t.Fatalf("Apply = %v", a)
	}
	if r := order.Restore(a, newID); !slices.Equal(r, v) {
		t.Fatalf("Restore(Apply(v)) = %v, want %v", r, v)
	}
	if order.Apply[float64](nil, newID) != nil {
		t.Fatal("Apply(nil) is not nil")
	}
}

func TestCheckRefusesNonPermutations(t *testing.T) {
	for _, bad := range [][]uint32{{0, 0, 1}, {0, 1, 3}, {0, 1}} {
		if err := order.Check(bad, 3); err == nil {
			t.Errorf("Check(%v, 3) = nil", bad)
		}
	}
	g := randomGraph(t, 10, 20, false, 1)
	if _, err := order.Permute(g, []uint32{0, 1}, 0); err == nil {
		t.Error("Permute with a short permutation did not fail")
	}
}
