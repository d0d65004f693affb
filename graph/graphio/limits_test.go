package graphio

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prkbench/prk/graph"
)

// withLimits sets the line caps and the gzip ratio limit for one test.
func withLimits(tb testing.TB, text, metis int, ratio, slack int64) {
	oldText, oldMETIS, oldRatio, oldSlack := maxTextLine, maxMETISLine, maxGzipRatio, gzipRatioSlack
	maxTextLine, maxMETISLine, maxGzipRatio, gzipRatioSlack = text, metis, ratio, slack
	tb.Cleanup(func() {
		maxTextLine, maxMETISLine, maxGzipRatio, gzipRatioSlack = oldText, oldMETIS, oldRatio, oldSlack
	})
}

// TestLineTooLong: a line beyond the format's cap is an error naming its
// line, at the real caps, in every text format, plain and gzip'd.
func TestLineTooLong(t *testing.T) {
	long := bytes.Repeat([]byte("1"), maxTextLine+1)
	longMETIS := bytes.Repeat([]byte(" "), maxMETISLine+1)
	tests := []struct {
		name string
		data []byte
		line int64
	}{
		{"long.el", append([]byte("# c\n0 1\n"), long...), 3},
		{"long.el", append(append([]byte("0 1\n"), long...), "\n1 0\n"...), 2},
		{"long.mtx", append([]byte(mmPatternBanner+"2 2 1\n"), long...), 3},
		{"long.graph", append([]byte("% c\n"), longMETIS...), 2},
	}
	for _, tt := range tests {
		for _, gz := range []bool{false, true} {
			if tt.name == "long.graph" && (gz || testing.Short()) {
				// 64 MiB of blanks trips the gzip ratio limit first; and
				// TestMETISLineCapFromHeader covers METIS at small caps.
				continue
			}
			data := tt.data
			if gz {
				data = gzipBytes(t, data)
			}
			g, err := Read(bytes.NewReader(data), tt.name, LoadOptions{})
			checkParseError(t, g, err, tt.name, tt.line, "line longer than")
		}
	}
	// Just below the cap is fine (the error is then about the content).
	ok := append([]byte("0 1\n"), bytes.Repeat([]byte(" "), maxTextLine-1)...)
	if _, err := Read(bytes.NewReader(ok), "ok.el", LoadOptions{}); err != nil {
		t.Errorf("a line of %d blanks: %v", maxTextLine-1, err)
	}
}

// TestLoadDevZero: /dev/zero is one endless line; every format stops with
// an error instead of growing memory until the process dies.
func TestLoadDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	for _, format := range Formats() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		_, err := LoadContext(ctx, "/dev/zero", LoadOptions{Format: format})
		cancel()
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: got %v, want a *ParseError", format, err)
			continue
		}
		if format != FormatPRKG && !strings.Contains(err.Error(), "/dev/zero:1: line longer than") {
			t.Errorf("%s: got %v, want line 1 too long", format, err)
		}
	}
}

// TestMETISLineCapFromHeader: a METIS header that allows a vertex with
// many neighbours raises the cap to fit it; a line beyond even that stops.
func TestMETISLineCapFromHeader(t *testing.T) {
	withLimits(t, 64, 64, maxGzipRatio, gzipRatioSlack)
	// A star: vertex 1 lists 2..100, a line of about 300 bytes.
	var b strings.Builder
	b.WriteString("100 99\n")
	for v := 2; v <= 100; v++ {
		b.WriteString(" ")
		b.WriteString(strconv.Itoa(v))
	}
	b.WriteString("\n")
	for v := 2; v <= 100; v++ {
		b.WriteString("1\n")
	}
	g, err := Read(strings.NewReader(b.String()), "star.graph", LoadOptions{})
	if err != nil {
		t.Fatalf("a star's hub line within what its header allows: %v", err)
	}
	if g.N != 100 || g.Arcs() != 198 {
		t.Fatalf("got %d nodes %d arcs", g.N, g.Arcs())
	}
	// 64 bytes per allowed neighbour (99, plus one): a longer line is
	// refused; one that long is not.
	for _, long := range []bool{false, true} {
		line := strings.Repeat(" ", 64*100)
		if long {
			line += " "
		}
		huge := "100 99\n" + line + "\n"
		g, err = Read(strings.NewReader(huge), "huge.graph", LoadOptions{})
		if !long {
			checkParseError(t, g, err, "huge.graph", 0, "file ends after 1 vertex lines")
			continue
		}
		checkParseError(t, g, err, "huge.graph", 2, "line longer than 6400 bytes")
	}
}

// TestGzipBomb: gzip streams that expand far beyond any real graph file
// stop early with an error saying why, whatever the content: zeros (no
// newline), newlines, one arc repeated.
func TestGzipBomb(t *testing.T) {
	const size = 8 << 20
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"zeros.el", make([]byte, size)},
		{"newlines.graph", append([]byte("% c\n"), bytes.Repeat([]byte("\n"), size)...)},
		{"comments.el", bytes.Repeat([]byte("#\n"), size/2)},
		{"arcs.el", bytes.Repeat([]byte("0 1\n"), size/4)},
		{"entries.mtx", append([]byte(mmPatternBanner+"2 2 2097152\n"), bytes.Repeat([]byte("1 2\n"), size/4)...)},
	} {
		gz := gzipBytes(t, tt.data)
		g, err := Read(bytes.NewReader(gz), tt.name, LoadOptions{Build: graph.BuildOptions{Multigraph: true}})
		if tt.name == "zeros.el" && err != nil && strings.Contains(err.Error(), "line longer than") {
			checkParseError(t, g, err, tt.name, 1, "line longer than") // either limit may come first
			continue
		}
		checkParseError(t, g, err, tt.name, 0, "gzip stream expands more than 256-fold")
	}
}

// TestGzipRatioAllowsRealFiles: a highly compressible but real graph
// (sequential ids) reads, and a .prkg of a graph with many nodes and no
// arcs (all zeros, far beyond the text ratio) reads: its header bounds it.
func TestGzipRatioAllowsRealFiles(t *testing.T) {
	var b bytes.Buffer
	for i := range 1 << 19 {
		b.WriteString(strconv.Itoa(i))
		b.WriteString(" ")
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString("\n")
	}
	if _, err := Read(bytes.NewReader(gzipBytes(t, b.Bytes())), "path.el", LoadOptions{}); err != nil {
		t.Errorf("a gzip'd path graph: %v", err)
	}
	empty := &graph.CSR{N: 1 << 20, InOffsets: make([]int64, 1<<20+1), InSources: []uint32{}, OutDegree: make([]uint32, 1<<20)}
	path := filepath.Join(t.TempDir(), "empty.prkg.gz")
	if err := Write(path, empty, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	g, err := Load(path, LoadOptions{})
	if err != nil {
		t.Fatalf("a gzip'd .prkg of 2^20 nodes without arcs: %v", err)
	}
	checkSameGraph(t, g, empty)
}

const mmPatternBanner = "%%MatrixMarket matrix coordinate pattern general\n"
