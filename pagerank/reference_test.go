package pagerank_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/pagerank"
)

// sharedData is where the project's real graphs live, relative to this package.
const sharedData = "../../shared/data"

func openShared(t *testing.T, name string) *bufio.Scanner {
	t.Helper()
	path := filepath.Join(sharedData, name)
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		t.Skipf("shared data %s is missing; the test needs ../shared/data beside the checkout", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	s := bufio.NewScanner(z)
	s.Buffer(make([]byte, 1<<20), 1<<20)
	return s
}

// csrFromSortedArcs builds a CSR by hand, independently of the graph package's
// builder, from arcs given as (src, dst) pairs.
func csrFromArcs(n int, arcs [][2]uint32) *graph.CSR {
	g := &graph.CSR{N: n, InOffsets: make([]int64, n+1), OutDegree: make([]uint32, n)}
	byDst := make([][]uint32, n)
	for _, a := range arcs {
		byDst[a[1]] = append(byDst[a[1]], a[0])
	}
	for i := range n {
		srcs := byDst[i]
		// insertion sort + dedupe: tiny graphs only
		for a := 1; a < len(srcs); a++ {
			for b := a; b > 0 && srcs[b] < srcs[b-1]; b-- {
				srcs[b], srcs[b-1] = srcs[b-1], srcs[b]
			}
		}
		var uniq []uint32
		for k, s := range srcs {
			if k == 0 || s != srcs[k-1] {
				uniq = append(uniq, s)
			}
		}
		g.InSources = append(g.InSources, uniq...)
		g.InOffsets[i+1] = int64(len(g.InSources))
		for _, s := range uniq {
			g.OutDegree[s]++
		}
	}
	return g
}

func readSeedGraph(t *testing.T, n int) *graph.CSR {
	s := openShared(t, "seed/seed_"+strconv.Itoa(n)+".edges.gz")
	var arcs [][2]uint32
	for s.Scan() {
		f := strings.Fields(s.Text())
		if len(f) != 2 {
			t.Fatalf("bad line %q", s.Text())
		}
		a, _ := strconv.Atoi(f[0])
		b, _ := strconv.Atoi(f[1])
		arcs = append(arcs, [2]uint32{uint32(a), uint32(b)})
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return csrFromArcs(n, arcs)
}

func readVector(t *testing.T, name string) []float64 {
	s := openShared(t, name)
	var v []float64
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		x, err := strconv.ParseFloat(line, 64)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		v = append(v, x)
	}
	return v
}

// TestReferenceReproducesStudyBitForBit runs the study's 10 iterations on its
// own random graphs and demands the study's scores exactly.
func TestReferenceReproducesStudyBitForBit(t *testing.T) {
	for _, n := range []int{100, 1000} {
		g := readSeedGraph(t, n)
		if err := g.Validate(); err != nil {
			t.Fatal(err)
		}
		want := readVector(t, "seed/seed_"+strconv.Itoa(n)+".pr10.gz")
		if len(want) != n {
			t.Fatalf("seed_%d.pr10 has %d scores", n, len(want))
		}
		o := pagerank.Default()
		o.Iterations = 10
		res, err := pagerank.Reference(context.Background(), g, o)
		if err != nil {
			t.Fatal(err)
		}
		if res.Iterations != 10 {
			t.Fatalf("ran %d iterations, want 10", res.Iterations)
		}
		bad := 0
		for i := range want {
			if math.Float64bits(res.Scores[i]) != math.Float64bits(want[i]) {
				if bad < 5 {
					t.Errorf("n=%d node %d: got %v want %v", n, i, res.Scores[i], want[i])
				}
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("n=%d: %d of %d scores differ", n, bad, n)
		}
	}
}
