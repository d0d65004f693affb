package graphio

import (
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/prkbench/prk/graph"
)

const (
	// maxBlockArcs is the size of a full arc block: big enough that the
	// builder's per-part overhead vanishes, small enough that blocks spread
	// evenly over workers.
	maxBlockArcs = 1 << 16
	// firstBlockArcs is the size of the first block; blocks double up to
	// maxBlockArcs so that tiny graphs stay tiny.
	firstBlockArcs = 1 << 10
	// narrowLimit bounds the ids a block stores as uint32. The ids of a
	// dense graph are at most graph.MaxNodes-1 = narrowLimit-1, so only
	// files whose ids get renumbered ever need wide blocks.
	narrowLimit = math.MaxUint32
	// bitmapSlack and bitmapPerArc decide when renumbering uses a bitmap
	// over 0..max id (12 bytes per 64 ids) rather than sorting the ids
	// (16 bytes per arc plus a sort): a bitmap is used while it costs no
	// more than about 12 bytes per arc.
	bitmapSlack  = 1 << 24
	bitmapPerArc = 64
)

// arcBlock is a run of parsed arcs. Before the ids are settled it holds the
// file's ids: as uint32 in src/dst, or as uint64 in src64/dst64 when one of
// them does not fit (then src/dst are nil). Afterwards src/dst hold dense
// node ids and the block is one part of a graph.ArcSource.
type arcBlock struct {
	src, dst     []uint32
	src64, dst64 []uint64
	w            []float64
}

func (b *arcBlock) wide() bool { return b.src64 != nil }

func (b *arcBlock) len() int {
	if b.wide() {
		return len(b.src64)
	}
	return len(b.src)
}

// arcBuffer collects parsed arcs in blocks: no per-arc allocation, no
// copying as it grows, and uint32 ids wherever they fit.
type arcBuffer struct {
	weighted bool
	blocks   []arcBlock // finished blocks, sliced to their length
	cur      arcBlock   // the block being filled, at full capacity
	n        int        // arcs in cur
	started  bool
	arcs     int64  // arcs in blocks
	hi       uint64 // the largest id added
	// nodes are ids the file names without arcs (prk's isolated-node
	// lines); renumbering counts them as nodes.
	nodes []uint64
}

// addNode records id as a node, with or without arcs.
func (a *arcBuffer) addNode(id uint64) {
	a.hi = max(a.hi, id)
	a.nodes = append(a.nodes, id)
}

// add appends the arc s -> d (ids below narrowLimit) of an unweighted graph.
func (a *arcBuffer) add(s, d uint32) {
	a.hi = max(a.hi, uint64(s), uint64(d))
	n := a.n
	if n >= len(a.cur.src) || n >= len(a.cur.dst) {
		a.addSlow(uint64(s), uint64(d), 0)
		return
	}
	a.cur.src[n] = s
	a.cur.dst[n] = d
	a.n = n + 1
}

// addWeighted appends the arc s -> d with weight w (ids below narrowLimit).
func (a *arcBuffer) addWeighted(s, d uint32, w float64) {
	a.hi = max(a.hi, uint64(s), uint64(d))
	n := a.n
	if n >= len(a.cur.src) || n >= len(a.cur.dst) || n >= len(a.cur.w) {
		a.addSlow(uint64(s), uint64(d), w)
		return
	}
	a.cur.src[n] = s
	a.cur.dst[n] = d
	a.cur.w[n] = w
	a.n = n + 1
}

// addSlow appends any arc: it starts a new block when the current one is
// full and widens the current block when an id does not fit in uint32.
func (a *arcBuffer) addSlow(s, d uint64, w float64) {
	a.hi = max(a.hi, s, d)
	if !a.started || a.n == a.cur.len() {
		a.newBlock()
	}
	if !a.cur.wide() && max(s, d) >= narrowLimit {
		a.widen()
	}
	if a.cur.wide() {
		a.cur.src64[a.n] = s
		a.cur.dst64[a.n] = d
	} else {
		a.cur.src[a.n] = uint32(s)
		a.cur.dst[a.n] = uint32(d)
	}
	if a.weighted {
		a.cur.w[a.n] = w
	}
	a.n++
}

func (a *arcBuffer) newBlock() {
	size := firstBlockArcs
	if a.started {
		size = min(2*a.cur.len(), maxBlockArcs)
		a.finishBlock()
	}
	a.started = true
	a.cur = arcBlock{src: make([]uint32, size), dst: make([]uint32, size)}
	if a.weighted {
		a.cur.w = make([]float64, size)
	}
	a.n = 0
}

// widen turns the current block into one of uint64 ids.
func (a *arcBuffer) widen() {
	size := a.cur.len()
	src64, dst64 := make([]uint64, size), make([]uint64, size)
	for k := 0; k < a.n; k++ {
		src64[k] = uint64(a.cur.src[k])
		dst64[k] = uint64(a.cur.dst[k])
	}
	a.cur.src, a.cur.dst = nil, nil
	a.cur.src64, a.cur.dst64 = src64, dst64
}

func (a *arcBuffer) finishBlock() {
	if a.n == 0 {
		return
	}
	b := a.cur
	if b.wide() {
		b.src64, b.dst64 = b.src64[:a.n:a.n], b.dst64[:a.n:a.n]
	} else {
		b.src, b.dst = b.src[:a.n:a.n], b.dst[:a.n:a.n]
	}
	if b.w != nil {
		b.w = b.w[:a.n:a.n]
	}
	a.blocks = append(a.blocks, b)
	a.arcs += int64(a.n)
	a.n = 0
}

// finish closes the current block; after it the buffer holds a.arcs arcs
// in a.blocks.
func (a *arcBuffer) finish() {
	if a.started {
		a.finishBlock()
		a.cur = arcBlock{}
		a.started = false
	}
}

// anyWide reports whether some block holds ids beyond uint32.
func (a *arcBuffer) anyWide() bool {
	for i := range a.blocks {
		if a.blocks[i].wide() {
			return true
		}
	}
	return false
}

// impliedNodeSlack is how many nodes beyond 64 per arc a file may imply
// (through --ids dense or a Matrix Market size line) without holding them:
// a 60-byte file may make a graph of 65,536 nodes, not of millions.
const impliedNodeSlack = 1 << 16

// maxDenseNodes is the largest node count the arcs of a file with arcs arcs
// may imply without being renumbered, so that a header or one huge id
// cannot size an allocation far beyond what the file holds.
func maxDenseNodes(arcs int64) int64 {
	return min(impliedNodeSlack+bitmapPerArc*arcs, graph.MaxNodes)
}

// renumber settles the node ids of a finished buffer in IDsAuto mode: it
// keeps them when the ids that occur are exactly 0..max, else maps the
// distinct ids, ascending, to 0..k-1 in place and returns them. It returns
// the node count. workers bounds the goroutines used.
func (a *arcBuffer) renumber(workers int) (nodes int, ids []uint64, ok bool) {
	hi := a.hi
	if !a.anyWide() && hi < uint64(maxDenseNodes(a.arcs+int64(len(a.nodes)))) {
		return a.renumberByBitmap(hi, workers)
	}
	return a.renumberBySort(workers)
}

// renumberByBitmap marks the ids that occur in a bitmap over 0..hi and maps
// each id to its rank among them: the rank of id x is the count of marked
// bits below x, a prefix count per word plus one popcount.
func (a *arcBuffer) renumberByBitmap(hi uint64, workers int) (int, []uint64, bool) {
	words := hi/64 + 1
	seen := make([]uint64, words)
	for _, x := range a.nodes {
		seen[x>>6] |= 1 << (x & 63)
	}
	for i := range a.blocks {
		b := &a.blocks[i]
		for _, x := range b.src {
			seen[x>>6] |= 1 << (x & 63)
		}
		for _, x := range b.dst {
			seen[x>>6] |= 1 << (x & 63)
		}
	}
	rank := make([]uint32, words)
	var count uint64
	for w, bitsOfWord := range seen {
		rank[w] = uint32(count)
		count += uint64(bits.OnesCount64(bitsOfWord))
	}
	if count == hi+1 {
		return int(count), nil, true // every id 0..hi occurs: keep them
	}
	if count > graph.MaxNodes {
		return 0, nil, false
	}
	ids := make([]uint64, 0, count)
	for w, bitsOfWord := range seen {
		for bitsOfWord != 0 {
			ids = append(ids, uint64(w)*64+uint64(bits.TrailingZeros64(bitsOfWord)))
			bitsOfWord &= bitsOfWord - 1
		}
	}
	forEachBlock(len(a.blocks), workers, func(i int) {
		b := &a.blocks[i]
		for k, x := range b.src {
			b.src[k] = rank[x>>6] + uint32(bits.OnesCount64(seen[x>>6]&(1<<(x&63)-1)))
		}
		for k, x := range b.dst {
			b.dst[k] = rank[x>>6] + uint32(bits.OnesCount64(seen[x>>6]&(1<<(x&63)-1)))
		}
	})
	return int(count), ids, true
}

// renumberBySort collects, sorts and deduplicates every id, then replaces
// each id by its index among them (binary search). It serves files whose
// ids are too sparse for a bitmap (hashes, ids beyond uint32).
func (a *arcBuffer) renumberBySort(workers int) (int, []uint64, bool) {
	all := make([]uint64, 0, 2*a.arcs+int64(len(a.nodes)))
	all = append(all, a.nodes...)
	for i := range a.blocks {
		b := &a.blocks[i]
		if b.wide() {
			all = append(all, b.src64...)
			all = append(all, b.dst64...)
			continue
		}
		for _, x := range b.src {
			all = append(all, uint64(x))
		}
		for _, x := range b.dst {
			all = append(all, uint64(x))
		}
	}
	slices.Sort(all)
	ids := slices.Clip(slices.Compact(all))
	if int64(len(ids)) > graph.MaxNodes {
		return 0, nil, false
	}
	if n := len(ids); n > 0 && ids[n-1] == uint64(n-1) {
		ids = nil // the ids are 0..n-1 after all
		forEachBlock(len(a.blocks), workers, func(i int) { a.blocks[i].narrowIdentity() })
		return n, nil, true
	}
	index := func(x uint64) uint32 {
		k, _ := slices.BinarySearch(ids, x)
		return uint32(k)
	}
	forEachBlock(len(a.blocks), workers, func(i int) {
		b := &a.blocks[i]
		if b.wide() {
			b.src, b.dst = make([]uint32, len(b.src64)), make([]uint32, len(b.dst64))
			for k := range b.src64 {
				b.src[k], b.dst[k] = index(b.src64[k]), index(b.dst64[k])
			}
			b.src64, b.dst64 = nil, nil
			return
		}
		for k := range b.src {
			b.src[k], b.dst[k] = index(uint64(b.src[k])), index(uint64(b.dst[k]))
		}
	})
	return len(ids), ids, true
}

// narrowIdentity turns a wide block whose ids all fit into a narrow one.
func (b *arcBlock) narrowIdentity() {
	if !b.wide() {
		return
	}
	b.src, b.dst = make([]uint32, len(b.src64)), make([]uint32, len(b.dst64))
	for k := range b.src64 {
		b.src[k], b.dst[k] = uint32(b.src64[k]), uint32(b.dst64[k])
	}
	b.src64, b.dst64 = nil, nil
}

// forEachBlock runs fn(0..n-1) on up to workers goroutines (0 means
// GOMAXPROCS).
func forEachBlock(n, workers int, fn func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				k := int(next.Add(1) - 1)
				if k >= n {
					return
				}
				fn(k)
			}
		})
	}
	wg.Wait()
}

// blockSource serves settled arc blocks to graph.Build, one block per part.
type blockSource struct {
	nodes    int
	weighted bool
	blocks   []arcBlock
	// ids, when not nil, are the file's ids of the nodes, for CSR.IDs.
	ids []uint64
}

var _ graph.ArcSource = (*blockSource)(nil)

func (s *blockSource) Nodes() int     { return s.nodes }
func (s *blockSource) Weighted() bool { return s.weighted }
func (s *blockSource) Parts() int     { return len(s.blocks) }

func (s *blockSource) Part(i int, emit func(src, dst []uint32, w []float64) error) error {
	b := &s.blocks[i]
	if s.weighted {
		return emit(b.src, b.dst, b.w)
	}
	return emit(b.src, b.dst, nil)
}
