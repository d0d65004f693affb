package graphio

import (
	"bytes"
	"io"
	"strconv"

	"github.com/prkbench/prk/graph"
)

// mtxState is where a Matrix Market parser is in the file.
type mtxState int

const (
	mtxWantBanner mtxState = iota
	mtxWantSize
	mtxEntries
)

// mtxParser reads a Matrix Market coordinate file: a banner line, comment
// lines, a size line "rows cols entries", then one "i j [value]" line per
// entry, meaning the arc i -> j (1-based).
type mtxParser struct {
	name      string
	line      int64
	state     mtxState
	weighted  bool
	integer   bool // the field is "integer": values must be integers
	symmetric bool
	rows      uint64
	declared  uint64 // entries the size line declares
	sizeLine  int64
	entries   uint64 // entry lines read
	arcs      arcBuffer
	ids       idComments
}

// parseMatrixMarket reads a whole Matrix Market file. symmetric reports
// that the file stores each off-diagonal pair once, to be mirrored.
func parseMatrixMarket(stream io.Reader, gzipped bool, name string) (src *blockSource, symmetric bool, err error) {
	p := &mtxParser{name: name}
	err = feedLines(stream, gzipped, name, &p.line, textLineCap, func(b []byte) error {
		line := p.line
		err := eachLine(b, &line, p.parseLine)
		p.line = line
		return err
	})
	if err != nil {
		return nil, false, err
	}
	src, err = p.finish()
	return src, p.symmetric, err
}

func (p *mtxParser) parseLine(text []byte, line int64) error {
	switch p.state {
	case mtxWantBanner:
		return p.parseBanner(text, line)
	case mtxWantSize:
		if isCommentOrBlank(text, '%') {
			_, err := p.ids.parse(text, p.name, line)
			return err
		}
		return p.parseSize(text, line)
	}
	// An entry: "i j" or "i j value". This is the loop that matters for
	// speed, so the common case avoids the general tokenizer.
	i, j, w, ok := p.fastEntry(text)
	if !ok {
		if isCommentOrBlank(text, '%') {
			return nil
		}
		var msg string
		if i, j, w, msg = p.entryFields(text); msg != "" {
			return parseErrorf(p.name, line, "%s", msg)
		}
	}
	return p.addEntry(i, j, w, line)
}

// fastEntry parses an "i j" or "i j value" line of plain digits and plain
// decimals.
func (p *mtxParser) fastEntry(text []byte) (i, j uint64, w float64, ok bool) {
	s, e := nextToken(text, 0)
	i, k := scanDigits(text, s)
	if k != e || k == s || k-s > maxFastDigits {
		return 0, 0, 0, false
	}
	s, e = nextToken(text, e)
	j, k = scanDigits(text, s)
	if k != e || k == s || k-s > maxFastDigits {
		return 0, 0, 0, false
	}
	if p.weighted {
		s, e = nextToken(text, e)
		if p.integer {
			var v uint64
			if v, k = scanDigits(text, s); k != e || k == s || k-s > 15 {
				return 0, 0, 0, false
			}
			w = float64(v) // below 10^15 < 2^53: exact
		} else if w, k, ok = scanFloatFast(text, s); !ok || k != e {
			return 0, 0, 0, false
		}
	}
	if s, _ = nextToken(text, e); s != len(text) {
		return 0, 0, 0, false
	}
	return i, j, w, true
}

// entryFields parses an entry line in full and says what is wrong with it.
func (p *mtxParser) entryFields(text []byte) (i, j uint64, w float64, msg string) {
	want := 2
	if p.weighted {
		want = 3
	}
	var f [4][]byte
	if n := splitBlanks(text, f[:]); n != want {
		if p.weighted {
			return 0, 0, 0, "entry has " + strconv.Itoa(n) + " fields, want 3 (row column value)"
		}
		return 0, 0, 0, "entry has " + strconv.Itoa(n) + " fields, want 2 (row column) in a pattern matrix"
	}
	if i, msg = parseCount(f[0], "row index"); msg != "" {
		return 0, 0, 0, msg
	}
	if j, msg = parseCount(f[1], "column index"); msg != "" {
		return 0, 0, 0, msg
	}
	if p.integer {
		w, msg = parseIntegerWeight(f[2])
	} else if p.weighted {
		w, msg = parseWeight(f[2])
	}
	return i, j, w, msg
}

func (p *mtxParser) addEntry(i, j uint64, w float64, line int64) error {
	p.entries++
	if p.entries > p.declared {
		return parseErrorf(p.name, line, "more entries than the %d the size line (line %d) declares", p.declared, p.sizeLine)
	}
	if i == 0 || i > p.rows {
		return parseErrorf(p.name, line, "row index %d out of range 1..%d", i, p.rows)
	}
	if j == 0 || j > p.rows {
		return parseErrorf(p.name, line, "column index %d out of range 1..%d", j, p.rows)
	}
	if p.weighted {
		p.arcs.addWeighted(uint32(i-1), uint32(j-1), w)
	} else {
		p.arcs.add(uint32(i-1), uint32(j-1))
	}
	return nil
}

func (p *mtxParser) parseBanner(text []byte, line int64) error {
	var f [6][]byte
	n := splitBlanks(text, f[:])
	if n == 0 || !bytes.EqualFold(f[0], []byte("%%MatrixMarket")) {
		return parseErrorf(p.name, line, "not a Matrix Market file: the first line must start with %%%%MatrixMarket")
	}
	if n != 5 {
		return parseErrorf(p.name, line, "banner has %d words, want 5: %%%%MatrixMarket matrix coordinate <field> <symmetry>", n)
	}
	object, format := string(bytes.ToLower(f[1])), string(bytes.ToLower(f[2]))
	field, symmetry := string(bytes.ToLower(f[3])), string(bytes.ToLower(f[4]))
	if object != "matrix" {
		return parseErrorf(p.name, line, "unsupported Matrix Market object %q: prk reads matrices", object)
	}
	switch format {
	case "coordinate":
	case "array":
		return parseErrorf(p.name, line, "unsupported Matrix Market format \"array\" (dense): prk reads sparse \"coordinate\" matrices")
	default:
		return parseErrorf(p.name, line, "unknown Matrix Market format %q: prk reads \"coordinate\" matrices", format)
	}
	switch field {
	case "pattern":
	case "real", "double":
		p.weighted = true
	case "integer":
		p.weighted, p.integer = true, true
	case "complex":
		return parseErrorf(p.name, line, "unsupported Matrix Market field \"complex\": arc weights must be real")
	default:
		return parseErrorf(p.name, line, "unknown Matrix Market field %q: prk reads pattern, real and integer", field)
	}
	switch symmetry {
	case "general":
	case "symmetric":
		p.symmetric = true
	case "skew-symmetric", "hermitian":
		return parseErrorf(p.name, line, "unsupported Matrix Market symmetry %q: prk reads general and symmetric", symmetry)
	default:
		return parseErrorf(p.name, line, "unknown Matrix Market symmetry %q: prk reads general and symmetric", symmetry)
	}
	p.arcs.weighted = p.weighted
	p.state = mtxWantSize
	return nil
}

func (p *mtxParser) parseSize(text []byte, line int64) error {
	var f [4][]byte
	if n := splitBlanks(text, f[:]); n != 3 {
		return parseErrorf(p.name, line, "size line has %d fields, want 3 (rows columns entries)", n)
	}
	var v [3]uint64
	for k, what := range []string{"row count", "column count", "entry count"} {
		var msg string
		if v[k], msg = parseCount(f[k], what); msg != "" {
			return parseErrorf(p.name, line, "%s", msg)
		}
	}
	rows, cols, entries := v[0], v[1], v[2]
	switch {
	case rows != cols:
		return parseErrorf(p.name, line, "matrix is %d x %d: a graph needs a square matrix", rows, cols)
	case rows > graph.MaxNodes:
		return parseErrorf(p.name, line, "%d rows are more nodes than a graph can hold (%d)", rows, uint64(graph.MaxNodes))
	}
	p.rows, p.declared, p.sizeLine = rows, entries, line
	p.state = mtxEntries
	return nil
}

func (p *mtxParser) finish() (*blockSource, error) {
	switch p.state {
	case mtxWantBanner:
		return nil, parseErrorf(p.name, 0, "empty file: no %%%%MatrixMarket banner")
	case mtxWantSize:
		return nil, parseErrorf(p.name, 0, "no size line (rows columns entries) after the banner")
	}
	if p.entries != p.declared {
		return nil, parseErrorf(p.name, p.sizeLine, "the size line declares %d entries but the file holds %d", p.declared, p.entries)
	}
	p.arcs.finish()
	if int64(p.rows) > maxDenseNodes(p.arcs.arcs) {
		return nil, parseErrorf(p.name, p.sizeLine, "%d rows for only %d entries; refusing to allocate that many nodes", p.rows, p.entries)
	}
	ids, err := p.ids.settle(p.name, p.rows)
	if err != nil {
		return nil, err
	}
	return &blockSource{nodes: int(p.rows), weighted: p.weighted, blocks: p.arcs.blocks, ids: ids}, nil
}
