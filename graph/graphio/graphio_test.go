package graphio

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
)

// TestLoadRealGraphs loads every graph of the shared data folder and checks
// the node and arc counts its README states. Duplicate arcs would collapse,
// but these files have none; self-loops are kept; the METIS meshes list
// each undirected edge in both directions.
func TestLoadRealGraphs(t *testing.T) {
	tests := []struct {
		file   string
		nodes  int
		arcs   int64
		hasIDs bool
		large  bool
	}{
		{"cnr-2000.txt.gz", 325_557, 3_216_152, false, true},
		{"uk-2007-05@100000.txt.gz", 100_000, 3_050_615, false, true},
		{"wiki-Vote.txt.gz", 7_115, 103_689, true, false},
		{"email-Eu-core.txt.gz", 1_005, 25_571, false, false},
		{"p2p-Gnutella04.txt.gz", 10_876, 39_994, true, false}, // ids up to 10878
		{"p2p-Gnutella08.txt.gz", 6_301, 20_777, false, false},
		{"metis-mdual.graph.gz", 258_569, 2 * 513_132, false, false},
		{"metis-copter2.graph.gz", 55_476, 2 * 352_238, false, false},
		{"metis-4elt.graph.gz", 7_434, 2 * 43_031, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if tt.large && testing.Short() {
				t.Skip("large graph skipped in -short mode")
			}
			path := needSharedData(t, tt.file)
			g, err := Load(path, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := g.Validate(); err != nil {
				t.Fatal(err)
			}
			if g.N != tt.nodes || g.Arcs() != tt.arcs {
				t.Errorf("got %d nodes and %d arcs, want %d and %d", g.N, g.Arcs(), tt.nodes, tt.arcs)
			}
			if (g.IDs != nil) != tt.hasIDs {
				t.Errorf("IDs set: %v, want %v", g.IDs != nil, tt.hasIDs)
			}
		})
	}
}

// TestLoadSelfLoops checks the self-loop counts the data README states.
func TestLoadSelfLoops(t *testing.T) {
	g, err := Load(needSharedData(t, "email-Eu-core.txt.gz"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	loops := 0
	for i := 0; i < g.N; i++ {
		for _, s := range g.InNeighbors(i) {
			if int(s) == i {
				loops++
			}
		}
	}
	if loops != 642 {
		t.Errorf("got %d self-loops, want 642", loops)
	}
}

// naiveEdgeList parses an edge list the obvious way (bufio.Scanner,
// strings.Fields, strconv), as an independent reference.
func naiveEdgeList(t *testing.T, path string) []refArc {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var arcs []refArc
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		s, err1 := strconv.ParseUint(fields[0], 10, 64)
		d, err2 := strconv.ParseUint(fields[1], 10, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("reference parser: bad line %q", sc.Text())
		}
		arcs = append(arcs, refArc{s, d, 0})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return arcs
}

// TestLoadMatchesNaiveParser compares whole graphs against the independent
// reference parser and builder, in both id modes.
func TestLoadMatchesNaiveParser(t *testing.T) {
	for _, file := range []string{"wiki-Vote.txt.gz", "email-Eu-core.txt.gz", "p2p-Gnutella08.txt.gz"} {
		for _, mode := range []IDMode{IDsAuto, IDsDense} {
			t.Run(file+"/"+mode.String(), func(t *testing.T) {
				path := needSharedData(t, file)
				g, err := Load(path, LoadOptions{IDs: mode})
				if err != nil {
					t.Fatal(err)
				}
				checkSameGraph(t, g, refGraph(naiveEdgeList(t, path), false, mode, 0))
			})
		}
	}
}

// TestLoadWikiVoteIDs checks the renumbering of wiki-Vote, whose ids run
// up to 8297 with gaps.
func TestLoadWikiVoteIDs(t *testing.T) {
	path := needSharedData(t, "wiki-Vote.txt.gz")
	g, err := Load(path, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.IDs) != 7115 || g.IDs[len(g.IDs)-1] != 8297 {
		t.Fatalf("got %d ids up to %d, want 7115 up to 8297", len(g.IDs), g.IDs[len(g.IDs)-1])
	}
	dense, err := Load(path, LoadOptions{IDs: IDsDense})
	if err != nil {
		t.Fatal(err)
	}
	if dense.N != 8298 || dense.IDs != nil || dense.Arcs() != g.Arcs() {
		t.Fatalf("dense: got %d nodes, %d arcs, ids %v; want 8298, %d, nil", dense.N, dense.Arcs(), dense.IDs != nil, g.Arcs())
	}
}

// naiveMETIS parses an unweighted METIS file the obvious way.
func naiveMETIS(t *testing.T, path string) (int, []refArc) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	n, v := -1, 0
	var arcs []refArc
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "%") {
			continue
		}
		fields := strings.Fields(line)
		if n < 0 {
			n, _ = strconv.Atoi(fields[0])
			continue
		}
		v++
		for _, f := range fields {
			u, err := strconv.ParseUint(f, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			arcs = append(arcs, refArc{uint64(v - 1), u - 1, 0})
		}
	}
	return n, arcs
}

func TestLoadMETISMatchesNaiveParser(t *testing.T) {
	path := needSharedData(t, "metis-4elt.graph.gz")
	g, err := Load(path, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n, arcs := naiveMETIS(t, path)
	checkSameGraph(t, g, refGraph(arcs, false, IDsAuto, n))
}

// TestParseErrors gives each class of bad input and checks that the error
// names the file, the line and the problem.
func TestParseErrors(t *testing.T) {
	const (
		mmPattern = "%%MatrixMarket matrix coordinate pattern general\n"
		mmReal    = "%%MatrixMarket matrix coordinate real general\n"
	)
	tests := []struct {
		name  string // file name: decides the format
		input string
		ids   IDMode
		line  int64
		want  string
	}{
		// Edge lists.
		{"bad.txt", "1 2\n3 x\n", IDsAuto, 2, `target id "x" is not a non-negative decimal integer`},
		{"bad.txt", "1 2\nabc 4\n", IDsAuto, 2, `source id "abc" is not a non-negative decimal integer`},
		{"bad.txt", "1 2\n3 4.5\n", IDsAuto, 2, `target id "4.5" is not`},
		{"bad.txt", "1 2\n-3 4\n", IDsAuto, 2, `source id "-3" is negative`},
		{"bad.txt", "# c\n1 -2\n", IDsAuto, 2, `target id "-2" is negative`},
		{"bad.txt", "1 2\n18446744073709551616 4\n", IDsAuto, 2, "too large"},
		{"bad.txt", "1 99999999999999999999999\n", IDsAuto, 1, "too large"},
		{"bad.txt", "1 2\n1 4294967295\n", IDsDense, 2, "too large for dense ids"},
		{"bad.txt", "1 2\n1 4000000000\n", IDsDense, 0, "refusing to allocate"},
		{"bad.txt", "1 2\n3 4 5\n", IDsAuto, 2, "found 3 columns but line 1 has 2"},
		{"bad.txt", "1 2 0.5\n3 4\n", IDsAuto, 2, "found 2 columns but line 1 has 3"},
		{"bad.txt", "# header\n\n7\n", IDsAuto, 3, "found 1 columns, expected 2 or 3"},
		{"bad.txt", "1 2 3 4\n", IDsAuto, 1, "found 4 columns"},
		{"bad.txt", "1,,2\n", IDsAuto, 1, "empty field"},
		{"bad.txt", "1 2 0.5\n2 3 nan\n", IDsAuto, 2, "is NaN"},
		{"bad.txt", "1 2 0.5\n2 3 NaN\n", IDsAuto, 2, "is NaN"},
		{"bad.txt", "1 2 inf\n", IDsAuto, 1, "is infinite"},
		{"bad.txt", "1 2 1\n2 3 -Inf\n", IDsAuto, 2, "is infinite"},
		{"bad.txt", "1 2 1\n1 2 1\n2 3 -0.5\n", IDsAuto, 3, `negative weight "-0.5"`},
		{"bad.txt", "1 2 1e400\n", IDsAuto, 1, "out of the float64 range"},
		{"bad.txt", "1 2 heavy\n", IDsAuto, 1, `invalid weight "heavy"`},
		{"empty.txt", "", IDsAuto, 0, "no arcs"},
		{"comments.txt", "# only\n% comments\n\n", IDsAuto, 0, "no arcs"},
		// Matrix Market.
		{"bad.mtx", "3 3 1\n1 2\n", IDsAuto, 1, "not a Matrix Market file"},
		{"bad.mtx", "", IDsAuto, 0, "empty file"},
		{"bad.mtx", mmPattern + "% c\n", IDsAuto, 0, "no size line"},
		{"bad.mtx", mmPattern + "3 3 3\n1 2\n2 3\n", IDsAuto, 2, "declares 3 entries but the file holds 2"},
		{"bad.mtx", mmPattern + "3 3 1\n1 2\n2 3\n", IDsAuto, 4, "more entries than the 1 the size line (line 2) declares"},
		{"bad.mtx", mmPattern + "3 3 1\n4 1\n", IDsAuto, 3, "row index 4 out of range 1..3"},
		{"bad.mtx", mmPattern + "3 3 1\n1 0\n", IDsAuto, 3, "column index 0 out of range 1..3"},
		{"bad.mtx", mmPattern + "3 3 1\n1 x\n", IDsAuto, 3, `invalid column index "x"`},
		{"bad.mtx", mmPattern + "3 3 1\n1 2 3\n", IDsAuto, 3, "entry has 3 fields, want 2"},
		{"bad.mtx", mmReal + "3 3 1\n1 2\n", IDsAuto, 3, "entry has 2 fields, want 3"},
		{"bad.mtx", mmReal + "3 3 1\n1 2 -1\n", IDsAuto, 3, "negative weight"},
		{"bad.mtx", mmReal + "3 3 1\n1 2 nan\n", IDsAuto, 3, "is NaN"},
		{"bad.mtx", mmPattern + "3 4 0\n", IDsAuto, 2, "3 x 4: a graph needs a square matrix"},
		{"bad.mtx", mmPattern + "0 0 1\n1 1\n", IDsAuto, 3, "row index 1 out of range 1..0"},
		{"bad.mtx", "%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 2 1.5\n", IDsAuto, 3, `value "1.5" is not an integer`},
		{"bad.mtx", "%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 2 1e3\n", IDsAuto, 3, `value "1e3" is not an integer`},
		{"bad.mtx", "%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 2 9007199254740993\n", IDsAuto, 3, "beyond 2^53"},
		{"bad.mtx", "%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 2 -2\n", IDsAuto, 3, "negative weight"},
		{"bad.mtx", mmReal + "3 3 1\n1 2 1_0\n", IDsAuto, 3, `invalid weight "1_0": not a decimal number`},
		{"bad.mtx", mmReal + "3 3 1\n1 2 0x1p4\n", IDsAuto, 3, `invalid weight "0x1p4": not a decimal number`},
		{"bad.mtx", mmPattern + "3 3\n", IDsAuto, 2, "size line has 2 fields"},
		{"bad.mtx", mmPattern + "4000000000 4000000000 0\n", IDsAuto, 2, "refusing to allocate"},
		{"bad.mtx", "%%MatrixMarket matrix array real general\n2 2\n", IDsAuto, 1, `unsupported Matrix Market format "array"`},
		{"bad.mtx", "%%MatrixMarket matrix coordinate complex general\n", IDsAuto, 1, `unsupported Matrix Market field "complex"`},
		{"bad.mtx", "%%MatrixMarket matrix coordinate real hermitian\n", IDsAuto, 1, `unsupported Matrix Market symmetry "hermitian"`},
		{"bad.mtx", "%%MatrixMarket matrix coordinate real skew-symmetric\n", IDsAuto, 1, `unsupported Matrix Market symmetry "skew-symmetric"`},
		{"bad.mtx", "%%MatrixMarket vector coordinate real general\n", IDsAuto, 1, `unsupported Matrix Market object "vector"`},
		// METIS.
		{"bad.graph", "3 3\n2\n1 3\n2\n", IDsAuto, 1, "header declares 3 edges (6 neighbour entries), but the vertex lines list 4"},
		{"bad.graph", "% c\n3 1\n2\n1 3\n2\n", IDsAuto, 2, "header declares 1 edges"},
		{"bad.graph", "2 1\n3\n1\n", IDsAuto, 2, "neighbour 3 out of range 1..2"},
		{"bad.graph", "2 1\n0\n1\n", IDsAuto, 2, "neighbour 0 out of range 1..2"},
		{"bad.graph", "2 1\n2\nx\n", IDsAuto, 3, `invalid neighbour "x"`},
		{"bad.graph", "3 1\n2\n1\n", IDsAuto, 0, "file ends after 2 vertex lines, but the header (line 1) declares 3 vertices"},
		{"bad.graph", "2 1\n2\n1\n1\n", IDsAuto, 4, "data after the 2 vertex lines"},
		{"bad.graph", "2 1\n1\n2\n", IDsAuto, 2, "vertex 1 lists itself"},
		{"bad.graph", "2 1 1\n2 5\n1\n", IDsAuto, 3, "neighbour 1 has no edge weight"},
		{"bad.graph", "2 1 1\n2 -5\n1 5\n", IDsAuto, 2, "negative edge weight"},
		{"bad.graph", "2 1 10\nx 2\n1 1\n", IDsAuto, 2, "invalid vertex size/weight"},
		{"bad.graph", "2 1 10\n\n1 1\n", IDsAuto, 2, "missing vertex size/weight fields"},
		{"bad.graph", "2 1 2\n2\n1\n", IDsAuto, 1, `invalid fmt "2"`},
		{"bad.graph", "2 1 1000\n2\n1\n", IDsAuto, 1, `invalid fmt "1000"`},
		{"bad.graph", "0 1\n", IDsAuto, 1, "header declares 1 edges"},
		{"bad.graph", "% c\n3 2\n2\n1 3\n1\n", IDsAuto, 5, "vertex 3 lists 1, but vertex 1 (line 3) does not list 3: METIS graphs are undirected"},
		{"bad.graph", "3 2\n2 3\n1\n% c\n2\n", IDsAuto, 2, "vertex 1 lists 3, but vertex 3 (line 5) does not list 1"},
		{"bad.graph", "3 2 1\n2 4 3 1\n1 4\n1 2\n", IDsAuto, 4, "vertex 3 lists 1 with edge weight 2, but vertex 1 (line 2) lists 3 with weight 1: an edge has one weight"},
		{"bad.graph", "2\n", IDsAuto, 1, "METIS header has 1 fields"},
		{"bad.graph", "", IDsAuto, 0, "no METIS header"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.want, func(t *testing.T) {
			g, err := Read(strings.NewReader(tt.input), tt.name, LoadOptions{IDs: tt.ids})
			checkParseError(t, g, err, tt.name, tt.line, tt.want)
		})
	}
}

// checkParseError fails unless err is a *ParseError for file at line that
// says want, and its text shows all three.
func checkParseError(t *testing.T, g *graph.CSR, err error, file string, line int64, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; got a graph of %d nodes and %d arcs", g.N, g.Arcs())
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %q (%T) is not a *ParseError", err, err)
	}
	if pe.File != file || pe.Line != line || !strings.Contains(pe.Msg, want) {
		t.Fatalf("got %q; want file %s, line %d, message containing %q", err, file, line, want)
	}
	prefix := file + ":" + strconv.FormatInt(line, 10) + ": "
	if line == 0 {
		prefix = file + ": "
	}
	if !strings.HasPrefix(err.Error(), prefix) {
		t.Fatalf("error text %q does not start with %q", err, prefix)
	}
}

// gzipBytes compresses b.
func gzipBytes(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTruncatedGzip cuts a gzip stream short: the loader must say the file
// is truncated rather than return the arcs it got.
func TestTruncatedGzip(t *testing.T) {
	text, _ := syntheticEdgeList(1<<20, 1000, false)
	z := gzipBytes(t, text)
	for _, cut := range []int{len(z) - 1, len(z) - 8, len(z) / 2, 100, 11} {
		g, err := Read(bytes.NewReader(z[:cut]), "cut.txt.gz", LoadOptions{})
		checkParseError(t, g, err, "cut.txt.gz", 0, "truncated")
	}
	// A corrupt checksum is an error too.
	bad := bytes.Clone(z)
	bad[len(bad)-6] ^= 0xff
	g, err := Read(bytes.NewReader(bad), "crc.txt.gz", LoadOptions{})
	checkParseError(t, g, err, "crc.txt.gz", 0, "checksum")
}

// TestGzipByContent reads gzip whatever the name says, and plain text
// under a .gz name.
func TestGzipByContent(t *testing.T) {
	text := []byte("0 1\n1 2\n2 0\n")
	want := refGraph([]refArc{{0, 1, 0}, {1, 2, 0}, {2, 0, 0}}, false, IDsAuto, 0)
	for name, data := range map[string][]byte{"plain.txt": gzipBytes(t, text), "fake.txt.gz": text} {
		g, err := Read(bytes.NewReader(data), name, LoadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkSameGraph(t, g, want)
	}
}

func TestDetectFormat(t *testing.T) {
	for path, want := range map[string]string{
		"a.txt": "edgelist", "dir.v2/a.TXT.gz": "edgelist", "a.el": "edgelist", "a.edges": "edgelist",
		"a.tsv": "edgelist", "a.csv.gz": "edgelist", "a.mtx": "mtx", "a.mtx.gz": "mtx",
		"a.graph": "metis", "a.metis.gz": "metis", "a.prkg": "prkg", "a.prkg.gz": "prkg",
	} {
		got, err := DetectFormat(path)
		if err != nil || got != want {
			t.Errorf("DetectFormat(%q) = %q, %v; want %q", path, got, err, want)
		}
	}
	for _, path := range []string{"graph.xyz", "graph.xyz.gz", "graph", "graph.gz"} {
		_, err := DetectFormat(path)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "--format") {
			t.Errorf("DetectFormat(%q): error %v should name the file and suggest --format", path, err)
		}
		if _, err := Read(strings.NewReader("0 1\n"), path, LoadOptions{}); err == nil {
			t.Errorf("Read(%q) accepted an unknown format", path)
		}
	}
	if _, err := Read(strings.NewReader("0 1\n"), "graph.xyz", LoadOptions{Format: "edgelist"}); err != nil {
		t.Errorf("an explicit format should override the extension: %v", err)
	}
	if _, err := Read(strings.NewReader("0 1\n"), "g.txt", LoadOptions{Format: "dot"}); err == nil {
		t.Error("unknown explicit format accepted")
	}
}

func TestParseIDMode(t *testing.T) {
	for s, want := range map[string]IDMode{"auto": IDsAuto, "": IDsAuto, "dense": IDsDense, "DENSE": IDsDense} {
		if got, err := ParseIDMode(s); err != nil || got != want {
			t.Errorf("ParseIDMode(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if _, err := ParseIDMode("sparse"); err == nil {
		t.Error(`ParseIDMode("sparse") should fail`)
	}
	if got, _ := ParseIDMode(IDsDense.String()); got != IDsDense {
		t.Error("String and ParseIDMode disagree")
	}
}

func TestFormats(t *testing.T) {
	got := strings.Join(Formats(), ",")
	if got != "edgelist,mtx,metis,prkg" {
		t.Errorf("Formats() = %s", got)
	}
}

// TestEdgeListSyntax feeds the accepted variations of the edge-list syntax
// and compares with the arcs they state.
func TestEdgeListSyntax(t *testing.T) {
	tests := []struct {
		name, input string
		arcs        []refArc
		weighted    bool
		mode        IDMode
	}{
		{"tabs", "0\t1\n1\t2\n2\t0\n", []refArc{{0, 1, 0}, {1, 2, 0}, {2, 0, 0}}, false, IDsAuto},
		{"crlf and spaces", "# c\r\n0  1 \r\n 1\t\t2\r\n\r\n2 0", []refArc{{0, 1, 0}, {1, 2, 0}, {2, 0, 0}}, false, IDsAuto},
		{"comments anywhere", "% a\n0 1\n# b\n  # c\n1 0\n", []refArc{{0, 1, 0}, {1, 0, 0}}, false, IDsAuto},
		{"csv", "0,1\n1, 2\n2 ,0\n", []refArc{{0, 1, 0}, {1, 2, 0}, {2, 0, 0}}, false, IDsAuto},
		{"leading zeros", "000000000000000000000000001 0\n0 1\n", []refArc{{1, 0, 0}, {0, 1, 0}}, false, IDsAuto},
		{"weights", "0 1 0.5\n1 0 2\n0 1 .25\n1 1 1e-3\n1 0 -0\n",
			[]refArc{{0, 1, 0.5}, {1, 0, 2}, {0, 1, 0.25}, {1, 1, 1e-3}, {1, 0, 0}}, true, IDsAuto},
		{"long weights", "0 1 0.1000000000000000055511151231257827\n1 0 12345678901234567890\n",
			[]refArc{{0, 1, 0.1}, {1, 0, 12345678901234567890}}, true, IDsAuto},
		{"gaps renumber", "10 30\n30 20\n", []refArc{{10, 30, 0}, {30, 20, 0}}, false, IDsAuto},
		{"gaps dense", "10 30\n30 20\n", []refArc{{10, 30, 0}, {30, 20, 0}}, false, IDsDense},
		{"wide ids", "18446744073709551615 5\n5 4294967296\n4294967295 0\n",
			[]refArc{{18446744073709551615, 5, 0}, {5, 4294967296, 0}, {4294967295, 0, 0}}, false, IDsAuto},
		{"no final newline", "0 1\n1 0", []refArc{{0, 1, 0}, {1, 0, 0}}, false, IDsAuto},
		{"single self-loop", "0 0\n", []refArc{{0, 0, 0}}, false, IDsAuto},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Read(strings.NewReader(tt.input), "t.txt", LoadOptions{IDs: tt.mode})
			if err != nil {
				t.Fatal(err)
			}
			checkSameGraph(t, g, refGraph(tt.arcs, tt.weighted, tt.mode, 0))
		})
	}
}

// TestEdgeListChunkBoundaries parses inputs that span several chunks, with
// a line longer than the chunk it starts in, and compares with the arcs.
func TestEdgeListChunkBoundaries(t *testing.T) {
	var text []byte
	text = append(text, "5 6 1\n#"...)
	text = append(text, bytes.Repeat([]byte{'x'}, 3*firstChunkSize)...)
	text = append(text, '\n')
	body, _ := syntheticEdgeList(2<<20, 1<<16, true)
	text = append(text, body...)
	text = append(text, "7 8 1\n"...)
	var arcs []refArc
	for _, line := range strings.Split(string(text), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || f[0] == "#" {
			continue
		}
		s, _ := strconv.ParseUint(f[0], 10, 64)
		d, _ := strconv.ParseUint(f[1], 10, 64)
		w, _ := strconv.ParseFloat(f[2], 64)
		arcs = append(arcs, refArc{s, d, w})
	}
	g, err := Read(bytes.NewReader(text), "big.txt", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkSameGraph(t, g, refGraph(arcs, true, IDsAuto, 0))

	// Line numbers stay right across chunks.
	bad := append(bytes.Clone(text), "1 2 x\n"...)
	lines := int64(bytes.Count(bad, []byte{'\n'}))
	g, err = Read(bytes.NewReader(bad), "big.txt", LoadOptions{})
	checkParseError(t, g, err, "big.txt", lines, `invalid weight "x"`)
}

// TestMatrixMarket reads the variants of the format.
func TestMatrixMarket(t *testing.T) {
	tests := []struct {
		name, input string
		nodes       int
		arcs        []refArc
		weighted    bool
	}{
		{"pattern general", "%%MatrixMarket matrix coordinate pattern general\n% c\n\n3 3 3\n1 2\n2 3\n3 1\n",
			3, []refArc{{0, 1, 0}, {1, 2, 0}, {2, 0, 0}}, false},
		{"real general", "%%MatrixMarket matrix coordinate real general\n4 4 2\n1 2 0.5\n4 1 1e2\n",
			4, []refArc{{0, 1, 0.5}, {3, 0, 100}}, true},
		{"integer symmetric", "%%matrixmarket MATRIX Coordinate integer Symmetric\n3 3 3\n2 1 3\n3 2 4\n3 3 5\n",
			3, []refArc{{1, 0, 3}, {0, 1, 3}, {2, 1, 4}, {1, 2, 4}, {2, 2, 5}}, true},
		{"isolated nodes kept", "%%MatrixMarket matrix coordinate pattern general\n5 5 1\n1 2\n",
			5, []refArc{{0, 1, 0}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Read(strings.NewReader(tt.input), "t.mtx", LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkSameGraph(t, g, refGraph(tt.arcs, tt.weighted, IDsAuto, tt.nodes))
		})
	}
}

// TestMETIS reads the variants of the format, including the fmt codes
// whose vertex sizes and weights must be skipped.
func TestMETIS(t *testing.T) {
	path := []refArc{{0, 1, 0}, {1, 0, 0}, {1, 2, 0}, {2, 1, 0}}
	weighted := []refArc{{0, 1, 7}, {1, 0, 7}, {1, 2, 9}, {2, 1, 9}}
	tests := []struct {
		name, input string
		arcs        []refArc
		weighted    bool
	}{
		{"plain", "% path\n3 2\n2\n1 3\n2\n", path, false},
		{"fmt 0", "3 2 0\n2\n1 3\n2\n", path, false},
		{"fmt 001", "3 2 001\n2 7\n1 7 3 9\n2 9\n", weighted, true},
		{"fmt 1", "3 2 1\n 2 7 \n1 7  3 9\n2 9\n", weighted, true},
		{"fmt 10", "3 2 10\n5 2\n6 1 3\n7 2\n", path, false},
		{"fmt 10 ncon 2", "3 2 10 2\n5 1 2\n6 1 1 3\n7 1 2\n", path, false},
		{"fmt 11", "3 2 11\n5 2 7\n6 1 7 3 9\n7 2 9\n", weighted, true},
		{"fmt 011 ncon 3", "3 2 011 3\n1 2 3 2 7\n1 2 3 1 7 3 9\n1 2 3 2 9\n", weighted, true},
		{"fmt 100", "3 2 100\n4 2\n4 1 3\n4 2\n", path, false},
		{"fmt 111", "3 2 111\n4 5 2 7\n4 6 1 7 3 9\n4 7 2 9\n", weighted, true},
		{"comments between", "3 2\n2\n% comment\n1 3\n2\n% end\n\n", path, false},
		{"isolated vertex", "4 2\n2\n1 3\n2\n\n", path, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Read(strings.NewReader(tt.input), "t.graph", LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			nodes := 3
			if strings.HasPrefix(tt.input, "4") {
				nodes = 4
			}
			checkSameGraph(t, g, refGraph(tt.arcs, tt.weighted, IDsAuto, nodes))
		})
	}
}

// TestLoadFile covers Load's own path handling: missing files, explicit
// formats, gzip files on disk.
func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(filepath.Join(dir, "missing.txt"), LoadOptions{}); err == nil || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("missing file: %v", err)
	}
	path := filepath.Join(dir, "g.data")
	if err := os.WriteFile(path, gzipBytes(t, []byte("0 1\n1 0\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := Load(path, LoadOptions{Format: "edgelist"})
	if err != nil {
		t.Fatal(err)
	}
	checkSameGraph(t, g, refGraph([]refArc{{0, 1, 0}, {1, 0, 0}}, false, IDsAuto, 0))
}
