package graphio

import (
	"fmt"
	"strconv"
)

// ParseError is a problem with the content of a graph file: what is wrong,
// and where.
type ParseError struct {
	// File is the name of the file (or stream) the problem is in.
	File string
	// Line is the 1-based line the problem is on; 0 means the problem is
	// with the file as a whole (it is empty, truncated, or a count in its
	// header disagrees with its body at the end).
	Line int64
	// Msg says what is wrong.
	Msg string
}

// Error returns "FILE:LINE: MSG", or "FILE: MSG" for a whole-file problem.
func (e *ParseError) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Msg
	}
	return e.File + ":" + strconv.FormatInt(e.Line, 10) + ": " + e.Msg
}

func parseErrorf(file string, line int64, format string, args ...any) *ParseError {
	return &ParseError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// quoteToken quotes a token for an error message, shortened so that a
// megabyte-long garbage line does not become a megabyte-long error.
func quoteToken(tok []byte) string {
	const max = 40
	if len(tok) > max {
		return strconv.Quote(string(tok[:max])) + "..."
	}
	return strconv.Quote(string(tok))
}
