package subprocess

import (
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"unsafe"

	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

// The block codec: how a worker's block of the graph travels at set-up,
// and how the vectors of an iteration are laid out in bytes. Both
// transports use it: the block always crosses the command pipe as the
// array stream below; the contribution vector is the same bytes whether it
// rides in an iterate frame (pipes) or lives in the shared mapping.
//
// The array stream after a set-up frame holds, each padded to 8 bytes:
// row offsets (rows+1 i64, rebased to 0), out-degrees (rows u32), sources
// (arcs u32), then if weighted arc weights (arcs f64) and out-weights (rows
// f64), if personalized the teleport (rows f64), and with pipes the
// block of the start vector (rows f64). It is cut into data frames of at
// most dataChunk bytes.

// encodeBlock writes b's arrays to the stream; start is the whole start
// vector when the worker keeps its block of it (pipes), else nil.
func encodeBlock(d *dataWriter, b *strategy.Block, start []float64) error {
	rows := b.Rows()
	// Offsets go rebased to start at 0: the worker's Sources holds only
	// the block's arcs.
	base := b.Offsets[0]
	for _, o := range b.Offsets {
		d.putUint64(uint64(o - base))
	}
	lo, hi := b.Offsets[0], b.Offsets[rows]
	d.bytes(uint32Bytes(b.OutDegree))
	d.bytes(uint32Bytes(b.Sources[lo:hi]))
	if b.Weights != nil {
		d.bytes(float64Bytes(b.Weights[lo:hi]))
		d.bytes(float64Bytes(b.OutWeight))
	}
	if b.Teleport != nil {
		d.bytes(float64Bytes(b.Teleport))
	}
	if start != nil {
		d.bytes(float64Bytes(start[b.Lo:b.Hi]))
	}
	return d.flush()
}

// decodeBlock reads the arrays su announces and checks what the kernels
// trust of them; with the segmented layout it builds the block's segments
// here, from the checked arrays. It returns the block and, with pipes, the
// block of the start vector.
func decodeBlock(d *dataReader, su *setup) (blk strategy.Block, start []float64, err error) {
	rows := su.rows()
	blk = strategy.Block{Lo: int(su.lo), Hi: int(su.hi), N: int(su.n), Damping: su.damping}
	if blk.Offsets, err = readArray[int64](d, rows+1); err != nil {
		return blk, nil, err
	}
	if blk.OutDegree, err = readArray[uint32](d, rows); err != nil {
		return blk, nil, err
	}
	if blk.Sources, err = readArray[uint32](d, su.arcs); err != nil {
		return blk, nil, err
	}
	if su.flags&setupWeighted != 0 {
		if blk.Weights, err = readArray[float64](d, su.arcs); err != nil {
			return blk, nil, err
		}
		if blk.OutWeight, err = readArray[float64](d, rows); err != nil {
			return blk, nil, err
		}
	}
	if su.flags&setupPersonalized != 0 {
		if blk.Teleport, err = readArray[float64](d, rows); err != nil {
			return blk, nil, err
		}
	}
	if su.flags&setupShared == 0 {
		if start, err = readArray[float64](d, rows); err != nil {
			return blk, nil, err
		}
	}
	if d.left != 0 || d.frameLeft != 0 {
		return blk, nil, protocolErrorf("set-up: %d data bytes left over", d.left+d.frameLeft)
	}
	if err := checkBlock(&blk, su.arcs); err != nil {
		return blk, nil, fmt.Errorf("set-up: %w", err)
	}
	switch {
	case su.flags&setupSegmented != 0 && su.flags&setupBlocked != 0:
		blk.Segments, blk.Tiles, err = kernel.NewHybrid(blk.Offsets, blk.Sources, blk.Weights, blk.N, strategy.HybridMinArcs)
	case su.flags&setupSegmented != 0:
		blk.Segments, err = kernel.NewSegments(blk.Offsets, blk.Sources, blk.Weights, blk.N)
	case su.flags&setupBlocked != 0:
		blk.Tiles, err = kernel.NewTiles(blk.Offsets, blk.Sources, blk.Weights, blk.N)
	}
	if err != nil {
		return blk, nil, protocolErrorf("set-up: %v", err)
	}
	return blk, start, nil
}

// tileRows is the most rows of a tile of a worker's block (as the
// in-process strategies' tiles): a tile's new scores are still in cache
// when the worker turns them into contributions.
const tileRows = 4096

// tiles cuts b into blocks of at most tileRows rows, views of b's arrays;
// a windowed block (segmented, blocked) stays whole: its windows span all
// its rows.
func tiles(b *strategy.Block) []strategy.Block {
	rows := b.Rows()
	if b.Windowed() || rows <= tileRows {
		return []strategy.Block{*b}
	}
	var ts []strategy.Block
	for a := 0; a < rows; a += tileRows {
		e := min(a+tileRows, rows)
		t := *b
		t.Lo, t.Hi = b.Lo+a, b.Lo+e
		t.Offsets = b.Offsets[a : e+1]
		t.OutDegree = b.OutDegree[a:e]
		if b.OutWeight != nil {
			t.OutWeight = b.OutWeight[a:e]
		}
		if b.Teleport != nil {
			t.Teleport = b.Teleport[a:e]
		}
		ts = append(ts, t)
	}
	return ts
}

// checkBlock checks what the kernels rely on: offsets that rise from 0 to
// arcs and sources below N.
func checkBlock(b *strategy.Block, arcs uint64) error {
	if b.Offsets[0] != 0 || uint64(b.Offsets[len(b.Offsets)-1]) != arcs {
		return protocolErrorf("offsets run from %d to %d, want 0 to %d", b.Offsets[0], b.Offsets[len(b.Offsets)-1], arcs)
	}
	for r := 1; r < len(b.Offsets); r++ {
		if b.Offsets[r] < b.Offsets[r-1] {
			return protocolErrorf("offsets fall at row %d", b.Lo+r-1)
		}
	}
	n := uint32(b.N - 1)
	for k, src := range b.Sources {
		if src > n {
			return protocolErrorf("arc %d has source %d, beyond %d nodes", k, src, b.N)
		}
	}
	return nil
}

// contribsOf views 8-byte-aligned memory as a contribution vector of
// length entries, float32 when f32 is set.
func contribsOf(b []byte, length int, f32 bool) strategy.Contribs {
	if f32 {
		if length == 0 {
			return strategy.Contribs{F32: []float32{}}
		}
		_ = b[length*4-1]
		return strategy.Contribs{F32: unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), length)}
	}
	if length == 0 {
		return strategy.Contribs{F64: []float64{}}
	}
	return strategy.Contribs{F64: float64sOf(b, length)}
}

// dataWriter writes the array stream as data frames from one buffer.
type dataWriter struct {
	s   *subprocess
	w   *worker
	r   *round
	buf []byte // header + up to dataChunk bytes
	n   int    // bytes in buf after the header
	err error
}

func (d *dataWriter) putUint64(v uint64) {
	binary.LittleEndian.PutUint64(d.buf[frameHeaderSize+d.n:], v)
	d.n += 8
	if d.n == dataChunk {
		d.flush()
	}
}

// bytes appends p, then zeros up to a multiple of 8 bytes. The chunk size
// is a multiple of 8, so a chunk is always flushed at an 8-byte boundary.
func (d *dataWriter) bytes(p []byte) {
	pad := int(pad8(uint64(len(p)))) - len(p)
	for len(p) > 0 {
		k := copy(d.buf[frameHeaderSize+d.n:frameHeaderSize+dataChunk], p)
		d.n += k
		p = p[k:]
		if d.n == dataChunk {
			d.flush()
		}
	}
	clear(d.buf[frameHeaderSize+d.n : frameHeaderSize+d.n+pad])
	d.n += pad
	if d.n == dataChunk {
		d.flush()
	}
}

// flush sends the buffered bytes as one data frame. After an error it
// only discards them: the round reports the error.
func (d *dataWriter) flush() error {
	if d.err == nil && d.n > 0 {
		putHeader(d.buf, msgData, d.n)
		d.r.extend(d.w)
		d.err = d.s.write(d.w, d.buf[:frameHeaderSize+d.n])
	}
	d.n = 0
	return d.err
}

// dataReader reads the array stream that follows a set-up frame from data
// frames, checking each frame against the bytes still expected.
type dataReader struct {
	r         io.Reader
	buf       []byte // scratch for frame headers
	left      uint64 // stream bytes not yet announced by a frame header
	frameLeft uint64 // bytes of the current data frame not yet read
}

// read fills p from the stream.
func (d *dataReader) read(p []byte) error {
	for len(p) > 0 {
		if d.frameLeft == 0 {
			if d.left == 0 {
				return protocolErrorf("set-up: the array data is shorter than announced")
			}
			t, n, err := readHeader(d.r, d.buf)
			if err != nil {
				return fmt.Errorf("set-up data: %w", err)
			}
			if t != msgData || n == 0 || n > dataChunk || n > d.left {
				return protocolErrorf("set-up: got a %v frame of %d bytes, want data of 1 to %d bytes", t, n, min(d.left, dataChunk))
			}
			d.left -= n
			d.frameLeft = n
		}
		k := min(uint64(len(p)), d.frameLeft)
		if _, err := io.ReadFull(d.r, p[:k]); err != nil {
			return fmt.Errorf("set-up data: %w", err)
		}
		p = p[k:]
		d.frameLeft -= k
	}
	return nil
}

// readArray reads count elements from the stream, then the padding to 8
// bytes. The array grows as data arrives, so a set-up frame that claims
// more than is sent costs no more memory than what was sent.
func readArray[T int64 | uint32 | float64](d *dataReader, count uint64) ([]T, error) {
	var zero T
	size := uint64(unsafe.Sizeof(zero))
	const first = 1 << 13
	v := make([]T, 0, min(count, first))
	for uint64(len(v)) < count {
		k := min(count-uint64(len(v)), max(uint64(len(v)), first))
		old := len(v)
		v = slices.Grow(v, int(k))[:old+int(k)]
		if err := d.read(unsafe.Slice((*byte)(unsafe.Pointer(&v[old])), k*size)); err != nil {
			return nil, err
		}
	}
	if pad := pad8(count*size) - count*size; pad > 0 {
		var z [8]byte
		if err := d.read(z[:pad]); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// readInto reads len bytes from r into *dst, growing *dst while it is
// shorter (only the first time), so a claimed size costs memory only as
// its bytes arrive. *dst is 8-byte aligned.
func readInto(r io.Reader, dst *[]byte, n uint64) error {
	if uint64(len(*dst)) == n {
		_, err := io.ReadFull(r, *dst)
		return err
	}
	const first = 1 << 16
	v := frameBuffer(int(min(n, first)))[:0]
	for uint64(len(v)) < n {
		k := min(n-uint64(len(v)), max(uint64(len(v)), first))
		old := len(v)
		if uint64(cap(v)) < uint64(old)+k {
			grown := frameBuffer(old + int(k))
			copy(grown, v)
			v = grown[:old]
		}
		v = v[:old+int(k)]
		if _, err := io.ReadFull(r, v[old:]); err != nil {
			return err
		}
	}
	*dst = v
	return nil
}
