package gen

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen/internal/nprand"
)

// readEdgeFile reads a gzipped "src dst" edge list written by the study's
// NumPy script, or skips the test when the shared data is missing.
func readEdgeFile(t *testing.T, name string) []arc {
	t.Helper()
	path := filepath.Join(sharedData, "seed", name)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not found: the shared test data folder is missing, so seed: cannot be checked against NumPy", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var arcs []arc
	sc := bufio.NewScanner(zr)
	for line := 1; sc.Scan(); line++ {
		var a arc
		if _, err := fmt.Sscanf(sc.Text(), "%d %d", &a.src, &a.dst); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		arcs = append(arcs, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	slices.SortFunc(arcs, compareArcs)
	return arcs
}

// TestSeedMatchesStudy compares seed:N with the graphs the study's NumPy
// script wrote, arc for arc, both straight from the source and after the
// builder.
func TestSeedMatchesStudy(t *testing.T) {
	for _, n := range []int{100, 1000} {
		t.Run(fmt.Sprint("N=", n), func(t *testing.T) {
			want := readEdgeFile(t, fmt.Sprintf("seed_%d.edges.gz", n))
			g, err := Parse(fmt.Sprint("seed:", n))
			if err != nil {
				t.Fatal(err)
			}
			drawn := allArcs(t, g)
			slices.SortFunc(drawn, compareArcs)
			if !slices.Equal(drawn, want) {
				t.Fatalf("seed:%d draws %d arcs that differ from the study's %d", n, len(drawn), len(want))
			}
			csr := build(t, g, graph.BuildOptions{})
			if got := csrArcs(csr); !slices.Equal(got, want) {
				t.Fatalf("seed:%d builds %d arcs that differ from the study's %d", n, len(got), len(want))
			}
		})
	}
}

// numpyStudyGraph is a literal transcription of the study's script over a
// dense N x N matrix, with NumPy's choice spelled out (cdf, searchsorted
// side='right' in float64): the independent reference for small N.
func numpyStudyGraph(n int, seed uint32) []arc {
	rng := nprand.New(seed)
	p := []float64{1 - 5/float64(n), 5 / float64(n)}
	cdf := []float64{p[0], p[0] + p[1]}
	cdf[0] /= cdf[1]
	cdf[1] /= cdf[1]
	m := make([][]int, n)
	for i := range m {
		m[i] = make([]int, n)
		for j := range m[i] {
			u := rng.RandomSample()
			m[i][j] = sort.Search(len(cdf), func(k int) bool { return cdf[k] > u }) // searchsorted side='right'
		}
	}
	var zeroRows []int
	for i, row := range m {
		sum := 0
		for _, v := range row {
			sum += v
		}
		if sum == 0 {
			zeroRows = append(zeroRows, i)
		}
	}
	for _, i := range zeroRows {
		m[i][rng.Randint(uint64(n))] = 1
	}
	var arcs []arc
	for i, row := range m {
		for j, v := range row {
			if v == 1 {
				arcs = append(arcs, arc{uint32(i), uint32(j)})
			}
		}
	}
	return arcs
}

func TestSeedMatchesDenseReference(t *testing.T) {
	// Small N has many empty rows, so the randint step is exercised too;
	// seeds besides 0 check the optional SEED.
	for _, c := range []struct {
		n    int
		seed uint32
	}{{5, 0}, {6, 0}, {7, 3}, {10, 0}, {23, 1}, {64, 42}, {211, 0}, {400, 7}} {
		want := numpyStudyGraph(c.n, c.seed)
		got := allArcs(t, newSeedGen(c.n, c.seed))
		slices.SortFunc(got, compareArcs)
		if !slices.Equal(got, want) {
			t.Errorf("N=%d seed %d: %d arcs differ from the dense reference's %d", c.n, c.seed, len(got), len(want))
		}
	}
}

// TestSeedThreshold checks the integer threshold against NumPy's float
// comparison at the samples around it.
func TestSeedThreshold(t *testing.T) {
	for _, n := range []int{5, 6, 7, 10, 100, 1000, 2000, 3333, maxSeedNodes} {
		p0, p1 := 1-5/float64(n), 5/float64(n)
		cdf0 := p0 / (p0 + p1)
		thr := seedThreshold(n)
		for k := thr - 2; k <= thr+2; k++ {
			u := float64(k) / (1 << 53)
			if (u >= cdf0) != (k >= thr) {
				t.Errorf("N=%d: sample %d/2^53 picks %v in NumPy, the threshold %d says otherwise", n, k, u >= cdf0, thr)
			}
		}
	}
}

func TestSeedShape(t *testing.T) {
	sizes := []int{5, 9, 50, 777, 2000}
	if testing.Short() {
		sizes = sizes[:4]
	}
	for _, n := range sizes {
		g, err := Generate(fmt.Sprint("seed:", n), graph.BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := g.Validate(); err != nil {
			t.Fatal(err)
		}
		if g.N != n {
			t.Fatalf("seed:%d has %d nodes", n, g.N)
		}
		for i, d := range g.OutDegree {
			if d == 0 {
				t.Fatalf("seed:%d: node %d has no out-arc", n, i)
			}
		}
		// Arcs: Binomial(N*N, 5/N) plus about N*(1-5/N)^N rows patched.
		mean := 5*float64(n) + float64(n)*math.Pow(1-5/float64(n), float64(n))
		sd := math.Sqrt(5 * float64(n))
		if got := float64(g.Arcs()); math.Abs(got-mean) > 6*sd+1 {
			t.Errorf("seed:%d has %v arcs, expected %.0f +- %.0f", n, got, mean, 6*sd)
		}
	}
	// N = 5 makes p = [0, 1]: the complete graph with self-loops.
	g, err := Generate("seed:5", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if g.Arcs() != 25 {
		t.Errorf("seed:5 has %d arcs, want all 25", g.Arcs())
	}
}

func TestSeedEmitErrorPassesThrough(t *testing.T) {
	stop := errors.New("stop")
	for _, spec := range []string{"seed:100", "uniform:100:1000", "kron:8"} {
		g, err := Parse(spec)
		if err != nil {
			t.Fatal(err)
		}
		calls := 0
		err = g.Part(0, func(s, d []uint32, w []float64) error { calls++; return stop })
		if err != stop || calls != 1 {
			t.Errorf("%s: Part returned %v after %d emit calls, want the emit error after 1", spec, err, calls)
		}
		if err := g.Part(g.Parts(), func(s, d []uint32, w []float64) error { return nil }); err == nil {
			t.Errorf("%s: Part(%d) of %d parts did not fail", spec, g.Parts(), g.Parts())
		}
		if err := g.Part(-1, func(s, d []uint32, w []float64) error { return nil }); err == nil {
			t.Errorf("%s: Part(-1) did not fail", spec)
		}
	}
}
