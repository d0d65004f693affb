package graphio

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
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
// its magic bytes rather than by the file name.
func openStream(r io.Reader, name string) (stream io.Reader, gzipped bool, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, err := br.Peek(len(gzipMagic))
	if err != nil && err != io.EOF {
		return nil, false, readError(name, 0, false, err)
	}
	if !bytes.Equal(magic, gzipMagic) {
		return br, false, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, true, readError(name, 0, true, err)
	}
	return zr, true, nil
}

// readError turns an error from reading name into a ParseError that says
// what went wrong in the words a user needs. line is the last complete line
// read before the error.
func readError(name string, line int64, gzipped bool, err error) error {
	var corrupt flate.CorruptInputError
	switch {
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

// feedLines runs parse over the stream's chunks of whole lines. line is the
// parser's count of lines read, used to place read errors.
func feedLines(stream io.Reader, gzipped bool, name string, line *int64, parse func([]byte) error) error {
	f := newLineFeeder(stream)
	defer f.close()
	for {
		chunk, err := f.next()
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
// two. A line longer than a chunk makes the chunk grow; the stream, not a
// header, bounds that growth.
type lineFeeder struct {
	r    io.Reader
	out  chan feed
	free chan []byte
	stop chan struct{}
	done chan struct{}
	// held is the chunk the consumer has, returned to free on the next call.
	held []byte
}

// feed is one delivery of the feeder: whole lines, or the error that ended
// the stream.
type feed struct {
	data []byte
	err  error
}

func newLineFeeder(r io.Reader) *lineFeeder {
	f := &lineFeeder{
		r:    r,
		out:  make(chan feed, 1),
		free: make(chan []byte, chunksInFlight),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	go f.run()
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
	c, ok := <-f.out
	if !ok {
		return nil, nil
	}
	if c.err != nil {
		return nil, c.err
	}
	f.held = c.data
	return c.data, nil
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

func (f *lineFeeder) run() {
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
		if err == io.EOF {
			data := buf[:n]
			if n > 0 && data[n-1] != '\n' {
				data = append(data, '\n') // buffers have one spare byte for this
			}
			if n > 0 && !f.send(feed{data: data}) {
				return
			}
			return
		}
		if err != nil {
			f.send(feed{err: err})
			return
		}
		last := bytes.LastIndexByte(buf, '\n')
		if last < 0 {
			// One line fills the whole buffer: keep all of it and read on
			// into a bigger one.
			carry = append(carry[:0], buf...)
			allocated-- // buf is dropped
			size *= 2
			continue
		}
		carry = append(carry[:0], buf[last+1:]...)
		if !f.send(feed{data: buf[:last+1]}) {
			return
		}
		if size < maxChunkSize {
			size = min(4*size, maxChunkSize)
		}
	}
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
