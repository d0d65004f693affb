//go:build mpi

package mpi_test

import (
	"testing"

	"github.com/prkbench/prk/graph"
	mpic "github.com/prkbench/prk/internal/mpi"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// TestAutoPicksSmaller: exchange=auto moves what the cheaper mode moves: the
// sparse exchange on a banded graph (a rank reads a few of its
// neighbours' nodes), the whole vector on a graph where every rank reads
// every node.
func TestAutoPicksSmaller(t *testing.T) {
	if mpic.Size() < 2 {
		t.Skip("one rank exchanges nothing")
	}
	const n = 4000
	banded := graph.Edges{N: n}
	for i := range n {
		for k := 1; k <= 3; k++ {
			banded.Arcs = append(banded.Arcs, [2]uint32{uint32(i), uint32((i + k) % n)})
		}
	}
	everyone := graph.Edges{N: 400}
	for i := range 400 {
		for j := range 400 {
			if (i+j)%3 == 0 {
				everyone.Arcs = append(everyone.Arcs, [2]uint32{uint32(i), uint32(j)})
			}
		}
	}
	for _, c := range []struct {
		name   string
		edges  graph.Edges
		sparse bool
	}{{"banded", banded, true}, {"everyone", everyone, false}} {
		g, err := graph.Build(c.edges, graph.BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// Bytes of one iteration: a solve of 6 iterations less one of 5.
		perIter := map[string]int64{}
		for _, mode := range []string{"auto", "allgatherv", "alltoallv"} {
			for _, iters := range []int{5, 6} {
				o := pagerank.Default()
				o.Iterations = iters
				p, err := strategy.NewPartialProblem(part(g), o)
				if err != nil {
					t.Fatal(err)
				}
				res, err := strategy.Solve(t.Context(), "mpi", strategy.Config{Params: map[string]string{"exchange": mode}}, p)
				if err != nil {
					t.Fatal(err)
				}
				if iters == 5 {
					perIter[mode] -= res.BytesMoved
				} else {
					perIter[mode] += res.BytesMoved
				}
			}
		}
		dense, sparse, auto := perIter["allgatherv"], perIter["alltoallv"], perIter["auto"]
		if want := map[bool]int64{true: sparse, false: dense}[c.sparse]; auto != want || (c.sparse && sparse >= dense) || (!c.sparse && sparse < dense) {
			t.Errorf("%s: rank %d moves %d bytes an iteration with auto, %d sparse, %d dense: want auto to move the %s exchange's",
				c.name, mpic.Rank(), auto, sparse, dense, map[bool]string{true: "sparse", false: "dense"}[c.sparse])
		}
	}
}
