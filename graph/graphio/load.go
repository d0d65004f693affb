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

// Load reads the graph file at path. gzip-compressed files are recognised
// by their content and decompressed on the fly, whatever their name.
// Problems with the content are *ParseError values naming the file, the
// line and what is wrong.
func Load(path string, opts LoadOptions) (*graph.CSR, error) {
	return LoadContext(context.Background(), path, opts)
}

// LoadContext is Load that stops with ctx.Err() soon after ctx is cancelled,
// whether it is reading, parsing or building.
func LoadContext(ctx context.Context, path string, opts LoadOptions) (*graph.CSR, error) {
	format, err := checkFormat(path, opts.Format)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	stream, gzipped, err := openStream(contextReader{ctx, f}, path)
	if err != nil {
		return nil, err
	}
	if format == FormatPRKG && !gzipped {
		f.Close()
		return ReadPRKG(path) // its fast whole-file path
	}
	return decode(ctx, stream, gzipped, path, format, opts)
}

// Read reads a graph from r. name is used in errors and, when
// opts.Format is "", to tell the format by its extension. gzip is
// recognised by content as in Load.
func Read(r io.Reader, name string, opts LoadOptions) (*graph.CSR, error) {
	return ReadContext(context.Background(), r, name, opts)
}

// ReadContext is Read that stops with ctx.Err() soon after ctx is cancelled.
func ReadContext(ctx context.Context, r io.Reader, name string, opts LoadOptions) (*graph.CSR, error) {
	format, err := checkFormat(name, opts.Format)
	if err != nil {
		return nil, err
	}
	stream, gzipped, err := openStream(contextReader{ctx, r}, name)
	if err != nil {
		return nil, err
	}
	return decode(ctx, stream, gzipped, name, format, opts)
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
		src, err = parseMETIS(stream, gzipped, name)
	default:
		return nil, fmt.Errorf("%s: unknown graph format %q", name, format)
	}
	if err != nil {
		return nil, err
	}
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

// contextReader fails its reads once ctx is cancelled, so a parser blocked
// on nothing but its input stops at its next read.
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	reportRead(c.ctx, n)
	return n, err
}
