package graphio

import (
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/internal/atomicfile"
)

// PRKGExtension is the file name extension of prk's binary graph format.
const PRKGExtension = ".prkg"

// The .prkg format, version 1. Every number is little-endian; every array
// starts at a multiple of 8 bytes from the start of the file, so that a
// file read into 8-byte aligned memory can be used in place.
//
//	offset  size  field
//	0       4     magic "PRKG"
//	4       4     version, uint32 = 1
//	8       4     flags, uint32: bit 0 weighted, bit 1 has ids, bit 2 has
//	              an order; other bits 0
//	12      4     header size, uint32 = 40 (where the arrays start)
//	16      8     N, uint64: nodes (at most graph.MaxNodes)
//	24      8     M, uint64: arcs
//	32      8     reserved, 0
//	40            InOffsets  int64[N+1]
//	              InSources  uint32[M], then zero bytes to a multiple of 8
//	              OutDegree  uint32[N], then zero bytes to a multiple of 8
//	              InWeights  float64[M]  (weighted only)
//	              OutWeight  float64[N]  (weighted only)
//	              IDs        uint64[N]   (has ids only)
//	              Order      uint32[N]   (has an order only), then zero bytes
//	                                     to a multiple of 8
//	end-4   4     CRC-32C (Castagnoli) of every byte before it
//
// The encoding of a graph is unique: a reader accepts only files whose
// header, padding and trailer are exactly what the writer would write, so
// that anything read back re-encodes to the same bytes.
const (
	prkgMagic       = "PRKG"
	prkgVersion     = 1
	prkgHeaderSize  = 40
	prkgTrailerSize = 4

	prkgFlagWeighted = 1 << 0
	prkgFlagIDs      = 1 << 1
	// prkgFlagOrder marks a graph stored renumbered for locality
	// (graph.CSR.Order, prk convert --order): the arrays before it are of
	// the stored numbering, and Order says where each node stood in the
	// file, so that nothing before it moves for a reader of a row range.
	prkgFlagOrder  = 1 << 2
	prkgKnownFlags = prkgFlagWeighted | prkgFlagIDs | prkgFlagOrder

	// prkgMaxArcs keeps every size computation far from overflow; no
	// machine holds a graph near it.
	prkgMaxArcs = 1 << 56

	// prkgChunk is how much is read (and checksummed while still in cache)
	// at a time.
	prkgChunk = 4 << 20
	// prkgFirstBuffer is the buffer a stream starts with; it doubles as
	// data arrives, so it never holds more than twice what has been read.
	prkgFirstBuffer = 64 << 10
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// hostLittleEndian says whether arrays in memory already have the file's
// byte order, so that they can be written and read in place. A variable so
// that tests can run the portable path on a little-endian machine.
var hostLittleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// prkgLayout is where each section of a .prkg file lies, from its header.
type prkgLayout struct {
	n, m                       uint64
	weighted, hasIDs, hasOrder bool
	// Byte offsets of each array, of the trailer, and the file size.
	offsets, sources, outDegree, weights, outWeight, ids, order, trailer, size uint64
}

func pad8(x uint64) uint64 { return (x + 7) &^ 7 }

// newPRKGLayout lays out a file for n nodes and m arcs (both already
// bounded, so that no sum overflows).
func newPRKGLayout(n, m uint64, weighted, hasIDs bool) *prkgLayout {
	l := &prkgLayout{n: n, m: m, weighted: weighted, hasIDs: hasIDs}
	at := uint64(prkgHeaderSize)
	l.offsets = at
	at += 8 * (n + 1)
	l.sources = at
	at += pad8(4 * m)
	l.outDegree = at
	at += pad8(4 * n)
	l.weights, l.outWeight = at, at
	if weighted {
		at += 8 * m
		l.outWeight = at
		at += 8 * n
	}
	l.ids = at
	if hasIDs {
		at += 8 * n
	}
	l.order = at
	if l.hasOrder {
		at += pad8(4 * n)
	}
	l.trailer = at
	l.size = at + prkgTrailerSize
	return l
}

// withOrder adds (or not) the Order section after the others, so that no
// other array moves.
func (l *prkgLayout) withOrder(has bool) {
	if has == l.hasOrder {
		return
	}
	l.hasOrder = has
	if has {
		l.trailer += pad8(4 * l.n)
	} else {
		l.trailer -= pad8(4 * l.n)
	}
	l.size = l.trailer + prkgTrailerSize
}

// b2u is 1 for true and 0 for false.
func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// flags returns the header's flags word.
func (l *prkgLayout) flags() uint32 {
	var f uint32
	if l.weighted {
		f |= prkgFlagWeighted
	}
	if l.hasIDs {
		f |= prkgFlagIDs
	}
	if l.hasOrder {
		f |= prkgFlagOrder
	}
	return f
}

// header returns the 40 header bytes.
func (l *prkgLayout) header() []byte {
	h := make([]byte, prkgHeaderSize)
	copy(h, prkgMagic)
	binary.LittleEndian.PutUint32(h[4:], prkgVersion)
	binary.LittleEndian.PutUint32(h[8:], l.flags())
	binary.LittleEndian.PutUint32(h[12:], prkgHeaderSize)
	binary.LittleEndian.PutUint64(h[16:], l.n)
	binary.LittleEndian.PutUint64(h[24:], l.m)
	return h
}

// parsePRKGHeader checks the 40 bytes of h and returns the layout they
// describe. It allocates nothing that the header sizes.
func parsePRKGHeader(h []byte, name string) (*prkgLayout, error) {
	if len(h) < prkgHeaderSize {
		return nil, parseErrorf(name, 0, "truncated .prkg file: %d bytes, shorter than the %d-byte header", len(h), prkgHeaderSize)
	}
	if string(h[:4]) != prkgMagic {
		return nil, parseErrorf(name, 0, "not a .prkg file: it starts with %q, not %q", h[:4], prkgMagic)
	}
	if v := binary.LittleEndian.Uint32(h[4:]); v != prkgVersion {
		return nil, parseErrorf(name, 0, "unsupported .prkg version %d (this prk reads version %d)", v, prkgVersion)
	}
	flags := binary.LittleEndian.Uint32(h[8:])
	if flags&^prkgKnownFlags != 0 {
		return nil, parseErrorf(name, 0, "unknown .prkg flags %#x", flags&^prkgKnownFlags)
	}
	if hs := binary.LittleEndian.Uint32(h[12:]); hs != prkgHeaderSize {
		return nil, parseErrorf(name, 0, ".prkg header size %d, want %d for version %d", hs, prkgHeaderSize, prkgVersion)
	}
	n := binary.LittleEndian.Uint64(h[16:])
	m := binary.LittleEndian.Uint64(h[24:])
	if n > graph.MaxNodes {
		return nil, parseErrorf(name, 0, ".prkg header claims %d nodes, more than the %d a graph can hold", n, uint64(graph.MaxNodes))
	}
	if m > prkgMaxArcs {
		return nil, parseErrorf(name, 0, ".prkg header claims %d arcs, more than the %d a file can hold", m, uint64(prkgMaxArcs))
	}
	if r := binary.LittleEndian.Uint64(h[32:]); r != 0 {
		return nil, parseErrorf(name, 0, ".prkg reserved header field is %#x, want 0", r)
	}
	l := newPRKGLayout(n, m, flags&prkgFlagWeighted != 0, flags&prkgFlagIDs != 0)
	l.withOrder(flags&prkgFlagOrder != 0)
	if l.size > math.MaxInt {
		return nil, parseErrorf(name, 0, ".prkg file of %d nodes and %d arcs would be %d bytes, too large for this machine", n, m, l.size)
	}
	return l, nil
}

// alignedBuffer returns a zeroed byte slice of length size whose first byte
// is 8-byte aligned (it is the memory of a []uint64).
func alignedBuffer(size int) []byte {
	if size == 0 {
		return []byte{}
	}
	words := make([]uint64, (size+7)/8)
	return unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), size)
}

// view returns buf[off:off+count*size(T)] as a []T, without copying: buf
// must be 8-byte aligned and in the host's byte order. A zero count gives
// an empty, non-nil slice.
func view[T uint32 | int64 | uint64 | float64](buf []byte, off, count uint64) []T {
	if count == 0 {
		return []T{}
	}
	var zero T
	b := buf[off : off+count*uint64(unsafe.Sizeof(zero))]
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), count)
}

// decodeArray returns count little-endian values of T from buf at off, in
// a fresh slice: the portable path of view.
func decodeArray[T uint32 | int64 | uint64 | float64](buf []byte, off, count uint64) []T {
	out := make([]T, count)
	var zero T
	switch any(zero).(type) {
	case uint32:
		for i := range out {
			out[i] = T(binary.LittleEndian.Uint32(buf[off+4*uint64(i):]))
		}
	case int64:
		for i := range out {
			out[i] = T(int64(binary.LittleEndian.Uint64(buf[off+8*uint64(i):])))
		}
	case uint64:
		for i := range out {
			out[i] = T(binary.LittleEndian.Uint64(buf[off+8*uint64(i):]))
		}
	case float64:
		f := any(out).([]float64)
		for i := range f {
			f[i] = math.Float64frombits(binary.LittleEndian.Uint64(buf[off+8*uint64(i):]))
		}
	}
	return out
}

// array returns an array of the file, in place where the host allows.
func array[T uint32 | int64 | uint64 | float64](buf []byte, off, count uint64) []T {
	if hostLittleEndian {
		return view[T](buf, off, count)
	}
	return decodeArray[T](buf, off, count)
}

// decodePRKGBody turns a whole file (buf, 8-byte aligned, len == l.size)
// into a graph. crc is the CRC-32C of buf[:l.trailer], computed by the
// caller while reading. The graph's arrays may share buf's memory.
func decodePRKGBody(buf []byte, l *prkgLayout, crc uint32, name string) (*graph.CSR, error) {
	if stored := binary.LittleEndian.Uint32(buf[l.trailer:]); stored != crc {
		return nil, parseErrorf(name, 0, ".prkg checksum mismatch (stored %08x, computed %08x): the file is corrupt", stored, crc)
	}
	for _, p := range [][2]uint64{{l.sources + 4*l.m, l.outDegree}, {l.outDegree + 4*l.n, l.weights}, {l.order + 4*l.n*b2u(l.hasOrder), l.trailer}} {
		for _, b := range buf[p[0]:p[1]] {
			if b != 0 {
				return nil, parseErrorf(name, 0, ".prkg padding at bytes %d..%d is not zero", p[0], p[1])
			}
		}
	}
	g := &graph.CSR{
		N:         int(l.n),
		InOffsets: array[int64](buf, l.offsets, l.n+1),
		InSources: array[uint32](buf, l.sources, l.m),
		OutDegree: array[uint32](buf, l.outDegree, l.n),
	}
	if l.weighted {
		g.InWeights = array[float64](buf, l.weights, l.m)
		g.OutWeight = array[float64](buf, l.outWeight, l.n)
	}
	if l.hasIDs {
		g.IDs = array[uint64](buf, l.ids, l.n)
	}
	if l.hasOrder {
		g.Order = array[uint32](buf, l.order, l.n)
	}
	if err := checkPRKGGraph(g); err != nil {
		return nil, parseErrorf(name, 0, "invalid .prkg graph: %v", err)
	}
	return g, nil
}

// sameSum reports whether stored may be a sum of the d non-negative terms
// that sum adds up in some order. Summing d non-negative floats in any
// order is within (d-1)·2^-53 of the exact sum, relatively, so two orders
// differ by less than d·2^-52 of the larger: a graph summed by a builder
// in another order passes, a stored value that is wrong does not.
func sameSum(stored, sum float64, d uint32) bool {
	if stored == sum {
		return true
	}
	return math.Abs(stored-sum) <= float64(d)*0x1p-52*max(stored, sum)
}

// checkPRKGGraph checks every invariant docs/formats.md promises of a
// .prkg graph, naming the one broken: array lengths; offsets start at 0,
// never decrease and end at M; sources below N and ascending within a row;
// weights finite and non-negative (and not -0, which the writer never
// stores); each stored out-degree equal to the count of the node's arcs;
// each stored out-weight equal to the sum of its arcs' weights (up to the
// rounding of summing them in another order: sameSum), so 0 for a node
// without out-arcs; ids strictly ascending. Degrees and weights are
// recomputed in one pass over the arcs.
func checkPRKGGraph(g *graph.CSR) error {
	n := g.N
	switch {
	case n < 0 || int64(n) > graph.MaxNodes:
		return fmt.Errorf("node count %d out of range", n)
	case len(g.InOffsets) != n+1:
		return fmt.Errorf("%d offsets for %d nodes, want %d", len(g.InOffsets), n, n+1)
	case len(g.OutDegree) != n:
		return fmt.Errorf("%d out-degrees for %d nodes", len(g.OutDegree), n)
	case (g.InWeights == nil) != (g.OutWeight == nil):
		return errors.New("arc weights and out-weights must be both present or both absent")
	case g.InWeights != nil && (len(g.InWeights) != len(g.InSources) || len(g.OutWeight) != n):
		return fmt.Errorf("%d arc weights and %d out-weights for %d arcs and %d nodes", len(g.InWeights), len(g.OutWeight), len(g.InSources), n)
	case g.IDs != nil && len(g.IDs) != n:
		return fmt.Errorf("%d ids for %d nodes", len(g.IDs), n)
	}
	m := int64(len(g.InSources))
	if g.InOffsets[0] != 0 {
		return fmt.Errorf("offsets must start at 0, the first is %d", g.InOffsets[0])
	}
	if g.InOffsets[n] != m {
		return fmt.Errorf("offsets must end at the arc count %d, the last is %d", m, g.InOffsets[n])
	}
	degree := make([]uint32, n)
	var sum []float64
	if g.InWeights != nil {
		sum = make([]float64, n)
	}
	for i := range n {
		lo, hi := g.InOffsets[i], g.InOffsets[i+1]
		if hi < lo || hi > m {
			return fmt.Errorf("offsets must never decrease and stay within 0..%d: node %d's arcs run from %d to %d", m, i, lo, hi)
		}
		for k := lo; k < hi; k++ {
			s := g.InSources[k]
			if int64(s) >= int64(n) {
				return fmt.Errorf("sources must be below N = %d: arc %d into node %d has source %d", n, k, i, s)
			}
			if k > lo && s < g.InSources[k-1] {
				return fmt.Errorf("sources must ascend within a node's in-arcs: node %d, arc %d", i, k)
			}
			if degree[s] == math.MaxUint32 {
				return fmt.Errorf("node %d has more than %d out-arcs (out-degrees are uint32)", s, uint32(math.MaxUint32))
			}
			degree[s]++
			if sum != nil {
				w := g.InWeights[k]
				if !(w >= 0 && w <= math.MaxFloat64) || math.Signbit(w) {
					return fmt.Errorf("arc weights must be finite and non-negative: arc %d (%d -> %d) has weight %v", k, s, i, w)
				}
				sum[s] += w
			}
		}
	}
	for j := range n {
		if g.OutDegree[j] != degree[j] {
			return fmt.Errorf("node %d's stored out-degree %d differs from its %d out-arcs", j, g.OutDegree[j], degree[j])
		}
		if sum == nil {
			continue
		}
		if math.IsInf(sum[j], 0) {
			return fmt.Errorf("node %d's out-arcs' weights add up to +Inf", j)
		}
		if w := g.OutWeight[j]; !(w >= 0 && w <= math.MaxFloat64) || math.Signbit(w) {
			return fmt.Errorf("node %d has out-weight %v: out-weights must be finite and non-negative", j, w)
		}
		if w := g.OutWeight[j]; !sameSum(w, sum[j], degree[j]) {
			return fmt.Errorf("node %d's stored out-weight %v is not %v, the sum of its %d out-arcs' weights", j, w, sum[j], degree[j])
		}
	}
	for i := 1; i < len(g.IDs); i++ {
		if g.IDs[i] <= g.IDs[i-1] {
			return fmt.Errorf("ids must be strictly ascending: node %d has id %d after %d", i, g.IDs[i], g.IDs[i-1])
		}
	}
	return graph.CheckOrder(g.Order, n)
}

// prkgReadError describes an error from reading name after got bytes.
func prkgReadError(name string, got uint64, err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return parseErrorf(name, 0, "stream is truncated (it ends after %d bytes of .prkg data)", got)
	case errors.Is(err, gzip.ErrChecksum):
		return parseErrorf(name, 0, "gzip checksum mismatch: the file is corrupt")
	case errors.Is(err, gzip.ErrHeader):
		return parseErrorf(name, 0, "invalid gzip header: the file is corrupt")
	case errors.As(err, &corrupt):
		return parseErrorf(name, 0, "corrupt gzip stream after %d bytes of .prkg data: %v", got, err)
	}
	return parseErrorf(name, 0, "read error after %d bytes: %v", got, err)
}

func prkgTruncated(name string, l *prkgLayout, got uint64) error {
	return parseErrorf(name, 0, "truncated .prkg file: its header (%d nodes, %d arcs) says it holds %d bytes, but it ends after %d",
		l.n, l.m, l.size, got)
}

// DecodePRKG reads a .prkg graph from r; name is used in errors. It reads
// the stream in bounded chunks, growing its buffer only as data arrives, so
// a header that claims a huge graph costs nothing before the data shows it
// is there. Every problem is a *ParseError naming name: a bad magic,
// version, flag or header field, a file shorter or longer than its header
// says, a checksum mismatch, non-zero padding, or a graph that breaks an
// invariant of the format (checkPRKGGraph: offsets that are not monotone,
// sources out of range, out-degrees or out-weights that disagree with the
// arcs, ids not ascending, ...). gzip'd input is the caller's to
// decompress.
func DecodePRKG(r io.Reader, name string) (*graph.CSR, error) {
	var hdr [prkgHeaderSize]byte
	n, err := io.ReadFull(r, hdr[:])
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return nil, parseErrorf(name, 0, "truncated .prkg file: %d bytes, shorter than the %d-byte header", n, prkgHeaderSize)
	}
	if err != nil {
		return nil, prkgReadError(name, uint64(n), err)
	}
	l, err := parsePRKGHeader(hdr[:], name)
	if err != nil {
		return nil, err
	}
	size := int(l.size)
	buf := alignedBuffer(min(size, prkgFirstBuffer))
	copy(buf, hdr[:])
	crc := crc32.Update(0, castagnoli, hdr[:])
	got := prkgHeaderSize
	trailer := int(l.trailer)
	for got < size {
		if got == len(buf) {
			bigger := alignedBuffer(min(size, 2*len(buf)))
			copy(bigger, buf)
			buf = bigger
		}
		end := min(len(buf), got+prkgChunk)
		k, err := io.ReadFull(r, buf[got:end])
		if got < trailer {
			crc = crc32.Update(crc, castagnoli, buf[got:min(got+k, trailer)])
		}
		got += k
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, prkgTruncated(name, l, uint64(got))
		}
		if err != nil {
			return nil, prkgReadError(name, uint64(got), err)
		}
	}
	var extra [1]byte
	switch k, err := io.ReadFull(r, extra[:]); {
	case k > 0:
		return nil, parseErrorf(name, 0, "data after the end of the .prkg file (its header says it holds %d bytes)", l.size)
	case err != io.EOF:
		return nil, prkgReadError(name, uint64(got), err)
	}
	return decodePRKGBody(buf, l, crc, name)
}

// ReadPRKG reads the .prkg file at path (plain or gzip'd; "-" is stdin).
// It is Load with Format FormatPRKG; see readPRKGFile for the fast path a
// plain regular file takes. Errors are as for DecodePRKG.
func ReadPRKG(path string) (*graph.CSR, error) {
	return Load(path, LoadOptions{Format: FormatPRKG})
}

// readPRKGFile reads the plain .prkg regular file f, of size bytes, opened
// once by the caller. It is read whole into one 8-byte aligned buffer by
// parallel ReadAt calls (they leave f's offset alone), checksummed, and (on
// a little-endian machine) its arrays become the graph's slices in place,
// with no per-element decoding: loading runs at close to the speed of the
// read itself. The size is checked against the header before the buffer
// is allocated; ctx is checked between chunks.
func readPRKGFile(ctx context.Context, f *os.File, size int64, path string) (*graph.CSR, error) {
	var hdr [prkgHeaderSize]byte
	n, err := f.ReadAt(hdr[:], 0)
	if n < prkgHeaderSize && (err == nil || err == io.EOF) {
		return nil, parseErrorf(path, 0, "truncated .prkg file: %d bytes, shorter than the %d-byte header", n, prkgHeaderSize)
	}
	if err != nil && err != io.EOF {
		return nil, prkgReadError(path, uint64(n), err)
	}
	l, err := parsePRKGHeader(hdr[:], path)
	if err != nil {
		return nil, err
	}
	if uint64(size) < l.size {
		return nil, prkgTruncated(path, l, uint64(size))
	}
	if uint64(size) > l.size {
		return nil, parseErrorf(path, 0, "data after the end of the .prkg file: it has %d bytes, its header says %d", size, l.size)
	}
	buf := alignedBuffer(int(l.size))
	copy(buf, hdr[:])
	if err := readAtParallel(ctx, f, buf, prkgHeaderSize, path, l); err != nil {
		return nil, err
	}
	crc := crc32.Update(0, castagnoli, buf[:l.trailer])
	return decodePRKGBody(buf, l, crc, path)
}

// readAtParallel fills buf[from:] from the same offsets of f, cutting it
// into chunks that several goroutines read at once: most of the cost of
// reading a cached file into fresh memory is faulting that memory in,
// which spreads across cores.
func readAtParallel(ctx context.Context, f *os.File, buf []byte, from int, path string, l *prkgLayout) error {
	chunks := (len(buf) - from + prkgChunk - 1) / prkgChunk
	workers := min(runtime.GOMAXPROCS(0), chunks, 8)
	var next atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				lo := from + c*prkgChunk
				hi := min(len(buf), lo+prkgChunk)
				k, err := f.ReadAt(buf[lo:hi], int64(lo))
				if err == io.EOF || (err == nil && k < hi-lo) {
					// The file shrank under us.
					errs[w] = prkgTruncated(path, l, uint64(lo+k))
					return
				}
				if err != nil {
					errs[w] = prkgReadError(path, uint64(lo+k), err)
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// EncodePRKG writes g to w in the .prkg format. It refuses a graph that
// fails Validate or has an out-weight that is negative, not finite, or
// non-zero on a node without out-arcs, since no reader would accept the
// file. On a little-endian machine the arrays go to w as they lie in
// memory, without a copy.
func EncodePRKG(w io.Writer, g *graph.CSR) error {
	if err := checkPRKGGraph(g); err != nil {
		return fmt.Errorf("prkg: not writing an invalid graph: %w", err)
	}
	n, m := uint64(g.N), uint64(g.Arcs())
	l := newPRKGLayout(n, m, g.InWeights != nil, g.IDs != nil)
	l.withOrder(g.Order != nil)
	e := &prkgEncoder{w: w}
	e.write(l.header())
	writeArray(e, g.InOffsets)
	writeArray(e, g.InSources)
	e.pad(4 * m)
	writeArray(e, g.OutDegree)
	e.pad(4 * n)
	if l.weighted {
		writeArray(e, g.InWeights)
		writeArray(e, g.OutWeight)
	}
	if l.hasIDs {
		writeArray(e, g.IDs)
	}
	if l.hasOrder {
		writeArray(e, g.Order)
		e.pad(4 * n)
	}
	var trailer [prkgTrailerSize]byte
	binary.LittleEndian.PutUint32(trailer[:], e.crc)
	e.write(trailer[:])
	if e.err != nil {
		return fmt.Errorf("prkg: %w", e.err)
	}
	return nil
}

// prkgEncoder writes to w, keeping the CRC of everything written and the
// first error.
type prkgEncoder struct {
	w       io.Writer
	crc     uint32
	err     error
	scratch []byte
}

func (e *prkgEncoder) write(b []byte) {
	if e.err != nil || len(b) == 0 {
		return
	}
	e.crc = crc32.Update(e.crc, castagnoli, b)
	_, e.err = e.w.Write(b)
}

// pad writes the zero bytes that bring an array of size bytes to a
// multiple of 8.
func (e *prkgEncoder) pad(size uint64) {
	var zeros [8]byte
	e.write(zeros[:pad8(size)-size])
}

// writeArray writes s little-endian: in place on a little-endian host, else
// through a scratch buffer.
func writeArray[T uint32 | int64 | uint64 | float64](e *prkgEncoder, s []T) {
	if len(s) == 0 {
		return
	}
	size := int(unsafe.Sizeof(s[0]))
	if hostLittleEndian {
		e.write(unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*size))
		return
	}
	if e.scratch == nil {
		e.scratch = make([]byte, 0, 64<<10)
	}
	for len(s) > 0 {
		k := min(len(s), cap(e.scratch)/size)
		b := e.scratch[:0]
		for _, v := range s[:k] {
			switch x := any(v).(type) {
			case uint32:
				b = binary.LittleEndian.AppendUint32(b, x)
			case int64:
				b = binary.LittleEndian.AppendUint64(b, uint64(x))
			case uint64:
				b = binary.LittleEndian.AppendUint64(b, x)
			case float64:
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
			}
		}
		e.write(b)
		s = s[k:]
	}
}

// WritePRKG writes g to the .prkg file at path. It writes a temporary file
// in the same directory, syncs it and renames it into place, so a failed
// write leaves no file (and no partial one) under path.
func WritePRKG(path string, g *graph.CSR) error {
	if err := checkPRKGGraph(g); err != nil {
		return fmt.Errorf("%s: not writing an invalid graph: %w", path, err)
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		if err := EncodePRKG(w, g); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		return nil
	})
}
