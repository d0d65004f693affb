package graph_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/prkbench/prk/graph"
)

// TestTopNodes checks the heap selection against a full sort on random
// scores with many ties, and the edge cases of k.
func TestTopNodes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		n := r.IntN(60)
		scores := make([]float64, n)
		for i := range scores {
			scores[i] = float64(r.IntN(5)) // ties everywhere
		}
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		slices.SortStableFunc(all, func(a, b int) int {
			if scores[a] != scores[b] {
				if scores[a] > scores[b] {
					return -1
				}
				return 1
			}
			return 0
		})
		k := r.IntN(n + 3)
		got := graph.TopNodes(scores, k)
		want := all[:min(k, n)]
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: TopNodes(%v, %d) = %v, want %v", trial, scores, k, got, want)
		}
	}
	if got := graph.TopNodes([]float64{1, 2}, -1); len(got) != 0 {
		t.Errorf("k=-1: %v", got)
	}
	if got := graph.TopNodes([]float64{math.NaN(), 1, math.NaN(), 0}, 4); !slices.Equal(got, []int{1, 3, 0, 2}) {
		t.Errorf("NaN scores: %v, want [1 3 0 2] (NaN last)", got)
	}
}

func TestIndexAndScoresByID(t *testing.T) {
	g, err := graph.FromEdges([][2]uint32{{0, 2}}, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if i, ok := g.Index(2); !ok || i != 2 {
		t.Errorf("Index(2) = %d, %v", i, ok)
	}
	if _, ok := g.Index(3); ok {
		t.Error("Index(3) found a node in a 3-node graph")
	}
	g.IDs = []uint64{10, 20, 1 << 40}
	if i, ok := g.Index(1 << 40); !ok || i != 2 {
		t.Errorf("Index(2^40) = %d, %v", i, ok)
	}
	if _, ok := g.Index(15); ok {
		t.Error("Index(15) found a node")
	}
	m, err := g.ScoresByID([]float64{0.1, 0.2, 0.7})
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 3 || m[10] != 0.1 || m[1<<40] != 0.7 {
		t.Errorf("ScoresByID %v", m)
	}
	if _, err := g.ScoresByID([]float64{1}); err == nil {
		t.Error("ScoresByID accepted 1 score for 3 nodes")
	}
}
