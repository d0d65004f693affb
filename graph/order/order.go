package order

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"

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

// byKey numbers nodes by ascending key, ties by ascending id.
func byKey(n int, key func(i int) uint64) []uint32 {
	type kv struct {
		key uint64
		id  uint32
	}
	order := make([]kv, n)
	for i := range order {
		order[i] = kv{key(i), uint32(i)}
	}
	slices.SortFunc(order, func(a, b kv) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return int(a.id) - int(b.id)
	})
	newID := make([]uint32, n)
	for nw, e := range order {
		newID[e.id] = uint32(nw)
	}
	return newID
}

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
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Rows are cut into chunks of about equal arcs, handed out in turn.
	const chunkArcs = 1 << 20
	var next sync.Mutex
	row := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var pairs []weighted
			for {
				next.Lock()
				lo := row
				hi := lo
				for hi < n && h.InOffsets[hi]-h.InOffsets[lo] < chunkArcs {
					hi++
				}
				row = hi
				next.Unlock()
				if lo == hi {
					return
				}
				for nw := lo; nw < hi; nw++ {
					pairs = permuteRow(g, h, newID, oldID[nw], nw, pairs)
				}
			}
		})
	}
	wg.Wait()
	return h, nil
}

type weighted struct {
	src uint32
	w   float64
}

// permuteRow fills row nw of h from row o of g.
func permuteRow(g, h *graph.CSR, newID []uint32, o uint32, nw int, pairs []weighted) []weighted {
	a, b := g.InOffsets[o], g.InOffsets[o+1]
	dst := h.InSources[h.InOffsets[nw]:h.InOffsets[nw+1]]
	if g.InWeights == nil {
		for k, s := range g.InSources[a:b] {
			dst[k] = newID[s]
		}
		slices.Sort(dst)
		return pairs
	}
	pairs = pairs[:0]
	for k := a; k < b; k++ {
		pairs = append(pairs, weighted{newID[g.InSources[k]], g.InWeights[k]})
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].src < pairs[j].src })
	ws := h.InWeights[h.InOffsets[nw]:h.InOffsets[nw+1]]
	for k, p := range pairs {
		dst[k], ws[k] = p.src, p.w
	}
	return pairs
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
