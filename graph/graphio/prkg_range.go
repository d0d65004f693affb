package graphio

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"unsafe"

	"github.com/prkbench/prk/graph"
)

// PRKGFile is a plain .prkg file opened for reading parts of it: a process
// of a distributed solve reads the offsets, then only its own rows' arcs,
// with ReadAt, never the rest (the format puts InOffsets at a fixed place,
// so a row range's arcs lie at known byte ranges of each array).
//
// # What a part read checks
//
// The header, and the file size against it, when opened; all N+1 offsets
// (Offsets: they start at 0, never decrease and end at M); in Rows, every
// source of the rows' arcs below N and ascending within a row, every
// weight and out-weight of the rows finite and non-negative; in IDs, ids
// strictly ascending. What a part cannot check alone is whether the stored
// out-degrees and out-weights agree with the arcs of every part (the mpi
// strategy checks that with all the parts together) and the checksum: the
// file's one CRC-32C covers every byte, so nobody who reads only a part can
// verify it. VerifyChecksum streams the whole file through the CRC in
// chunks, holding none of it (memory O(1), time one sequential read): prk's
// mpi runs do that on rank 0 while the ranks read their parts. Nor are the
// padding bytes between arrays read (a file whose checksum verifies is as
// the writer wrote it, padding included).
type PRKGFile struct {
	f    *os.File
	path string
	l    *prkgLayout
}

// PRKGRows is rows [Lo, Hi) of a .prkg graph: the rows' in-arcs and the
// out-degrees (and out-weights) of the nodes Lo..Hi-1.
type PRKGRows struct {
	Lo, Hi int
	// InOffsets has Hi-Lo+1 entries as stored in the file: row Lo+i's
	// arcs are InSources[InOffsets[i]-InOffsets[0] : InOffsets[i+1]-InOffsets[0]].
	InOffsets []int64
	InSources []uint32
	InWeights []float64 // nil unless weighted
	OutDegree []uint32
	OutWeight []float64 // nil unless weighted
}

// OpenPRKG opens the plain (not gzip'd) .prkg file at path for reading
// parts, checking its header and its size against the header.
func OpenPRKG(path string) (*PRKGFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	p, err := openPRKG(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	return p, nil
}

func openPRKG(f *os.File, path string) (*PRKGFile, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, parseErrorf(path, 0, "reading part of a .prkg file needs a regular file, not %v", fi.Mode().Type())
	}
	var hdr [prkgHeaderSize]byte
	n, err := f.ReadAt(hdr[:], 0)
	if n < prkgHeaderSize {
		if n >= 2 && hdr[0] == 0x1f && hdr[1] == 0x8b {
			return nil, parseErrorf(path, 0, "a gzip'd .prkg file cannot be read in parts; decompress it first")
		}
		if err == nil || err == io.EOF {
			return nil, parseErrorf(path, 0, "truncated .prkg file: %d bytes, shorter than the %d-byte header", n, prkgHeaderSize)
		}
		return nil, prkgReadError(path, uint64(n), err)
	}
	if hdr[0] == 0x1f && hdr[1] == 0x8b {
		return nil, parseErrorf(path, 0, "a gzip'd .prkg file cannot be read in parts; decompress it first")
	}
	l, err := parsePRKGHeader(hdr[:], path)
	if err != nil {
		return nil, err
	}
	switch size := uint64(fi.Size()); {
	case size < l.size:
		return nil, prkgTruncated(path, l, size)
	case size > l.size:
		return nil, parseErrorf(path, 0, "data after the end of the .prkg file: it has %d bytes, its header says %d", size, l.size)
	}
	return &PRKGFile{f: f, path: path, l: l}, nil
}

// Close closes the file.
func (p *PRKGFile) Close() error { return p.f.Close() }

// N returns the number of nodes.
func (p *PRKGFile) N() int { return int(p.l.n) }

// Arcs returns the number of arcs.
func (p *PRKGFile) Arcs() int64 { return int64(p.l.m) }

// Weighted reports whether the file has arc weights.
func (p *PRKGFile) Weighted() bool { return p.l.weighted }

// HasIDs reports whether the file stores node ids.
func (p *PRKGFile) HasIDs() bool { return p.l.hasIDs }

// readArray reads count values of T at byte offset off.
func readArray[T uint32 | int64 | uint64 | float64](p *PRKGFile, off, count uint64) ([]T, error) {
	var zero T
	size := count * uint64(unsafe.Sizeof(zero))
	buf := alignedBuffer(int(size))
	if k, err := p.f.ReadAt(buf, int64(off)); uint64(k) < size {
		if err == nil || err == io.EOF {
			return nil, prkgTruncated(p.path, p.l, off+uint64(k))
		}
		return nil, prkgReadError(p.path, off+uint64(k), err)
	}
	return array[T](buf, 0, count), nil
}

// Offsets reads and checks all N+1 in-offsets (8 bytes per node): they
// start at 0, never decrease and end at the arc count.
func (p *PRKGFile) Offsets() ([]int64, error) {
	off, err := readArray[int64](p, p.l.offsets, p.l.n+1)
	if err != nil {
		return nil, err
	}
	if off[0] != 0 {
		return nil, parseErrorf(p.path, 0, "invalid .prkg graph: offsets must start at 0, the first is %d", off[0])
	}
	m := int64(p.l.m)
	for i := 1; i < len(off); i++ {
		if off[i] < off[i-1] || off[i] > m {
			return nil, parseErrorf(p.path, 0, "invalid .prkg graph: offsets must never decrease and stay within 0..%d: node %d's arcs run from %d to %d", m, i-1, off[i-1], off[i])
		}
	}
	if off[p.l.n] != m {
		return nil, parseErrorf(p.path, 0, "invalid .prkg graph: offsets must end at the arc count %d, the last is %d", m, off[p.l.n])
	}
	return off, nil
}

// Rows reads rows [lo, hi) given the offsets Offsets returned, reading only
// their bytes of each array, and checks them (see PRKGFile).
func (p *PRKGFile) Rows(offsets []int64, lo, hi int) (*PRKGRows, error) {
	n := p.N()
	if len(offsets) != n+1 {
		return nil, fmt.Errorf("%s: %d offsets for %d nodes", p.path, len(offsets), n)
	}
	if lo < 0 || hi < lo || hi > n {
		return nil, fmt.Errorf("%s: rows [%d, %d) outside the %d nodes", p.path, lo, hi, n)
	}
	a, b := uint64(offsets[lo]), uint64(offsets[hi])
	r := &PRKGRows{Lo: lo, Hi: hi, InOffsets: offsets[lo : hi+1]}
	var err error
	if r.InSources, err = readArray[uint32](p, p.l.sources+4*a, b-a); err != nil {
		return nil, err
	}
	if r.OutDegree, err = readArray[uint32](p, p.l.outDegree+4*uint64(lo), uint64(hi-lo)); err != nil {
		return nil, err
	}
	if p.l.weighted {
		if r.InWeights, err = readArray[float64](p, p.l.weights+8*a, b-a); err != nil {
			return nil, err
		}
		if r.OutWeight, err = readArray[float64](p, p.l.outWeight+8*uint64(lo), uint64(hi-lo)); err != nil {
			return nil, err
		}
	}
	if err := r.check(n); err != nil {
		return nil, parseErrorf(p.path, 0, "invalid .prkg graph: %v", err)
	}
	return r, nil
}

// check checks what checkPRKGGraph checks of the rows alone.
func (r *PRKGRows) check(n int) error {
	base := r.InOffsets[0]
	for i := range r.Hi - r.Lo {
		from, to := r.InOffsets[i]-base, r.InOffsets[i+1]-base
		for k := from; k < to; k++ {
			s := r.InSources[k]
			if int64(s) >= int64(n) {
				return fmt.Errorf("sources must be below N = %d: arc %d into node %d has source %d", n, base+k, r.Lo+i, s)
			}
			if k > from && s < r.InSources[k-1] {
				return fmt.Errorf("sources must ascend within a node's in-arcs: node %d, arc %d", r.Lo+i, base+k)
			}
			if r.InWeights != nil {
				if w := r.InWeights[k]; !(w >= 0 && w <= math.MaxFloat64) || math.Signbit(w) {
					return fmt.Errorf("arc weights must be finite and non-negative: arc %d (%d -> %d) has weight %v", base+k, s, r.Lo+i, w)
				}
			}
		}
	}
	for i, w := range r.OutWeight {
		if !(w >= 0 && w <= math.MaxFloat64) || math.Signbit(w) {
			return fmt.Errorf("node %d has out-weight %v: out-weights must be finite and non-negative", r.Lo+i, w)
		}
	}
	return nil
}

// IDs reads the file's node ids (8 bytes per node), checking that they
// ascend strictly; nil for a file without ids.
func (p *PRKGFile) IDs() ([]uint64, error) {
	if !p.l.hasIDs {
		return nil, nil
	}
	ids, err := readArray[uint64](p, p.l.ids, p.l.n)
	if err != nil {
		return nil, err
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			return nil, parseErrorf(p.path, 0, "invalid .prkg graph: ids must be strictly ascending: node %d has id %d after %d", i, ids[i], ids[i-1])
		}
	}
	return ids, nil
}

// Order reads the file's stored order (graph.CSR.Order, 4 bytes per node),
// checking that it is a permutation; nil for a file stored in its own
// order.
func (p *PRKGFile) Order() ([]uint32, error) {
	if !p.l.hasOrder {
		return nil, nil
	}
	ord, err := readArray[uint32](p, p.l.order, p.l.n)
	if err != nil {
		return nil, err
	}
	if err := graph.CheckOrder(ord, int(p.l.n)); err != nil {
		return nil, parseErrorf(p.path, 0, "invalid .prkg graph: %v", err)
	}
	return ord, nil
}

// VerifyChecksum streams the whole file through CRC-32C, prkgChunk bytes
// at a time, and compares it with the stored checksum; ctx is checked
// between chunks.
func (p *PRKGFile) VerifyChecksum(ctx context.Context) error {
	buf := make([]byte, prkgChunk)
	crc := uint32(0)
	for at := uint64(0); at < p.l.trailer; {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := buf[:min(uint64(len(buf)), p.l.trailer-at)]
		k, err := p.f.ReadAt(chunk, int64(at))
		if k < len(chunk) {
			if err == nil || err == io.EOF {
				return prkgTruncated(p.path, p.l, at+uint64(k))
			}
			return prkgReadError(p.path, at+uint64(k), err)
		}
		crc = crc32.Update(crc, castagnoli, chunk)
		at += uint64(k)
	}
	var tr [prkgTrailerSize]byte
	if k, err := p.f.ReadAt(tr[:], int64(p.l.trailer)); k < len(tr) {
		return prkgReadError(p.path, p.l.trailer+uint64(k), err)
	}
	if stored := binary.LittleEndian.Uint32(tr[:]); stored != crc {
		return parseErrorf(p.path, 0, ".prkg checksum mismatch (stored %08x, computed %08x): the file is corrupt", stored, crc)
	}
	return nil
}
