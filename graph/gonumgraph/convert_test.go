package gonumgraph_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/multi"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gonumgraph"
)

// TestFromDirected checks ids of every sign and size, a node without
// edges, and the arcs, on a gonum simple graph.
func TestFromDirected(t *testing.T) {
	ids := []int64{math.MaxInt64, -3, 0, 1 << 40, 99}
	g := newDirected(ids)
	for _, e := range [][2]int64{{-3, 0}, {0, 1 << 40}, {1 << 40, -3}, {1 << 40, math.MaxInt64}, {math.MaxInt64, 0}} {
		g.SetEdge(g.NewEdge(g.Node(e[0]), g.Node(e[1])))
	}
	lg, err := gonumgraph.FromDirected(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	if err := lg.Validate(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lg.Labels, []int64{-3, 0, 99, 1 << 40, math.MaxInt64}) {
		t.Fatalf("labels %v, want the gonum ids ascending", lg.Labels)
	}
	if lg.IDs != nil || lg.Weighted() || lg.Arcs() != 5 {
		t.Errorf("ids %v weighted %v arcs %d; want no CSR ids (an id is negative), unweighted, 5 arcs", lg.IDs, lg.Weighted(), lg.Arcs())
	}
	// into -3: from 2^40; into 0: from -3 and MaxInt64; 99: nothing;
	// into 2^40: from 0; into MaxInt64: from 2^40.
	for i, want := range [][]uint32{{3}, {0, 4}, {}, {1}, {3}} {
		if got := lg.InNeighbors(i); !slices.Equal(got, want) {
			t.Errorf("into %d (gonum %d): %v, want %v", i, lg.Label(i), got, want)
		}
	}
	if i, ok := lg.Index(1 << 40); !ok || i != 3 {
		t.Errorf("Index(2^40) = %d, %v", i, ok)
	}

	// Non-negative ids also become the CSR's ids.
	h := newDirected([]int64{5, 1 << 33})
	h.SetEdge(h.NewEdge(h.Node(5), h.Node(1<<33)))
	lh, err := gonumgraph.FromDirected(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lh.IDs, []uint64{5, 1 << 33}) {
		t.Errorf("CSR ids %v, want [5 2^33]", lh.IDs)
	}
}

// TestFromDirectedWeights checks that weights are carried, that lines of a
// multigraph add up as gonum's Weight adds them, that self-loops count,
// and that bad weights are errors naming the edge.
func TestFromDirectedWeights(t *testing.T) {
	g := newWeightedDirected([]int64{1, 2, 3})
	g.SetWeightedEdge(g.NewWeightedEdge(g.Node(1), g.Node(2), 2.5))
	g.SetWeightedEdge(g.NewWeightedEdge(g.Node(2), g.Node(3), 0))
	lg, err := gonumgraph.FromDirected(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	if !lg.Weighted() || !slices.Equal(lg.OutWeight, []float64{2.5, 0, 0}) {
		t.Errorf("out-weights %v, want [2.5 0 0]", lg.OutWeight)
	}

	m := multi.NewWeightedDirectedGraph()
	for _, l := range []struct {
		s, d int64
		w    float64
	}{{1, 2, 1}, {1, 2, 2}, {1, 1, 4}} {
		m.SetWeightedLine(m.NewWeightedLine(multi.Node(l.s), multi.Node(l.d), l.w))
	}
	lm, err := gonumgraph.FromDirected(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if got := lm.InWeights; !slices.Equal(lm.InNeighbors(0), []uint32{0}) || !slices.Equal(got, []float64{4, 3}) {
		t.Errorf("into 1: %v, weights %v; want the self-loop (4) and the two lines 1 -> 2 as one arc of 3", lm.InNeighbors(0), got)
	}

	for _, w := range []float64{math.NaN(), math.Inf(1), -1} {
		b := newWeightedDirected([]int64{-4, 9})
		b.SetWeightedEdge(b.NewWeightedEdge(b.Node(-4), b.Node(9), w))
		_, err := gonumgraph.FromDirected(context.Background(), b)
		if err == nil || !strings.Contains(err.Error(), "edge -4 -> 9 has weight") || !strings.Contains(err.Error(), "finite, non-negative") {
			t.Errorf("weight %v: %v, want an error naming edge -4 -> 9", w, err)
		}
	}
}

func TestFromUndirected(t *testing.T) {
	g := newUndirected([]int64{-1, 1, 1 << 50})
	g.SetEdge(g.NewEdge(g.Node(-1), g.Node(1<<50)))
	lg, err := gonumgraph.FromUndirected(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	// -1 <-> 2^50 both ways; 1 alone.
	for i, want := range [][]uint32{{2}, {}, {0}} {
		if got := lg.InNeighbors(i); !slices.Equal(got, want) {
			t.Errorf("into %d: %v, want %v", i, got, want)
		}
	}
	m := multi.NewWeightedUndirectedGraph()
	m.SetWeightedLine(m.NewWeightedLine(multi.Node(0), multi.Node(0), 2))
	m.SetWeightedLine(m.NewWeightedLine(multi.Node(0), multi.Node(1), 3))
	lm, err := gonumgraph.FromUndirected(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if lm.Arcs() != 3 || !slices.Equal(lm.OutWeight, []float64{5, 3}) {
		t.Errorf("%d arcs, out-weights %v; want the self-loop once and the edge both ways: 3 arcs, [5 3]", lm.Arcs(), lm.OutWeight)
	}
}

// TestRoundTrip checks gonum -> prk -> gonum and prk -> gonum -> prk on a
// random weighted graph.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	const n = 500
	arcs := make([][2]uint32, 4000)
	weights := make([]float64, len(arcs))
	for k := range arcs {
		s, d := uint32(r.IntN(n)), uint32(r.IntN(n))
		if s == d {
			d = (d + 1) % n
		}
		arcs[k], weights[k] = [2]uint32{s, d}, float64(r.IntN(5))
	}
	g, err := graph.FromWeightedEdges(arcs, weights, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	g.IDs = make([]uint64, n)
	for i := range g.IDs {
		g.IDs[i] = uint64(i)*1000 + 7
	}
	wg, err := gonumgraph.ToWeightedDirected(g, gonumgraph.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if wg.Nodes().Len() != n || wg.Edges().Len() != int(g.Arcs()) {
		t.Fatalf("gonum graph has %d nodes and %d edges, want %d and %d", wg.Nodes().Len(), wg.Edges().Len(), n, g.Arcs())
	}
	back, err := gonumgraph.FromDirected(context.Background(), wg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.IDs, g.IDs) || !slices.Equal(back.InOffsets, g.InOffsets) || !slices.Equal(back.InSources, g.InSources) ||
		!slices.Equal(back.InWeights, g.InWeights) || !slices.Equal(back.OutWeight, g.OutWeight) {
		t.Fatal("prk -> gonum -> prk changed the graph")
	}

	dg, err := gonumgraph.ToDirected(back.CSR, gonumgraph.ExportOptions{IDs: back.Labels})
	if err != nil {
		t.Fatal(err)
	}
	edges := func(g gonum.Directed) [][2]int64 {
		var out [][2]int64
		for it := g.Nodes(); it.Next(); {
			u := it.Node().ID()
			for to := g.From(u); to.Next(); {
				out = append(out, [2]int64{u, to.Node().ID()})
			}
		}
		slices.SortFunc(out, func(a, b [2]int64) int {
			if a[0] != b[0] {
				return int(a[0] - b[0])
			}
			return int(a[1] - b[1])
		})
		return out
	}
	if !slices.Equal(edges(dg), edges(wg)) {
		t.Error("ToDirected and ToWeightedDirected disagree on the edges")
	}
}

func TestToDirectedErrors(t *testing.T) {
	loop, err := graph.FromEdges([][2]uint32{{0, 1}, {1, 1}, {1, 0}}, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gonumgraph.ToDirected(loop, gonumgraph.ExportOptions{}); err == nil || !strings.Contains(err.Error(), "node 1 has a self-loop") {
		t.Errorf("self-loop: %v, want an error naming node 1", err)
	}
	d, err := gonumgraph.ToDirected(loop, gonumgraph.ExportOptions{DropSelfLoops: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Edges().Len() != 2 || d.HasEdgeFromTo(1, 1) {
		t.Errorf("DropSelfLoops kept %d edges, want 2 and no self-loop", d.Edges().Len())
	}

	for _, tc := range []struct {
		ids  []int64
		want string
	}{
		{[]int64{1}, "1 ids for 2 nodes"},
		{[]int64{5, 5}, "id 5 names two nodes"},
	} {
		if _, err := gonumgraph.ToWeightedDirected(loop, gonumgraph.ExportOptions{IDs: tc.ids, DropSelfLoops: true}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ids %v: %v, want %q", tc.ids, err, tc.want)
		}
	}
	big, err := graph.FromLabeledEdges([][2]uint64{{1, math.MaxUint64}}, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gonumgraph.ToDirected(big.CSR, gonumgraph.ExportOptions{}); err == nil || !strings.Contains(err.Error(), "beyond gonum's int64 ids") {
		t.Errorf("id 2^64-1: %v", err)
	}
	if _, err := gonumgraph.ToDirected(nil, gonumgraph.ExportOptions{}); err == nil {
		t.Error("nil graph accepted")
	}

	multiArcs, err := graph.FromEdges([][2]uint32{{0, 1}, {0, 1}, {0, 1}}, graph.BuildOptions{Multigraph: true})
	if err != nil {
		t.Fatal(err)
	}
	w, err := gonumgraph.ToWeightedDirected(multiArcs, gonumgraph.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := w.Weight(0, 1); got != 3 {
		t.Errorf("three duplicate arcs became weight %v, want 3", got)
	}
}

func TestFromDirectedErrors(t *testing.T) {
	if _, err := gonumgraph.FromDirected(context.Background(), nil); err == nil {
		t.Error("nil graph accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := gonumgraph.FromDirected(ctx, newDirected([]int64{1, 2})); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	g := newDirected([]int64{1, 2})
	g.SetEdge(g.NewEdge(g.Node(1), g.Node(2)))
	sub := subgraph{g, 2}
	if _, err := gonumgraph.FromDirected(context.Background(), sub); err == nil || !strings.Contains(err.Error(), "lists node 2, which its Nodes does not") {
		t.Errorf("inconsistent graph: %v", err)
	}
}

// subgraph hides one node from Nodes but not from From: a graph.Directed
// that breaks its own contract, which must be an error, not a panic.
type subgraph struct {
	*simple.DirectedGraph
	hidden int64
}

func (s subgraph) Nodes() gonum.Nodes {
	var keep []gonum.Node
	for it := s.DirectedGraph.Nodes(); it.Next(); {
		if it.Node().ID() != s.hidden {
			keep = append(keep, it.Node())
		}
	}
	return iterator.NewOrderedNodes(keep)
}
