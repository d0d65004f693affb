package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/prkbench/prk/graph"
)

// TestKronTablesExact reads back the exact probability of every outcome
// from each alias table and compares it with the product of the initiator
// entries of its levels.
func TestKronTablesExact(t *testing.T) {
	quadrant := map[[2]uint64]float64{{0, 0}: kronA, {0, 1}: kronB, {1, 0}: kronC, {1, 1}: kronD}
	for levels := 1; levels <= kronTableLevels; levels++ {
		tab := kronTables[levels]
		size := 1 << (2 * levels)
		if len(tab.entries) != size {
			t.Fatalf("table for %d levels has %d columns, want %d", levels, len(tab.entries), size)
		}
		one := math.Ldexp(1, int(tab.shift))
		got := map[uint64]float64{}
		for _, e := range tab.entries {
			own := float64(e.threshold) / one
			got[e.own] += own / float64(size)
			got[e.own^e.diff] += (1 - own) / float64(size)
			// pick must agree with the threshold on either side of it.
			for _, low := range []uint64{0, e.threshold - 1, e.threshold, e.threshold + 1, uint64(one) - 1} {
				if low >= uint64(one) {
					continue
				}
				want := e.own ^ e.diff
				if low < e.threshold {
					want = e.own
				}
				if got := e.pick(low); got != want {
					t.Fatalf("%d levels: pick(%d) with threshold %d = %x, want %x", levels, low, e.threshold, got, want)
				}
			}
		}
		total := 0.0
		for o := range uint64(size) {
			s, d := o&(1<<levels-1), o>>levels
			outcome := s | d<<32
			want := 1.0
			for l := range levels {
				want *= quadrant[[2]uint64{s >> l & 1, d >> l & 1}]
			}
			total += got[outcome]
			if math.Abs(got[outcome]-want) > 1e-12 {
				t.Errorf("%d levels: outcome src %b dst %b has probability %v, want %v", levels, s, d, got[outcome], want)
			}
		}
		if math.Abs(total-1) > 1e-12 {
			t.Errorf("%d levels: probabilities of valid outcomes sum to %v", levels, total)
		}
	}
}

// TestRMATLevels draws unpermuted arcs and checks that at every bit
// position the (source bit, destination bit) quadrants come up with
// probabilities A, B, C, D, and independently of the next level.
func TestRMATLevels(t *testing.T) {
	const draws = 400_000
	for _, scale := range []int{1, 6, 13} {
		var rng rand.PCG
		rng.Seed(1, uint64(scale))
		src, dst := make([]uint32, draws), make([]uint32, draws)
		rmatArcs(&rng, scale, src, dst)
		want := [4]float64{kronA, kronB, kronC, kronD}
		for bit := range scale {
			var count [4]int
			var pair [16]int
			for k := range src {
				q := (src[k]>>bit&1)<<1 | dst[k]>>bit&1
				count[q]++
				if bit+1 < scale {
					q2 := (src[k]>>(bit+1)&1)<<1 | dst[k]>>(bit+1)&1
					pair[q<<2|q2]++
				}
				if src[k]>>scale != 0 || dst[k]>>scale != 0 {
					t.Fatalf("scale %d: arc %d->%d beyond 2^%d nodes", scale, src[k], dst[k], scale)
				}
			}
			for q, c := range count {
				p := want[q]
				if sd := math.Sqrt(draws * p * (1 - p)); math.Abs(float64(c)-draws*p) > 5*sd {
					t.Errorf("scale %d bit %d: quadrant %d drawn %d times, expected %.0f +- %.0f", scale, bit, q, c, draws*p, sd)
				}
			}
			if bit+1 < scale {
				for q, c := range pair {
					p := want[q>>2] * want[q&3]
					if sd := math.Sqrt(draws * p * (1 - p)); math.Abs(float64(c)-draws*p) > 5*sd {
						t.Errorf("scale %d bits %d,%d: quadrant pair %d drawn %d times, expected %.0f", scale, bit, bit+1, q, c, draws*p)
					}
				}
			}
		}
	}
}

func TestRandomPermutation(t *testing.T) {
	for _, n := range []int{1, 2, 3, 1000, 1 << 16} {
		p := randomPermutation(n, 5)
		seen := make([]bool, n)
		for _, v := range p {
			if int(v) >= n || seen[v] {
				t.Fatalf("n=%d: %d repeated or out of range", n, v)
			}
			seen[v] = true
		}
		if !slices.Equal(p, randomPermutation(n, 5)) {
			t.Fatalf("n=%d: permutation not deterministic", n)
		}
	}
	fixed := 0
	for i, v := range randomPermutation(1<<16, 5) {
		if int(v) == i {
			fixed++
		}
	}
	if fixed > 10 { // about 1 expected
		t.Errorf("%d fixed points in a random permutation of 2^16", fixed)
	}
	if slices.Equal(randomPermutation(1000, 1), randomPermutation(1000, 2)) {
		t.Error("seeds 1 and 2 give the same permutation")
	}
}

func TestKronGraph(t *testing.T) {
	scale, edgeFactor := 15, 41 // 1.3M arcs: six parts, the last one partial
	if testing.Short() {
		scale, edgeFactor = 14, 20 // two parts
	}
	spec := fmt.Sprintf("kron:%d:%d", scale, edgeFactor)
	g := checkSameAcrossWorkers(t, spec)
	src := mustParse(t, spec)
	checkReplayable(t, src)
	n := 1 << scale
	drawn := int64(edgeFactor * n)
	if g.N != n || g.Arcs() > drawn || g.Arcs() < drawn/4 {
		t.Fatalf("%s: %d nodes and %d arcs, want %d nodes and at most %d arcs", spec, g.N, g.Arcs(), n, drawn)
	}
	if multi := build(t, src, graph.BuildOptions{Multigraph: true}); multi.Arcs() != drawn {
		t.Errorf("%s as a multigraph has %d arcs, want all %d drawn", spec, multi.Arcs(), drawn)
	}
	// Skewed degrees: the largest in-degree is far above the mean, and many
	// nodes get no arc at all.
	mean := float64(g.Arcs()) / float64(n)
	maxIn, isolated := int64(0), 0
	for i, d := range inDegrees(g) {
		maxIn = max(maxIn, d)
		if d == 0 && g.OutDegree[i] == 0 {
			isolated++
		}
	}
	if float64(maxIn) < 20*mean {
		t.Errorf("%s: max in-degree %d is not much above the mean %.1f", spec, maxIn, mean)
	}
	if isolated < n/20 {
		t.Errorf("%s: only %d of %d nodes are isolated; R-MAT leaves many", spec, isolated, n)
	}
	// The permutation spreads the hubs: without it the heaviest nodes all
	// have ids with few one bits, node 0 first.
	heaviest := 0
	for i, d := range inDegrees(g) {
		if d == maxIn {
			heaviest = i
		}
	}
	if heaviest == 0 {
		t.Errorf("%s: node 0 has the largest in-degree; are the labels permuted?", spec)
	}
}

func TestKronSeedsDiffer(t *testing.T) {
	a := build(t, mustParse(t, "kron:10:8:1"), defaultBuild)
	b := build(t, mustParse(t, "kron:10:8:2"), defaultBuild)
	if slices.Equal(a.InSources, b.InSources) {
		t.Error("kron seeds 1 and 2 give the same graph")
	}
}
