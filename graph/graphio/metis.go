package graphio

import (
	"context"
	"io"
	"sort"

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
	// Vertex lines follow each other except where comment lines come
	// between them; jumps records where (vertex, line) that happens, so
	// that an error found after parsing can name a vertex's line.
	jumps          []vertexLine
	lastVertexLine int64
	ids            idComments
}

// vertexLine says that vertex v (1-based) is on line line.
type vertexLine struct {
	v    uint64
	line int64
}

// lineOf returns the line of vertex v (1-based).
func (p *metisParser) lineOf(v uint64) int64 {
	k := sort.Search(len(p.jumps), func(k int) bool { return p.jumps[k].v > v }) - 1
	if k < 0 {
		return 0
	}
	return p.jumps[k].line + int64(v-p.jumps[k].v)
}

// decodeMETIS reads and builds a METIS graph and checks that it is
// undirected: every edge listed from both ends, with the same weight. The
// graph is built without opts.Build.Undirected, which could only hide an
// asymmetric file (and a symmetric one needs no mirroring).
func decodeMETIS(ctx context.Context, stream io.Reader, gzipped bool, name string, opts LoadOptions) (*graph.CSR, error) {
	p, src, err := parseMETIS(stream, gzipped, name)
	if err != nil {
		return nil, err
	}
	build := opts.Build
	build.Undirected = false
	g, err := buildSource(ctx, src, build, name)
	if err != nil {
		return nil, err
	}
	if a := findAsymmetry(g, transpose(g)); a != nil {
		return nil, p.asymmetryError(g, a)
	}
	return g, nil
}

// asymmetryError names the lines of an edge that is not listed the same
// way from both ends.
func (p *metisParser) asymmetryError(g *graph.CSR, a *asymmetry) error {
	u, v := uint64(a.from)+1, uint64(a.to)+1 // 1-based, as in the file
	if a.weights {
		return parseErrorf(p.name, p.lineOf(u), "vertex %d lists %d with edge weight %v, but vertex %d (line %d) lists %d with weight %v: an edge has one weight",
			u, v, a.w, v, p.lineOf(v), u, a.back)
	}
	return parseErrorf(p.name, p.lineOf(u), "vertex %d lists %d, but vertex %d (line %d) does not list %d: METIS graphs are undirected, every edge is listed from both ends",
		u, v, v, p.lineOf(v), u)
}

// parseMETIS reads a whole METIS graph file.
func parseMETIS(stream io.Reader, gzipped bool, name string) (*metisParser, *blockSource, error) {
	p := &metisParser{name: name}
	err := feedLines(stream, gzipped, name, &p.line, p.maxLine, func(b []byte) error {
		line := p.line
		err := eachLine(b, &line, p.parseLine)
		p.line = line
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	src, err := p.finish()
	return p, src, err
}

// maxMETISHugeLine is the most a METIS header can raise the line cap to.
const maxMETISHugeLine = 1 << 30

// maxLine is the cap on line length: maxMETISLine until the header is
// read, then enough for a vertex adjacent to every other vertex the header
// allows (at most min(n-1, 2m) neighbours, 64 bytes each with its weight
// and blanks, which is twice what the longest numbers need), up to
// maxMETISHugeLine.
func (p *metisParser) maxLine() int {
	if p.headerLine == 0 || p.n == 0 {
		return maxMETISLine
	}
	k := min(p.n-1, 2*p.edges) + 1 + uint64(p.vertexWeights)
	return int(min(max(uint64(maxMETISLine), 64*k), maxMETISHugeLine))
}

func (p *metisParser) parseLine(text []byte, line int64) error {
	if len(text) > 0 && text[0] == '%' {
		if p.headerLine == 0 {
			_, err := p.ids.parse(text, p.name, line)
			return err
		}
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
	if line != p.lastVertexLine+1 {
		p.jumps = append(p.jumps, vertexLine{p.vertex, line})
	}
	p.lastVertexLine = line
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
	ids, err := p.ids.settle(p.name, p.n)
	if err != nil {
		return nil, err
	}
	return &blockSource{nodes: int(p.n), weighted: p.edgeWeights, blocks: p.arcs.blocks, ids: ids}, nil
}
