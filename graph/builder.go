package graph

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

// Tuning of the builder. The values are not part of any contract: a change
// moves time, never the graph Build makes.
const (
	// insertionSortMax is the longest row sorted by insertion sort; longer
	// rows go to a pattern-defeating quicksort (or the pair quicksort).
	insertionSortMax = 32
	// chunksPerWorker is how many row chunks each worker gets on average in
	// the row phases, so that a chunk holding a hub row does not leave the
	// other workers idle at the end.
	chunksPerWorker = 8
	// scatterMemoryBudget bounds the per-worker cursor arrays (8 bytes per
	// node per worker) that the two passes need, beyond minScatterWorkers.
	scatterMemoryBudget = 256 << 20
	// minScatterWorkers is how many scatter workers a graph always gets
	// (when it has that many parts and the caller asked for that many),
	// whatever its node count: 4 cursor arrays cost 32 bytes per node, less
	// than the finished CSR of any graph averaging 5 or more arcs per node.
	minScatterWorkers = 4
	// maxBuildArcs bounds the arcs a build may place: every array the build
	// makes (float64 weights included) must be addressable.
	maxBuildArcs = math.MaxInt / 16
)

// minChunkWork is the work (rows plus arcs) below which a parallel phase is
// not worth handing to another goroutine. A variable only so that tests can
// push small graphs through the parallel paths.
var minChunkWork int64 = 1 << 15

// errStopped is what a worker's emit callback answers once another worker
// has failed: the source returns it unchanged, and the build reports the
// first real error instead.
var errStopped = errors.New("graph: build stopped after an error elsewhere")

// Build makes a CSR from src by a parallel two-pass counting sort.
//
// Pass 1 reads every part and counts each node's in-arcs, every worker into
// its own array, and checks every arc; the counts then become row offsets
// and, for each worker, the position in each row where its arcs go. Pass 2
// reads every part again and places each arc's source (and weight) straight
// into the final arrays. No intermediate list of arcs exists and no
// comparison sort of all arcs happens: only each row is sorted (rows are
// short, and rows are sorted in parallel), by source and then by weight, and
// unless opts.Multigraph duplicate sources collapse into one arc whose
// weight is their sum. Out-degrees and out-weights are counted from the
// finished rows.
//
// Parts are given to workers in contiguous runs, worker w's run ahead of
// worker w+1's in every row, so the graph is the same whatever opts.Workers
// is (and, as rows are sorted by source then weight, whatever order a
// part's arcs come in). Workers <= 0 means GOMAXPROCS.
//
// Memory: the finished CSR plus 8 bytes per node for each scatter worker
// (their number is capped so that these arrays stay within 256 MiB, or 4
// workers for graphs with more nodes than that allows). When collapsing
// duplicates frees more than a quarter of the arc arrays they are copied
// to arrays of the exact size; otherwise their capacity may exceed their
// length.
//
// Bad input is an error, never a panic: a node count beyond MaxNodes, an
// endpoint beyond Nodes() or a weight that is negative, NaN or infinite
// (the error names the arc, its part and its index in the part), chunks
// whose slices disagree in length, more arcs than memory can hold, a node
// with 2^32 or more out-arcs (OutDegree is uint32), and a source whose parts
// yield different arcs on the second read. (Such a source breaks the
// ArcSource contract and may, before the mismatch shows, make workers write
// into each other's slots of the arc arrays, which the error then discards.)
func Build(src ArcSource, opts BuildOptions) (*CSR, error) {
	if src == nil {
		return nil, errors.New("graph: nil arc source")
	}
	n := src.Nodes()
	if n < 0 || int64(n) > MaxNodes {
		return nil, fmt.Errorf("graph: node count %d out of range [0, %d]", n, int64(MaxNodes))
	}
	parts := src.Parts()
	if parts < 0 {
		return nil, fmt.Errorf("graph: arc source has %d parts", parts)
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	b := &builder{
		src:        src,
		n:          n,
		weighted:   src.Weighted(),
		undirected: opts.Undirected,
		multigraph: opts.Multigraph,
		workers:    workers,
		partArcs:   make([]int64, parts),
		partHash:   make([]uint64, parts),
	}
	b.assignParts(parts)
	if err := b.count(); err != nil {
		return nil, err
	}
	if err := b.layOut(); err != nil {
		return nil, err
	}
	if err := b.scatter(); err != nil {
		return nil, err
	}
	if err := b.sortRows(); err != nil {
		return nil, err
	}
	return b.finish()
}

// builder holds one Build's state.
type builder struct {
	src        ArcSource
	n          int
	weighted   bool
	undirected bool
	multigraph bool
	workers    int // goroutines for the row phases

	// groups[w]..groups[w+1]-1 are the parts scatter worker w reads in both
	// passes.
	groups []int
	// cursors[w] holds, per node, worker w's in-arc count after pass 1,
	// then the next position for its arcs into that row during pass 2; the
	// arrays are reused as scratch afterwards.
	cursors [][]int64
	// partArcs and partHash record what pass 1 saw of each part (arcs
	// emitted, and an order-independent hash of them), so pass 2 can tell
	// a source that does not replay.
	partArcs []int64
	partHash []uint64

	offsets []int64
	sources []uint32
	weights []float64

	stopped atomic.Bool
	errMu   sync.Mutex
	err     error
}

// fail records err as the build's error unless one is recorded already, and
// makes every worker stop at its next chunk.
func (b *builder) fail(err error) {
	b.errMu.Lock()
	if b.err == nil {
		b.err = err
	}
	b.errMu.Unlock()
	b.stopped.Store(true)
}

// reject records err (see fail) and returns it, for an emit callback: the
// build fails even if the source swallows the error emit returns.
func (b *builder) reject(err error) error {
	b.fail(err)
	return err
}

// assignParts splits the parts into contiguous runs, one per scatter worker.
func (b *builder) assignParts(parts int) {
	limit := max(minScatterWorkers, scatterMemoryBudget/(8*max(b.n, 1)))
	if mem := physicalMemory(); mem > 0 {
		// Never let the cursor arrays alone claim a quarter of the machine.
		limit = min(limit, max(1, int(min(mem/4/uint64(8*max(b.n, 1)), math.MaxInt32))))
	}
	w := max(1, min(b.workers, parts, limit))
	b.groups = make([]int, w+1)
	for i := range b.groups {
		b.groups[i] = i * parts / w
	}
	b.cursors = make([][]int64, w)
	for i := range b.cursors {
		b.cursors[i] = make([]int64, b.n)
	}
}

// runGroups runs fn for every scatter worker concurrently and returns the
// build's first error.
func (b *builder) runGroups(fn func(w int) error) error {
	var wg sync.WaitGroup
	for w := range len(b.groups) - 1 {
		wg.Go(func() {
			if err := fn(w); err != nil && !errors.Is(err, errStopped) {
				b.fail(err)
			}
		})
	}
	wg.Wait()
	return b.err
}

// checkChunk checks the shape of one emitted chunk and its weights. first is
// the index in part p of the chunk's first arc.
func (b *builder) checkChunk(p int, first int64, s, d []uint32, w []float64) error {
	if len(d) != len(s) || (b.weighted && len(w) != len(s)) || (!b.weighted && w != nil) {
		return fmt.Errorf("graph: part %d emitted a chunk of %d sources, %d destinations and %d weights (weighted: %v)",
			p, len(s), len(d), len(w), b.weighted)
	}
	if k := badWeight(w); k >= 0 {
		return fmt.Errorf("graph: arc %d -> %d (part %d, arc %d) has weight %v; weights must be finite and non-negative",
			s[k], d[k], p, first+int64(k), w[k])
	}
	return nil
}

// badEndpoint is the error for arc k of a chunk whose endpoint is too large.
func (b *builder) badEndpoint(p int, first int64, k int, s, d []uint32) error {
	return fmt.Errorf("graph: arc %d -> %d (part %d, arc %d) has an endpoint beyond the graph's %d nodes",
		s[k], d[k], p, first+int64(k), b.n)
}

// count is pass 1: it checks every arc and counts in-arcs per worker.
func (b *builder) count() error {
	return b.runGroups(func(w int) error {
		cnt := b.cursors[w]
		for p := b.groups[w]; p < b.groups[w+1]; p++ {
			var emitted int64
			var hash uint64
			err := b.src.Part(p, func(s, d []uint32, wt []float64) error {
				if b.stopped.Load() {
					return errStopped
				}
				if err := b.checkChunk(p, emitted, s, d, wt); err != nil {
					return b.reject(err)
				}
				var h uint64
				var bad int
				if b.undirected {
					h, bad = countUndirected(cnt, s, d)
				} else {
					h, bad = countDirected(cnt, s, d)
				}
				if bad >= 0 {
					return b.reject(b.badEndpoint(p, emitted, bad, s, d))
				}
				hash += h
				emitted += int64(len(s))
				return nil
			})
			if err != nil {
				return err
			}
			b.partArcs[p], b.partHash[p] = emitted, hash
		}
		return nil
	})
}

// layOut turns the per-worker counts into row offsets and per-worker
// cursors, checks the arc total, and allocates the arc arrays.
func (b *builder) layOut() error {
	n := b.n
	b.offsets = make([]int64, n+1)
	bounds := evenBounds(n, b.phaseChunks(int64(n)*int64(len(b.cursors))))
	chunkArcs := make([]int64, len(bounds))
	// Each chunk sums its rows' in-degrees into offsets[i+1] ...
	parallel(b.workers, len(bounds)-1, func(_, c int) error {
		var total int64
		for i := bounds[c]; i < bounds[c+1]; i++ {
			var deg int64
			for _, cnt := range b.cursors {
				deg += cnt[i]
			}
			b.offsets[i+1] = deg
			total += deg
		}
		chunkArcs[c+1] = total
		return nil
	})
	for c := 1; c < len(chunkArcs); c++ {
		chunkArcs[c] += chunkArcs[c-1]
	}
	m := chunkArcs[len(chunkArcs)-1]
	if err := b.checkArcs(m); err != nil {
		return err
	}
	// ... then turns them into running offsets and each worker's counts
	// into its first position in the row, chunks touching disjoint entries.
	parallel(b.workers, len(bounds)-1, func(_, c int) error {
		pos := chunkArcs[c]
		for i := bounds[c]; i < bounds[c+1]; i++ {
			at := pos
			for _, cnt := range b.cursors {
				at, cnt[i] = at+cnt[i], at
			}
			pos += b.offsets[i+1]
			b.offsets[i+1] = pos
		}
		return nil
	})
	b.sources = make([]uint32, m)
	if b.weighted {
		b.weights = make([]float64, m)
	}
	return nil
}

// checkArcs refuses arc counts that the arrays cannot hold.
func (b *builder) checkArcs(m int64) error {
	if m > maxBuildArcs {
		return fmt.Errorf("graph: %d arcs are more than a graph can hold here (at most %d)", m, int64(maxBuildArcs))
	}
	perArc := int64(4)
	if b.weighted {
		perArc += 8
	}
	need := uint64(m)*uint64(perArc) + uint64(b.n)*uint64(8*(len(b.cursors)+2))
	if mem := physicalMemory(); mem > 0 && need > mem {
		return fmt.Errorf("graph: %d arcs on %d nodes need %d MiB, more than this machine's %d MiB",
			m, b.n, need>>20, mem>>20)
	}
	return nil
}

// scatter is pass 2: it places every arc at its worker's cursor in its row.
func (b *builder) scatter() error {
	return b.runGroups(func(w int) error {
		cur := b.cursors[w]
		for p := b.groups[w]; p < b.groups[w+1]; p++ {
			var emitted int64
			var hash uint64
			err := b.src.Part(p, func(s, d []uint32, wt []float64) error {
				if b.stopped.Load() {
					return errStopped
				}
				if err := b.checkChunk(p, emitted, s, d, wt); err != nil {
					return b.reject(err)
				}
				if emitted+int64(len(s)) > b.partArcs[p] {
					return b.reject(b.notReplayable(p))
				}
				var h uint64
				var bad int
				switch {
				case b.weighted && b.undirected:
					h, bad = scatterUndirectedWeighted(cur, b.sources, b.weights, s, d, wt)
				case b.weighted:
					h, bad = scatterDirectedWeighted(cur, b.sources, b.weights, s, d, wt)
				case b.undirected:
					h, bad = scatterUndirected(cur, b.sources, s, d)
				default:
					h, bad = scatterDirected(cur, b.sources, s, d)
				}
				if bad >= 0 {
					if int(s[bad]) >= b.n || int(d[bad]) >= b.n {
						return b.reject(b.badEndpoint(p, emitted, bad, s, d))
					}
					return b.reject(b.notReplayable(p))
				}
				hash += h
				emitted += int64(len(s))
				return nil
			})
			if err != nil {
				return err
			}
			if emitted != b.partArcs[p] || hash != b.partHash[p] {
				return b.notReplayable(p)
			}
		}
		return nil
	})
}

func (b *builder) notReplayable(p int) error {
	return fmt.Errorf("graph: part %d of the arc source yielded different arcs on its second read; an ArcSource must be replayable", p)
}

// phaseChunks is how many chunks a parallel phase over work units should
// be cut into.
func (b *builder) phaseChunks(work int64) int {
	c := work / minChunkWork
	return int(max(1, min(c, int64(b.workers*chunksPerWorker))))
}

// sortRows sorts every row by source (then weight) and, unless the graph is
// a multigraph, collapses duplicate sources; rows shrink in place and the
// arc arrays are compacted at the end.
func (b *builder) sortRows() error {
	n := b.n
	if n == 0 {
		return nil
	}
	m := b.offsets[n]
	bounds := arcBounds(b.offsets, b.phaseChunks(m+int64(n)))
	// Each chunk compacts its rows to the front of its own span and records
	// each row's new length (in a cursor array, free now) and its total.
	lens := b.cursors[0]
	kept := make([]int64, len(bounds)-1)
	err := parallel(b.workers, len(bounds)-1, func(_, c int) error {
		var err error
		kept[c], err = b.sortChunk(bounds[c], bounds[c+1], lens)
		return err
	})
	if err != nil {
		return err
	}
	var total int64
	for _, k := range kept {
		total += k
	}
	if total == m {
		return nil
	}
	// Move each chunk's span to its final place. Spans only move left and
	// a span's destination may overlap the unmoved spans before it, so this
	// goes in order; copy is a memmove at memory speed.
	newStart := make([]int64, len(kept)+1)
	for c, k := range kept {
		lo := b.offsets[bounds[c]]
		to := newStart[c]
		copy(b.sources[to:to+k], b.sources[lo:lo+k])
		if b.weighted {
			copy(b.weights[to:to+k], b.weights[lo:lo+k])
		}
		newStart[c+1] = to + k
	}
	parallel(b.workers, len(bounds)-1, func(_, c int) error {
		pos := newStart[c]
		for i := bounds[c]; i < bounds[c+1]; i++ {
			pos += lens[i]
			b.offsets[i+1] = pos
		}
		return nil
	})
	b.sources = shrink(b.sources, total)
	if b.weighted {
		b.weights = shrink(b.weights, total)
	}
	return nil
}

// shrink returns s[:k], copied to an array of its own size when that frees
// more than a quarter of it, else clipped so that appends cannot scribble
// over the discarded tail.
func shrink[T any](s []T, k int64) []T {
	if k < int64(len(s))-int64(len(s))/4 {
		return append(make([]T, 0, k), s[:k]...)
	}
	return slices.Clip(s[:k])
}

// sortChunk sorts (and unless multigraph deduplicates) rows lo..hi-1, writes
// the kept arcs to the front of the chunk's span, stores each row's new
// length in lens, and returns the chunk's kept total.
func (b *builder) sortChunk(lo, hi int, lens []int64) (int64, error) {
	start := b.offsets[lo]
	to := start
	for i := lo; i < hi; i++ {
		a, e := b.offsets[i], b.offsets[i+1]
		src := b.sources[a:e]
		var k int64
		if b.weighted {
			w := b.weights[a:e]
			sortPairs(src, w)
			if b.multigraph {
				k = e - a
			} else {
				var bad int
				k, bad = dedupWeighted(src, w)
				if bad >= 0 {
					return 0, fmt.Errorf("graph: the weights of the arcs %d -> %d add up to +Inf", src[bad], i)
				}
			}
			if to != a {
				copy(b.weights[to:to+k], w[:k])
			}
		} else {
			sortSources(src)
			if b.multigraph {
				k = e - a
			} else {
				k = dedupSorted(src)
			}
		}
		if to != a {
			copy(b.sources[to:to+k], src[:k])
		}
		lens[i] = k
		to += k
	}
	return to - start, nil
}

// finish counts out-degrees (and out-weights) from the finished rows.
func (b *builder) finish() (*CSR, error) {
	n := b.n
	g := &CSR{N: n, InOffsets: b.offsets, InSources: b.sources, InWeights: b.weights, OutDegree: make([]uint32, n)}
	if n == 0 {
		if b.weighted {
			g.OutWeight = make([]float64, 0)
		}
		return g, nil
	}
	var weightErr error
	var wg sync.WaitGroup
	if b.weighted {
		// Out-weights are summed by one goroutine, in CSR order, so that
		// they are the same bits whatever the worker count; the out-degree
		// count runs beside it.
		g.OutWeight = make([]float64, n)
		wg.Go(func() { weightErr = sumOutWeights(g) })
	}
	countWorkers := len(b.cursors)
	if b.weighted && countWorkers > 1 && b.workers <= countWorkers {
		countWorkers--
	}
	counts := b.cursors[:countWorkers]
	parallel(b.workers, len(counts), func(_, c int) error {
		clear(counts[c])
		return nil
	})
	m := b.offsets[n]
	bounds := arcBounds(b.offsets, b.phaseChunks(m+int64(n)))
	parallel(countWorkers, len(bounds)-1, func(w, c int) error {
		countSources(counts[w], b.sources[b.offsets[bounds[c]]:b.offsets[bounds[c+1]]])
		return nil
	})
	even := evenBounds(n, b.phaseChunks(int64(n)*int64(countWorkers)))
	degErr := parallel(b.workers, len(even)-1, func(_, c int) error {
		for j := even[c]; j < even[c+1]; j++ {
			var d int64
			for _, cnt := range counts {
				d += cnt[j]
			}
			if d > math.MaxUint32 {
				return fmt.Errorf("graph: node %d has %d out-arcs; out-degrees are uint32", j, d)
			}
			g.OutDegree[j] = uint32(d)
		}
		return nil
	})
	wg.Wait()
	if degErr != nil {
		return nil, degErr
	}
	if weightErr != nil {
		return nil, weightErr
	}
	return g, nil
}

// sumOutWeights sets g.OutWeight from the arcs, in CSR order.
func sumOutWeights(g *CSR) error {
	ow := g.OutWeight
	for i := range g.N {
		lo, hi := g.InOffsets[i], g.InOffsets[i+1]
		ws := g.InWeights[lo:hi]
		for k, s := range g.InSources[lo:hi] {
			ow[s] += ws[k]
		}
	}
	for j, w := range ow {
		if w > math.MaxFloat64 {
			return fmt.Errorf("graph: the weights of the arcs out of node %d add up to +Inf", j)
		}
	}
	return nil
}

// countSources adds one to cnt[s] for every s in src.
func countSources(cnt []int64, src []uint32) {
	for _, s := range src {
		cnt[s]++
	}
}

// parallel runs fn(worker, task) for tasks 0..tasks-1 on at most workers
// goroutines, each task once, handing tasks out in order as goroutines free
// up; worker is the goroutine's index, for per-goroutine scratch. It
// returns the first error, after which no new task starts.
func parallel(workers, tasks int, fn func(worker, task int) error) error {
	workers = min(workers, tasks)
	if workers <= 1 {
		for t := range tasks {
			if err := fn(0, t); err != nil {
				return err
			}
		}
		return nil
	}
	var (
		next   atomic.Int64
		failed atomic.Bool
		once   sync.Once
		first  error
		wg     sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for !failed.Load() {
				t := int(next.Add(1) - 1)
				if t >= tasks {
					return
				}
				if err := fn(w, t); err != nil {
					once.Do(func() { first = err })
					failed.Store(true)
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}

// evenBounds cuts rows 0..n-1 into at most chunks ranges of nearly equal
// size: range c is bounds[c]..bounds[c+1]-1.
func evenBounds(n, chunks int) []int {
	chunks = max(1, min(chunks, n))
	bounds := make([]int, chunks+1)
	for c := range bounds {
		bounds[c] = int(int64(n) * int64(c) / int64(chunks))
	}
	return bounds
}

// arcBounds cuts rows into at most chunks non-empty ranges of nearly equal
// work, counting each row as one plus its arcs.
func arcBounds(offsets []int64, chunks int) []int {
	n := len(offsets) - 1
	chunks = max(1, min(chunks, n))
	total := offsets[n] + int64(n)
	bounds := make([]int, 1, chunks+1)
	for c := 1; c < chunks; c++ {
		target := total * int64(c) / int64(chunks)
		lo := bounds[len(bounds)-1]
		i := lo + sort.Search(n-lo, func(k int) bool { return offsets[lo+k]+int64(lo+k) >= target })
		if i > lo && i < n {
			bounds = append(bounds, i)
		}
	}
	return append(bounds, n)
}
