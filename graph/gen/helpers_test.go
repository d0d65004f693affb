package gen

import (
	"cmp"
	"slices"
	"sync"
	"testing"

	"github.com/prkbench/prk/graph"
)

// sharedData is the project's real test data, seen from graph/gen.
const sharedData = "../../../shared/data"

type arc struct{ src, dst uint32 }

func compareArcs(a, b arc) int {
	return cmp.Or(cmp.Compare(a.src, b.src), cmp.Compare(a.dst, b.dst))
}

// partArcsOf reads part i of src straight from the source, without the builder.
func partArcsOf(t testing.TB, src graph.ArcSource, i int) []arc {
	t.Helper()
	var arcs []arc
	err := src.Part(i, func(s, d []uint32, w []float64) error {
		if len(s) != len(d) || w != nil {
			t.Errorf("part %d: emit got %d sources, %d destinations, weights %v", i, len(s), len(d), w != nil)
		}
		for k := range s {
			arcs = append(arcs, arc{s[k], d[k]})
		}
		return nil
	})
	if err != nil {
		t.Fatalf("part %d: %v", i, err)
	}
	return arcs
}

// allArcs reads every part of src in order.
func allArcs(t testing.TB, src graph.ArcSource) []arc {
	t.Helper()
	var arcs []arc
	for i := range src.Parts() {
		arcs = append(arcs, partArcsOf(t, src, i)...)
	}
	return arcs
}

// csrArcs lists the arcs of g sorted by source, then destination.
func csrArcs(g *graph.CSR) []arc {
	arcs := make([]arc, 0, g.Arcs())
	for d := range g.N {
		for _, s := range g.InNeighbors(d) {
			arcs = append(arcs, arc{s, uint32(d)})
		}
	}
	slices.SortFunc(arcs, compareArcs)
	return arcs
}

// checkReplayable reads every part twice, the second time concurrently and
// in reverse order as a parallel builder may, and wants the same arcs.
func checkReplayable(t *testing.T, src graph.ArcSource) {
	t.Helper()
	parts := src.Parts()
	first := make([][]arc, parts)
	for i := range parts {
		first[i] = partArcsOf(t, src, i)
	}
	second := make([][]arc, parts)
	var wg sync.WaitGroup
	for i := parts - 1; i >= 0; i-- {
		wg.Go(func() { second[i] = partArcsOf(t, src, i) })
	}
	wg.Wait()
	for i := range parts {
		if !slices.Equal(first[i], second[i]) {
			t.Fatalf("part %d yields different arcs on a second read", i)
		}
	}
}

// build builds src with opts and validates the result.
func build(t testing.TB, src graph.ArcSource, opts graph.BuildOptions) *graph.CSR {
	t.Helper()
	g, err := graph.Build(src, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	return g
}

// checkSameAcrossWorkers builds spec with 1, 2 and 7 workers and wants
// identical CSRs.
func checkSameAcrossWorkers(t *testing.T, spec string) *graph.CSR {
	t.Helper()
	var first *graph.CSR
	for _, workers := range []int{1, 2, 7} {
		g, err := Generate(spec, graph.BuildOptions{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if err := g.Validate(); err != nil {
			t.Fatalf("%s with %d workers: %v", spec, workers, err)
		}
		if first == nil {
			first = g
			continue
		}
		if g.N != first.N || !slices.Equal(g.InOffsets, first.InOffsets) ||
			!slices.Equal(g.InSources, first.InSources) || !slices.Equal(g.OutDegree, first.OutDegree) {
			t.Fatalf("%s: the graph built with %d workers differs from the one built with 1", spec, workers)
		}
	}
	return first
}

// inDegrees returns the in-degree of every node of g.
func inDegrees(g *graph.CSR) []int64 {
	deg := make([]int64, g.N)
	for i := range deg {
		deg[i] = g.InOffsets[i+1] - g.InOffsets[i]
	}
	return deg
}
