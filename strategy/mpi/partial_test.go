//go:build mpi

package mpi_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/graph/graphio"
	mpic "github.com/prkbench/prk/internal/mpi"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
	"github.com/prkbench/prk/strategy/mpi"
)

// part returns this rank's rows of g, as a rank reading its part of a
// file holds them.
func part(g *graph.CSR) strategy.Part {
	r := mpi.SplitOffsets(g.InOffsets, mpic.Size())[mpic.Rank()]
	lo, hi := g.InOffsets[r.Lo], g.InOffsets[r.Hi]
	p := strategy.Part{N: g.N, Lo: r.Lo, Hi: r.Hi,
		InOffsets: g.InOffsets[r.Lo : r.Hi+1],
		InSources: g.InSources[lo:hi],
		OutDegree: g.OutDegree[r.Lo:r.Hi],
	}
	if g.InWeights != nil {
		p.InWeights, p.OutWeight = g.InWeights[lo:hi], g.OutWeight[r.Lo:r.Hi]
	}
	return p
}

// within checks got against want within 1e-12 relative, per node.
func within(got, want []float64) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d scores, want %d", len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(got[i] - want[i]); d > 1e-12*math.Abs(want[i]) && d > 1e-300 {
			return fmt.Errorf("node %d: score %v, reference %v (relative %.3g)", i, got[i], want[i], d/want[i])
		}
	}
	return nil
}

func randomGraph(t *testing.T, n, m int, weighted bool, seed uint64) *graph.CSR {
	rng := rand.New(rand.NewPCG(seed, 1))
	e := graph.Edges{N: n}
	for range m {
		// Sources skewed towards low ids, so parts read unevenly.
		s := uint32(rng.IntN(n) * rng.IntN(n) / n)
		e.Arcs = append(e.Arcs, [2]uint32{s, uint32(rng.IntN(n))})
		if weighted {
			e.Weights = append(e.Weights, float64(rng.IntN(4)))
		}
	}
	g, err := graph.Build(e, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestPartial solves partial problems, each rank holding only its rows,
// and checks every rank's scores against the reference: the graphs of the
// issue (seed graphs, weighted, personalized, all dangling, more ranks than
// rows, none at all) in both exchange modes and with f32 contributions.
func TestPartial(t *testing.T) {
	seed, err := gen.Generate("seed:1000", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		g    *graph.CSR
		opt  func(*pagerank.Options, int)
	}{
		{"seed:1000", seed, nil},
		{"random", randomGraph(t, 3000, 30000, false, 1), nil},
		{"weighted", randomGraph(t, 2000, 15000, true, 2), nil},
		{"personalized", randomGraph(t, 2000, 15000, false, 3), func(o *pagerank.Options, n int) {
			o.Personalization = make([]float64, n)
			for i := range n {
				o.Personalization[i] = float64(i % 7)
			}
		}},
		{"all-dangling", randomGraph(t, 50, 0, false, 4), nil},
		{"three-nodes", randomGraph(t, 3, 4, false, 5), nil},
		{"one-node", randomGraph(t, 1, 1, false, 6), nil},
		{"empty", randomGraph(t, 0, 0, false, 7), nil},
	}
	for _, c := range cases {
		for _, mode := range []string{"allgatherv", "alltoallv", "auto"} {
			for _, engine := range []strategy.Engine{{}, {Precision: strategy.F32, Layout: strategy.LayoutSegmented}} {
				t.Run(fmt.Sprintf("%s/%s/%s", c.name, mode, engine), func(t *testing.T) {
					o := pagerank.Default()
					o.Tolerance = 1e-12
					if c.opt != nil {
						c.opt(&o, c.g.N)
					}
					want, err := pagerank.Reference(t.Context(), c.g, o)
					if err != nil {
						t.Fatal(err)
					}
					p, err := strategy.NewPartialProblem(part(c.g), o, strategy.WithEngine(engine))
					if err != nil {
						t.Fatal(err)
					}
					res, err := strategy.Solve(t.Context(), "mpi", strategy.Config{Params: map[string]string{"exchange": mode}}, p)
					if err != nil {
						t.Fatal(err)
					}
					if engine.Precision == strategy.F32 {
						// f32 contributions: compare loosely (engine.md's bound).
						for i := range res.Scores {
							if d := math.Abs(res.Scores[i] - want.Scores[i]); d > 1e-5*want.Scores[i] {
								t.Fatalf("node %d: %v, reference %v", i, res.Scores[i], want.Scores[i])
							}
						}
						return
					}
					if res.Iterations != want.Iterations {
						t.Errorf("%d iterations, the reference %d", res.Iterations, want.Iterations)
					}
					if err := within(res.Scores, want.Scores); err != nil {
						t.Error(err)
					}
					if mpic.Size() > 1 && c.g.Arcs() > 0 && res.BytesMoved == 0 {
						t.Errorf("no bytes moved between %d ranks", mpic.Size())
					}
				})
			}
		}
	}
}

// TestPartialBadDegree gives the rank holding node 0 a wrong out-degree
// for it: every rank must fail, the rank holding it naming the node, the
// others naming that rank, and none may hang.
func TestPartialBadDegree(t *testing.T) {
	for _, weighted := range []bool{false, true} {
		g := randomGraph(t, 500, 3000, weighted, 8)
		pt := part(g)
		if pt.Lo == 0 && pt.Hi > 0 {
			if weighted {
				pt.OutWeight = append([]float64(nil), pt.OutWeight...)
				pt.OutWeight[0] += 1
			} else {
				pt.OutDegree = append([]uint32(nil), pt.OutDegree...)
				pt.OutDegree[0]++
			}
		}
		p, err := strategy.NewPartialProblem(pt, pagerank.Default())
		if err != nil {
			t.Fatal(err)
		}
		_, err = strategy.Solve(t.Context(), "mpi", strategy.Config{}, p)
		switch {
		case err == nil:
			t.Fatalf("weighted=%v: a wrong out-degree of node 0 was not noticed", weighted)
		case mpic.Rank() == 0 && !strings.Contains(err.Error(), "node 0's stored out-"):
			t.Errorf("weighted=%v: rank 0's error does not name node 0: %v", weighted, err)
		case mpic.Rank() != 0 && !errors.Is(err, mpi.ErrPeer):
			t.Errorf("weighted=%v: rank %d's error does not say rank 0 failed: %v", weighted, mpic.Rank(), err)
		}
	}
}

// TestRealGraph solves cnr-2000 (325,557 nodes, 3.2M arcs) from each
// rank's part, ten iterations and to 1e-10, against the reference.
func TestRealGraph(t *testing.T) {
	dir := os.Getenv("PRK_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	path := filepath.Join(dir, "cnr-2000.txt.gz")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no %s (the project's real graphs live in ../shared/data beside the checkout): %v", path, err)
	}
	g, err := graphio.Load(path, graphio.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, iters := range []int{10, 0} {
		o := pagerank.Default()
		o.Iterations = iters
		want, err := pagerank.Reference(t.Context(), g, o)
		if err != nil {
			t.Fatal(err)
		}
		p, err := strategy.NewPartialProblem(part(g), o)
		if err != nil {
			t.Fatal(err)
		}
		res, err := strategy.Solve(t.Context(), "mpi", strategy.Config{}, p)
		if err != nil {
			t.Fatal(err)
		}
		if res.Iterations != want.Iterations {
			t.Errorf("iterations=%d: %d iterations, the reference %d", iters, res.Iterations, want.Iterations)
		}
		if err := within(res.Scores, want.Scores); err != nil {
			t.Errorf("iterations=%d: %v", iters, err)
		}
	}
}
