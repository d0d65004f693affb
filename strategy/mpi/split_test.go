package mpi_test

import (
	"slices"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/strategy"
	"github.com/prkbench/prk/strategy/mpi"
)

// TestSplitOffsets: exactly parts ranges that tile the rows in order; the
// ranges of strategy.SplitByArcs when there are rows enough, empty ranges
// at N for the parts beyond the rows.
func TestSplitOffsets(t *testing.T) {
	for _, spec := range []string{"seed:100", "uniform:7:20:1", "uniform:1:0:1"} {
		g, err := gen.Generate(spec, graph.BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for parts := 1; parts <= 12; parts++ {
			got := mpi.SplitOffsets(g.InOffsets, parts)
			if len(got) != parts {
				t.Fatalf("%s, %d parts: %d ranges", spec, parts, len(got))
			}
			next := 0
			for _, r := range got {
				if r.Lo != next || r.Hi < r.Lo {
					t.Fatalf("%s, %d parts: ranges %v do not tile the rows", spec, parts, got)
				}
				next = r.Hi
			}
			if next != g.N {
				t.Fatalf("%s, %d parts: ranges %v end at %d, not %d", spec, parts, got, next, g.N)
			}
			want := strategy.SplitByArcs(g, parts)
			for len(want) < parts {
				want = append(want, strategy.Range{Lo: g.N, Hi: g.N})
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, %d parts: %v, SplitByArcs %v", spec, parts, got, want)
			}
		}
	}
	if got := mpi.SplitOffsets([]int64{0}, 3); !slices.Equal(got, []strategy.Range{{}, {}, {}}) {
		t.Errorf("no nodes: %v", got)
	}
	if got := mpi.SplitOffsets(nil, 2); !slices.Equal(got, []strategy.Range{{}, {}}) {
		t.Errorf("no offsets: %v", got)
	}
}
