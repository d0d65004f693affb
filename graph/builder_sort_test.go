package graph

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

type pair struct {
	s uint32
	w float64
}

func comparePairs(a, b pair) int {
	if c := cmp.Compare(a.s, b.s); c != 0 {
		return c
	}
	return cmp.Compare(a.w, b.w)
}

// pairInputs makes rows of many lengths and orders: random, few distinct
// keys, all equal, sorted, reversed and organ-pipe, the inputs that break
// naive quicksorts.
func pairInputs(rng *rand.Rand) [][]pair {
	var rows [][]pair
	for _, n := range []int{0, 1, 2, 3, 31, 32, 33, 100, 1000, 5000} {
		for kind := range 6 {
			row := make([]pair, n)
			for i := range row {
				switch kind {
				case 0:
					row[i] = pair{rng.Uint32(), rng.Float64()}
				case 1:
					row[i] = pair{uint32(rng.IntN(4)), float64(rng.IntN(3))}
				case 2:
					row[i] = pair{7, 1}
				case 3:
					row[i] = pair{uint32(i / 3), float64(i % 3)}
				case 4:
					row[i] = pair{uint32(n - i), float64(n - i)}
				case 5:
					row[i] = pair{uint32(min(i, n-i)), 0}
				}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func splitPairs(row []pair) ([]uint32, []float64) {
	s := make([]uint32, len(row))
	w := make([]float64, len(row))
	for i, p := range row {
		s[i], w[i] = p.s, p.w
	}
	return s, w
}

func TestSortPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	sorts := map[string]func(s []uint32, w []float64){
		"sortPairs":     sortPairs,
		"heapSortPairs": heapSortPairs,
		"quickSortPairs, no depth": func(s []uint32, w []float64) {
			quickSortPairs(s, w, 0)
		},
		"insertionSortPairs": insertionSortPairs,
	}
	for name, sort := range sorts {
		for _, row := range pairInputs(rng) {
			if name == "insertionSortPairs" && len(row) > 1000 {
				continue
			}
			want := slices.Clone(row)
			slices.SortFunc(want, comparePairs)
			s, w := splitPairs(row)
			sort(s, w)
			ws, ww := splitPairs(want)
			if !slices.Equal(s, ws) || !slices.Equal(w, ww) {
				t.Fatalf("%s on %d pairs (%v...): got %v %v, want %v %v", name, len(row), clip(row), clip(s), clip(w), clip(ws), clip(ww))
			}
		}
	}
}

func TestSortSources(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, row := range pairInputs(rng) {
		s, _ := splitPairs(row)
		want := slices.Clone(s)
		slices.Sort(want)
		sortSources(s)
		if !slices.Equal(s, want) {
			t.Fatalf("sortSources on %d values: got %v, want %v", len(s), clip(s), clip(want))
		}
	}
}

func TestDedup(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for range 300 {
		n := rng.IntN(60)
		s := make([]uint32, n)
		w := make([]float64, n)
		for i := range s {
			s[i] = uint32(rng.IntN(8))
			w[i] = float64(rng.IntN(5)) / 4
		}
		sortPairs(s, w)
		// Reference: group by source with a map, sum in order.
		sums := map[uint32]float64{}
		var keys []uint32
		for i, v := range s {
			if _, ok := sums[v]; !ok {
				keys = append(keys, v)
			}
			sums[v] += w[i]
		}
		us := slices.Clone(s)
		k := dedupSorted(us)
		if !slices.Equal(us[:k], keys) {
			t.Fatalf("dedupSorted(%v) = %v, want %v", s, us[:k], keys)
		}
		k, bad := dedupWeighted(s, w)
		if bad >= 0 || !slices.Equal(s[:k], keys) {
			t.Fatalf("dedupWeighted kept %v (bad %d), want %v", s[:k], bad, keys)
		}
		for i, v := range keys {
			if w[i] != sums[v] {
				t.Fatalf("dedupWeighted: source %d weight %v, want %v", v, w[i], sums[v])
			}
		}
	}
	if _, bad := dedupWeighted([]uint32{1, 2, 2, 2}, []float64{1, 1, math.MaxFloat64, math.MaxFloat64}); bad != 1 {
		t.Fatalf("overflowing run: bad = %d, want 1", bad)
	}
}
