package order

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, n := range []int{1, 2, 2047, 2048, 1 << 22, 1<<32 - 1} {
		for _, l := range []int{1, 2, 1000, radixMinLen, 5000} {
			v := make([]uint32, l)
			for i := range v {
				v[i] = uint32(rng.Int64N(int64(n)))
			}
			want := slices.Sorted(slices.Values(v))
			radixSort(v, make([]uint32, l), n)
			if !slices.Equal(v, want) {
				t.Fatalf("n=%d len=%d: not sorted", n, l)
			}
		}
	}
}

// TestByKeyCountingMatchesSort: the counting path (narrow keys) and the
// sorting path (wide keys) number nodes exactly as a stable sort by key.
func TestByKeyCountingMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, spread := range []uint64{1, 7, 1000, maxCountingRange, 1 << 40} {
		n := 5000
		keys := make([]uint64, n)
		for i := range keys {
			keys[i] = 1<<50 + rng.Uint64N(spread+1)
		}
		got := byKey(n, func(i int) uint64 { return keys[i] })
		ids := make([]int, n)
		for i := range ids {
			ids[i] = i
		}
		slices.SortStableFunc(ids, func(a, b int) int { return cmp.Compare(keys[a], keys[b]) })
		for nw, old := range ids {
			if got[old] != uint32(nw) {
				t.Fatalf("spread %d: node %d numbered %d, want %d", spread, old, got[old], nw)
			}
		}
	}
	if got := byKey(0, nil); len(got) != 0 {
		t.Errorf("byKey(0) = %v", got)
	}
}
