package graphio

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
)

// randomGraph builds a random graph in which every node has an arc (an
// edge list cannot state a node without one). symmetric graphs have the
// reverse of every arc, no self-loops and integer weights, as METIS needs.
func randomGraph(t testing.TB, r *rand.Rand, weighted, renumbered, symmetric bool) *graph.CSR {
	n := 1 + r.IntN(300)
	if symmetric && n < 2 {
		n = 2
	}
	src := &testSource{n: n}
	add := func(s, d int) {
		if symmetric && s == d {
			return
		}
		src.src = append(src.src, uint32(s))
		src.dst = append(src.dst, uint32(d))
		if weighted {
			w := r.Float64() * 10
			if symmetric {
				w = float64(1 + r.IntN(100))
			}
			src.w = append(src.w, w)
		}
	}
	for i := range n {
		add(i, r.IntN(n)) // every node has an arc
		if symmetric && src.n > 0 && (len(src.src) == 0 || src.src[len(src.src)-1] != uint32(i)) {
			add(i, (i+1)%n)
		}
	}
	for range r.IntN(4 * n) {
		add(r.IntN(n), r.IntN(n))
	}
	if weighted && src.w == nil {
		src.w = []float64{}
	}
	g, err := graph.Build(src, graph.BuildOptions{Undirected: symmetric})
	if err != nil {
		t.Fatal(err)
	}
	if renumbered {
		// Ascending ids with gaps, some beyond uint32; never 0..n-1.
		g.IDs = make([]uint64, n)
		id := uint64(1 + r.IntN(3))
		for i := range g.IDs {
			g.IDs[i] = id
			id += 1 + uint64(r.IntN(3))
			if r.IntN(50) == 0 {
				id += 1 << 33
			}
		}
	}
	return g
}

// TestRoundTrip writes random graphs in every format and reads them back.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	dir := t.TempDir()
	for trial := range 16 {
		weighted, renumbered, symmetric := trial&1 != 0, trial&2 != 0, trial&4 != 0
		g := randomGraph(t, r, weighted, renumbered, symmetric)
		for _, name := range []string{"g.txt", "g.txt.gz", "g.mtx", "g.mtx.gz", "g.graph", "g.graph.gz", "g.prkg", "g.prkg.gz"} {
			format, _ := DetectFormat(name)
			if format == FormatMETIS && !symmetric {
				continue
			}
			path := filepath.Join(dir, name)
			if err := Write(path, g, WriteOptions{}); err != nil {
				t.Fatalf("trial %d: write %s: %v", trial, name, err)
			}
			back, err := Load(path, LoadOptions{})
			if err != nil {
				t.Fatalf("trial %d: read %s: %v", trial, name, err)
			}
			checkSameGraph(t, back, g) // every format keeps the ids

		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

// TestWriteGzipOption compresses on request whatever the name, and the
// output starts with the gzip magic.
func TestWriteGzipOption(t *testing.T) {
	g := randomGraph(t, rand.New(rand.NewPCG(1, 1)), false, false, false)
	path := filepath.Join(t.TempDir(), "g.el")
	if err := Write(path, g, WriteOptions{Gzip: true}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, gzipMagic) {
		t.Fatal("output is not gzip")
	}
	back, err := Load(path, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkSameGraph(t, back, g)
}

// TestWriteEdgeListText pins down the edge-list output: header, file ids,
// sorted by source then target, exact weights.
func TestWriteEdgeListText(t *testing.T) {
	src := &testSource{n: 3, src: []uint32{2, 0, 0, 1}, dst: []uint32{0, 2, 1, 1}, w: []float64{0.1, 2, 1e-300, 3}}
	g, err := graph.Build(src, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	g.IDs = []uint64{5, 17, 1 << 40}
	var buf bytes.Buffer
	if err := encode(&buf, g, FormatEdgeList); err != nil {
		t.Fatal(err)
	}
	want := "# prk edge list: 3 nodes, 4 arcs, weighted\n# source\ttarget\tweight\n" +
		"5\t17\t1e-300\n5\t1099511627776\t2\n17\t17\t3\n1099511627776\t5\t0.1\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

// TestWriteMETISRefuses checks the graphs METIS cannot hold.
func TestWriteMETISRefuses(t *testing.T) {
	build := func(n int, s, d []uint32, w []float64) *graph.CSR {
		g, err := graph.Build(&testSource{n: n, src: s, dst: d, w: w}, graph.BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	tests := []struct {
		name string
		g    *graph.CSR
		want string
	}{
		{"directed", build(3, []uint32{0, 1}, []uint32{1, 2}, nil), "METIS stores undirected graphs; symmetrise with --undirected"},
		{"one-way pair", build(3, []uint32{0, 1, 1, 2}, []uint32{1, 0, 2, 0}, nil), "METIS stores undirected graphs"},
		{"self-loop", build(2, []uint32{0, 1, 1}, []uint32{1, 0, 1}, nil), "self-loop"},
		{"unequal weights", build(2, []uint32{0, 1}, []uint32{1, 0}, []float64{1, 2}), "different weights"},
		{"fractional weight", build(2, []uint32{0, 1}, []uint32{1, 0}, []float64{1.5, 1.5}), "METIS edge weights are integers"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".graph")
			err := Write(path, tt.g, WriteOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("got %v, want an error naming %s and saying %q", err, path, tt.want)
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("a failed write left %s behind", path)
			}
		})
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

// TestWriteErrors covers unknown formats and invalid graphs.
func TestWriteErrors(t *testing.T) {
	dir := t.TempDir()
	g := randomGraph(t, rand.New(rand.NewPCG(2, 2)), false, false, false)
	if err := Write(filepath.Join(dir, "g.xyz"), g, WriteOptions{}); err == nil {
		t.Error("unknown extension accepted")
	}
	if err := Write(filepath.Join(dir, "g.txt"), g, WriteOptions{Format: "dot"}); err == nil {
		t.Error("unknown format accepted")
	}
	broken := *g
	broken.OutDegree = nil
	if err := Write(filepath.Join(dir, "g.txt"), &broken, WriteOptions{}); err == nil {
		t.Error("invalid graph written")
	}
	if err := Write(filepath.Join(dir, "no-such-dir", "g.txt"), g, WriteOptions{}); err == nil {
		t.Error("write into a missing directory succeeded")
	}
}
