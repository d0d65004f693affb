package graphio

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
)

// sparseGraph builds a random graph of n nodes, about a third of which
// have no arcs at all. symmetric graphs are undirected with integer
// weights, no self-loops, as METIS needs; renumbered graphs carry file ids
// with gaps, some beyond uint32.
func sparseGraph(t testing.TB, r *rand.Rand, n int, weighted, renumbered, symmetric bool) *graph.CSR {
	t.Helper()
	src := &testSource{n: n}
	if weighted {
		src.w = []float64{}
	}
	var active []int
	for i := range n {
		if r.IntN(3) != 0 {
			active = append(active, i)
		}
	}
	if len(active) >= 2 {
		for range 1 + r.IntN(3*len(active)) {
			s, d := active[r.IntN(len(active))], active[r.IntN(len(active))]
			if symmetric && s == d {
				continue
			}
			src.src = append(src.src, uint32(s))
			src.dst = append(src.dst, uint32(d))
			if weighted && symmetric {
				src.w = append(src.w, float64(1+r.IntN(100)))
			} else if weighted {
				src.w = append(src.w, r.Float64()*10)
			}
		}
	}
	g, err := graph.Build(src, graph.BuildOptions{Undirected: symmetric})
	if err != nil {
		t.Fatal(err)
	}
	if renumbered && n > 0 {
		g.IDs = make([]uint64, n)
		id := uint64(r.IntN(3))
		for i := range g.IDs {
			id += 1 + uint64(r.IntN(3))
			if r.IntN(50) == 0 {
				id += 1 << 33
			}
			g.IDs[i] = id
		}
	}
	return g
}

// TestRoundTripEveryGraph writes graphs with nodes without arcs, weights,
// renumbered ids and no nodes at all in every format prk writes (METIS
// only when undirected), plain and gzip'd, and reads each back: the same
// graph, ids included.
func TestRoundTripEveryGraph(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 17))
	dir := t.TempDir()
	names := []string{"g.el", "g.el.gz", "g.mtx", "g.mtx.gz", "g.graph", "g.graph.gz", "g.prkg", "g.prkg.gz"}
	for _, n := range []int{0, 1, 2, 7, 300} {
		for flags := range 8 {
			weighted, renumbered, symmetric := flags&1 != 0, flags&2 != 0, flags&4 != 0
			g := sparseGraph(t, r, n, weighted, renumbered, symmetric)
			for _, name := range names {
				format, _ := DetectFormat(name)
				if format == FormatMETIS && !symmetric {
					continue
				}
				t.Run(fmt.Sprintf("n%d/w%v/ids%v/sym%v/%s", n, weighted, renumbered, symmetric, name), func(t *testing.T) {
					path := filepath.Join(dir, name)
					if err := Write(path, g, WriteOptions{}); err != nil {
						t.Fatalf("write: %v", err)
					}
					back, err := Load(path, LoadOptions{})
					if err != nil {
						t.Fatalf("read back: %v", err)
					}
					checkSameGraph(t, back, g)
				})
			}
		}
	}
}

// TestRoundTripManyIsolated: more nodes without arcs than a header may
// imply on its own; the edge list names them, METIS has a line for each,
// .prkg stores them, and Matrix Market refuses to write a file its reader
// would refuse.
func TestRoundTripManyIsolated(t *testing.T) {
	const n = 100_000
	src := &testSource{n: n, src: []uint32{1, 5, 99_999}, dst: []uint32{5, 1, 3}}
	g, err := graph.Build(src, graph.BuildOptions{Undirected: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"g.el", "g.graph", "g.prkg"} {
		path := filepath.Join(dir, name)
		if err := Write(path, g, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		back, err := Load(path, LoadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkSameGraph(t, back, g)
	}
	err = Write(filepath.Join(dir, "g.mtx"), g, WriteOptions{})
	if err == nil || !strings.Contains(err.Error(), "a Matrix Market file may hold at most") {
		t.Errorf("writing Matrix Market: got %v, want a refusal", err)
	}
}

// TestEdgeListHeaderNodes: the reader honours the node count of prk's
// header. Ids below N: nodes 0..N-1. Isolated-node lines: their ids are
// nodes. A header that the ids contradict is an error naming its line.
func TestEdgeListHeaderNodes(t *testing.T) {
	read := func(text string, mode IDMode) (*graph.CSR, error) {
		return Read(strings.NewReader(text), "h.el", LoadOptions{IDs: mode})
	}
	g, err := read("# prk edge list: 6 nodes, 2 arcs\n0 1\n1 2\n", IDsAuto)
	if err != nil || g.N != 6 || g.IDs != nil || g.Arcs() != 2 {
		t.Fatalf("ids below N: %v %+v", err, g)
	}
	g, err = read("# prk edge list: 4 nodes, 1 arcs\n# prk isolated nodes: 7 90\n10 20\n", IDsAuto)
	if err != nil || g.N != 4 || fmt.Sprint(g.IDs) != "[7 10 20 90]" {
		t.Fatalf("isolated ids: %v %+v", err, g)
	}
	g, err = read("# prk edge list: 4 nodes, 1 arcs\n# prk isolated nodes: 7 90\n10 20\n", IDsDense)
	if err != nil || g.N != 91 || g.IDs != nil {
		t.Fatalf("isolated ids, dense: %v %+v", err, g)
	}
	g, err = read("# prk edge list: 0 nodes, 0 arcs, weighted\n", IDsAuto)
	if err != nil || g.N != 0 || !g.Weighted() || g.OutWeight == nil {
		t.Fatalf("empty weighted graph: %v %+v", err, g)
	}
	// A renumbered graph written before isolated-node lines existed: the
	// ids that occur are the nodes, N of them.
	g, err = read("# prk edge list: 2 nodes, 2 arcs\n10 20\n20 10\n", IDsAuto)
	if err != nil || g.N != 2 || fmt.Sprint(g.IDs) != "[10 20]" {
		t.Fatalf("old renumbered file: %v %+v", err, g)
	}
	for _, tt := range []struct {
		text string
		line int64
		want string
	}{
		{"# prk edge list: 3 nodes, 2 arcs\n10 20\n20 30\n30 40\n", 1, "the header states 3 nodes, but the arcs and isolated-node lines name 4 distinct ids"},
		{"# prk edge list: 4 nodes, 1 arcs\n# prk isolated nodes: 5\n10 20\n", 1, "the header states 4 nodes, but the arcs and isolated-node lines name 3 distinct ids"},
		{"# prk edge list: x nodes, 2 arcs\n0 1\n", 1, "prk edge-list header: invalid node count"},
		{"# prk edge list: 3 vertices\n0 1\n", 1, "malformed prk edge-list header"},
		{"# prk edge list: 3 nodes, 1 arcs\n# prk edge list: 3 nodes, 1 arcs\n0 1\n", 2, "a second prk edge-list header"},
		{"# prk isolated nodes: 5\n0 1\n", 1, "comes before the"},
		{"# prk edge list: 3 nodes, 1 arcs\n# prk isolated nodes: 5 x\n0 1\n", 2, `isolated node id "x"`},
		{"# prk edge list: 1000000 nodes, 1 arcs\n0 1\n", 1, "the header states 1000000 nodes for only 1 arcs; refusing"},
	} {
		g, err := read(tt.text, IDsAuto)
		checkParseError(t, g, err, "h.el", tt.line, tt.want)
	}
	// After the first data line, "# prk" lines are comments.
	g, err = read("0 1\n# prk edge list: 9 nodes, 1 arcs\n", IDsAuto)
	if err != nil || g.N != 2 {
		t.Fatalf("late header: %v %+v", err, g)
	}
}

// TestGenKronEdgeListKeepsNodes: prk gen kron:12 -o x.el, then reading
// x.el, gives all 4096 nodes, those without arcs included (a Kronecker
// graph leaves many nodes isolated).
func TestGenKronEdgeListKeepsNodes(t *testing.T) {
	g, err := gen.GenerateContext(context.Background(), "kron:12", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	isolated := 0
	for i := range g.N {
		if g.OutDegree[i] == 0 && g.InOffsets[i+1] == g.InOffsets[i] {
			isolated++
		}
	}
	if g.N != 4096 || isolated == 0 {
		t.Fatalf("kron:12 has %d nodes, %d isolated; the test needs 4096 with some isolated", g.N, isolated)
	}
	path := filepath.Join(t.TempDir(), "x.el")
	if err := Write(path, g, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if back.N != 4096 {
		t.Fatalf("read back %d nodes, want 4096", back.N)
	}
	checkSameGraph(t, back, g)
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), prkIsolatedNodes) {
		t.Error("a graph without file ids should not need isolated-node lines")
	}
}
