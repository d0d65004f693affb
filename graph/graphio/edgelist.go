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
	if err := feedLines(stream, gzipped, name, &p.line, p.parseChunk); err != nil {
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
	if first == len(text) || text[first] == '#' || text[first] == '%' {
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
func (p *edgeListParser) finish(opts LoadOptions) (*blockSource, error) {
	a := &p.arcs
	a.finish()
	if a.arcs == 0 {
		return nil, parseErrorf(p.name, 0, "no arcs: the file holds no \"source target\" lines")
	}
	src := &blockSource{weighted: a.weighted, blocks: a.blocks}
	if opts.IDs == IDsDense {
		nodes := int64(a.hi) + 1
		if nodes > maxDenseNodes(a.arcs) {
			return nil, parseErrorf(p.name, 0, "largest id %d would make %d nodes for %d arcs; refusing to allocate that many (renumber with --ids auto)", nodes-1, nodes, a.arcs)
		}
		src.nodes = int(nodes)
		return src, nil
	}
	nodes, ids, ok := a.renumber(opts.Build.Workers)
	if !ok {
		return nil, parseErrorf(p.name, 0, "more than %d distinct ids: too many nodes for a graph", uint64(graph.MaxNodes))
	}
	src.nodes, src.ids = nodes, ids
	return src, nil
}
