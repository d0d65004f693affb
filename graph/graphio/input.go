package graphio

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"io"
)

// Chunk sizes of the line feeder. The first chunk is small so that small
// inputs (tests, fuzzing, tiny graphs) do not pay for megabytes of buffer;
// later chunks grow to maxChunkSize, which is large enough that per-chunk
// costs vanish and small enough to stay in L2/L3 while it is parsed.
const (
	firstChunkSize = 64 << 10
	maxChunkSize   = 4 << 20
	chunksInFlight = 3
)

// gzipMagic starts every gzip stream (RFC 1952).
var gzipMagic = []byte{0x1f, 0x8b}

// openStream returns r decompressed if it is a gzip stream, recognised by
// its magic bytes rather than by the file name. The result is buffered, so
// that the caller can peek at the (decompressed) content to tell its
// format. A gzip stream is guarded against decompression bombs (see
// bombGuard).
// guard is nil when the stream is not gzip'd.
func openStream(r io.Reader, name string) (stream *bufio.Reader, guard *bombGuard, err error) {
	counted := &countingReader{r: r}
	br := bufio.NewReaderSize(counted, 64<<10)
	magic, err := br.Peek(len(gzipMagic))
	if err != nil && err != io.EOF {
		return nil, nil, readError(name, 0, false, err)
	}
	if !bytes.Equal(magic, gzipMagic) {
		return br, nil, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, nil, readError(name, 0, true, err)
	}
	guard = &bombGuard{r: zr, compressed: counted, buffered: br}
	return bufio.NewReaderSize(guard, 64<<10), guard, nil
}

// A gzip stream's trailer states its size only modulo 2^32, and only for
// its last member (a file may hold several, as bgzip and `cat a.gz b.gz`
// make), so no header or trailer bounds what a stream expands to. What
// does: deflate never expands data more than 1032-fold, and real graph
// files are far from that (edge lists and Matrix Market compress 3- to
// 10-fold, METIS and .prkg rarely beyond 30-fold), while a bomb (zeros,
// or one short line repeated) sits near the limit. So a gzip stream may
// expand to at most maxGzipRatio times the compressed bytes read so far,
// plus gzipRatioSlack for small inputs; beyond that the read stops with an
// error long before memory or time runs out. The parsers keep their own
// bounds (line length, the .prkg header's size) on top of this.
//
// Variables only so that tests and fuzz targets can use small limits.
var (
	maxGzipRatio   int64 = 256
	gzipRatioSlack int64 = 1 << 20
)

// errGzipBomb is what bombGuard returns; readError turns it into words.
var errGzipBomb = errors.New("gzip bomb")

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n += int64(k)
	return k, err
}

// bombGuard passes on a decompressed stream until it has expanded more
// than maxGzipRatio-fold over the compressed bytes consumed.
type bombGuard struct {
	r          io.Reader
	compressed *countingReader // compressed bytes read from the input
	buffered   *bufio.Reader   // of which this many are not consumed yet
	out        int64           // decompressed bytes passed on
	off        bool            // the format bounds the stream itself
}

func (g *bombGuard) Read(p []byte) (int, error) {
	k, err := g.r.Read(p)
	g.out += int64(k)
	in := g.compressed.n - int64(g.buffered.Buffered())
	if !g.off && g.out > gzipRatioSlack+maxGzipRatio*in {
		return k, errGzipBomb
	}
	return k, err
}

// readError turns an error from reading name into a ParseError that says
// what went wrong in the words a user needs. line is the last complete line
// read before the error.
func readError(name string, line int64, gzipped bool, err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, errGzipBomb):
		return parseErrorf(name, 0, "gzip stream expands more than %d-fold (after line %d): refusing a likely decompression bomb; decompress it yourself (gzip -dc FILE | prk ... -) if it is a real graph", maxGzipRatio, line)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case gzipped && errors.Is(err, io.ErrUnexpectedEOF):
		return parseErrorf(name, 0, "gzip stream is truncated (it ends after line %d): the file is incomplete", line)
	case errors.Is(err, gzip.ErrChecksum):
		return parseErrorf(name, 0, "gzip checksum mismatch: the file is corrupt")
	case errors.Is(err, gzip.ErrHeader):
		return parseErrorf(name, 0, "invalid gzip header: the file is corrupt")
	case errors.As(err, &corrupt):
		return parseErrorf(name, 0, "corrupt gzip stream after line %d: %v", line, err)
	default:
		return parseErrorf(name, 0, "read error after line %d: %v", line, err)
	}
}

// Line length caps. A line longer than its format's cap stops the read
// with an error naming it, so that an endless line (a file of zeros,
// /dev/zero, a bomb) cannot grow memory: the feeder holds at most a few
// times the cap. Edge-list and Matrix Market lines hold one arc, so 1 MiB
// is thousands of times what any real line needs. A METIS line lists all
// the neighbours of a vertex, so a hub's line is legitimately long: its cap
// is 64 MiB, raised once the header is read to what the header allows (see
// metisParser.maxLine).
//
// Variables only so that tests and fuzz targets can use small caps.
var (
	maxTextLine  = 1 << 20
	maxMETISLine = 64 << 20
)

// textLineCap is the cap of edge lists and Matrix Market files.
func textLineCap() int { return maxTextLine }

// errLineTooLong ends a feed whose current line is longer than the cap.
var errLineTooLong = errors.New("line too long")

// feedLines runs parse over the stream's chunks of whole lines. line is the
// parser's count of lines read, used to place errors; maxLine returns the
// current cap on line length (it may grow as the parser learns more).
func feedLines(stream io.Reader, gzipped bool, name string, line *int64, maxLine func() int, parse func([]byte) error) error {
	f := newLineFeeder(stream, maxLine)
	defer f.close()
	for {
		chunk, err := f.next()
		if errors.Is(err, errLineTooLong) {
			// Every line before it has been handed out and parsed.
			return parseErrorf(name, *line+1, "line longer than %d bytes: not a graph file of this format, or a corrupt one (docs/formats.md gives the caps)", maxLine())
		}
		if err != nil {
			return readError(name, *line, gzipped, err)
		}
		if chunk == nil {
			return nil
		}
		if err := parse(chunk); err != nil {
			return err
		}
	}
}

// lineFeeder reads a stream in a goroutine and hands it out in chunks that
// hold whole lines only, so that parsing (on the caller's goroutine)
// overlaps reading and decompression, and a parser never sees a line cut in
// two. A line longer than a chunk makes the chunk grow, up to the cap on
// line length.
type lineFeeder struct {
	r    io.Reader
	out  chan feed
	free chan []byte
	stop chan struct{}
	done chan struct{}
	// maxLine is the consumer's current cap. The feeder never calls it:
	// before it holds a longer line than the cap it last heard of, it asks
	// the consumer (a feed with long set) and waits for the answer on
	// allowed, so the answer reflects every line before it.
	maxLine func() int
	allowed chan int
	// held is the chunk the consumer has, returned to free on the next call.
	held []byte
}

// feed is one delivery of the feeder: whole lines, the error that ended
// the stream, or a question: may a line be longer than long bytes?
type feed struct {
	data []byte
	err  error
	long int
}

func newLineFeeder(r io.Reader, maxLine func() int) *lineFeeder {
	f := &lineFeeder{
		r:       r,
		out:     make(chan feed, 1),
		free:    make(chan []byte, chunksInFlight),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
		maxLine: maxLine,
		allowed: make(chan int),
	}
	go f.run(maxLine())
	return f
}

// next returns the next chunk of whole lines, each ending in '\n' (a final
// line without one gets one). It returns nil, nil at the end of the stream.
// The chunk is valid until the following call of next or close.
func (f *lineFeeder) next() ([]byte, error) {
	if f.held != nil {
		f.free <- f.held[:0]
		f.held = nil
	}
	for {
		c, ok := <-f.out
		if !ok {
			return nil, nil
		}
		if c.long > 0 {
			limit := f.maxLine()
			f.allowed <- limit
			if c.long > limit {
				return nil, errLineTooLong
			}
			continue
		}
		if c.err != nil {
			return nil, c.err
		}
		f.held = c.data
		return c.data, nil
	}
}

// close stops the reading goroutine and waits for it, so that the caller
// may close or reuse the underlying reader.
func (f *lineFeeder) close() {
	close(f.stop)
	<-f.done
}

func (f *lineFeeder) send(c feed) bool {
	select {
	case f.out <- c:
		return true
	case <-f.stop:
		return false
	}
}

// mayHold asks the consumer whether a line may be longer than long bytes;
// limit is the cap the feeder knows, updated from the answer.
func (f *lineFeeder) mayHold(long int, limit *int) bool {
	if long <= *limit {
		return true
	}
	if !f.send(feed{long: long}) {
		return false
	}
	select {
	case *limit = <-f.allowed:
	case <-f.stop:
		return false
	}
	return long <= *limit
}

// buffer returns a buffer of len size: a returned one when one is big
// enough, else a new one once fewer than chunksInFlight exist.
func (f *lineFeeder) buffer(size int, allocated *int) []byte {
	for {
		if *allocated < chunksInFlight {
			*allocated++
			return make([]byte, size, size+1)
		}
		select {
		case b := <-f.free:
			if cap(b) >= size+1 {
				return b[:size]
			}
			*allocated-- // too small now: drop it and make a bigger one
		case <-f.stop:
			return nil
		}
	}
}

func (f *lineFeeder) run(limit int) {
	defer close(f.done)
	defer close(f.out)
	size := firstChunkSize
	allocated := 0
	var carry []byte // the unfinished line at the end of the previous chunk
	for {
		for size <= 2*len(carry) {
			size *= 2
		}
		buf := f.buffer(size, &allocated)
		if buf == nil {
			return
		}
		n := copy(buf, carry)
		err := readFull(f.r, buf, &n)
		eof := err == io.EOF
		if err != nil && !eof {
			f.send(feed{err: err})
			return
		}
		data := buf[:n]
		// A line longer than the cap: hand out the lines before it, then
		// (with it at the start of the buffer, every line before it
		// parsed) ask whether it may be that long.
		cut := longLine(data, limit)
		for cut == 0 {
			if !f.mayHold(limit+1, &limit) {
				return
			}
			cut = longLine(data, limit)
		}
		if cut > 0 {
			carry = append(carry[:0], data[cut:]...)
			if !f.send(feed{data: data[:cut]}) {
				return
			}
			continue
		}
		if eof {
			if n > 0 && data[n-1] != '\n' {
				data = append(data, '\n') // buffers have one spare byte for this
			}
			if n > 0 {
				f.send(feed{data: data})
			}
			return
		}
		last := bytes.LastIndexByte(data, '\n')
		if last < 0 {
			// One line fills the whole buffer: keep all of it and read on
			// into a bigger one.
			carry = append(carry[:0], data...)
			allocated-- // buf is dropped
			size *= 2
			continue
		}
		carry = append(carry[:0], data[last+1:]...)
		if !f.send(feed{data: data[:last+1]}) {
			return
		}
		if size < maxChunkSize {
			size = min(4*size, maxChunkSize)
		}
	}
}

// longLine returns the start of the first line of b longer than limit
// bytes (not counting its '\n'; an unfinished last line counts as far as
// it goes), or -1. It probes windows of limit+1 bytes from each line
// start, searching each backwards for its last '\n': every line inside a
// window that holds one is short enough, and the search usually stops
// within a line of the window's end, so the check costs little more than
// len(b)/limit calls however short the lines are.
func longLine(b []byte, limit int) int {
	for i := 0; len(b)-i > limit; {
		k := bytes.LastIndexByte(b[i:i+limit+1], '\n')
		if k < 0 {
			return i
		}
		i += k + 1
	}
	return -1
}

// readFull reads into buf[*n:] until buf is full (nil), the stream ends
// (io.EOF) or it fails. A reader that keeps returning nothing is an error
// rather than a hang.
func readFull(r io.Reader, buf []byte, n *int) error {
	empty := 0
	for *n < len(buf) {
		k, err := r.Read(buf[*n:])
		*n += k
		if err != nil {
			return err
		}
		if k == 0 {
			if empty++; empty >= 100 {
				return io.ErrNoProgress
			}
		} else {
			empty = 0
		}
	}
	return nil
}
