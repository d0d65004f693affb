package order

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/prkbench/prk/graph"
)

// Degree numbers nodes by descending out-degree, ties by ascending id: the
// hottest contributions first. It returns newID, indexed by old id.
func Degree(g *graph.CSR) []uint32 {
	return byKey(g.N, func(i int) uint64 { return uint64(^g.OutDegree[i]) })
}

// DBG is degree-based grouping (Faldu, Diamond and Grot, IISWC 2019): nodes
// fall into groups by out-degree against the mean degree (at least 32x,
// 16x, 8x, 4x, 2x, 1x, 1/2x the mean, and the rest), hottest group first,
// and keep their original relative order inside a group. It packs the hot
// nodes almost as tightly as Degree while disturbing the original order,
// and whatever locality it had, far less. It returns newID, indexed by old id.
func DBG(g *graph.CSR) []uint32 {
	mean := 1.0
	if g.N > 0 {
		mean = max(float64(g.Arcs())/float64(g.N), 1)
	}
	bounds := []float64{32, 16, 8, 4, 2, 1, 0.5}
	return byKey(g.N, func(i int) uint64 {
		d := float64(g.OutDegree[i])
		for grp, b := range bounds {
			if d >= b*mean {
				return uint64(grp)
			}
		}
		return uint64(len(bounds))
	})
}

// byKey numbers nodes by ascending key, ties by ascending id. Keys that
// span a range of at most maxCountingRange (out-degrees, groups) are
// placed by a stable counting sort in linear time; others are sorted.
// (Degree on kron:22:32, 4.2M nodes: 0.75 s with a comparison sort.)
func byKey(n int, key func(i int) uint64) []uint32 {
	keys := make([]uint64, n)
	lo, hi := uint64(math.MaxUint64), uint64(0)
	for i := range keys {
		k := key(i)
		keys[i] = k
		lo, hi = min(lo, k), max(hi, k)
	}
	newID := make([]uint32, n)
	if n == 0 {
		return newID
	}
	if hi-lo <= maxCountingRange {
		// next[k-lo] is the first new number of key k; ids are visited in
		// ascending order, so ties keep it.
		next := make([]uint32, hi-lo+2)
		for _, k := range keys {
			next[k-lo+1]++
		}
		for k := 1; k < len(next); k++ {
			next[k] += next[k-1]
		}
		for i, k := range keys {
			newID[i] = next[k-lo]
			next[k-lo]++
		}
		return newID
	}
	type kv struct {
		key uint64
		id  uint32
	}
	order := make([]kv, n)
	for i := range order {
		order[i] = kv{keys[i], uint32(i)}
	}
	slices.SortFunc(order, func(a, b kv) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	for nw, e := range order {
		newID[e.id] = uint32(nw)
	}
	return newID
}

// maxCountingRange is the widest key range byKey counts instead of sorting:
// its counters then take at most 64 MiB.
const maxCountingRange = 1 << 24

// Check returns an error unless newID is a permutation of 0..n-1.
func Check(newID []uint32, n int) error {
	if len(newID) != n {
		return fmt.Errorf("order: permutation has %d entries for %d nodes", len(newID), n)
	}
	seen := make([]bool, n)
	for old, nw := range newID {
		if int64(nw) >= int64(n) || seen[nw] {
			return fmt.Errorf("order: entry %d (%d) repeats or is out of range", old, nw)
		}
		seen[nw] = true
	}
	return nil
}

// Permute returns g with node old renamed newID[old]: row newID[i] holds
// row i's arcs with their sources renamed and sorted, and the out-degrees
// and out-weights follow their nodes. The new graph has no IDs (it is an
// internal numbering; map results back with newID). workers bounds the
// goroutines; 0 means GOMAXPROCS.
func Permute(g *graph.CSR, newID []uint32, workers int) (*graph.CSR, error) {
	if err := Check(newID, g.N); err != nil {
		return nil, err
	}
	n := g.N
	oldID := make([]uint32, n)
	for o, nw := range newID {
		oldID[nw] = uint32(o)
	}
	h := &graph.CSR{
		N:         n,
		InOffsets: make([]int64, n+1),
		InSources: make([]uint32, len(g.InSources)),
		OutDegree: make([]uint32, n),
	}
	if g.Weighted() {
		h.InWeights = make([]float64, len(g.InWeights))
		h.OutWeight = make([]float64, n)
	}
	for nw, o := range oldID {
		h.InOffsets[nw+1] = h.InOffsets[nw] + (g.InOffsets[o+1] - g.InOffsets[o])
		h.OutDegree[nw] = g.OutDegree[o]
		if h.OutWeight != nil {
			h.OutWeight[nw] = g.OutWeight[o]
		}
	}
	// Each new row is old row oldID[nw] with its sources renamed, then
	// sorted. Rows are independent, so goroutines take chunks of about
	// equal arcs in turn. (Placing arcs by source in the new order instead,
	// two passes of scattered writes with no sorting, measured 8.5 s on
	// kron:22:32 against 2.6 s for this on two cores: the scatters miss the
	// cache on every arc.)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	const chunkArcs = 1 << 18
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var pairs []weightedArc
			var scratch []uint32
			for {
				lo := int(next.Add(1)-1) * rowsPerChunk(n, len(g.InSources), chunkArcs)
				if lo >= n {
					return
				}
				hi := min(n, lo+rowsPerChunk(n, len(g.InSources), chunkArcs))
				for nw := lo; nw < hi; nw++ {
					pairs, scratch = permuteRow(g, h, newID, oldID[nw], nw, pairs, scratch)
				}
			}
		})
	}
	wg.Wait()
	return h, nil
}

// rowsPerChunk is how many rows make about chunkArcs arcs on average.
func rowsPerChunk(n, arcs, chunkArcs int) int {
	if arcs == 0 {
		return max(n, 1)
	}
	return max(1, int(int64(n)*int64(chunkArcs)/int64(arcs)))
}

type weightedArc struct {
	src uint32
	w   float64
}

// permuteRow fills row nw of h from row o of g.
func permuteRow(g, h *graph.CSR, newID []uint32, o uint32, nw int, pairs []weightedArc, scratch []uint32) ([]weightedArc, []uint32) {
	a, b := g.InOffsets[o], g.InOffsets[o+1]
	dst := h.InSources[h.InOffsets[nw]:h.InOffsets[nw+1]]
	if g.InWeights == nil {
		for k, s := range g.InSources[a:b] {
			dst[k] = newID[s]
		}
		if len(dst) < radixMinLen {
			slices.Sort(dst)
			return pairs, scratch
		}
		if cap(scratch) < len(dst) {
			scratch = make([]uint32, len(dst))
		}
		radixSort(dst, scratch[:len(dst)], g.N)
		return pairs, scratch
	}
	pairs = pairs[:0]
	for k := a; k < b; k++ {
		pairs = append(pairs, weightedArc{newID[g.InSources[k]], g.InWeights[k]})
	}
	slices.SortStableFunc(pairs, func(x, y weightedArc) int { return cmp.Compare(x.src, y.src) })
	ws := h.InWeights[h.InOffsets[nw]:h.InOffsets[nw+1]]
	for k, p := range pairs {
		dst[k], ws[k] = p.src, p.w
	}
	return pairs, scratch
}

// radixMinLen is the row length from which radixSort beats slices.Sort:
// a pass costs its 2^11 counters however short the row. (Sorting rows was
// 4.3 s of 5.2 s permuting kron:22:32 with slices.Sort alone; its hubs have
// hundreds of thousands of in-arcs.)
const radixMinLen = 1024

// radixSort sorts v, whose values are below n, with least-significant-digit
// passes of 11 bits through scratch (len(scratch) == len(v)).
func radixSort(v, scratch []uint32, n int) {
	const bits = 11
	const mask = 1<<bits - 1
	var count [1 << bits]int
	src, dst := v, scratch
	for shift := uint(0); shift < 32 && (shift == 0 || n>>shift > 0); shift += bits {
		clear(count[:])
		for _, x := range src {
			count[(x>>shift)&mask]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, x := range src {
			d := (x >> shift) & mask
			dst[count[d]] = x
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &v[0] {
		copy(v, src)
	}
}

// Apply returns v renumbered: out[newID[i]] = v[i]. It returns nil for nil.
func Apply[T any](v []T, newID []uint32) []T {
	if v == nil {
		return nil
	}
	out := make([]T, len(v))
	for i, x := range v {
		out[newID[i]] = x
	}
	return out
}

// Restore undoes Apply: out[i] = v[newID[i]].
func Restore[T any](v []T, newID []uint32) []T {
	if v == nil {
		return nil
	}
	out := make([]T, len(v))
	for i := range out {
		out[i] = v[newID[i]]
	}
	return out
}
