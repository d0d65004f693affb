package gen

import (
	"fmt"
	"math"
	"testing"

	"github.com/prkbench/prk/graph"
)

var defaultBuild = graph.BuildOptions{}

func TestUniformPairsAreUniform(t *testing.T) {
	// Over 5 nodes there are 20 ordered pairs without self-loops; count
	// every draw of 600k arcs (three parts) and compare with 1/20 each.
	const n, m = 5, 600_000
	g, err := Parse(fmt.Sprintf("uniform:%d:%d:9", n, m))
	if err != nil {
		t.Fatal(err)
	}
	var count [n][n]int
	for _, a := range allArcs(t, g) {
		count[a.src][a.dst]++
	}
	expect := float64(m) / (n * (n - 1))
	sd := math.Sqrt(expect * (1 - 1.0/(n*(n-1))))
	for s := range n {
		for d := range n {
			c := count[s][d]
			if s == d {
				if c != 0 {
					t.Errorf("%d self-loops at node %d", c, s)
				}
				continue
			}
			if math.Abs(float64(c)-expect) > 5*sd {
				t.Errorf("pair %d->%d drawn %d times, expected %.0f +- %.0f", s, d, c, expect, sd)
			}
		}
	}
}

func TestUniformGraph(t *testing.T) {
	const n, m = 20000, 2_500_000 // ten parts, the last one partial
	spec := fmt.Sprintf("uniform:%d:%d", n, m)
	if testing.Short() {
		spec = "uniform:3000:300000" // two parts
	}
	g := checkSameAcrossWorkers(t, spec)
	src, err := Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	checkReplayable(t, src)
	nodes, drawn := src.Nodes(), float64(src.(*uniformGen).m)
	if g.N != nodes {
		t.Fatalf("%s has %d nodes", spec, g.N)
	}
	// Duplicates: drawn minus the expected number of distinct pairs,
	// pairs * (1 - (1 - 1/pairs)^drawn).
	pairs := float64(nodes) * float64(nodes-1)
	dups := drawn - float64(g.Arcs())
	wantDups := drawn - pairs*(1-math.Pow(1-1/pairs, drawn))
	if math.Abs(dups-wantDups) > 6*math.Sqrt(wantDups)+2 {
		t.Errorf("%s: %v duplicate draws collapsed, expected about %.0f", spec, dups, wantDups)
	}
	for i := range g.N {
		for _, s := range g.InNeighbors(i) {
			if int(s) == i {
				t.Fatalf("%s: self-loop at %d", spec, i)
			}
		}
	}
	// In- and out-degrees are Binomial(drawn, 1/N): the largest stays close
	// to the mean.
	mean := float64(g.Arcs()) / float64(g.N)
	limit := mean + 7*math.Sqrt(mean) + 5
	maxIn := int64(0)
	for _, d := range inDegrees(g) {
		maxIn = max(maxIn, d)
	}
	maxOut := uint32(0)
	for _, d := range g.OutDegree {
		maxOut = max(maxOut, d)
	}
	if float64(maxIn) > limit || float64(maxOut) > limit {
		t.Errorf("%s: max in-degree %d, out-degree %d, mean %.1f: too far above the mean", spec, maxIn, maxOut, mean)
	}
	// Multigraph keeps every draw.
	multi := build(t, src, graph.BuildOptions{Multigraph: true})
	if float64(multi.Arcs()) != drawn {
		t.Errorf("%s as a multigraph has %d arcs, want all %v drawn", spec, multi.Arcs(), drawn)
	}
}

func TestUniformSeedsDiffer(t *testing.T) {
	a := allArcs(t, mustParse(t, "uniform:1000:5000:1"))
	b := allArcs(t, mustParse(t, "uniform:1000:5000:2"))
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	if same > 5 {
		t.Errorf("seeds 1 and 2 agree on %d of %d arcs", same, len(a))
	}
}

func TestUniformEdgeCases(t *testing.T) {
	g := build(t, mustParse(t, "uniform:1:0"), defaultBuild)
	if g.N != 1 || g.Arcs() != 0 {
		t.Errorf("uniform:1:0 has %d nodes, %d arcs", g.N, g.Arcs())
	}
	g = build(t, mustParse(t, "uniform:2:1000"), defaultBuild)
	if g.Arcs() != 2 {
		t.Errorf("uniform:2:1000 has %d arcs, want both 0->1 and 1->0", g.Arcs())
	}
	// Near the largest N, n*(n-1) is close to 2^64 and rejection is common.
	big := &uniformGen{n: graph.MaxNodes, m: 100000, seed: 3}
	for _, a := range allArcs(t, big) {
		if a.src == a.dst || int64(a.src) >= graph.MaxNodes || int64(a.dst) >= graph.MaxNodes {
			t.Fatalf("bad arc %d->%d over %d nodes", a.src, a.dst, big.n)
		}
	}
}

func mustParse(t testing.TB, spec string) Generator {
	t.Helper()
	g, err := Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
