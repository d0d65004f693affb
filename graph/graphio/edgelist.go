package graphio

import (
	"bytes"
	"fmt"
	"io"
	"math"

	"github.com/prkbench/prk/graph"
)

// edgeListParser reads "src dst [weight]" lines. Its inner loop handles the
// common shape of a line (digits, blanks or a comma, digits, optional plain
// decimal weight) straight from the bytes; every other line (comments,
// blank lines, odd spacing, exponents, and every error) goes to otherLine,
// which is slower, general and says exactly what is wrong.
type edgeListParser struct {
	name    string
	idLimit uint64 // largest id allowed
	idHint  string // says why an id above idLimit is refused
	line    int64  // lines read so far
	// cols is 2 or 3 once the first data line, on colsLine, has set it.
	cols     int
	colsLine int64
	arcs     arcBuffer
	// From prk's header comment, before the first data line: the node
	// count it states (on headerLine, 0 when there is none) and whether
	// the graph is weighted (which a file without arcs cannot show).
	headerLine     int64
	headerNodes    uint64
	headerWeighted bool
}

func newEdgeListParser(name string, mode IDMode) *edgeListParser {
	p := &edgeListParser{name: name, idLimit: math.MaxUint64}
	if mode == IDsDense {
		p.idLimit = graph.MaxNodes - 1
		p.idHint = fmt.Sprintf(" for dense ids (at most %d); renumber with --ids auto", uint64(graph.MaxNodes-1))
	}
	return p
}

// parseEdgeList reads a whole edge list and returns its arcs, ready to build.
func parseEdgeList(stream io.Reader, gzipped bool, name string, opts LoadOptions) (*blockSource, error) {
	p := newEdgeListParser(name, opts.IDs)
	if err := feedLines(stream, gzipped, name, &p.line, textLineCap, p.parseChunk); err != nil {
		return nil, err
	}
	return p.finish(opts)
}

// parseChunk parses whole lines (b ends with '\n'). The current arc block
// lives in local variables while the fast path appends to it, and goes back
// into p.arcs around every slower call.
func (p *edgeListParser) parseChunk(b []byte) error {
	var (
		s, d uint64
		w    float64
		j, k int
		c    byte
		cols int
		ok   bool
		err  error
	)
	a := &p.arcs
	src, dst, wts, n, hi := a.cur.src, a.cur.dst, a.cur.w, a.n, a.hi
	line := p.line
	i := 0
	for i < len(b) {
		line++
		s, j = scanDigits(b, i)
		if nd := j - i; nd == 0 || nd > maxFastDigits || j >= len(b) {
			goto other
		}
		if c = b[j]; c != ' ' && c != '\t' && c != ',' {
			goto other
		}
		for j++; j < len(b) && (b[j] == ' ' || b[j] == '\t'); j++ {
		}
		k = j
		d, j = scanDigits(b, j)
		if nd := j - k; nd == 0 || nd > maxFastDigits || j >= len(b) {
			goto other
		}
		cols = 2
		c = b[j]
		if c == ' ' || c == '\t' || c == ',' {
			for j++; j < len(b) && (b[j] == ' ' || b[j] == '\t'); j++ {
			}
			if j >= len(b) {
				goto other
			}
			if c = b[j]; c != '\n' && c != '\r' {
				if w, j, ok = scanFloatFast(b, j); !ok || j >= len(b) {
					goto other
				}
				cols = 3
				for c = b[j]; (c == ' ' || c == '\t') && j+1 < len(b); c = b[j] {
					j++
				}
			}
		}
		if c == '\r' && j+1 < len(b) {
			j++
			c = b[j]
		}
		if c != '\n' || cols != p.cols || max(s, d) >= narrowLimit {
			goto other
		}
		i = j + 1
		hi = max(hi, s, d)
		if n < len(src) && n < len(dst) && (cols == 2 || n < len(wts)) {
			src[n], dst[n] = uint32(s), uint32(d)
			if cols == 3 {
				wts[n] = w
			}
			n++
			continue
		}
		a.n, a.hi = n, hi
		a.addSlow(s, d, w)
		src, dst, wts, n = a.cur.src, a.cur.dst, a.cur.w, a.n
		continue
	other:
		a.n, a.hi = n, hi
		i, err = p.otherLine(b, i, line)
		src, dst, wts, n, hi = a.cur.src, a.cur.dst, a.cur.w, a.n, a.hi
		if err != nil {
			p.line = line
			return err
		}
	}
	a.n, a.hi = n, hi
	p.line = line
	return nil
}

// otherLine handles the line at b[i:] that the fast path did not: a comment,
// a blank line, the first data line, an unusual but valid line, or an error.
// It returns the index of the next line.
func (p *edgeListParser) otherLine(b []byte, i int, line int64) (int, error) {
	end := bytes.IndexByte(b[i:], '\n')
	if end < 0 {
		end = len(b) - i // cannot happen: chunks end with '\n'
	}
	text := b[i : i+end]
	next := i + end + 1
	first := 0
	for first < len(text) && isBlank(text[first]) {
		first++
	}
	if first == len(text) || text[first] == '%' {
		return next, nil
	}
	if text[first] == '#' {
		if p.cols == 0 && bytes.HasPrefix(text[first:], []byte("# prk ")) {
			return next, p.directive(text[first:], line)
		}
		return next, nil
	}
	var fields [4][]byte
	nf, msg := splitFields(text[first:], fields[:])
	if msg != "" {
		return 0, parseErrorf(p.name, line, "%s", msg)
	}
	if nf != 2 && nf != 3 {
		return 0, parseErrorf(p.name, line, "found %d columns, expected 2 or 3 (source target [weight])", nf)
	}
	if p.cols != 0 && nf != p.cols {
		return 0, parseErrorf(p.name, line, "found %d columns but line %d has %d: every line must have the same number of columns", nf, p.colsLine, p.cols)
	}
	s, msg := parseID(fields[0], p.idLimit, p.idHint)
	if msg != "" {
		return 0, parseErrorf(p.name, line, "source %s", msg)
	}
	d, msg := parseID(fields[1], p.idLimit, p.idHint)
	if msg != "" {
		return 0, parseErrorf(p.name, line, "target %s", msg)
	}
	var w float64
	if nf == 3 {
		if w, msg = parseWeight(fields[2]); msg != "" {
			return 0, parseErrorf(p.name, line, "%s", msg)
		}
	}
	if p.cols == 0 {
		p.cols, p.colsLine = nf, line
		p.arcs.weighted = nf == 3
	}
	p.arcs.addSlow(s, d, w)
	return next, nil
}

// directive reads the comments prk writes before the first data line:
// "# prk edge list: N nodes, M arcs[, weighted]" states the node count,
// and "# prk isolated nodes: ID ..." names nodes that have no arcs. Other
// "# prk" comments are comments.
func (p *edgeListParser) directive(text []byte, line int64) error {
	switch {
	case bytes.HasPrefix(text, []byte(prkEdgeListHeader)):
		if p.headerLine != 0 {
			return parseErrorf(p.name, line, "a second prk edge-list header (the first is on line %d)", p.headerLine)
		}
		var f [8][]byte
		nf := splitBlanks(bytes.ReplaceAll(text[len(prkEdgeListHeader):], []byte(","), []byte(" ")), f[:])
		if nf < 4 || nf > 5 || string(f[1]) != "nodes" || string(f[3]) != "arcs" || (nf == 5 && string(f[4]) != "weighted") {
			return parseErrorf(p.name, line, "malformed prk edge-list header: want %q", edgeListHeaderUsage)
		}
		n, msg := parseCount(f[0], "node count")
		if msg != "" {
			return parseErrorf(p.name, line, "prk edge-list header: %s", msg)
		}
		if n > graph.MaxNodes {
			return parseErrorf(p.name, line, "prk edge-list header states %d nodes, more than a graph can hold (%d)", n, uint64(graph.MaxNodes))
		}
		p.headerLine, p.headerNodes, p.headerWeighted = line, n, nf == 5
	case bytes.HasPrefix(text, []byte(prkIsolatedNodes)):
		if p.headerLine == 0 {
			return parseErrorf(p.name, line, "%q comes before the %q header", prkIsolatedNodes, prkEdgeListHeader)
		}
		rest := text[len(prkIsolatedNodes):]
		for i := 0; ; {
			s, e := nextToken(rest, i)
			if s == e {
				return nil
			}
			id, msg := parseID(rest[s:e], p.idLimit, p.idHint)
			if msg != "" {
				return parseErrorf(p.name, line, "isolated node %s", msg)
			}
			p.arcs.addNode(id)
			i = e
		}
	}
	return nil
}

// splitFields splits a line into fields separated by blanks, or by one
// comma with optional blanks around it, storing up to len(out) of them. It
// returns the number of fields, or a message when commas leave a field
// empty.
func splitFields(t []byte, out [][]byte) (n int, msg string) {
	commas := 0 // commas since the last field
	for i := 0; i < len(t); {
		c := t[i]
		if isBlank(c) {
			i++
			continue
		}
		if c == ',' {
			if commas++; commas > 1 || n == 0 {
				return n, "empty field: a comma must separate two values"
			}
			i++
			continue
		}
		j := i
		for j < len(t) && !isBlank(t[j]) && t[j] != ',' {
			j++
		}
		if n < len(out) {
			out[n] = t[i:j]
		}
		n++
		commas = 0
		i = j
	}
	if commas > 0 {
		return n, "empty field: a comma must separate two values"
	}
	return n, ""
}

// finish settles the node ids and returns the arcs as a graph source.
//
// prk's header makes a graph of N nodes whatever arcs it has: when the
// ids are all below N and no node is listed as isolated, the nodes are
// 0..N-1 (the ids that never occur are nodes without arcs). Otherwise the
// ids of the arcs and the isolated-node lines are the nodes, numbered as
// --ids says, and there must be N of them in auto mode. (--ids dense makes
// nodes 0..max(largest id, N-1).)
func (p *edgeListParser) finish(opts LoadOptions) (*blockSource, error) {
	a := &p.arcs
	a.finish()
	header := p.headerLine != 0
	if a.arcs == 0 && !header {
		return nil, parseErrorf(p.name, 0, "no arcs: the file holds no \"source target\" lines")
	}
	if p.cols == 0 {
		a.weighted = p.headerWeighted
	}
	src := &blockSource{weighted: a.weighted, blocks: a.blocks}
	named := a.arcs + int64(len(a.nodes)) // what the file holds, bounding what it may imply
	var nodes int64
	if a.arcs > 0 || len(a.nodes) > 0 {
		nodes = int64(a.hi) + 1
	}
	if opts.IDs == IDsDense || (header && len(a.nodes) == 0 && nodes <= int64(p.headerNodes)) {
		if header {
			nodes = max(nodes, int64(p.headerNodes))
		}
		if nodes > maxDenseNodes(named) {
			if opts.IDs == IDsDense {
				return nil, parseErrorf(p.name, 0, "largest id %d would make %d nodes for %d arcs; refusing to allocate that many (renumber with --ids auto)", nodes-1, nodes, a.arcs)
			}
			return nil, parseErrorf(p.name, p.headerLine, "the header states %d nodes for only %d arcs; refusing to allocate that many nodes", nodes, a.arcs)
		}
		src.nodes = int(nodes)
		return src, nil
	}
	n, ids, ok := a.renumber(opts.Build.Workers)
	if !ok {
		return nil, parseErrorf(p.name, 0, "more than %d distinct ids: too many nodes for a graph", uint64(graph.MaxNodes))
	}
	if header && uint64(n) != p.headerNodes {
		return nil, parseErrorf(p.name, p.headerLine, "the header states %d nodes, but the arcs and isolated-node lines name %d distinct ids", p.headerNodes, n)
	}
	src.nodes, src.ids = n, ids
	return src, nil
}
