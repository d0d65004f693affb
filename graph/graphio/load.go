package graphio

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/prkbench/prk/graph"
)

// Format names, as Formats returns them and LoadOptions.Format and
// WriteOptions.Format accept them.
const (
	FormatEdgeList = "edgelist"
	FormatMTX      = "mtx"
	FormatMETIS    = "metis"
	FormatPRKG     = "prkg"
)

// Formats returns the names of the formats prk reads and writes.
func Formats() []string {
	return []string{FormatEdgeList, FormatMTX, FormatMETIS, FormatPRKG}
}

// formatByExtension maps file extensions (after any .gz) to formats.
var formatByExtension = map[string]string{
	".txt":        FormatEdgeList,
	".el":         FormatEdgeList,
	".edges":      FormatEdgeList,
	".edgelist":   FormatEdgeList,
	".tsv":        FormatEdgeList,
	".csv":        FormatEdgeList,
	".mtx":        FormatMTX,
	".graph":      FormatMETIS,
	".metis":      FormatMETIS,
	PRKGExtension: FormatPRKG,
}

// DetectFormat names the format of path from its extension, ignoring a
// final .gz: .txt, .el, .edges, .edgelist, .tsv and .csv are edge lists,
// .mtx is Matrix Market, .graph and .metis are METIS, .prkg is prk's binary
// format.
func DetectFormat(path string) (string, error) {
	base := filepath.Base(path)
	stripped := strings.TrimSuffix(strings.ToLower(base), ".gz")
	ext := filepath.Ext(stripped)
	if f, ok := formatByExtension[ext]; ok {
		return f, nil
	}
	if ext == "" {
		return "", fmt.Errorf("%s: cannot tell the graph format without a file extension; name it with --format (one of %s)", path, strings.Join(Formats(), ", "))
	}
	return "", fmt.Errorf("%s: unknown graph file extension %q; name the format with --format (one of %s)", path, ext, strings.Join(Formats(), ", "))
}

// checkFormat returns the format to use for name: the given one, checked,
// or the one its extension implies.
func checkFormat(name, format string) (string, error) {
	if format == "" {
		return DetectFormat(name)
	}
	f := strings.ToLower(format)
	for _, known := range Formats() {
		if f == known {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown graph format %q (want one of %s)", format, strings.Join(Formats(), ", "))
}

// IDMode says how the node ids in an edge list become the dense node
// numbers 0..N-1 of a CSR. Matrix Market and METIS files declare their node
// count in a header and number nodes 1..N, so they always map id i to node
// i-1 and ignore IDMode.
type IDMode int

const (
	// IDsAuto keeps the ids when the ids that occur are exactly 0..max,
	// and otherwise numbers the ids that occur 0..k-1 in ascending order
	// and records the file's ids in CSR.IDs.
	IDsAuto IDMode = iota
	// IDsDense makes nodes 0..max id whether or not each occurs (ids that
	// do not occur become nodes without arcs) and never renumbers.
	IDsDense
)

// String returns the name ParseIDMode accepts.
func (m IDMode) String() string {
	switch m {
	case IDsAuto:
		return "auto"
	case IDsDense:
		return "dense"
	}
	return fmt.Sprintf("IDMode(%d)", int(m))
}

// ParseIDMode parses "auto" (or "") and "dense".
func ParseIDMode(s string) (IDMode, error) {
	switch strings.ToLower(s) {
	case "auto", "":
		return IDsAuto, nil
	case "dense":
		return IDsDense, nil
	}
	return 0, fmt.Errorf("unknown id mode %q (want auto or dense)", s)
}

// LoadOptions say how a graph file is read.
type LoadOptions struct {
	// Format is one of Formats(); "" means from the file name's extension
	// (see DetectFormat).
	Format string
	// IDs says how edge-list ids become node numbers.
	IDs IDMode
	// Build says how the arcs become a CSR (duplicates, direction,
	// workers). Build.Workers also bounds the goroutines of the loader.
	Build graph.BuildOptions
}

// Load reads the graph file at path; "-" means the standard input. The file
// is opened once and read as one stream, so pipes, FIFOs and stdin work
// for every format. The format is opts.Format, else the file name's
// extension, else what the content says (what prk writes always says; see
// sniffFormat). gzip-compressed input is recognised by its content and
// decompressed on the fly, whatever its name. Problems with the content are
// *ParseError values naming the file, the line and what is wrong.
func Load(path string, opts LoadOptions) (*graph.CSR, error) {
	return LoadContext(context.Background(), path, opts)
}

// LoadContext is Load that stops with ctx.Err() soon after ctx is cancelled,
// whether it is opening (a FIFO without a writer), reading (a pipe that
// delivers nothing), parsing or building.
func LoadContext(ctx context.Context, path string, opts LoadOptions) (*graph.CSR, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	format, err := formatHint(path, opts.Format)
	if err != nil {
		return nil, err
	}
	in, err := openInput(ctx, path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	if in.regular && !in.stdin && (format == FormatPRKG || format == "") {
		// The fast path of a plain .prkg file: parallel reads into one
		// buffer that becomes the graph. ReadAt leaves the offset alone,
		// so a gzip'd or other file is still read as a stream below.
		// (Not for stdin: a regular file there may be read from where
		// its offset stands, not from its start.)
		var head [prkgHeaderSize]byte
		k, _ := in.f.ReadAt(head[:], 0)
		if string(head[:min(k, len(prkgMagic))]) == prkgMagic {
			g, err := readPRKGFile(ctx, in.f, in.size, in.name)
			return g, ctxErr(ctx, err)
		}
	}
	g, err := read(ctx, in.reader(ctx), in.name, format, opts)
	return g, ctxErr(ctx, err)
}

// ctxErr returns ctx.Err() in place of an error that a cancellation caused
// (the read or build it stopped then fails in its own words).
func ctxErr(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// formatHint checks format, or tells it from name's extension; "" means the
// content must tell (a name without a known extension, or stdin).
func formatHint(name, format string) (string, error) {
	if format != "" {
		return checkFormat(name, format)
	}
	if name == "-" {
		return "", nil
	}
	f, err := DetectFormat(name)
	if err != nil {
		return "", nil
	}
	return f, nil
}

// Read reads a graph from r. name is used in errors and, when
// opts.Format is "", to tell the format by its extension (else by the
// content, as Load does). gzip is recognised by content as in Load.
func Read(r io.Reader, name string, opts LoadOptions) (*graph.CSR, error) {
	return ReadContext(context.Background(), r, name, opts)
}

// ReadContext is Read that stops with ctx.Err() soon after ctx is
// cancelled, even while r blocks (a pipe that delivers nothing).
func ReadContext(ctx context.Context, r io.Reader, name string, opts LoadOptions) (*graph.CSR, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	format, err := formatHint(name, opts.Format)
	if err != nil {
		return nil, err
	}
	regular := false
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			regular = true
		}
	}
	g, err := read(ctx, cancellable(ctx, r, regular), name, format, opts)
	return g, ctxErr(ctx, err)
}

// read decompresses r if it is gzip'd, settles the format (format, else
// the content's) and decodes it.
func read(ctx context.Context, r io.Reader, name, format string, opts LoadOptions) (*graph.CSR, error) {
	stream, guard, err := openStream(r, name)
	if err != nil {
		return nil, err
	}
	if format == "" {
		if _, err := stream.Peek(1); err == io.EOF {
			return nil, parseErrorf(name, 0, "empty file: no graph to read")
		}
		if format = sniffFormat(stream); format == "" {
			return nil, unknownFormat(name)
		}
	}
	if format == FormatPRKG && guard != nil {
		// The header bounds a .prkg body exactly, and a graph with many
		// nodes and few arcs compresses far beyond the ratio the guard
		// allows text.
		guard.off = true
	}
	return decode(ctx, stream, guard != nil, name, format, opts)
}

// unknownFormat says that neither the name nor the content of name tells
// its format.
func unknownFormat(name string) error {
	if name == StdinName {
		return fmt.Errorf("%s: cannot tell the graph format of standard input from its content (prk's own files say it; edge lists and METIS files from elsewhere do not); name it with --format (one of %s)",
			name, strings.Join(Formats(), ", "))
	}
	_, err := DetectFormat(name)
	return fmt.Errorf("%w; its content does not say either (prk's own files do)", err)
}

// decode parses a (decompressed) stream in a known format and builds it.
func decode(ctx context.Context, stream io.Reader, gzipped bool, name, format string, opts LoadOptions) (*graph.CSR, error) {
	var (
		src *blockSource
		err error
	)
	build := opts.Build
	switch format {
	case FormatPRKG:
		return DecodePRKG(stream, name)
	case FormatEdgeList:
		src, err = parseEdgeList(stream, gzipped, name, opts)
	case FormatMTX:
		var symmetric bool
		src, symmetric, err = parseMatrixMarket(stream, gzipped, name)
		// A symmetric file stores each off-diagonal pair once; the
		// builder's Undirected adds the mirror image (a diagonal entry,
		// a self-loop, once), exactly what the format means.
		build.Undirected = build.Undirected || symmetric
	case FormatMETIS:
		return decodeMETIS(ctx, stream, gzipped, name, opts)
	default:
		return nil, fmt.Errorf("%s: unknown graph format %q", name, format)
	}
	if err != nil {
		return nil, err
	}
	return buildSource(ctx, src, build, name)
}

// buildSource builds parsed arcs into the graph, with the file's ids.
func buildSource(ctx context.Context, src *blockSource, build graph.BuildOptions, name string) (*graph.CSR, error) {
	g, err := graph.BuildContext(ctx, src, build)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	g.IDs = src.ids
	return g, nil
}
