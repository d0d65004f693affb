package graphio

import (
	"bytes"
	"strconv"
)

// Matrix Market and METIS number nodes 1..N and have no place for other
// ids, so prk writes the file ids of a renumbered graph (CSR.IDs) as
// comment lines before the size or header line, node by node in order:
//
//	% prk ids: 17 23 1000000000000 ...
//
// at most idsPerLine per line. Other programs skip them as comments; prk
// reads them back, so the graph keeps its ids through these formats too.
const (
	prkIDsComment = "% prk ids:"
	idsPerLine    = 1000
)

// writeIDComments writes g's ids, if it has any, as prkIDsComment lines.
func writeIDComments(t *textWriter, ids []uint64) {
	for k, id := range ids {
		if k%idsPerLine == 0 {
			if k > 0 {
				t.buf = append(t.buf, '\n')
			}
			t.buf = append(t.buf, prkIDsComment...)
		}
		t.buf = append(t.buf, ' ')
		t.buf = strconv.AppendUint(t.buf, id, 10)
		t.maybeFlush()
	}
	if len(ids) > 0 {
		t.buf = append(t.buf, '\n')
	}
}

// idComments collects the ids of prkIDsComment lines.
type idComments struct {
	ids  []uint64
	line int64 // the first such line, 0 when there is none
}

// parse reads text if it is a prkIDsComment line and reports whether it
// was one.
func (c *idComments) parse(text []byte, name string, line int64) (bool, error) {
	if !bytes.HasPrefix(text, []byte(prkIDsComment)) {
		return false, nil
	}
	if c.line == 0 {
		c.line = line
	}
	rest := text[len(prkIDsComment):]
	for i := 0; ; {
		s, e := nextToken(rest, i)
		if s == e {
			return true, nil
		}
		id, msg := parseID(rest[s:e], ^uint64(0), "")
		if msg != "" {
			return true, parseErrorf(name, line, "%s", msg)
		}
		if n := len(c.ids); n > 0 && id <= c.ids[n-1] {
			return true, parseErrorf(name, line, "id %d after %d: the ids of %q lines must ascend", id, c.ids[n-1], prkIDsComment)
		}
		c.ids = append(c.ids, id)
		i = e
	}
}

// settle returns the ids for a graph of n nodes: nil when the file gave
// none, or all n of them.
func (c *idComments) settle(name string, n uint64) ([]uint64, error) {
	if c.line == 0 {
		return nil, nil
	}
	if uint64(len(c.ids)) != n {
		return nil, parseErrorf(name, c.line, "%q lines give %d ids for %d nodes", prkIDsComment, len(c.ids), n)
	}
	return c.ids, nil
}
