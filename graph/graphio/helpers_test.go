package graphio

import (
	"compress/gzip"
	"io"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/prkbench/prk/graph"
)

// sharedData is the real test data, relative to this package's directory.
const sharedData = "../../../shared/data"

// needSharedData skips the test when the shared data folder is missing.
func needSharedData(tb testing.TB, file string) string {
	tb.Helper()
	path := sharedData + "/" + file
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("shared test data missing: %v (expected in /work/shared/data, see its README.md)", err)
	}
	return path
}

// gunzippedSize returns the decompressed size of a gzip file.
func gunzippedSize(tb testing.TB, path string) int64 {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// refArc is an arc as a file states it: file ids and a weight.
type refArc struct {
	s, d uint64
	w    float64
}

// refGraph builds, independently of graph.Build and of the parsers, the
// CSR a loader must produce for arcs: a map of sets, duplicates collapsing
// with summed weights. nodes > 0 fixes the node set to 0..nodes-1 (Matrix
// Market, METIS); otherwise the id mode decides it as LoadOptions.IDs
// documents.
func refGraph(arcs []refArc, weighted bool, mode IDMode, nodes int) *graph.CSR {
	var ids []uint64
	index := map[uint64]int{}
	if nodes > 0 {
		for i := range nodes {
			index[uint64(i)] = i
		}
	} else {
		set := map[uint64]bool{}
		var hi uint64
		for _, a := range arcs {
			set[a.s], set[a.d] = true, true
			hi = max(hi, a.s, a.d)
		}
		if mode == IDsDense || uint64(len(set)) == hi+1 {
			nodes = int(hi) + 1
			for i := range nodes {
				index[uint64(i)] = i
			}
		} else {
			for id := range set {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			for i, id := range ids {
				index[id] = i
			}
			nodes = len(ids)
		}
	}
	rows := make([]map[uint32]float64, nodes)
	for _, a := range arcs {
		s, d := index[a.s], index[a.d]
		if rows[d] == nil {
			rows[d] = map[uint32]float64{}
		}
		rows[d][uint32(s)] += a.w
	}
	g := &graph.CSR{N: nodes, InOffsets: make([]int64, nodes+1), OutDegree: make([]uint32, nodes), IDs: ids,
		InSources: []uint32{}}
	if weighted {
		g.InWeights, g.OutWeight = []float64{}, make([]float64, nodes)
	}
	for i, row := range rows {
		srcs := make([]uint32, 0, len(row))
		for s := range row {
			srcs = append(srcs, s)
		}
		slices.Sort(srcs)
		for _, s := range srcs {
			g.InSources = append(g.InSources, s)
			g.OutDegree[s]++
			if weighted {
				g.InWeights = append(g.InWeights, row[s])
				g.OutWeight[s] += row[s]
			}
		}
		g.InOffsets[i+1] = int64(len(g.InSources))
	}
	return g
}

// checkSameGraph fails unless got and want are the same graph: same nodes,
// ids, arcs and (to 1e-12 relative, as sums may add in another order)
// weights.
func checkSameGraph(tb testing.TB, got, want *graph.CSR) {
	tb.Helper()
	if err := got.Validate(); err != nil {
		tb.Fatalf("invalid graph: %v", err)
	}
	if got.N != want.N || got.Arcs() != want.Arcs() {
		tb.Fatalf("got %d nodes %d arcs, want %d nodes %d arcs", got.N, got.Arcs(), want.N, want.Arcs())
	}
	if !slices.Equal(got.IDs, want.IDs) || (got.IDs == nil) != (want.IDs == nil) {
		tb.Fatalf("ids differ: got %v..., want %v...", head(got.IDs), head(want.IDs))
	}
	if !slices.Equal(got.InOffsets, want.InOffsets) {
		tb.Fatal("in-offsets differ")
	}
	if !slices.Equal(got.InSources, want.InSources) {
		tb.Fatal("in-sources differ")
	}
	if got.Weighted() != want.Weighted() {
		tb.Fatalf("weighted: got %v, want %v", got.Weighted(), want.Weighted())
	}
	for k := range want.InWeights {
		if !nearlyEqual(got.InWeights[k], want.InWeights[k]) {
			tb.Fatalf("weight of arc %d: got %v, want %v", k, got.InWeights[k], want.InWeights[k])
		}
	}
}

func nearlyEqual(a, b float64) bool {
	return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

func head(ids []uint64) []uint64 { return ids[:min(len(ids), 5)] }

// testSource is a plain graph.ArcSource over arc lists, for building test
// graphs with graph.Build.
type testSource struct {
	n        int
	src, dst []uint32
	w        []float64
}

func (s *testSource) Nodes() int     { return s.n }
func (s *testSource) Weighted() bool { return s.w != nil }
func (s *testSource) Parts() int     { return 1 }
func (s *testSource) Part(_ int, emit func(src, dst []uint32, w []float64) error) error {
	return emit(s.src, s.dst, s.w)
}
