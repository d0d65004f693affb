package graphio

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/order"
	"github.com/prkbench/prk/internal/atomicfile"
)

// WriteOptions say how a graph file is written.
type WriteOptions struct {
	// Format is one of Formats(); "" means from the path's extension (see
	// DetectFormat).
	Format string
	// Gzip compresses the output. A path ending in .gz implies it.
	Gzip bool
}

// WriteContext writes g to path in the chosen format, through
// internal/atomicfile: a regular file is written to a temporary file in the
// same directory and renamed into place, so that a failed or cancelled write
// never leaves a partial file under path; "-", devices and FIFOs are written
// as they are. It stops with ctx.Err() soon after ctx is cancelled.
//
// Text formats list arcs sorted by source, then target. An edge list has
// no way to say that a node without arcs exists; Matrix Market, METIS and
// .prkg keep every node. Only an edge list and .prkg keep the file ids of
// a renumbered graph (CSR.IDs); Matrix Market and METIS number nodes
// 1..N. Only .prkg stores a graph renumbered for locality (CSR.Order);
// the text formats write it back in the file's order.
func WriteContext(ctx context.Context, path string, g *graph.CSR, opts WriteOptions) (err error) {
	format, err := checkFormat(path, opts.Format)
	if err != nil {
		return err
	}
	if err := g.Validate(); err != nil {
		return fmt.Errorf("%s: not writing an invalid graph: %w", path, err)
	}
	if format != FormatPRKG {
		if g, err = order.FileOrder(g, 0); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	compress := opts.Gzip || strings.HasSuffix(strings.ToLower(path), ".gz")
	return atomicfile.WriteContext(ctx, path, func(bw io.Writer) error {
		w := bw
		var zw *gzip.Writer
		if compress {
			zw = gzip.NewWriter(bw)
			w = zw
		}
		if err := encode(w, g, format); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if zw != nil {
			return zw.Close()
		}
		return nil
	})
}

// encode writes g to w in format (one of Formats()), uncompressed.
func encode(w io.Writer, g *graph.CSR, format string) error {
	switch format {
	case FormatEdgeList:
		return encodeEdgeList(w, g)
	case FormatMTX:
		return encodeMatrixMarket(w, g)
	case FormatMETIS:
		return encodeMETIS(w, g)
	case FormatPRKG:
		return EncodePRKG(w, g)
	}
	return fmt.Errorf("unknown graph format %q (want one of %s)", format, strings.Join(Formats(), ", "))
}

// textWriter appends text to a reused buffer and hands it to w in large
// writes, remembering the first error.
type textWriter struct {
	w   io.Writer
	buf []byte
	err error
}

const textFlushSize = 256 << 10

func newTextWriter(w io.Writer) *textWriter {
	return &textWriter{w: w, buf: make([]byte, 0, textFlushSize+4096)}
}

// maybeFlush writes the buffer out once it is full.
func (t *textWriter) maybeFlush() {
	if len(t.buf) >= textFlushSize {
		t.flush()
	}
}

func (t *textWriter) flush() error {
	if t.err == nil && len(t.buf) > 0 {
		_, t.err = t.w.Write(t.buf)
	}
	t.buf = t.buf[:0]
	return t.err
}

func (t *textWriter) printf(format string, args ...any) {
	t.buf = fmt.Appendf(t.buf, format, args...)
	t.maybeFlush()
}

// outArcs is g's arcs grouped by source: the targets of the arcs leaving
// node j are targets[offsets[j]:offsets[j+1]], ascending (weights
// parallel). Walking the in-arc rows in order fills each source's list in
// ascending target order, so no sort is needed.
type outArcs struct {
	offsets []int64
	targets []uint32
	weights []float64
}

func transpose(g *graph.CSR) *outArcs {
	o := &outArcs{offsets: make([]int64, g.N+1), targets: make([]uint32, g.Arcs())}
	for j, d := range g.OutDegree {
		o.offsets[j+1] = o.offsets[j] + int64(d)
	}
	if g.InWeights != nil {
		o.weights = make([]float64, g.Arcs())
	}
	next := make([]int64, g.N)
	copy(next, o.offsets[:g.N])
	for i := 0; i < g.N; i++ {
		lo, hi := g.InOffsets[i], g.InOffsets[i+1]
		for k, s := range g.InSources[lo:hi] {
			p := next[s]
			next[s]++
			o.targets[p] = uint32(i)
			if o.weights != nil {
				o.weights[p] = g.InWeights[lo+int64(k)]
			}
		}
	}
	return o
}

// The comments prk starts its text files with. sniffFormat recognises a
// file by them, and an edge-list reader honours the edge list's (see
// edgeListParser.directive).
const (
	prkEdgeListHeader   = "# prk edge list:"
	prkIsolatedNodes    = "# prk isolated nodes:"
	prkMETISHeader      = "% written by prk:"
	isolatedIDsPerLine  = 1000
	edgeListHeaderUsage = prkEdgeListHeader + " N nodes, M arcs[, weighted]"
)

// encodeEdgeList writes "source<TAB>target[<TAB>weight]" lines sorted by
// source then target, with the file's own ids (CSR.IDs) where the graph
// has them, after a comment header that states the node count, so that
// nodes without arcs survive: the reader makes nodes 0..N-1 of a file
// whose ids are below N. When that is not enough (the graph has file ids,
// or more nodes without arcs than a reader allows a header to imply), the
// ids of the nodes without arcs follow in "# prk isolated nodes:" lines.
func encodeEdgeList(w io.Writer, g *graph.CSR) error {
	t := newTextWriter(w)
	t.printf("%s %d nodes, %d arcs", prkEdgeListHeader, g.N, g.Arcs())
	if g.Weighted() {
		t.printf(", weighted\n")
	} else {
		t.printf("\n")
	}
	if g.IDs != nil || int64(g.N) > maxDenseNodes(g.Arcs()) {
		listed := 0
		for i := range g.N {
			if g.OutDegree[i] != 0 || g.InOffsets[i+1] != g.InOffsets[i] {
				continue
			}
			if listed%isolatedIDsPerLine == 0 {
				if listed > 0 {
					t.buf = append(t.buf, '\n')
				}
				t.buf = append(t.buf, prkIsolatedNodes...)
			}
			t.buf = append(t.buf, ' ')
			t.buf = strconv.AppendUint(t.buf, g.ID(i), 10)
			listed++
			t.maybeFlush()
		}
		if listed > 0 {
			t.buf = append(t.buf, '\n')
		}
	}
	if g.Weighted() {
		t.printf("# source\ttarget\tweight\n")
	} else {
		t.printf("# source\ttarget\n")
	}
	o := transpose(g)
	for j := 0; j < g.N; j++ {
		lo, hi := o.offsets[j], o.offsets[j+1]
		sid := g.ID(j)
		for k := lo; k < hi; k++ {
			t.buf = strconv.AppendUint(t.buf, sid, 10)
			t.buf = append(t.buf, '\t')
			t.buf = strconv.AppendUint(t.buf, g.ID(int(o.targets[k])), 10)
			if o.weights != nil {
				t.buf = append(t.buf, '\t')
				t.buf = strconv.AppendFloat(t.buf, o.weights[k], 'g', -1, 64)
			}
			t.buf = append(t.buf, '\n')
			t.maybeFlush()
		}
	}
	return t.flush()
}

// encodeMatrixMarket writes a general coordinate matrix whose entry
// "i j [v]" is the arc i -> j, 1-based, sorted by row then column.
func encodeMatrixMarket(w io.Writer, g *graph.CSR) error {
	if int64(g.N) > maxDenseNodes(g.Arcs()) {
		// The reader would refuse it: a nearly empty file may not ask for
		// that many nodes.
		return fmt.Errorf("%d nodes for %d arcs: a Matrix Market file may hold at most %d nodes for that many entries (write .prkg, METIS or an edge list)",
			g.N, g.Arcs(), maxDenseNodes(g.Arcs()))
	}
	t := newTextWriter(w)
	field := "pattern"
	if g.Weighted() {
		field = "real"
	}
	t.printf("%%%%MatrixMarket matrix coordinate %s general\n", field)
	t.printf("%% written by prk: entry \"i j\" is the arc i -> j; nodes are numbered 1..%d\n", g.N)
	if g.IDs != nil {
		t.printf("%% the source file's ids were renumbered: node i had the i-th id of the %q lines\n", prkIDsComment)
		writeIDComments(t, g.IDs)
	}
	t.printf("%d %d %d\n", g.N, g.N, g.Arcs())
	o := transpose(g)
	for j := 0; j < g.N; j++ {
		lo, hi := o.offsets[j], o.offsets[j+1]
		for k := lo; k < hi; k++ {
			t.buf = strconv.AppendUint(t.buf, uint64(j)+1, 10)
			t.buf = append(t.buf, ' ')
			t.buf = strconv.AppendUint(t.buf, uint64(o.targets[k])+1, 10)
			if o.weights != nil {
				t.buf = append(t.buf, ' ')
				t.buf = strconv.AppendFloat(t.buf, o.weights[k], 'g', -1, 64)
			}
			t.buf = append(t.buf, '\n')
			t.maybeFlush()
		}
	}
	return t.flush()
}

// errNotUndirected is what encodeMETIS says about a directed graph.
var errNotUndirected = errors.New("METIS stores undirected graphs; symmetrise with --undirected")

// maxExactInt is the largest integer below which every integer is a float64.
const maxExactInt = 1 << 53

// encodeMETIS writes an undirected graph: g must hold the reverse of every
// arc with the same weight, no self-loops and no parallel arcs. Weights
// must be integers, as METIS edge weights are.
func encodeMETIS(w io.Writer, g *graph.CSR) error {
	if g.Arcs()%2 != 0 {
		return errNotUndirected
	}
	if a := findAsymmetry(g, transpose(g)); a != nil && a.weights {
		return fmt.Errorf("arcs %d -> %d and back have different weights; METIS stores one weight per edge", g.ID(a.from), g.ID(a.to))
	} else if a != nil {
		return errNotUndirected
	}
	for i := 0; i < g.N; i++ {
		in := g.InSources[g.InOffsets[i]:g.InOffsets[i+1]]
		for k, s := range in {
			if int(s) == i {
				return fmt.Errorf("node %d has a self-loop, which METIS cannot store", g.ID(i))
			}
			if k > 0 && in[k-1] == s {
				return fmt.Errorf("nodes %d and %d are joined by parallel arcs, which METIS cannot store", g.ID(int(s)), g.ID(i))
			}
			if g.InWeights != nil {
				wt := g.InWeights[g.InOffsets[i]+int64(k)]
				if wt != math.Trunc(wt) || wt > maxExactInt {
					return fmt.Errorf("arc %d -> %d has weight %v; METIS edge weights are integers", g.ID(int(s)), g.ID(i), wt)
				}
			}
		}
	}
	t := newTextWriter(w)
	t.buf = append(t.buf, prkMETISHeader...)
	t.printf(" %d vertices, %d undirected edges; vertex i is node i, 1-based\n", g.N, g.Arcs()/2)
	if g.IDs != nil {
		t.printf("%% the source file's ids were renumbered: vertex i had the i-th id of the %q lines\n", prkIDsComment)
		writeIDComments(t, g.IDs)
	}
	if g.Weighted() {
		t.printf("%d %d 1\n", g.N, g.Arcs()/2)
	} else {
		t.printf("%d %d\n", g.N, g.Arcs()/2)
	}
	for i := 0; i < g.N; i++ {
		lo, hi := g.InOffsets[i], g.InOffsets[i+1]
		for k := lo; k < hi; k++ {
			if k > lo {
				t.buf = append(t.buf, ' ')
			}
			t.buf = strconv.AppendUint(t.buf, uint64(g.InSources[k])+1, 10)
			if g.InWeights != nil {
				t.buf = append(t.buf, ' ')
				t.buf = strconv.AppendUint(t.buf, uint64(g.InWeights[k]), 10)
			}
			t.maybeFlush()
		}
		t.buf = append(t.buf, '\n')
	}
	return t.flush()
}
