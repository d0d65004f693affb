package graphio

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"testing"
)

// syntheticEdgeList returns an edge list of about size bytes: random arcs
// among nodes ids 0..nodes-1 in the shape SNAP writes (src TAB dst), with a
// comment header, and its arc count.
func syntheticEdgeList(size int, nodes uint64, weighted bool) ([]byte, int64) {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 0, size+64)
	b = append(b, "# synthetic edge list\n# FromNodeId\tToNodeId\n"...)
	var arcs int64
	for len(b) < size {
		b = strconv.AppendUint(b, r.Uint64N(nodes), 10)
		b = append(b, '\t')
		b = strconv.AppendUint(b, r.Uint64N(nodes), 10)
		if weighted {
			b = append(b, '\t')
			b = strconv.AppendFloat(b, float64(r.IntN(1000))/100, 'f', -1, 64)
		}
		b = append(b, '\n')
		arcs++
	}
	return b, arcs
}

func benchmarkParse(b *testing.B, weighted bool) {
	input, arcs := syntheticEdgeList(32<<20, 4_000_000, weighted)
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	for b.Loop() {
		src, err := parseEdgeList(bytes.NewReader(input), false, "bench.txt", LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if src.nodes == 0 {
			b.Fatal("no nodes")
		}
	}
	b.ReportMetric(float64(arcs)*float64(b.N)/b.Elapsed().Seconds(), "arcs/s")
}

// BenchmarkParseEdgeList measures the edge-list parser alone (reading,
// parsing and settling ids; not graph.Build) on a 32 MB in-memory file.
func BenchmarkParseEdgeList(b *testing.B) { benchmarkParse(b, false) }

// BenchmarkParseEdgeListWeighted is BenchmarkParseEdgeList with a third,
// decimal weight column.
func BenchmarkParseEdgeListWeighted(b *testing.B) { benchmarkParse(b, true) }

// BenchmarkLoadEdgeListReal loads cnr-2000 (gzip, 42.8 MB of text, 3.2M
// arcs) including decompression and graph.Build; MB/s are of the
// decompressed text.
func BenchmarkLoadEdgeListReal(b *testing.B) {
	path := needSharedData(b, "cnr-2000.txt.gz")
	b.SetBytes(gunzippedSize(b, path))
	var arcs int64
	for b.Loop() {
		g, err := Load(path, LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		arcs = g.Arcs()
	}
	b.ReportMetric(float64(arcs)*float64(b.N)/b.Elapsed().Seconds(), "arcs/s")
}
