package strategy

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBalance checks the boundaries Fused (lockfree) derives from tile cost
// estimates: every block has a tile, the blocks cover the tiles in order,
// and no block costs more than an even share plus one tile (the best runs
// of whole tiles can guarantee).
func TestBalance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		ntiles := 1 + rng.IntN(40)
		nw := 1 + rng.IntN(ntiles)
		lf := &balancer{cost: make([]float64, ntiles), bounds: make([]int, nw+1)}
		total, biggest := 0.0, 0.0
		for i := range lf.cost {
			c := rng.ExpFloat64()
			if rng.IntN(5) == 0 {
				c *= 50 // a few heavy tiles, as hubs make
			}
			lf.cost[i] = c
			total += c
			biggest = max(biggest, c)
		}
		// Start from stale boundaries, as after earlier rebalancing.
		for w := 1; w < nw; w++ {
			lf.bounds[w] = w
		}
		lf.balance()
		b := lf.bounds
		if b[0] != 0 || b[nw] != ntiles {
			t.Fatalf("trial %d: bounds %v do not cover %d tiles", trial, b, ntiles)
		}
		for w := range nw {
			if b[w+1] <= b[w] {
				t.Fatalf("trial %d: block %d of bounds %v is empty", trial, w, b)
			}
			cost := 0.0
			for _, c := range lf.cost[b[w]:b[w+1]] {
				cost += c
			}
			if limit := total/float64(nw) + biggest; cost > limit*(1+1e-12) && b[w+1]-b[w] > 1 {
				t.Errorf("trial %d: block %d costs %v, more than an even share %v plus the biggest tile %v (bounds %v, costs %v)",
					trial, w, cost, total/float64(nw), biggest, b, lf.cost)
			}
		}
		if !slices.IsSorted(b) {
			t.Fatalf("trial %d: bounds %v not ascending", trial, b)
		}
	}
}
