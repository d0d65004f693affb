package kernel

import (
	"fmt"
)

// SegmentWidth is the number of sources in one window of a Segments
// layout: 2^16, so a source is a 16-bit index into its window and the
// window's contributions (512 KiB in float64, 256 KiB in float32) stay in a
// core's L2 cache while the window's arcs are summed.
const SegmentWidth = 1 << 16

// Segments is a block of rows' in-arcs cut by source window (CSR
// segmenting, as in Zhang et al.'s Cagra): the arcs whose sources lie in
// window w = source / SegmentWidth are summed together, so the random reads
// of the contribution vector fall inside one cache-sized window at a time,
// and each source costs two bytes instead of four.
//
// A pair is a (window, row) with at least one arc: pairs first[w] up to
// first[w+1] are window w's, in ascending row order; pair p adds the
// contributions of sources SegmentWidth*w + index[offsets[p]:offsets[p+1]]
// into row rows[p] (relative to the block's first row).
//
// The fields are unexported so that the only Segments are NewSegments's,
// checked once: the assembly kernels read them without bounds checks.
type Segments struct {
	// rowCount is the number of rows of the block.
	rowCount int
	// first has one entry per window plus one.
	first []int
	// rows is each pair's row, relative to the block.
	rows []uint32
	// offsets has one entry per pair plus one; it indexes index and weights.
	offsets []int64
	// index is each arc's source within its window.
	index []uint16
	// weights is nil for an unweighted block, else each arc's weight,
	// parallel to index.
	weights []float64
}

// Windows returns the number of source windows.
func (s *Segments) Windows() int { return len(s.first) - 1 }

// Rows returns the number of rows of the block.
func (s *Segments) Rows() int { return s.rowCount }

// Arcs returns the number of arcs.
func (s *Segments) Arcs() int64 { return int64(len(s.index)) }

// Pairs returns the number of (window, row) pairs.
func (s *Segments) Pairs() int { return len(s.rows) }

// Bytes returns the memory the layout occupies.
func (s *Segments) Bytes() int64 {
	return int64(len(s.first))*8 + int64(len(s.rows))*4 + int64(len(s.offsets))*8 +
		int64(len(s.index))*2 + int64(len(s.weights))*8
}

// blockArcs checks the ends of a block's offsets against its arrays (each
// builder checks every row as it goes) and returns the rows and the range
// of arcs; op names the builder in the error.
func blockArcs(op string, offsets []int64, sources []uint32, weights []float64) (rows int, lo, hi int64, err error) {
	if len(offsets) == 0 {
		return 0, 0, 0, fmt.Errorf("kernel: %s: offsets is empty", op)
	}
	rows = len(offsets) - 1
	lo, hi = offsets[0], offsets[rows]
	if lo < 0 || hi < lo || hi > int64(len(sources)) || (weights != nil && hi > int64(len(weights))) {
		return 0, 0, 0, fmt.Errorf("kernel: %s: offsets [%d, %d] outside the arcs", op, lo, hi)
	}
	return rows, lo, hi, nil
}

// indexPad is how many zero indices follow the last one, so that a kernel
// may load 8 indices (16 bytes) from any arc's position.
const indexPad = 8

// PaddedLen returns the length a contribution vector of n entries needs
// for a Segments layout: whole windows, so a window's 16-bit indices never
// reach past the vector's end.
func PaddedLen(n int) int {
	return (n + SegmentWidth - 1) / SegmentWidth * SegmentWidth
}

// NewSegments builds the Segments of the block of rows whose in-arcs are
// sources[offsets[r]:offsets[r+1]] (offsets as in a CSR block: one more
// entry than rows, values index sources and weights), over a graph of n
// nodes. weights may be nil. It checks what the kernels will rely on:
// offsets within sources and never decreasing, every row's sources
// ascending (as in a valid graph.CSR) and below n.
func NewSegments(offsets []int64, sources []uint32, weights []float64, n int) (*Segments, error) {
	return newSegments(offsets, sources, weights, n, nil)
}

// newSegments is NewSegments over the arcs of the windows w with keep[w]
// (every window when keep is nil); the other arcs are checked, not kept.
func newSegments(offsets []int64, sources []uint32, weights []float64, n int, keep []bool) (*Segments, error) {
	rows, _, _, err := blockArcs("NewSegments", offsets, sources, weights)
	if err != nil {
		return nil, err
	}
	windows := PaddedLen(n) / SegmentWidth
	kept := func(w int) bool { return keep == nil || keep[w] }
	// Pass 1: count the pairs and arcs of each window, checking every arc.
	pairsOf := make([]int, windows+1)
	var arcs int64
	for r := range rows {
		a, b := offsets[r], offsets[r+1]
		if b < a {
			return nil, fmt.Errorf("kernel: NewSegments: offsets decrease at row %d", r)
		}
		last := -1
		for _, s := range sources[a:b] {
			if int64(s) >= int64(n) {
				return nil, fmt.Errorf("kernel: NewSegments: row %d has source %d, not below %d", r, s, n)
			}
			if w := int(s / SegmentWidth); w != last {
				if w < last {
					return nil, fmt.Errorf("kernel: NewSegments: row %d's sources are not ascending", r)
				}
				if kept(w) {
					pairsOf[w+1]++
				}
				last = w
			}
			if kept(int(s / SegmentWidth)) {
				arcs++
			}
		}
	}
	first := make([]int, windows+1)
	for w := range windows {
		first[w+1] = first[w] + pairsOf[w+1]
	}
	pairs := first[windows]
	seg := &Segments{
		rowCount: rows,
		first:    first,
		rows:     make([]uint32, pairs),
		offsets:  make([]int64, pairs+1),
		// Room past the end for a vector kernel's last 16-byte index load.
		index: make([]uint16, arcs, arcs+indexPad),
	}
	if weights != nil {
		seg.weights = make([]float64, arcs)
	}
	// Pass 2: each pair's row and arc count.
	next := make([]int, windows)
	copy(next, first[:windows])
	counts := make([]int64, pairs)
	for r := range rows {
		last, p := -1, -1
		for _, s := range sources[offsets[r]:offsets[r+1]] {
			w := int(s / SegmentWidth)
			if !kept(w) {
				continue
			}
			if w != last {
				p = next[w]
				next[w]++
				seg.rows[p] = uint32(r)
				last = w
			}
			counts[p]++
		}
	}
	for p := range pairs {
		seg.offsets[p+1] = seg.offsets[p] + counts[p]
	}
	// Pass 3: place each arc's window index (and weight).
	copy(next, first[:windows])
	pos := counts // reuse: pos[p] is where pair p's next arc goes
	copy(pos, seg.offsets[:pairs])
	for r := range rows {
		last, p := -1, -1
		for k := offsets[r]; k < offsets[r+1]; k++ {
			s := sources[k]
			w := int(s / SegmentWidth)
			if !kept(w) {
				continue
			}
			if w != last {
				p = next[w]
				next[w]++
				last = w
			}
			seg.index[pos[p]] = uint16(s % SegmentWidth)
			if weights != nil {
				seg.weights[pos[p]] = weights[k]
			}
			pos[p]++
		}
	}
	return seg, nil
}

// segmentSumsGeneric adds, for every pair of seg, the contributions of its
// arcs into acc[row], summed in float64 in four chains; acc holds the
// block's rows and is added to, not set. c is the whole contribution
// vector, padded to PaddedLen. float32 and float64 have different GC shapes,
// so each gets its own compiled copy, with no dictionary on the hot path.
func segmentSumsGeneric[T float32 | float64](acc []float64, c []T, seg *Segments) {
	acc = acc[:seg.rowCount]
	for w := range seg.Windows() {
		cw := (*[SegmentWidth]T)(c[w*SegmentWidth:])
		for p := seg.first[w]; p < seg.first[w+1]; p++ {
			idx := seg.index[seg.offsets[p]:seg.offsets[p+1]]
			var s0, s1, s2, s3 float64
			k := 0
			for ; k+4 <= len(idx); k += 4 {
				q := idx[k : k+4 : k+4]
				s0 += float64(cw[q[0]])
				s1 += float64(cw[q[1]])
				s2 += float64(cw[q[2]])
				s3 += float64(cw[q[3]])
			}
			for ; k < len(idx); k++ {
				s0 += float64(cw[idx[k]])
			}
			acc[seg.rows[p]] += (s0 + s1) + (s2 + s3)
		}
	}
}

// weightedSegmentSumsGeneric is segmentSumsGeneric with each arc's weight.
func weightedSegmentSumsGeneric[T float32 | float64](acc []float64, c []T, seg *Segments) {
	acc = acc[:seg.rowCount]
	for w := range seg.Windows() {
		cw := (*[SegmentWidth]T)(c[w*SegmentWidth:])
		for p := seg.first[w]; p < seg.first[w+1]; p++ {
			lo, hi := seg.offsets[p], seg.offsets[p+1]
			ws := seg.weights[lo:hi]
			sum := 0.0
			for k, j := range seg.index[lo:hi] {
				sum += ws[k] * float64(cw[j])
			}
			acc[seg.rows[p]] += sum
		}
	}
}
