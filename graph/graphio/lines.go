package graphio

import "bytes"

// eachLine calls fn for every line of b (whole lines, ending in '\n'),
// without the '\n', counting lines in *line. It stops at fn's first error.
func eachLine(b []byte, line *int64, fn func(text []byte, line int64) error) error {
	for len(b) > 0 {
		end := bytes.IndexByte(b, '\n')
		if end < 0 {
			end = len(b)
		}
		*line++
		if err := fn(b[:end], *line); err != nil {
			return err
		}
		b = b[min(end+1, len(b)):]
	}
	return nil
}

// nextToken finds the first token of text at or after i: text[start:end].
// start == end == len(text) when no token is left.
func nextToken(text []byte, i int) (start, end int) {
	for i < len(text) && isBlank(text[i]) {
		i++
	}
	start = i
	for i < len(text) && !isBlank(text[i]) {
		i++
	}
	return start, i
}

// splitBlanks stores up to len(out) blank-separated tokens of text in out
// and returns how many there are in all.
func splitBlanks(text []byte, out [][]byte) int {
	n := 0
	for i := 0; ; {
		start, end := nextToken(text, i)
		if start == end {
			return n
		}
		if n < len(out) {
			out[n] = text[start:end]
		}
		n++
		i = end
	}
}

// isCommentOrBlank reports whether a line is blank or starts (after
// blanks) with the comment character c.
func isCommentOrBlank(text []byte, c byte) bool {
	start, end := nextToken(text, 0)
	return start == end || text[start] == c
}
