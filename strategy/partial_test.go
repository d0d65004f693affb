package strategy_test

import (
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// partOf returns rows [lo, hi) of g as a Part.
func partOf(g *graph.CSR, lo, hi int) strategy.Part {
	a, b := g.InOffsets[lo], g.InOffsets[hi]
	p := strategy.Part{N: g.N, Lo: lo, Hi: hi, InOffsets: g.InOffsets[lo : hi+1],
		InSources: g.InSources[a:b], OutDegree: g.OutDegree[lo:hi]}
	if g.InWeights != nil {
		p.InWeights, p.OutWeight = g.InWeights[a:b], g.OutWeight[lo:hi]
	}
	return p
}

// TestPartialProblemBlocks: a partial problem's block of its rows computes
// exactly what the whole problem's block of the same rows does, and a
// block outside its rows holds no arcs.
func TestPartialProblemBlocks(t *testing.T) {
	for _, spec := range []string{"seed:1000", "uniform:500:4000:3"} {
		g, err := gen.Generate(spec, graph.BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		o := pagerank.Default()
		whole, err := strategy.NewProblem(g, o)
		if err != nil {
			t.Fatal(err)
		}
		k := kernel.Generic
		x := whole.Start()
		c := whole.NewContribs()
		all := whole.Block(0, g.N)
		dangling := all.Contributions(k, c, x)
		for _, r := range strategy.SplitByArcs(g, 3) {
			p, err := strategy.NewPartialProblem(partOf(g, r.Lo, r.Hi), o)
			if err != nil {
				t.Fatal(err)
			}
			if rows, partial := p.Rows(); !partial || rows != r {
				t.Fatalf("Rows() = %v, %v; want %v, true", rows, partial, r)
			}
			if p.N() != g.N {
				t.Fatalf("N() = %d, want %d", p.N(), g.N)
			}
			want, got := make([]float64, r.Hi-r.Lo), make([]float64, r.Hi-r.Lo)
			wb, pb := whole.Block(r.Lo, r.Hi), p.Block(r.Lo, r.Hi)
			rw := wb.RowSums(k, want, x[r.Lo:r.Hi], c, dangling)
			rp := pb.RowSums(k, got, x[r.Lo:r.Hi], c, dangling)
			if rw != rp {
				t.Errorf("%s rows %v: residual %v, whole problem %v", spec, r, rp, rw)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%s rows %v: row %d is %v, whole problem %v", spec, r, r.Lo+i, got[i], want[i])
				}
			}
			if r.Lo > 0 {
				if b := p.Block(0, r.Lo); b.Arcs() != 0 {
					t.Errorf("%s rows %v: the block before holds %d arcs", spec, r, b.Arcs())
				}
			}
		}
	}
}

// TestPartialProblemErrors: what NewPartialProblem can check of a part is
// an error naming the problem, never a panic.
func TestPartialProblemErrors(t *testing.T) {
	g, err := gen.Generate("seed:100", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wg, err := graph.FromWeightedEdges([][2]uint32{{0, 1}, {1, 2}, {2, 0}}, []float64{1, 2, 3}, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o := pagerank.Default()
	for _, c := range []struct {
		name, want string
		part       func() strategy.Part
		opts       []strategy.ProblemOption
	}{
		{"rows beyond N", "outside", func() strategy.Part { p := partOf(g, 0, 10); p.Hi = 101; return p }, nil},
		{"negative N", "outside", func() strategy.Part { p := partOf(g, 0, 0); p.N = -1; return p }, nil},
		{"short offsets", "offsets", func() strategy.Part { p := partOf(g, 10, 20); p.InOffsets = p.InOffsets[1:]; return p }, nil},
		{"short out-degrees", "out-degrees", func() strategy.Part { p := partOf(g, 10, 20); p.OutDegree = p.OutDegree[1:]; return p }, nil},
		{"sources short", "sources", func() strategy.Part {
			p := partOf(g, 10, 20)
			p.InSources = p.InSources[1:]
			return p
		}, nil},
		{"source beyond N", "source", func() strategy.Part {
			p := partOf(g, 10, 20)
			p.InSources = append([]uint32(nil), p.InSources...)
			p.InSources[0] = 100
			return p
		}, nil},
		{"offsets fall", "fall", func() strategy.Part {
			p := partOf(g, 10, 20)
			p.InOffsets = append([]int64(nil), p.InOffsets...)
			p.InOffsets[3], p.InOffsets[4] = p.InOffsets[4], p.InOffsets[3]-1
			return p
		}, nil},
		{"weights without out-weights", "both", func() strategy.Part { p := partOf(wg, 0, 3); p.OutWeight = nil; return p }, nil},
		{"negative weight", "weight", func() strategy.Part {
			p := partOf(wg, 0, 3)
			p.InWeights = []float64{-1, 2, 3}
			return p
		}, nil},
		{"order", "order", func() strategy.Part { return partOf(g, 0, 50) }, []strategy.ProblemOption{strategy.WithEngine(strategy.Engine{Order: strategy.OrderDegree})}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := strategy.NewPartialProblem(c.part(), o, c.opts...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
		})
	}
	// Options are checked against the whole graph's N.
	bad := o
	bad.Personalization = make([]float64, 50)
	if _, err := strategy.NewPartialProblem(partOf(g, 0, 50), bad); err == nil {
		t.Error("a personalization of 50 entries for 100 nodes was accepted")
	}
}
