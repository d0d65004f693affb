package graphio

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/order"
)

// prkgArcSource is a replayable random ArcSource for these tests.
type prkgArcSource struct {
	n, parts, arcsPerPart int
	weighted              bool
	seed                  uint64
}

func (s *prkgArcSource) Nodes() int     { return s.n }
func (s *prkgArcSource) Weighted() bool { return s.weighted }
func (s *prkgArcSource) Parts() int     { return s.parts }
func (s *prkgArcSource) Part(i int, emit func(src, dst []uint32, w []float64) error) error {
	rng := rand.New(rand.NewPCG(s.seed, uint64(i)))
	src := make([]uint32, s.arcsPerPart)
	dst := make([]uint32, s.arcsPerPart)
	var w []float64
	if s.weighted {
		w = make([]float64, s.arcsPerPart)
	}
	for k := range src {
		src[k], dst[k] = uint32(rng.IntN(s.n)), uint32(rng.IntN(s.n))
		if w != nil {
			w[k] = rng.Float64() * 4
		}
	}
	return emit(src, dst, w)
}

// prkgGraph builds a random graph with n nodes and about arcs arcs, with
// weights and with file ids (ascending, with gaps) as asked.
func prkgGraph(t testing.TB, n, arcs int, weighted, ids bool, seed uint64) *graph.CSR {
	t.Helper()
	src := &prkgArcSource{n: n, parts: 1, arcsPerPart: arcs, weighted: weighted, seed: seed}
	if n == 0 {
		src.arcsPerPart = 0
	}
	g, err := graph.Build(src, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ids {
		rng := rand.New(rand.NewPCG(seed, 99))
		g.IDs = make([]uint64, n)
		id := uint64(0)
		for i := range g.IDs {
			id += 1 + uint64(rng.IntN(1000))
			if i == n-1 && n > 2 {
				id = math.MaxUint64 // the largest id a file can hold
			}
			g.IDs[i] = id
		}
	}
	return g
}

// prkgDiff describes the first difference between two graphs, comparing
// floats by their bits and telling nil from empty, or returns "".
func prkgDiff(got, want *graph.CSR) string {
	if got.N != want.N {
		return fmt.Sprintf("N = %d, want %d", got.N, want.N)
	}
	for _, d := range []string{
		prkgDiffSlices("InOffsets", got.InOffsets, want.InOffsets, func(a, b int64) bool { return a == b }),
		prkgDiffSlices("InSources", got.InSources, want.InSources, func(a, b uint32) bool { return a == b }),
		prkgDiffSlices("InWeights", got.InWeights, want.InWeights, prkgSameBits),
		prkgDiffSlices("OutDegree", got.OutDegree, want.OutDegree, func(a, b uint32) bool { return a == b }),
		prkgDiffSlices("OutWeight", got.OutWeight, want.OutWeight, prkgSameBits),
		prkgDiffSlices("IDs", got.IDs, want.IDs, func(a, b uint64) bool { return a == b }),
		prkgDiffSlices("Order", got.Order, want.Order, func(a, b uint32) bool { return a == b }),
	} {
		if d != "" {
			return d
		}
	}
	return ""
}

func prkgSameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

func prkgDiffSlices[T any](name string, got, want []T, equal func(a, b T) bool) string {
	// Only presence matters for the optional arrays; InSources and
	// OutDegree may be nil or empty alike when empty.
	optional := name == "InWeights" || name == "OutWeight" || name == "IDs" || name == "Order"
	if optional && (got == nil) != (want == nil) {
		return fmt.Sprintf("%s: nil = %v, want nil = %v", name, got == nil, want == nil)
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%s has %d entries, want %d", name, len(got), len(want))
	}
	for k := range got {
		if !equal(got[k], want[k]) {
			return fmt.Sprintf("%s[%d] = %v, want %v", name, k, got[k], want[k])
		}
	}
	return ""
}

// prkgEncode encodes g or fails the test.
func prkgEncode(t testing.TB, g *graph.CSR) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := EncodePRKG(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// prkgCases are the graphs every round trip covers.
func prkgCases(t testing.TB) map[string]*graph.CSR {
	cases := map[string]*graph.CSR{}
	for _, c := range []struct {
		n, arcs          int
		weighted, hasIDs bool
	}{
		{0, 0, false, false}, {0, 0, true, true},
		{1, 0, false, false}, {1, 5, true, false}, {1, 3, false, true},
		{5, 0, true, false},
		{7, 30, false, false}, {7, 30, true, true}, // odd counts exercise the padding
		{1000, 7001, false, false}, {1000, 7001, true, false}, {1000, 7001, false, true}, {1000, 7001, true, true},
	} {
		name := fmt.Sprintf("n=%d/arcs=%d/weighted=%v/ids=%v", c.n, c.arcs, c.weighted, c.hasIDs)
		cases[name] = prkgGraph(t, c.n, c.arcs, c.weighted, c.hasIDs, uint64(c.n*31+c.arcs))
	}
	// Graphs stored renumbered (an Order section; odd N pads it).
	for _, name := range []string{"n=0/arcs=0/weighted=true/ids=true", "n=1/arcs=5/weighted=true/ids=false",
		"n=7/arcs=30/weighted=true/ids=true", "n=1000/arcs=7001/weighted=false/ids=false", "n=1000/arcs=7001/weighted=false/ids=true"} {
		g, ok := cases[name]
		if !ok {
			continue
		}
		h, err := order.Stored(g, order.Degree(g), 2)
		if err != nil {
			t.Fatal(err)
		}
		cases[name+"/order=degree"] = h
	}
	return cases
}

// prkgPortable runs f with the portable (byte by byte) encoding and
// decoding, as a big-endian machine would use.
func prkgPortable(f func()) {
	defer func(old bool) { hostLittleEndian = old }(hostLittleEndian)
	hostLittleEndian = false
	f()
}

func TestPRKGRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for name, g := range prkgCases(t) {
		data := prkgEncode(t, g)
		var portable []byte
		prkgPortable(func() { portable = prkgEncode(t, g) })
		if !bytes.Equal(portable, data) {
			t.Fatalf("%s: the portable encoder writes different bytes", name)
		}
		check := func(how string, got *graph.CSR, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %s: %v", name, how, err)
			}
			if err := got.Validate(); err != nil {
				t.Fatalf("%s: %s: invalid graph: %v", name, how, err)
			}
			if d := prkgDiff(got, g); d != "" {
				t.Fatalf("%s: %s: %s", name, how, d)
			}
		}
		got, err := DecodePRKG(bytes.NewReader(data), "mem.prkg")
		check("DecodePRKG", got, err)
		// A reader that hands out a few bytes at a time.
		got, err = DecodePRKG(iotestHalfReader{bytes.NewReader(data)}, "slow.prkg")
		check("DecodePRKG, short reads", got, err)
		prkgPortable(func() { got, err = DecodePRKG(bytes.NewReader(data), "mem.prkg") })
		check("DecodePRKG, portable", got, err)

		path := filepath.Join(dir, strings.NewReplacer("/", "_", "=", "").Replace(name)+PRKGExtension)
		if err := WritePRKG(path, g); err != nil {
			t.Fatal(err)
		}
		onDisk, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(onDisk, data) {
			t.Fatalf("%s: WritePRKG wrote other bytes than EncodePRKG (%v)", name, err)
		}
		got, err = ReadPRKG(path)
		check("ReadPRKG", got, err)
		prkgPortable(func() { got, err = ReadPRKG(path) })
		check("ReadPRKG, portable", got, err)
		// Through the loader, plain and gzip'd.
		got, err = Load(path, LoadOptions{})
		check("Load", got, err)
		var zbuf bytes.Buffer
		zw := gzip.NewWriter(&zbuf)
		zw.Write(data)
		zw.Close()
		gzPath := path + ".gz"
		if err := os.WriteFile(gzPath, zbuf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err = Load(gzPath, LoadOptions{})
		check("Load .prkg.gz", got, err)
	}
}

// iotestHalfReader returns at most 7 bytes per Read, as a pipe or a slow
// decompressor may.
type iotestHalfReader struct{ r io.Reader }

func (h iotestHalfReader) Read(p []byte) (int, error) {
	if len(p) > 7 {
		p = p[:7]
	}
	return h.r.Read(p)
}

// TestPRKGLayout checks the encoder against the format as documented,
// written out here field by field with encoding/binary: a weighted graph
// with ids, whose odd counts need padding after both uint32 arrays.
func TestPRKGLayout(t *testing.T) {
	// Arcs 0->1 (0.5), 2->1 (1.5), 1->2 (2), 2->2 (0.25); 3 nodes.
	g := &graph.CSR{
		N:         3,
		InOffsets: []int64{0, 0, 2, 4},
		InSources: []uint32{0, 2, 1, 2},
		InWeights: []float64{0.5, 1.5, 2, 0.25},
		OutDegree: []uint32{1, 1, 2},
		OutWeight: []float64{0.5, 2, 1.75},
		IDs:       []uint64{10, 20, 1 << 40},
	}
	var want bytes.Buffer
	put := func(vs ...any) {
		for _, v := range vs {
			binary.Write(&want, binary.LittleEndian, v)
		}
	}
	want.WriteString("PRKG")
	put(uint32(1), uint32(3), uint32(40), uint64(3), uint64(4), uint64(0))
	put(g.InOffsets, g.InSources)                                        // 16 bytes: no padding
	put(g.OutDegree, uint32(0))                                          // 12 bytes + 4 of padding
	put(g.InWeights, g.OutWeight, g.IDs)                                 //
	put(crc32.Checksum(want.Bytes(), crc32.MakeTable(crc32.Castagnoli))) // trailer
	got := prkgEncode(t, g)
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("encoded\n%x\nwant\n%x", got, want.Bytes())
	}
	// An unweighted graph without ids drops those arrays and flags.
	g.InWeights, g.OutWeight, g.IDs = nil, nil, nil
	got = prkgEncode(t, g)
	if flags := binary.LittleEndian.Uint32(got[8:]); flags != 0 || len(got) != 40+32+16+16+4 {
		t.Fatalf("unweighted, no ids: flags %d, %d bytes; want 0 and %d", flags, len(got), 40+32+16+16+4)
	}
}

// prkgReseal recomputes the checksum after a test has edited the bytes, so
// that the edit reaches the checks behind the checksum.
func prkgReseal(data []byte) []byte {
	end := len(data) - prkgTrailerSize
	binary.LittleEndian.PutUint32(data[end:], crc32.Checksum(data[:end], castagnoli))
	return data
}

// prkgDecodeAll decodes data through every entry point and returns their
// errors (nil where one accepted it).
func prkgDecodeAll(t *testing.T, data []byte, name string) map[string]error {
	t.Helper()
	errs := map[string]error{}
	_, errs["DecodePRKG"] = DecodePRKG(bytes.NewReader(data), name)
	prkgPortable(func() { _, errs["DecodePRKG portable"] = DecodePRKG(bytes.NewReader(data), name) })
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs["ReadPRKG"] = ReadPRKG(path)
	for how, err := range errs {
		file := name
		if how == "ReadPRKG" {
			file = path
		}
		var pe *ParseError
		if err != nil && (!errors.As(err, &pe) || pe.File != file) {
			t.Errorf("%s: error %q (%T) is not a *ParseError naming %s", how, err, err, file)
		}
	}
	return errs
}

func TestPRKGCorruption(t *testing.T) {
	// 7 nodes and an odd number of arcs: padding after both uint32 arrays.
	var g *graph.CSR
	for seed := uint64(5); g == nil || g.Arcs()%2 == 0; seed++ {
		g = prkgGraph(t, 7, 29, true, true, seed)
	}
	good := prkgEncode(t, g)
	l := newPRKGLayout(uint64(g.N), uint64(g.Arcs()), true, true)
	le := binary.LittleEndian
	edit := func(f func(b []byte)) []byte {
		b := slices.Clone(good)
		f(b)
		return b
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "shorter than the 40-byte header"},
		{"bad magic", edit(func(b []byte) { copy(b, "GKRP") }), `not a .prkg file: it starts with "GKRP"`},
		{"text file", []byte("0 1\n1 2\n2 0\n3 4\n4 5\n5 6\n6 0\n7 8\n8 9\n9 0\n"), "not a .prkg file"},
		{"version 2", prkgReseal(edit(func(b []byte) { le.PutUint32(b[4:], 2) })), "unsupported .prkg version 2 (this prk reads version 1)"},
		{"unknown flag", prkgReseal(edit(func(b []byte) { le.PutUint32(b[8:], 3|8) })), "unknown .prkg flags 0x8"},
		{"header size", prkgReseal(edit(func(b []byte) { le.PutUint32(b[12:], 48) })), "header size 48, want 40"},
		{"reserved", prkgReseal(edit(func(b []byte) { b[33] = 1 })), "reserved header field"},
		{"too many nodes", edit(func(b []byte) { le.PutUint64(b[16:], 1<<40) }), "claims 1099511627776 nodes"},
		{"too many arcs", edit(func(b []byte) { le.PutUint64(b[24:], 1<<60) }), "claims 1152921504606846976 arcs"},
		{"node count off by one", prkgReseal(edit(func(b []byte) { le.PutUint64(b[16:], 8) })), "says it holds"},
		{"arc count smaller", prkgReseal(edit(func(b []byte) { le.PutUint64(b[24:], 3) })), "data after the end"},
		{"flag says no weights", prkgReseal(edit(func(b []byte) { le.PutUint32(b[8:], prkgFlagIDs) })), "data after the end"},
		{"truncated body", good[:len(good)/2], "truncated .prkg file"},
		{"no trailer", good[:len(good)-4], "truncated .prkg file"},
		{"trailing data", append(slices.Clone(good), 0), "data after the end"},
		{"checksum", edit(func(b []byte) { b[len(b)-1] ^= 1 }), "checksum mismatch"},
		{"payload bit flip", edit(func(b []byte) { b[l.sources] ^= 4 }), "checksum mismatch"},
		{"padding", prkgReseal(edit(func(b []byte) { b[l.outDegree-1] = 1 })), "padding at bytes"},
		{"padding after out-degrees", prkgReseal(edit(func(b []byte) { b[l.weights-2] = 1 })), "padding at bytes"},
		{"first offset", prkgReseal(edit(func(b []byte) { le.PutUint64(b[l.offsets:], 1) })), "offsets must start at 0, the first is 1"},
		{"offsets not monotone", prkgReseal(edit(func(b []byte) {
			le.PutUint64(b[l.offsets+8*3:], le.Uint64(b[l.offsets+8*7:])+1) // past the last arc
		})), "offsets must never decrease and stay within 0..21: node 2's arcs run from"},
		{"negative offset", prkgReseal(edit(func(b []byte) { le.PutUint64(b[l.offsets+8:], 1<<63) })), "node 0's arcs run from 0 to -9223372036854775808"},
		{"offsets end early", prkgReseal(edit(func(b []byte) { le.PutUint64(b[l.offsets+8*7:], 3) })), "offsets must end at the arc count 21, the last is 3"},
		{"source out of range", prkgReseal(edit(func(b []byte) { le.PutUint32(b[l.sources+8:], 7) })), "sources must be below N = 7: arc 2 into node 1 has source 7"},
		{"sources not ascending", prkgReseal(edit(func(b []byte) { prkgSwapFirstRow(g, b, l) })), "sources must ascend within a node's in-arcs"},
		{"out-degree", prkgReseal(edit(func(b []byte) { b[l.outDegree] ^= 1 })), "out-degree"},
		{"NaN weight", prkgReseal(edit(func(b []byte) { le.PutUint64(b[l.weights:], math.Float64bits(math.NaN())) })), "weight NaN"},
		{"negative weight", prkgReseal(edit(func(b []byte) { le.PutUint64(b[l.weights+8:], math.Float64bits(-1)) })), "weight -1"},
		{"out-weight disagrees with arcs", prkgReseal(edit(func(b []byte) { prkgBumpOutWeight(g, b, l) })), "stored out-weight"},
		{"negative zero weight", prkgReseal(edit(func(b []byte) { le.PutUint64(b[l.weights:], math.Float64bits(math.Copysign(0, -1))) })), "weight -0"},
		{"out-degree and arcs both off", prkgReseal(edit(func(b []byte) {
			le.PutUint32(b[l.outDegree:], le.Uint32(b[l.outDegree:])+1)
			le.PutUint32(b[l.outDegree+4:], le.Uint32(b[l.outDegree+4:])-1)
		})), "stored out-degree"},
		{"infinite out-weight", prkgReseal(edit(func(b []byte) { le.PutUint64(b[l.outWeight:], math.Float64bits(math.Inf(1))) })), "out-weight +Inf"},
		{"ids not ascending", prkgReseal(edit(func(b []byte) { le.PutUint64(b[l.ids+8:], 0) })), "ids must be strictly ascending: node 1 has id 0 after"},
	}
	for _, tt := range tests {
		for how, err := range prkgDecodeAll(t, tt.data, "bad.prkg") {
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("%s: %s: %v", tt.name, how, err)
			case tt.want != "" && err == nil:
				t.Errorf("%s: %s accepted it", tt.name, how)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("%s: %s: error %q does not contain %q", tt.name, how, err, tt.want)
			}
		}
	}
	// A node without out-arcs must have out-weight 0.
	bad := prkgGraph(t, 7, 3, true, false, 5) // 3 arcs: some node has none out
	for j := range bad.OutDegree {
		if bad.OutDegree[j] == 0 {
			bad.OutWeight[j] = 1
			break
		}
	}
	if err := EncodePRKG(io.Discard, bad); err == nil || !strings.Contains(err.Error(), "stored out-weight 1 is not 0, the sum of its 0 out-arcs' weights") {
		t.Errorf("EncodePRKG of a graph with out-weight on a node without out-arcs: %v", err)
	}
}

// prkgBumpOutWeight adds 1 to the stored out-weight of the first node
// with out-arcs, in the file bytes b: every other check still passes.
func prkgBumpOutWeight(g *graph.CSR, b []byte, l *prkgLayout) {
	for j := range g.N {
		if g.OutDegree[j] > 0 {
			at := l.outWeight + 8*uint64(j)
			w := math.Float64frombits(binary.LittleEndian.Uint64(b[at:]))
			binary.LittleEndian.PutUint64(b[at:], math.Float64bits(w+1))
			return
		}
	}
}

// prkgSwapFirstRow swaps the first two sources of the first row with two
// or more distinct sources, in the file bytes b.
func prkgSwapFirstRow(g *graph.CSR, b []byte, l *prkgLayout) {
	for i := range g.N {
		lo := g.InOffsets[i]
		if g.InOffsets[i+1]-lo >= 2 {
			at := l.sources + 4*uint64(lo)
			x, y := binary.LittleEndian.Uint32(b[at:]), binary.LittleEndian.Uint32(b[at+4:])
			binary.LittleEndian.PutUint32(b[at:], y)
			binary.LittleEndian.PutUint32(b[at+4:], x)
			return
		}
	}
	panic("no row with two sources")
}

// TestPRKGTruncatedEverywhere cuts a small file at every length: each must
// be an error, never a panic or an accepted graph.
func TestPRKGTruncatedEverywhere(t *testing.T) {
	data := prkgEncode(t, prkgGraph(t, 9, 40, true, true, 3))
	for k := range len(data) {
		if _, err := DecodePRKG(bytes.NewReader(data[:k]), "cut.prkg"); err == nil {
			t.Fatalf("accepted the first %d of %d bytes", k, len(data))
		}
	}
}

// TestPRKGHugeHeader gives a header that claims a huge graph on a short
// file: the answer is an error, at once, without allocating what the header
// claims.
func TestPRKGHugeHeader(t *testing.T) {
	for _, c := range []struct{ n, m uint64 }{
		{1 << 40, 0},              // beyond MaxNodes
		{graph.MaxNodes, 1 << 50}, // allowed counts, but petabytes
		{1 << 31, 1 << 33},        // tens of gigabytes
	} {
		hdr := newPRKGLayout(c.n, c.m, true, true).header()
		data := append(hdr, make([]byte, 60)...) // a 100-byte file
		path := filepath.Join(t.TempDir(), "huge.prkg")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, err1 := DecodePRKG(bytes.NewReader(data), "huge.prkg")
		_, err2 := ReadPRKG(path)
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		if err1 == nil || err2 == nil {
			t.Fatalf("n=%d m=%d: accepted (%v, %v)", c.n, c.m, err1, err2)
		}
		if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 1<<20 {
			t.Errorf("n=%d m=%d: allocated %d bytes to refuse a 100-byte file", c.n, c.m, allocated)
		}
		if elapsed > time.Second {
			t.Errorf("n=%d m=%d: took %v to refuse a 100-byte file", c.n, c.m, elapsed)
		}
	}
}

// TestPRKGStreamGrowth decodes a file larger than the first stream buffer
// through a reader of unknown length, so the buffer grows several times.
func TestPRKGStreamGrowth(t *testing.T) {
	g := prkgGraph(t, 20000, 200000, true, false, 8)
	data := prkgEncode(t, g)
	if len(data) < 8*prkgFirstBuffer {
		t.Fatalf("test file of %d bytes is too small to grow the buffer", len(data))
	}
	got, err := DecodePRKG(io.MultiReader(bytes.NewReader(data[:1000]), bytes.NewReader(data[1000:])), "big.prkg")
	if err != nil {
		t.Fatal(err)
	}
	if d := prkgDiff(got, g); d != "" {
		t.Fatal(d)
	}
}

// prkgFailingReader fails with err after n bytes.
type prkgFailingReader struct {
	data []byte
	err  error
}

func (f *prkgFailingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	k := copy(p, f.data)
	f.data = f.data[k:]
	return k, nil
}

func TestPRKGReadErrors(t *testing.T) {
	data := prkgEncode(t, prkgGraph(t, 50, 300, false, false, 4))
	for _, c := range []struct {
		err  error
		want string
	}{
		{errors.New("disk on fire"), "read error after 200 bytes: disk on fire"},
		{io.ErrUnexpectedEOF, "truncated .prkg file: its header (50 nodes, 279 arcs) says it holds 1772 bytes, but it ends after 200"},
		{gzip.ErrChecksum, "gzip checksum mismatch"},
	} {
		_, err := DecodePRKG(&prkgFailingReader{data[:200], c.err}, "r.prkg")
		var pe *ParseError
		if !errors.As(err, &pe) || pe.File != "r.prkg" || !strings.Contains(err.Error(), c.want) {
			t.Errorf("read failing with %v: error %v, want a *ParseError containing %q", c.err, err, c.want)
		}
	}
	// A gzip'd file that is cut short, through the loader.
	var zbuf bytes.Buffer
	zw := gzip.NewWriter(&zbuf)
	zw.Write(data)
	zw.Close()
	path := filepath.Join(t.TempDir(), "cut.prkg.gz")
	os.WriteFile(path, zbuf.Bytes()[:zbuf.Len()/2], 0o644)
	if _, err := Load(path, LoadOptions{}); err == nil {
		t.Error("Load accepted a truncated .prkg.gz")
	}
	if _, err := ReadPRKG(filepath.Join(t.TempDir(), "missing.prkg")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadPRKG of a missing file: %v, want a not-exist error", err)
	}
}

func TestWritePRKGLeavesNothingOnFailure(t *testing.T) {
	dir := t.TempDir()
	g := prkgGraph(t, 10, 30, false, false, 1)
	// An invalid graph.
	bad := *g
	bad.OutDegree = slices.Clone(g.OutDegree)
	bad.OutDegree[0]++
	if err := WritePRKG(filepath.Join(dir, "bad.prkg"), &bad); err == nil {
		t.Error("WritePRKG wrote an invalid graph")
	}
	// A rename that fails: the target is a directory.
	target := filepath.Join(dir, "taken.prkg")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WritePRKG(target, g); err == nil {
		t.Error("WritePRKG over a directory succeeded")
	}
	// A directory that does not exist.
	if err := WritePRKG(filepath.Join(dir, "no", "such.prkg"), g); err == nil {
		t.Error("WritePRKG into a missing directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "taken.prkg" {
			t.Errorf("left %s behind", e.Name())
		}
	}
	// And a good write replaces an existing file.
	path := filepath.Join(dir, "g.prkg")
	os.WriteFile(path, []byte("old"), 0o644)
	if err := WritePRKG(path, g); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadPRKG(path); err != nil || prkgDiff(got, g) != "" {
		t.Fatalf("reading back: %v", err)
	}
}

// FuzzDecodePRKG feeds DecodePRKG arbitrary bytes: it must never panic,
// must refuse with a *ParseError naming the stream, and whatever it accepts
// must be a valid graph that encodes back to exactly the same bytes.
func FuzzDecodePRKG(f *testing.F) {
	for i, c := range []struct {
		n, arcs          int
		weighted, hasIDs bool
	}{{0, 0, false, false}, {1, 1, false, false}, {3, 5, true, false}, {4, 9, false, true}, {6, 13, true, true}} {
		g := prkgGraph(f, c.n, c.arcs, c.weighted, c.hasIDs, uint64(i))
		var buf bytes.Buffer
		if err := EncodePRKG(&buf, g); err != nil {
			f.Fatal(err)
		}
		data := buf.Bytes()
		f.Add(data)
		f.Add(data[:len(data)/2])
		f.Add(data[:prkgHeaderSize])
		f.Add(data[:len(data)-1])
	}
	f.Add([]byte("PRKG"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := DecodePRKG(bytes.NewReader(data), "fuzz.prkg")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "fuzz.prkg" {
				t.Fatalf("error %q (%T) is not a *ParseError naming the stream", err, err)
			}
			return
		}
		if err := g.Validate(); err != nil {
			t.Fatalf("accepted an invalid graph: %v", err)
		}
		var buf bytes.Buffer
		if err := EncodePRKG(&buf, g); err != nil {
			t.Fatalf("cannot re-encode an accepted graph: %v", err)
		}
		if !bytes.Equal(buf.Bytes(), data) {
			t.Fatalf("accepted %d bytes that re-encode to %d different bytes", len(data), buf.Len())
		}
	})
}

// BenchmarkReadPRKG reads a ~55 MB file (1M nodes, 12M arcs) from the page
// cache; MB/s is the file size over the time to a validated graph.
func BenchmarkReadPRKG(b *testing.B) {
	g := prkgGraph(b, 1<<20, 12<<20, false, false, 1)
	path := filepath.Join(b.TempDir(), "bench.prkg")
	if err := WritePRKG(path, g); err != nil {
		b.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	for b.Loop() {
		if _, err := ReadPRKG(path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodePRKG encodes the same graph to io.Discard.
func BenchmarkEncodePRKG(b *testing.B) {
	g := prkgGraph(b, 1<<20, 12<<20, false, false, 1)
	b.SetBytes(int64(newPRKGLayout(uint64(g.N), uint64(g.Arcs()), false, false).size))
	for b.Loop() {
		if err := EncodePRKG(io.Discard, g); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleWritePRKG() {
	dir, err := os.MkdirTemp("", "prkg-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	// 0 -> 1, 1 -> 2, 2 -> 0, with weights and the file's own ids.
	g := &graph.CSR{
		N:         3,
		InOffsets: []int64{0, 1, 2, 3},
		InSources: []uint32{2, 0, 1},
		InWeights: []float64{1, 0.5, 2},
		OutDegree: []uint32{1, 1, 1},
		OutWeight: []float64{0.5, 2, 1},
		IDs:       []uint64{100, 200, 300},
	}
	path := filepath.Join(dir, "ring"+PRKGExtension)
	if err := WritePRKG(path, g); err != nil {
		fmt.Println(err)
		return
	}
	back, err := ReadPRKG(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.N, "nodes,", back.Arcs(), "arcs, ids", back.IDs, "weights", back.InWeights)
	// Output: 3 nodes, 3 arcs, ids [100 200 300] weights [1 0.5 2]
}

func ExampleDecodePRKG() {
	g := &graph.CSR{N: 2, InOffsets: []int64{0, 1, 1}, InSources: []uint32{1}, OutDegree: []uint32{0, 1}}
	var buf bytes.Buffer
	if err := EncodePRKG(&buf, g); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(buf.Len(), "bytes")
	buf.Bytes()[20] = 0xff // corrupt the node count
	_, err := DecodePRKG(&buf, "two.prkg")
	fmt.Println(err)
	// Output:
	// 84 bytes
	// two.prkg: .prkg header claims 1095216660482 nodes, more than the 4294967295 a graph can hold
}

// TestPRKGOrderCorruption: a stored order must be a permutation with zero
// padding, and a flag without its section (or a section without its flag)
// is a size mismatch.
func TestPRKGOrderCorruption(t *testing.T) {
	g := prkgGraph(t, 7, 29, false, true, 5)
	h, err := order.Stored(g, order.Degree(g), 1)
	if err != nil {
		t.Fatal(err)
	}
	good := prkgEncode(t, h)
	l := newPRKGLayout(uint64(h.N), uint64(h.Arcs()), false, true)
	l.withOrder(true)
	le := binary.LittleEndian
	edit := func(f func(b []byte)) []byte {
		b := slices.Clone(good)
		f(b)
		return b
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"repeated entry", prkgReseal(edit(func(b []byte) { le.PutUint32(b[l.order+4:], le.Uint32(b[l.order:])) })), "repeats an earlier entry"},
		{"entry out of range", prkgReseal(edit(func(b []byte) { le.PutUint32(b[l.order:], 7) })), "order[0] = 7, not below 7"},
		{"padding", prkgReseal(edit(func(b []byte) { b[l.trailer-1] = 1 })), "padding at bytes"},
		{"flag without section", prkgReseal(edit(func(b []byte) { le.PutUint32(b[8:], prkgFlagIDs) })), "data after the end"},
	} {
		for how, err := range prkgDecodeAll(t, tt.data, "bad.prkg") {
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: %s: %v, want %q", tt.name, how, err, tt.want)
			}
		}
	}
	back, err := DecodePRKG(bytes.NewReader(good), "good.prkg")
	if err != nil {
		t.Fatal(err)
	}
	if d := prkgDiff(back, h); d != "" || back.Order == nil {
		t.Errorf("stored order did not round-trip: %s", d)
	}
}

// TestTextFormatsWriteFileOrder: an edge list, Matrix Market or METIS file
// of a graph stored renumbered is byte for byte the file of the graph in
// its own order (only .prkg keeps an order).
func TestTextFormatsWriteFileOrder(t *testing.T) {
	g := prkgGraph(t, 50, 400, false, true, 9)
	sym, err := graph.FromEdges([][2]uint32{{0, 1}, {1, 0}, {1, 2}, {2, 1}, {3, 2}, {2, 3}}, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct {
		g    *graph.CSR
		file string
	}{{g, "g.el"}, {g, "g.mtx"}, {sym, "g.graph"}} {
		h, err := order.Stored(c.g, order.Degree(c.g), 1)
		if err != nil {
			t.Fatal(err)
		}
		want, got := filepath.Join(dir, "want-"+c.file), filepath.Join(dir, "got-"+c.file)
		if err := Write(want, c.g, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := Write(got, h, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		a, _ := os.ReadFile(want)
		b, _ := os.ReadFile(got)
		if !bytes.Equal(a, b) {
			t.Errorf("%s of the stored graph differs from the file-order graph's", c.file)
		}
	}
}
