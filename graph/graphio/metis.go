package graphio

import (
	"io"

	"github.com/prkbench/prk/graph"
)

// metisParser reads a METIS graph file: '%' comment lines, a header line
// "n m [fmt [ncon]]", then one line per vertex 1..n listing its neighbours
// (1-based), each followed by its edge weight when fmt says so, after the
// vertex's size and weights when fmt says so. A vertex without neighbours
// has an empty line, so blank lines count.
type metisParser struct {
	name       string
	line       int64
	headerLine int64 // 0 until the header is read
	n          uint64
	edges      uint64 // undirected edges the header declares
	// What each vertex line holds, from fmt and ncon.
	hasSize, edgeWeights bool
	vertexWeights        int
	vertex               uint64 // vertices read so far
	entries              uint64 // neighbour entries read so far
	arcs                 arcBuffer
}

// parseMETIS reads a whole METIS graph file.
func parseMETIS(stream io.Reader, gzipped bool, name string) (*blockSource, error) {
	p := &metisParser{name: name}
	err := feedLines(stream, gzipped, name, &p.line, func(b []byte) error {
		line := p.line
		err := eachLine(b, &line, p.parseLine)
		p.line = line
		return err
	})
	if err != nil {
		return nil, err
	}
	return p.finish()
}

func (p *metisParser) parseLine(text []byte, line int64) error {
	if len(text) > 0 && text[0] == '%' {
		return nil
	}
	switch {
	case p.headerLine == 0:
		if isCommentOrBlank(text, '%') {
			return nil
		}
		return p.parseHeader(text, line)
	case p.vertex == p.n:
		if isCommentOrBlank(text, '%') {
			return nil
		}
		return parseErrorf(p.name, line, "data after the %d vertex lines the header (line %d) declares", p.n, p.headerLine)
	}
	p.vertex++
	return p.parseVertex(text, line)
}

func (p *metisParser) parseHeader(text []byte, line int64) error {
	var f [5][]byte
	nf := splitBlanks(text, f[:])
	if nf < 2 || nf > 4 {
		return parseErrorf(p.name, line, "METIS header has %d fields, want 2 to 4 (vertices edges [fmt [ncon]])", nf)
	}
	n, msg := parseCount(f[0], "vertex count")
	if msg != "" {
		return parseErrorf(p.name, line, "%s", msg)
	}
	m, msg := parseCount(f[1], "edge count")
	if msg != "" {
		return parseErrorf(p.name, line, "%s", msg)
	}
	switch {
	case n == 0:
		return parseErrorf(p.name, line, "graph has no vertices: a graph needs at least one node")
	case n > graph.MaxNodes:
		return parseErrorf(p.name, line, "%d vertices are more nodes than a graph can hold (%d)", n, uint64(graph.MaxNodes))
	case m > 1<<62:
		return parseErrorf(p.name, line, "edge count %d is too large", m)
	}
	if nf >= 3 {
		fmtField := f[2]
		if len(fmtField) > 3 {
			return parseErrorf(p.name, line, "invalid fmt %s: want up to three 0/1 digits (vertex sizes, vertex weights, edge weights)", quoteToken(fmtField))
		}
		for _, c := range fmtField {
			if c != '0' && c != '1' {
				return parseErrorf(p.name, line, "invalid fmt %s: want up to three 0/1 digits (vertex sizes, vertex weights, edge weights)", quoteToken(fmtField))
			}
		}
		// Right-aligned: "1" is edge weights, "10" vertex weights, "100" sizes.
		digit := func(fromRight int) bool {
			k := len(fmtField) - 1 - fromRight
			return k >= 0 && fmtField[k] == '1'
		}
		p.edgeWeights, p.hasSize = digit(0), digit(2)
		if digit(1) {
			p.vertexWeights = 1
		}
	}
	if nf == 4 {
		ncon, msg := parseCount(f[3], "ncon")
		if msg != "" {
			return parseErrorf(p.name, line, "%s", msg)
		}
		if ncon > 1<<20 {
			return parseErrorf(p.name, line, "ncon %d is implausibly large", ncon)
		}
		if p.vertexWeights > 0 {
			p.vertexWeights = int(ncon)
		}
	}
	p.n, p.edges, p.headerLine = n, m, line
	p.arcs.weighted = p.edgeWeights
	return nil
}

// parseVertex reads the line of vertex p.vertex.
func (p *metisParser) parseVertex(text []byte, line int64) error {
	v := p.vertex
	i := 0
	// Skip the vertex size and weights: integers, not part of the graph.
	prefix := p.vertexWeights
	if p.hasSize {
		prefix++
	}
	for k := 0; k < prefix; k++ {
		s, e := nextToken(text, i)
		if s == e {
			return parseErrorf(p.name, line, "vertex %d: missing vertex size/weight fields (fmt says each line starts with %d)", v, prefix)
		}
		if _, msg := parseCount(text[s:e], "vertex size/weight"); msg != "" {
			return parseErrorf(p.name, line, "vertex %d: %s", v, msg)
		}
		i = e
	}
	for {
		s, e := nextToken(text, i)
		if s == e {
			return nil
		}
		i = e
		u, k := scanDigits(text, s)
		if k != e || k-s > maxFastDigits {
			var msg string
			if u, msg = parseCount(text[s:e], "neighbour"); msg != "" {
				return parseErrorf(p.name, line, "vertex %d: %s", v, msg)
			}
		}
		if u == 0 || u > p.n {
			return parseErrorf(p.name, line, "vertex %d: neighbour %d out of range 1..%d", v, u, p.n)
		}
		if u == v {
			return parseErrorf(p.name, line, "vertex %d lists itself: METIS graphs have no self-loops", v)
		}
		p.entries++
		if !p.edgeWeights {
			p.arcs.add(uint32(v-1), uint32(u-1))
			continue
		}
		s, e = nextToken(text, i)
		if s == e {
			return parseErrorf(p.name, line, "vertex %d: neighbour %d has no edge weight (fmt says edges are weighted)", v, u)
		}
		i = e
		w, k := scanDigits(text, s)
		if k != e || k-s > maxFastDigits {
			var msg string
			if w, msg = parseCount(text[s:e], "edge weight"); msg != "" {
				return parseErrorf(p.name, line, "vertex %d: %s (METIS edge weights are non-negative integers)", v, msg)
			}
		}
		p.arcs.addWeighted(uint32(v-1), uint32(u-1), float64(w))
	}
}

func (p *metisParser) finish() (*blockSource, error) {
	if p.headerLine == 0 {
		return nil, parseErrorf(p.name, 0, "empty file: no METIS header line (vertices edges [fmt [ncon]])")
	}
	if p.vertex < p.n {
		return nil, parseErrorf(p.name, 0, "file ends after %d vertex lines, but the header (line %d) declares %d vertices", p.vertex, p.headerLine, p.n)
	}
	if p.entries != 2*p.edges {
		return nil, parseErrorf(p.name, p.headerLine, "header declares %d edges (%d neighbour entries), but the vertex lines list %d neighbour entries", p.edges, 2*p.edges, p.entries)
	}
	p.arcs.finish()
	return &blockSource{nodes: int(p.n), weighted: p.edgeWeights, blocks: p.arcs.blocks}, nil
}
