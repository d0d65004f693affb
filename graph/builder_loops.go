package graph

import (
	"math"
	"math/bits"
	"slices"
)

// The builder's inner loops. Each is written for one case (directed or
// not, weighted or not) so that no per-arc branch decides what to do, and
// each checks its indices in a form the compiler proves, so the loops carry
// no bounds checks of their own beyond those checks.

// arcHash mixes one arc into 64 bits. Pass 1 and pass 2 sum it over each
// part: a sum is blind to order, and the mixing makes a part that yields
// different arcs on its second read (which would place arcs outside their
// worker's share of a row) show up as a different sum.
func arcHash(s, d uint32) uint64 {
	// One multiply and an xor-shift: cheap beside the cache miss each arc
	// costs, and not linear, so that arcs traded between rows (1->2, 3->4
	// against 1->4, 3->2) do not leave the sum unchanged as a plain sum of
	// the packed arcs would.
	x := (uint64(d)<<32 | uint64(s)) * 0x9e3779b97f4a7c15
	return x ^ x>>29
}

// badWeight returns the index of the first weight that is negative, NaN or
// infinite, or -1.
func badWeight(w []float64) int {
	for k, x := range w {
		if !(x >= 0 && x <= math.MaxFloat64) {
			return k
		}
	}
	return -1
}

// countDirected adds each arc s[k] -> d[k] to its destination's count and
// returns the arcs' hash sum, or the index of the first arc with an
// endpoint >= len(cnt).
func countDirected(cnt []int64, s, d []uint32) (hash uint64, bad int) {
	d = d[:len(s)]
	n := uint(len(cnt))
	for k, sv := range s {
		dv := d[k]
		if uint(sv) >= n || uint(dv) >= n {
			return 0, k
		}
		cnt[dv]++
		hash += arcHash(sv, dv)
	}
	return hash, -1
}

// countUndirected is countDirected that also counts the reverse of every
// arc that is not a self-loop.
func countUndirected(cnt []int64, s, d []uint32) (hash uint64, bad int) {
	d = d[:len(s)]
	n := uint(len(cnt))
	for k, sv := range s {
		dv := d[k]
		if uint(sv) >= n || uint(dv) >= n {
			return 0, k
		}
		cnt[dv]++
		if sv != dv {
			cnt[sv]++
		}
		hash += arcHash(sv, dv)
	}
	return hash, -1
}

// scatterDirected places the source of each arc at its destination's
// cursor and advances the cursor. It returns the arcs' hash sum, or the
// index of the first arc with an endpoint >= len(cur) or whose cursor has
// run past the arrays (which only a source that does not replay can cause).
func scatterDirected(cur []int64, sources []uint32, s, d []uint32) (hash uint64, bad int) {
	d = d[:len(s)]
	n := uint(len(cur))
	m := uint64(len(sources))
	for k, sv := range s {
		dv := d[k]
		if uint(sv) >= n || uint(dv) >= n {
			return 0, k
		}
		p := cur[dv]
		if uint64(p) >= m {
			return 0, k
		}
		cur[dv] = p + 1
		sources[p] = sv
		hash += arcHash(sv, dv)
	}
	return hash, -1
}

// scatterUndirected is scatterDirected that also places the reverse of
// every arc that is not a self-loop.
func scatterUndirected(cur []int64, sources []uint32, s, d []uint32) (hash uint64, bad int) {
	d = d[:len(s)]
	n := uint(len(cur))
	m := uint64(len(sources))
	for k, sv := range s {
		dv := d[k]
		if uint(sv) >= n || uint(dv) >= n {
			return 0, k
		}
		p := cur[dv]
		if uint64(p) >= m {
			return 0, k
		}
		cur[dv] = p + 1
		sources[p] = sv
		if sv != dv {
			q := cur[sv]
			if uint64(q) >= m {
				return 0, k
			}
			cur[sv] = q + 1
			sources[q] = dv
		}
		hash += arcHash(sv, dv)
	}
	return hash, -1
}

// scatterDirectedWeighted is scatterDirected that also places weights
// (with -0 stored as +0, so that equal weights have equal bits).
func scatterDirectedWeighted(cur []int64, sources []uint32, weights []float64, s, d []uint32, w []float64) (hash uint64, bad int) {
	d = d[:len(s)]
	w = w[:len(s)]
	weights = weights[:len(sources)]
	n := uint(len(cur))
	m := uint64(len(sources))
	for k, sv := range s {
		dv := d[k]
		if uint(sv) >= n || uint(dv) >= n {
			return 0, k
		}
		p := cur[dv]
		if uint64(p) >= m {
			return 0, k
		}
		cur[dv] = p + 1
		sources[p] = sv
		weights[p] = w[k] + 0
		hash += arcHash(sv, dv)
	}
	return hash, -1
}

// scatterUndirectedWeighted is scatterUndirected with weights.
func scatterUndirectedWeighted(cur []int64, sources []uint32, weights []float64, s, d []uint32, w []float64) (hash uint64, bad int) {
	d = d[:len(s)]
	w = w[:len(s)]
	weights = weights[:len(sources)]
	n := uint(len(cur))
	m := uint64(len(sources))
	for k, sv := range s {
		dv := d[k]
		if uint(sv) >= n || uint(dv) >= n {
			return 0, k
		}
		p := cur[dv]
		if uint64(p) >= m {
			return 0, k
		}
		wv := w[k] + 0
		cur[dv] = p + 1
		sources[p] = sv
		weights[p] = wv
		if sv != dv {
			q := cur[sv]
			if uint64(q) >= m {
				return 0, k
			}
			cur[sv] = q + 1
			sources[q] = dv
			weights[q] = wv
		}
		hash += arcHash(sv, dv)
	}
	return hash, -1
}

// sortSources sorts one row's sources.
func sortSources(s []uint32) {
	if len(s) > insertionSortMax {
		slices.Sort(s)
		return
	}
	for i := 1; i < len(s); i++ {
		v := s[i]
		j := i
		for ; j > 0 && s[j-1] > v; j-- {
			s[j] = s[j-1]
		}
		s[j] = v
	}
}

// dedupSorted removes repeated values from the sorted s in place and
// returns how many distinct values now lead it.
func dedupSorted(s []uint32) int64 {
	if len(s) < 2 {
		return int64(len(s))
	}
	k := 1
	last := s[0]
	for _, v := range s[1:] {
		if v != last {
			s[k] = v
			k++
			last = v
		}
	}
	return int64(k)
}

// dedupWeighted collapses runs of equal sources in the sorted s into one
// arc whose weight is the run's sum, added in the run's (ascending) order,
// and returns how many arcs remain. If a sum overflows to +Inf it returns
// the index of the run's first arc as bad.
func dedupWeighted(s []uint32, w []float64) (kept int64, bad int) {
	w = w[:len(s)]
	if len(s) < 2 {
		return int64(len(s)), -1
	}
	k := 0
	for i := 1; i < len(s); i++ {
		if s[i] == s[k] {
			w[k] += w[i]
			if w[k] > math.MaxFloat64 {
				return 0, k
			}
			continue
		}
		k++
		s[k], w[k] = s[i], w[i]
	}
	return int64(k + 1), -1
}

// pairLess orders arcs by source, then weight.
func pairLess(s1 uint32, w1 float64, s2 uint32, w2 float64) bool {
	return s1 < s2 || (s1 == s2 && w1 < w2)
}

// sortPairs sorts one weighted row by (source, weight), moving each weight
// with its source. It is an introsort on the two parallel slices (no
// scratch, no interface calls): quicksort with a median-of-three pivot and
// Hoare partitioning, which splits runs of equal keys evenly, heapsort
// when the recursion gets too deep, insertion sort for short ranges.
func sortPairs(s []uint32, w []float64) {
	w = w[:len(s)]
	for i := 1; i < len(s); i++ {
		if pairLess(s[i], w[i], s[i-1], w[i-1]) {
			quickSortPairs(s, w, 2*bits.Len(uint(len(s))))
			return
		}
	}
}

func quickSortPairs(s []uint32, w []float64, depth int) {
	for len(s) > insertionSortMax {
		if depth == 0 {
			heapSortPairs(s, w)
			return
		}
		depth--
		p := partitionPairs(s, w)
		// Recurse into the smaller side, loop on the larger: O(log n) stack.
		if p < len(s)-p {
			quickSortPairs(s[:p], w[:p], depth)
			s, w = s[p+1:], w[p+1:]
		} else {
			quickSortPairs(s[p+1:], w[p+1:], depth)
			s, w = s[:p], w[:p]
		}
	}
	insertionSortPairs(s, w)
}

// partitionPairs puts the median of the first, middle and last arcs at the
// front as the pivot, partitions around it and returns the pivot's final
// index: everything before it is <= the pivot, everything after >= it.
func partitionPairs(s []uint32, w []float64) int {
	n := len(s)
	w = w[:n]
	a, b, c := 0, n/2, n-1
	if pairLess(s[b], w[b], s[a], w[a]) {
		a, b = b, a
	}
	if pairLess(s[c], w[c], s[b], w[b]) {
		b = c
		if pairLess(s[b], w[b], s[a], w[a]) {
			b = a
		}
	}
	s[0], s[b] = s[b], s[0]
	w[0], w[b] = w[b], w[0]
	ps, pw := s[0], w[0]
	i, j := 0, n
	for {
		for i++; i < n && pairLess(s[i], w[i], ps, pw); i++ {
		}
		for j--; j > 0 && pairLess(ps, pw, s[j], w[j]); j-- {
		}
		if i >= j {
			break
		}
		s[i], s[j] = s[j], s[i]
		w[i], w[j] = w[j], w[i]
	}
	s[0], s[j] = s[j], s[0]
	w[0], w[j] = w[j], w[0]
	return j
}

func insertionSortPairs(s []uint32, w []float64) {
	w = w[:len(s)]
	for i := 1; i < len(s); i++ {
		sv, wv := s[i], w[i]
		j := i
		for ; j > 0 && pairLess(sv, wv, s[j-1], w[j-1]); j-- {
			s[j], w[j] = s[j-1], w[j-1]
		}
		s[j], w[j] = sv, wv
	}
}

func heapSortPairs(s []uint32, w []float64) {
	n := len(s)
	for i := n/2 - 1; i >= 0; i-- {
		siftDownPairs(s, w, i, n)
	}
	for end := n - 1; end > 0; end-- {
		s[0], s[end] = s[end], s[0]
		w[0], w[end] = w[end], w[0]
		siftDownPairs(s, w, 0, end)
	}
}

// siftDownPairs restores the max-heap property of s[:n] below root.
func siftDownPairs(s []uint32, w []float64, root, n int) {
	s, w = s[:n], w[:n]
	for {
		child := 2*root + 1
		if child >= n {
			return
		}
		if child+1 < n && pairLess(s[child], w[child], s[child+1], w[child+1]) {
			child++
		}
		if !pairLess(s[root], w[root], s[child], w[child]) {
			return
		}
		s[root], s[child] = s[child], s[root]
		w[root], w[child] = w[child], w[root]
		root = child
	}
}
