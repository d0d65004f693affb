package graphio

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
)

// StdinName is how errors name the standard input, which Load reads when
// the path is "-".
const StdinName = "stdin"

// input is an opened graph file (or stdin), opened once and read as one
// stream.
type input struct {
	f       *os.File
	name    string
	regular bool  // a regular file: reads never block, ReadAt works
	size    int64 // of a regular file
	stdin   bool  // not ours to close
}

func (in *input) Close() error {
	if in.stdin {
		return nil
	}
	return in.f.Close()
}

// openInput opens path, or stdin for "-". Opening a FIFO blocks until a
// writer opens it, so anything but a regular file is opened in a goroutine
// that ctx can abandon: the caller gets ctx.Err() at once, and the
// goroutine closes the file if the open ever completes.
func openInput(ctx context.Context, path string) (*input, error) {
	if path == "-" {
		return statInput(&input{f: os.Stdin, name: StdinName, stdin: true})
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory, not a graph file", path)
	}
	if st.Mode().IsRegular() {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		return statInput(&input{f: f, name: path})
	}
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		if o.err != nil {
			return nil, o.err
		}
		return statInput(&input{f: o.f, name: path})
	case <-ctx.Done():
		go func() {
			if o := <-done; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// statInput records what kind of file in.f is (from the open file, not the
// path, which may have changed since).
func statInput(in *input) (*input, error) {
	st, err := in.f.Stat()
	if err != nil {
		in.Close()
		return nil, fmt.Errorf("%s: %w", in.name, err)
	}
	in.regular = st.Mode().IsRegular()
	in.size = st.Size()
	return in, nil
}

// reader returns in's content as a reader that stops with ctx.Err() soon
// after ctx is cancelled.
func (in *input) reader(ctx context.Context) io.Reader {
	return cancellable(ctx, in.f, in.regular)
}

// cancellable wraps r so that reading it stops once ctx is cancelled. A
// reader that never blocks for long (memory, a regular file) is checked
// before each read; any other (a pipe, a FIFO, a terminal, a socket) is
// read in a helper goroutine that a cancelled ctx abandons.
func cancellable(ctx context.Context, r io.Reader, regular bool) io.Reader {
	switch r.(type) {
	case *bytes.Reader, *strings.Reader, *bytes.Buffer:
		regular = true
	}
	if regular {
		return contextReader{ctx, r}
	}
	return &asyncReader{ctx: ctx, r: r, res: make(chan asyncResult, 1)}
}

// asyncReaderBuffer bounds one read of an asyncReader.
const asyncReaderBuffer = 1 << 20

// asyncReader performs each Read of r in a goroutine of its own, into a
// buffer of its own, and waits for it or for ctx. When ctx wins, the read
// goes on in the background (a blocking read(2) cannot be interrupted
// portably) but writes only into the reader's private buffer, and every
// later Read returns ctx.Err().
type asyncReader struct {
	ctx     context.Context
	r       io.Reader
	buf     []byte
	res     chan asyncResult
	pending bool
	err     error
}

type asyncResult struct {
	n   int
	err error
}

func (a *asyncReader) Read(p []byte) (int, error) {
	if a.err != nil {
		return 0, a.err
	}
	if err := a.ctx.Err(); err != nil {
		a.err = err
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if !a.pending {
		size := min(len(p), asyncReaderBuffer)
		if cap(a.buf) < size {
			a.buf = make([]byte, size)
		}
		buf, r, res := a.buf[:size], a.r, a.res
		a.pending = true
		go func() {
			n, err := r.Read(buf)
			res <- asyncResult{n, err}
		}()
	}
	select {
	case r := <-a.res:
		a.pending = false
		n := copy(p, a.buf[:r.n])
		reportRead(a.ctx, n)
		return n, r.err
	case <-a.ctx.Done():
		a.err = a.ctx.Err()
		return 0, a.err
	}
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

// sniffFormat tells a graph's format from the start of its (decompressed)
// content: what prk writes always says what it is (the .prkg magic, the
// Matrix Market banner, the comment prk starts its edge lists and METIS
// files with). It returns "" when the content does not say.
func sniffFormat(br *bufio.Reader) string {
	head, _ := br.Peek(64)
	lower := bytes.ToLower(head)
	switch {
	case bytes.HasPrefix(head, []byte(prkgMagic)):
		return FormatPRKG
	case bytes.HasPrefix(lower, []byte("%%matrixmarket")):
		return FormatMTX
	case bytes.HasPrefix(head, []byte(prkEdgeListHeader)):
		return FormatEdgeList
	case bytes.HasPrefix(head, []byte(prkMETISHeader)):
		return FormatMETIS
	}
	return ""
}
