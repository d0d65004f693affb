package gonumgraph_test

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/multi"
	"gonum.org/v1/gonum/graph/network"

	"github.com/prkbench/prk"
	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/graph/gonumgraph"
	"github.com/prkbench/prk/graph/graphio"
)

// sharedData is where the project's real graphs live, relative to this
// package's directory (../shared/data from the repository's root).
const sharedData = "../../../shared/data"

// The oracle's tolerances. gonum's network.PageRankSparse starts from a
// random vector of sum 1 and stops when the 2-norm of the change of one
// iteration is below gonumTol; prk stops when the L1 change is below
// prkTol. Both iterate x' = d*S*x + (1-d)/n (S column-stochastic, with
// dangling columns spread uniformly: the same semantics in both), which
// maps vectors of sum 1 to vectors of sum 1 and so shrinks the L1 norm of
// the difference of two such vectors by at least d per iteration. An
// iterate whose last change was delta is therefore within
// d/(1-d)*|delta|_1 of the fixed point in L1, and |delta|_1 <=
// sqrt(n)*|delta|_2. So the two answers differ in L1, and a fortiori at any
// node, by at most
//
//	d/(1-d) * (prkTol + sqrt(n)*gonumTol) + roundingSlack
//
// which for n = 10,876 (p2p-Gnutella04) is 5.67 * (1e-14 + 1.04e-12) +
// 1e-12, about 7e-12: a thousand times tighter than the 1e-9 to which prk
// matches networkx, and with no slack beyond the stopping rules but
// rounding. roundingSlack covers floating-point sums: the fixed point of
// an iteration computed in float64 is off the exact one by about 1/(1-d)
// times one iteration's rounding (eps times the in-degrees summed over the
// scores, ~1e-14 in L1 on these graphs), allowed for many times over.
// gonum's random start cannot be seeded (it draws from math/rand/v2's
// global source), and the bound holds whatever it is.
const (
	gonumTol      = 1e-14
	prkTol        = 1e-14
	damping       = 0.85
	roundingSlack = 1e-12
)

// bound is the largest L1 difference the stopping rules allow on n nodes.
func bound(n int) float64 {
	return damping/(1-damping)*(prkTol+math.Sqrt(float64(n))*gonumTol) + roundingSlack
}

// TestAgainstGonumPageRankSparse runs prk and gonum's PageRankSparse on
// the shared real graphs gonum can hold in reasonable time (cnr-2000 and
// uk-2007-05@100000, 3 million arcs each, would take gonum's map-based
// graphs gigabytes) and compares every node's score by the file's id.
func TestAgainstGonumPageRankSparse(t *testing.T) {
	cases := []struct {
		file  string
		nodes int
		large bool
	}{
		{"wiki-Vote.txt.gz", 7115, false},
		{"email-Eu-core.txt.gz", 1005, false}, // 642 self-loops
		{"p2p-Gnutella04.txt.gz", 10876, false},
		{"p2p-Gnutella08.txt.gz", 6301, false},
		{"metis-4elt.graph.gz", 7434, false}, // undirected mesh
		{"metis-copter2.graph.gz", 55476, true},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			if tc.large && testing.Short() {
				t.Skip("704,476 arcs in gonum's maps take a few seconds; skipped with -short")
			}
			path := filepath.Join(sharedData, tc.file)
			if _, err := os.Stat(path); os.IsNotExist(err) {
				t.Skipf("shared data %s is missing; the test needs ../shared/data beside the checkout", path)
			}
			g, err := graphio.Load(path, graphio.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if g.N != tc.nodes {
				t.Fatalf("%d nodes, the data README says %d", g.N, tc.nodes)
			}
			compareWithGonum(t, g, gonumOf(t, g))
		})
	}
}

// TestAgainstGonumGenerated does the same on generated graphs: the study's
// graphs and uniform random ones (which have dangling nodes), unweighted,
// and one with random weights, some nodes' out-weights summing to zero.
func TestAgainstGonumGenerated(t *testing.T) {
	for _, spec := range []string{"seed:100", "seed:1000", "uniform:3000:20000", "uniform:2000:40000:7"} {
		t.Run(spec, func(t *testing.T) {
			g, err := gen.Generate(spec, graph.BuildOptions{})
			if err != nil {
				t.Fatal(err)
			}
			compareWithGonum(t, g, gonumOf(t, g))
		})
	}
	t.Run("weighted", func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		const n = 2000
		arcs := make([][2]uint32, 12000)
		weights := make([]float64, len(arcs))
		for k := range arcs {
			s := uint32(r.IntN(n))
			d := uint32(r.IntN(n))
			for d == s {
				d = uint32(r.IntN(n))
			}
			arcs[k] = [2]uint32{s, d}
			weights[k] = float64(r.IntN(4)) * 0.5 // zero for a quarter of the arcs
		}
		g, err := graph.FromWeightedEdges(arcs, weights, graph.BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		zero := 0
		for j, w := range g.OutWeight {
			if w == 0 && g.OutDegree[j] > 0 {
				zero++
			}
		}
		if zero == 0 {
			t.Fatal("no node has arcs of zero total weight; the case is not exercised")
		}
		wg, err := gonumgraph.ToWeightedDirected(g, gonumgraph.ExportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		compareWithGonum(t, g, wg)
	})
}

// gonumOf returns g as a gonum directed graph: gonumgraph.ToDirected's
// simple graph when g has no self-loops, else a multi.DirectedGraph (which
// holds them) filled here arc by arc.
func gonumOf(t *testing.T, g *graph.CSR) gonum.Directed {
	t.Helper()
	selfLoops := 0
	for i := range g.N {
		for _, s := range g.InNeighbors(i) {
			if int(s) == i {
				selfLoops++
			}
		}
	}
	if selfLoops == 0 {
		out, err := gonumgraph.ToDirected(g, gonumgraph.ExportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	t.Logf("%d self-loops: solving gonum's multi.DirectedGraph", selfLoops)
	out := multi.NewDirectedGraph()
	for i := range g.N {
		out.AddNode(multi.Node(g.ID(i)))
	}
	for i := range g.N {
		for _, s := range g.InNeighbors(i) {
			out.SetLine(out.NewLine(multi.Node(g.ID(int(s))), multi.Node(g.ID(i))))
		}
	}
	return out
}

// compareWithGonum solves g with prk's one call and gg with gonum's
// PageRankSparse and checks the L1 difference and every node against the
// bound the stopping rules give.
func compareWithGonum(t *testing.T, g *graph.CSR, gg gonum.Directed) {
	t.Helper()
	res, err := prk.PageRank(context.Background(), g, prk.Options{Damping: damping, Tolerance: prkTol})
	if err != nil {
		t.Fatal(err)
	}
	want := pageRankSparse(t, gg)
	if len(want) != g.N {
		t.Fatalf("gonum ranked %d nodes, prk %d", len(want), g.N)
	}
	l1, worst, worstID := 0.0, 0.0, uint64(0)
	for i, s := range res.Scores {
		w, ok := want[int64(g.ID(i))]
		if !ok {
			t.Fatalf("gonum has no score for node %d", g.ID(i))
		}
		d := math.Abs(s - w)
		l1 += d
		if d > worst {
			worst, worstID = d, g.ID(i)
		}
	}
	b := bound(g.N)
	t.Logf("%d nodes, %d arcs, %s: %d iterations; L1 difference %.3g, largest %.3g (node %d); bound %.3g",
		g.N, g.Arcs(), res.Strategy, res.Iterations, l1, worst, worstID, b)
	if l1 > b {
		t.Errorf("prk and gonum differ by %.3g in L1 (node %d by %.3g), beyond the %.3g their stopping rules allow", l1, worstID, worst, b)
	}
}

// TestGonumNativeGraphs runs gonumgraph.PageRank on gonum graphs made in
// gonum, with ids negative and beyond uint32, weighted and undirected, and
// compares by gonum id with PageRankSparse on the same graph.
func TestGonumNativeGraphs(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const n = 1500
	ids := make([]int64, n)
	seen := map[int64]bool{}
	for i := range ids {
		for {
			id := r.Int64() - math.MaxInt64/2 // about half negative, most beyond uint32
			if !seen[id] {
				seen[id], ids[i] = true, id
				break
			}
		}
	}
	type arc struct {
		s, d int64
		w    float64
	}
	var arcs []arc
	for range 9000 {
		s, d := ids[r.IntN(n)], ids[r.IntN(n-100)] // the last 100 ids have no in-arcs
		if s != d {
			arcs = append(arcs, arc{s, d, 0.25 + float64(r.IntN(8))})
		}
	}

	opts := prk.Options{Damping: damping, Tolerance: prkTol}
	check := func(t *testing.T, got, want map[int64]float64) {
		t.Helper()
		if len(got) != n || len(want) != n {
			t.Fatalf("prk ranked %d nodes, gonum %d, want %d", len(got), len(want), n)
		}
		l1 := 0.0
		for id, w := range want {
			s, ok := got[id]
			if !ok {
				t.Fatalf("prk has no score for gonum node %d", id)
			}
			l1 += math.Abs(s - w)
		}
		t.Logf("L1 difference %.3g, bound %.3g", l1, bound(n))
		if l1 > bound(n) {
			t.Errorf("L1 difference %.3g beyond %.3g", l1, bound(n))
		}
	}

	t.Run("directed", func(t *testing.T) {
		g := newDirected(ids)
		for _, a := range arcs {
			g.SetEdge(g.NewEdge(g.Node(a.s), g.Node(a.d)))
		}
		got, err := gonumgraph.PageRank(context.Background(), g, opts)
		if err != nil {
			t.Fatal(err)
		}
		check(t, got, pageRankSparse(t, g))
	})
	t.Run("weighted", func(t *testing.T) {
		g := newWeightedDirected(ids)
		for _, a := range arcs {
			g.SetWeightedEdge(g.NewWeightedEdge(g.Node(a.s), g.Node(a.d), a.w))
		}
		got, err := gonumgraph.PageRank(context.Background(), g, opts)
		if err != nil {
			t.Fatal(err)
		}
		check(t, got, pageRankSparse(t, g))
	})
	t.Run("undirected", func(t *testing.T) {
		u, both := newUndirected(ids), newDirected(ids)
		for _, a := range arcs {
			u.SetEdge(u.NewEdge(u.Node(a.s), u.Node(a.d)))
			both.SetEdge(both.NewEdge(both.Node(a.s), both.Node(a.d)))
			both.SetEdge(both.NewEdge(both.Node(a.d), both.Node(a.s)))
		}
		got, err := gonumgraph.PageRankUndirected(context.Background(), u, opts)
		if err != nil {
			t.Fatal(err)
		}
		check(t, got, pageRankSparse(t, both))
	})
}

// pageRankSparse is gonum's PageRankSparse with damping and gonumTol, but
// a failure rather than a hang should it never meet gonumTol (its loop has
// no iteration bound; gonumTol is ~1e4 times the rounding floor of the
// 2-norm of a change, so it should always be met).
func pageRankSparse(t *testing.T, g gonum.Directed) map[int64]float64 {
	t.Helper()
	done := make(chan map[int64]float64, 1)
	go func() { done <- network.PageRankSparse(g, damping, gonumTol) }()
	select {
	case ranks := <-done:
		return ranks
	case <-time.After(2 * time.Minute):
		t.Fatalf("gonum's PageRankSparse did not meet tol %g within 2 minutes", gonumTol)
		return nil
	}
}
