package order

import (
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
