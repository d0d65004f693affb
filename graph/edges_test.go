package graph_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
)

// TestFromEdges checks the in-memory builders against a CSR written out by
// hand, for the unweighted, weighted, undirected and multigraph cases.
func TestFromEdges(t *testing.T) {
	arcs := [][2]uint32{{0, 1}, {0, 2}, {1, 2}, {1, 2}, {2, 0}, {4, 4}}
	g, err := graph.FromEdges(arcs, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	// Node 3 is named by no arc but lies below the largest id: it exists.
	want := [][]uint32{{2}, {0}, {0, 1}, {}, {4}}
	if g.N != 5 || g.Arcs() != 5 || g.Weighted() || g.IDs != nil {
		t.Fatalf("N=%d arcs=%d weighted=%v ids=%v, want 5 nodes, 5 arcs, unweighted, no ids", g.N, g.Arcs(), g.Weighted(), g.IDs)
	}
	for i, w := range want {
		if got := g.InNeighbors(i); !slices.Equal(got, w) {
			t.Errorf("into %d: %v, want %v", i, got, w)
		}
	}

	wg, err := graph.FromWeightedEdges(arcs, []float64{1, 2, 0.5, 0.25, 3, 7}, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := wg.InWeights[wg.InOffsets[2]:wg.InOffsets[3]]; !slices.Equal(got, []float64{2, 0.75}) {
		t.Errorf("weights into 2: %v, want [2 0.75] (duplicates add)", got)
	}
	if !slices.Equal(wg.OutWeight, []float64{3, 0.75, 3, 0, 7}) {
		t.Errorf("out-weights %v", wg.OutWeight)
	}

	ug, err := graph.FromEdges([][2]uint32{{0, 1}, {1, 1}}, graph.BuildOptions{Undirected: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ug.InNeighbors(0), []uint32{1}) || !slices.Equal(ug.InNeighbors(1), []uint32{0, 1}) {
		t.Errorf("undirected: into 0 %v, into 1 %v", ug.InNeighbors(0), ug.InNeighbors(1))
	}

	mg, err := graph.FromEdges(arcs, graph.BuildOptions{Multigraph: true})
	if err != nil {
		t.Fatal(err)
	}
	if mg.Arcs() != int64(len(arcs)) {
		t.Errorf("multigraph keeps %d arcs, want %d", mg.Arcs(), len(arcs))
	}

	empty, err := graph.FromEdges(nil, graph.BuildOptions{})
	if err != nil || empty.N != 0 {
		t.Errorf("no arcs: %v, %v; want an empty graph", empty, err)
	}
}

// TestFromEdgesLarge crosses the part and chunk boundaries of Edges and
// checks the result against the builder fed one arc at a time.
func TestFromEdgesLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 5000
	arcs := make([][2]uint32, 300_000) // more than one part of 2^18 arcs
	weights := make([]float64, len(arcs))
	for k := range arcs {
		arcs[k] = [2]uint32{uint32(r.IntN(n)), uint32(r.IntN(n))}
		weights[k] = float64(r.IntN(8))
	}
	got, err := graph.FromWeightedEdges(arcs, weights, graph.BuildOptions{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Validate(); err != nil {
		t.Fatal(err)
	}
	want, err := graph.Build(oneByOne{arcs, weights}, graph.BuildOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got.N != want.N || !slices.Equal(got.InOffsets, want.InOffsets) || !slices.Equal(got.InSources, want.InSources) ||
		!slices.Equal(got.InWeights, want.InWeights) || !slices.Equal(got.OutDegree, want.OutDegree) {
		t.Fatal("FromWeightedEdges differs from the same arcs built one at a time")
	}
}

// oneByOne emits arcs one per chunk, the slowest and plainest source.
type oneByOne struct {
	arcs [][2]uint32
	w    []float64
}

func (o oneByOne) Nodes() int     { return 5000 }
func (o oneByOne) Weighted() bool { return true }
func (o oneByOne) Parts() int     { return 1 }
func (o oneByOne) Part(_ int, emit func(src, dst []uint32, w []float64) error) error {
	for k, a := range o.arcs {
		if err := emit([]uint32{a[0]}, []uint32{a[1]}, []float64{o.w[k]}); err != nil {
			return err
		}
	}
	return nil
}

// TestFromEdgesErrors checks that bad input is an error that says what is
// wrong, never a panic.
func TestFromEdgesErrors(t *testing.T) {
	arcs := [][2]uint32{{0, 1}, {1, 2}}
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"short weights", func() error { _, err := graph.FromWeightedEdges(arcs, []float64{1}, graph.BuildOptions{}); return err }, "1 weights for 2 arcs"},
		{"nil weights", func() error { _, err := graph.FromWeightedEdges(arcs, nil, graph.BuildOptions{}); return err }, "needs weights"},
		{"NaN", func() error {
			_, err := graph.FromWeightedEdges(arcs, []float64{1, math.NaN()}, graph.BuildOptions{})
			return err
		}, "arc 1 -> 2 (part 0, arc 1) has weight NaN"},
		{"negative", func() error {
			_, err := graph.FromWeightedEdges(arcs, []float64{-1, 1}, graph.BuildOptions{})
			return err
		}, "has weight -1"},
		{"Inf", func() error {
			_, err := graph.FromWeightedEdges(arcs, []float64{math.Inf(1), 1}, graph.BuildOptions{})
			return err
		}, "has weight +Inf"},
		{"N too small", func() error { _, err := graph.Build(graph.Edges{N: 2, Arcs: arcs}, graph.BuildOptions{}); return err }, "beyond the graph's 2 nodes"},
		{"short weights via Build", func() error {
			_, err := graph.Build(graph.Edges{Arcs: arcs, Weights: []float64{1}}, graph.BuildOptions{})
			return err
		}, "1 weights for 2 arcs"},
		{"largest id", func() error {
			_, err := graph.FromEdges([][2]uint32{{0, math.MaxUint32}}, graph.BuildOptions{})
			return err
		}, "out of range"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
