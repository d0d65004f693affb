package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// randomRows returns a block of rows over n sources: offsets and ascending,
// distinct sources per row, with empty rows, one-arc rows and rows long
// enough for several vector chunks, and weights when weighted.
func randomSegmentRows(rng *rand.Rand, rows, n int, weighted bool) (offsets []int64, sources []uint32, weights []float64) {
	offsets = make([]int64, rows+1)
	for r := range rows {
		var deg int
		switch rng.IntN(6) {
		case 0:
			deg = 0
		case 1:
			deg = 1
		case 2:
			deg = 2 + rng.IntN(15)
		default:
			deg = rng.IntN(min(n, 90))
		}
		deg = min(deg, n)
		picked := map[uint32]bool{}
		row := make([]uint32, 0, deg)
		for len(row) < deg {
			s := uint32(rng.IntN(n))
			if !picked[s] {
				picked[s] = true
				row = append(row, s)
			}
		}
		sortU32(row)
		sources = append(sources, row...)
		offsets[r+1] = int64(len(sources))
	}
	if weighted {
		weights = make([]float64, len(sources))
		for i := range weights {
			weights[i] = rng.Float64() * 3
		}
	}
	return offsets, sources, weights
}

func sortU32(v []uint32) {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && v[j] < v[j-1]; j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}

// TestEngineOperationsMatchGeneric checks every kernel's float32 and
// segmented operations against generic's, and the segmented layout against
// plain row sums, on blocks wider than several source windows.
func TestEngineOperationsMatchGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 4))
	for _, v := range kernelsUnderTest(t) {
		for trial := range 12 {
			weighted := trial%3 == 2
			n := []int{1, 7, SegmentWidth + 3, 3*SegmentWidth + 11}[trial%4]
			rows := 1 + rng.IntN(300)
			offsets, sources, weights := randomSegmentRows(rng, rows, n, weighted)
			x := make([]float64, n)
			outdeg := make([]uint32, n)
			outW := make([]float64, n)
			for j := range x {
				x[j] = randomScore(rng)
				if rng.IntN(5) > 0 {
					outdeg[j] = 1 + uint32(rng.IntN(50))
					outW[j] = float64(outdeg[j]) * 0.7
				}
			}
			xold := make([]float64, rows)
			for r := range xold {
				xold[r] = randomScore(rng)
			}
			const base, damping = 1e-6, 0.85

			// Contributions32: bit-identical to rounding generic's float64 quotient.
			c32 := make([]float32, PaddedLen(n))
			want32 := make([]float32, PaddedLen(n))
			var gotD, wantD float64
			if weighted {
				gotD = v.k.WeightedContributions32(c32[:n], x, outW)
				wantD = weightedContributions32Generic(want32[:n], x, outW)
			} else {
				gotD = v.k.Contributions32(c32[:n], x, outdeg)
				wantD = contributions32Generic(want32[:n], x, outdeg)
			}
			if gotD != wantD {
				t.Fatalf("%s: dangling %v, generic %v", v.name, gotD, wantD)
			}
			for j := range n {
				if c32[j] != want32[j] {
					t.Fatalf("%s: c32[%d] = %v, generic %v", v.name, j, c32[j], want32[j])
				}
			}
			c64 := make([]float64, PaddedLen(n))
			for j := range n {
				c64[j] = float64(c32[j])
			}

			// The reference for every row: plain float64 sums over the
			// same (float32-valued) contributions.
			want := make([]float64, rows)
			absSum := make([]float64, rows)
			for r := range rows {
				for k := offsets[r]; k < offsets[r+1]; k++ {
					term := c64[sources[k]]
					if weighted {
						term *= weights[k]
					}
					want[r] += term
					absSum[r] += math.Abs(term)
				}
			}
			check := func(op string, got []float64, finished bool) {
				t.Helper()
				for r := range rows {
					deg := int(offsets[r+1] - offsets[r])
					w := want[r]
					bound := rowBound(deg, absSum[r], 0, 1)
					if finished {
						w = float64(damping*want[r]) + base
						bound = rowBound(deg, absSum[r], base, damping)
					}
					if d := math.Abs(got[r] - w); !(d <= bound) {
						t.Fatalf("%s %s (n=%d, weighted=%v): row %d (%d arcs) = %v, want %v (bound %.3g)", v.name, op, n, weighted, r, deg, got[r], w, bound)
					}
				}
			}

			y := make([]float64, rows)
			if weighted {
				v.k.WeightedPullRowSums32(y, xold, c32, offsets, sources, weights, base, damping)
			} else {
				v.k.PullRowSums32(y, xold, c32, offsets, sources, base, damping)
			}
			check("PullRowSums32", y, true)

			seg, err := NewSegments(offsets, sources, weights, n)
			if err != nil {
				t.Fatal(err)
			}
			if seg.Rows() != rows || seg.Arcs() != int64(len(sources)) {
				t.Fatalf("segments: %d rows, %d arcs; want %d, %d", seg.Rows(), seg.Arcs(), rows, len(sources))
			}
			acc := make([]float64, rows)
			v.k.SegmentSums32(acc, c32, seg)
			check("SegmentSums32", acc, false)
			clear(acc)
			v.k.SegmentSums(acc, c64, seg)
			check("SegmentSums", acc, false)
			tiles, err := NewTiles(offsets, sources, weights, n)
			if err != nil {
				t.Fatal(err)
			}
			if tiles.Rows() != rows || tiles.Arcs() != int64(len(sources)) {
				t.Fatalf("tiles: %d rows, %d arcs; want %d, %d", tiles.Rows(), tiles.Arcs(), rows, len(sources))
			}
			clear(acc)
			v.k.TileSums32(acc, c32, tiles)
			check("TileSums32", acc, false)
			clear(acc)
			v.k.TileSums(acc, c64, tiles)
			check("TileSums", acc, false)
			// Hybrid: every window in one half or the other, or split by
			// density; the two halves add up to the whole rows.
			for _, minArcs := range []float64{0, 2, math.Inf(1)} {
				hs, ht, err := NewHybrid(offsets, sources, weights, n, minArcs)
				if err != nil {
					t.Fatal(err)
				}
				if hs.Arcs()+ht.Arcs() != int64(len(sources)) {
					t.Fatalf("hybrid %v: %d + %d arcs, want %d", minArcs, hs.Arcs(), ht.Arcs(), len(sources))
				}
				if minArcs == 0 && ht.Arcs() != 0 || math.IsInf(minArcs, 1) && hs.Arcs() != 0 {
					t.Fatalf("hybrid %v: %d segmented and %d tiled arcs", minArcs, hs.Arcs(), ht.Arcs())
				}
				clear(acc)
				v.k.SegmentSums32(acc, c32, hs)
				v.k.TileSums32(acc, c32, ht)
				check(fmt.Sprintf("hybrid(%v) sums32", minArcs), acc, false)
				clear(acc)
				v.k.TileSums(acc, c64, ht)
				v.k.SegmentSums(acc, c64, hs)
				check(fmt.Sprintf("hybrid(%v) sums", minArcs), acc, false)
			}
			clear(acc)
			v.k.SegmentSums(acc, c64, seg)
			residual := v.k.FinishRows(acc, xold, base, damping)
			check("SegmentSums+FinishRows", acc, true)
			wantRes := 0.0
			for r := range rows {
				wantRes += math.Abs(acc[r] - xold[r])
			}
			if residual != wantRes {
				t.Fatalf("%s FinishRows: residual %v, want %v", v.name, residual, wantRes)
			}
		}
	}
}

// TestTilesSpanGroups checks the blocked layout on a block of more rows
// than one tile group (the last group short) whose offsets start past 0,
// as a block cut from a whole graph does, weighted and not, against plain
// row sums.
func TestTilesSpanGroups(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	n := 2*SegmentWidth + 7
	rows := TileRows + 123
	for _, weighted := range []bool{false, true} {
		offsets := make([]int64, rows+1)
		offsets[0] = 3
		sources := []uint32{1, 2, 3}
		for r := range rows {
			for range rng.IntN(5) {
				sources = append(sources, uint32(rng.IntN(n)))
			}
			sortU32(sources[offsets[r]:])
			offsets[r+1] = int64(len(sources))
		}
		var weights []float64
		if weighted {
			weights = make([]float64, len(sources))
			for i := range weights {
				weights[i] = rng.Float64()
			}
		}
		c64 := make([]float64, PaddedLen(n))
		c32 := make([]float32, PaddedLen(n))
		for j := range n {
			c32[j] = float32(rng.Float64())
			c64[j] = float64(c32[j])
		}
		tiles, err := NewTiles(offsets, sources, weights, n)
		if err != nil {
			t.Fatal(err)
		}
		if tiles.Tiles() != 2*3 || tiles.Arcs() != int64(len(sources)-3) {
			t.Fatalf("%d tiles, %d arcs; want 6, %d", tiles.Tiles(), tiles.Arcs(), len(sources)-3)
		}
		for _, v := range kernelsUnderTest(t) {
			for _, f32 := range []bool{false, true} {
				acc := make([]float64, rows)
				for r := range acc {
					acc[r] = float64(r) // added to, not set
				}
				if f32 {
					v.k.TileSums32(acc, c32, tiles)
				} else {
					v.k.TileSums(acc, c64, tiles)
				}
				for r := range rows {
					want, abs := float64(r), float64(r)
					for k := offsets[r]; k < offsets[r+1]; k++ {
						term := c64[sources[k]]
						if weighted {
							term *= weights[k]
						}
						want += term
						abs += math.Abs(term)
					}
					if d := math.Abs(acc[r] - want); d > 1e-15*abs*float64(2+offsets[r+1]-offsets[r]) {
						t.Fatalf("%s f32=%v weighted=%v: row %d = %v, want %v", v.name, f32, weighted, r, acc[r], want)
					}
				}
			}
		}
	}
}

func TestNewTilesRefusesBadRows(t *testing.T) {
	cases := []struct {
		name    string
		offsets []int64
		sources []uint32
		weights []float64
		n       int
	}{
		{"source out of range", []int64{0, 1}, []uint32{5}, nil, 5},
		{"offsets decrease", []int64{0, 2, 1}, []uint32{0, 1}, nil, 3},
		{"offsets past sources", []int64{0, 3}, []uint32{0, 1}, nil, 3},
		{"offsets before sources", []int64{-1, 1}, []uint32{0, 1}, nil, 3},
		{"weights short", []int64{0, 2}, []uint32{0, 1}, []float64{1}, 3},
		{"unsorted", []int64{0, 2}, []uint32{SegmentWidth + 1, 0}, nil, SegmentWidth + 2},
		{"no offsets", nil, nil, nil, 1},
	}
	for _, c := range cases {
		// Tiles sort each tile's arcs themselves, so only NewHybrid (whose
		// segments rely on ascending rows) refuses unsorted sources.
		if _, err := NewTiles(c.offsets, c.sources, c.weights, c.n); err == nil && c.name != "unsorted" {
			t.Errorf("%s: NewTiles accepted it", c.name)
		}
		for _, minArcs := range []float64{0, 1, math.Inf(1)} {
			if _, _, err := NewHybrid(c.offsets, c.sources, c.weights, c.n, minArcs); err == nil {
				t.Errorf("%s: NewHybrid(%v) accepted it", c.name, minArcs)
			}
		}
	}
}

func TestNewSegmentsRefusesBadRows(t *testing.T) {
	cases := []struct {
		name    string
		offsets []int64
		sources []uint32
		n       int
	}{
		{"source out of range", []int64{0, 1}, []uint32{5}, 5},
		{"offsets decrease", []int64{0, 2, 1}, []uint32{0, 1}, 3},
		{"offsets past sources", []int64{0, 3}, []uint32{0, 1}, 3},
		{"unsorted", []int64{0, 2}, []uint32{SegmentWidth + 1, 0}, SegmentWidth + 2},
		{"no offsets", nil, nil, 1},
	}
	for _, c := range cases {
		if _, err := NewSegments(c.offsets, c.sources, nil, c.n); err == nil {
			t.Errorf("%s: NewSegments accepted it", c.name)
		}
	}
}

// TestSegmentKernelsCheckVectors: a contribution vector shorter than the
// layout's windows, or an accumulator shorter than its rows, panics as a Go
// slice would instead of being read past its end.
func TestSegmentKernelsCheckVectors(t *testing.T) {
	offsets, sources, _ := randomSegmentRows(rand.New(rand.NewPCG(1, 1)), 20, SegmentWidth+5, false)
	seg, err := NewSegments(offsets, sources, nil, SegmentWidth+5)
	if err != nil {
		t.Fatal(err)
	}
	tiles, err := NewTiles(offsets, sources, nil, SegmentWidth+5)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range kernelsUnderTest(t) {
		for name, call := range map[string]func(){
			"short c":     func() { v.k.SegmentSums32(make([]float64, 20), make([]float32, SegmentWidth), seg) },
			"short acc":   func() { v.k.SegmentSums32(make([]float64, 19), make([]float32, 2*SegmentWidth), seg) },
			"short c64":   func() { v.k.SegmentSums(make([]float64, 20), make([]float64, SegmentWidth), seg) },
			"short acc64": func() { v.k.SegmentSums(make([]float64, 19), make([]float64, 2*SegmentWidth), seg) },
			"tiles short c": func() {
				v.k.TileSums32(make([]float64, 20), make([]float32, SegmentWidth), tiles)
			},
			"tiles short acc": func() {
				v.k.TileSums(make([]float64, 19), make([]float64, 2*SegmentWidth), tiles)
			},
		} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s %s: no panic", v.name, name)
					}
				}()
				call()
			}()
		}
	}
}
