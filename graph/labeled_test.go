package graph_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
)

// TestFromLabeledEdgesInt64 checks that int64 labels of any size and sign
// become dense nodes in ascending label order, and that non-negative
// labels become the CSR's ids while negative ones live only in Labels.
func TestFromLabeledEdgesInt64(t *testing.T) {
	big := int64(math.MaxInt64)
	arcs := [][2]int64{{-5, big}, {big, 7}, {7, -5}, {7, big}}
	g, err := graph.FromLabeledEdges(arcs, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.Labels, []int64{-5, 7, big}) {
		t.Fatalf("labels %v", g.Labels)
	}
	if g.IDs != nil {
		t.Errorf("a negative label must leave CSR.IDs nil, got %v", g.IDs)
	}
	// -5 (node 0) has the arc from 7 (node 1); 7 has the arc from big; big
	// has the arcs from -5 and 7.
	for i, want := range [][]uint32{{1}, {2}, {0, 1}} {
		if got := g.InNeighbors(i); !slices.Equal(got, want) {
			t.Errorf("into %d (label %d): %v, want %v", i, g.Label(i), got, want)
		}
	}
	for want, label := range g.Labels {
		if i, ok := g.Index(label); !ok || i != want {
			t.Errorf("Index(%d) = %d, %v; want %d", label, i, ok, want)
		}
	}
	if _, ok := g.Index(8); ok {
		t.Error("Index found label 8, which no arc names")
	}

	pos, err := graph.FromLabeledEdges([][2]int64{{10, 1 << 40}, {1 << 40, 3}}, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pos.IDs, []uint64{3, 10, 1 << 40}) {
		t.Errorf("non-negative labels: CSR.IDs %v, want [3 10 %d]", pos.IDs, uint64(1)<<40)
	}
	if i, ok := pos.CSR.Index(1 << 40); !ok || i != 2 {
		t.Errorf("CSR.Index(2^40) = %d, %v; want 2", i, ok)
	}
	dense, err := graph.FromLabeledEdges([][2]int64{{0, 2}, {1, 0}}, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if dense.IDs != nil {
		t.Errorf("labels 0..n-1: CSR.IDs %v, want nil", dense.IDs)
	}
}

// TestFromLabeledEdgesStrings checks string labels, weights, and the nodes
// that no arc touches.
func TestFromLabeledEdgesStrings(t *testing.T) {
	arcs := [][2]string{{"b", "a"}, {"c", "a"}, {"c", "a"}}
	g, err := graph.FromWeightedLabeledEdges(arcs, []float64{1, 2, 3}, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.Labels, []string{"a", "b", "c"}) || g.IDs != nil {
		t.Fatalf("labels %v, ids %v", g.Labels, g.IDs)
	}
	if got := g.InWeights; !slices.Equal(got, []float64{1, 5}) {
		t.Errorf("weights into a: %v, want [1 5]", got)
	}
	h, err := graph.FromLabeledNodesEdges([]string{"z", "a"}, arcs, nil, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(h.Labels, []string{"a", "b", "c", "z"}) || h.OutDegree[3] != 0 {
		t.Errorf("labels %v out-degrees %v; want z as a node without arcs", h.Labels, h.OutDegree)
	}
	scores := []float64{0.5, 0.1, 0.1, 0.3}
	m, err := h.ScoresByLabel(scores)
	if err != nil {
		t.Fatal(err)
	}
	if m["z"] != 0.3 || m["a"] != 0.5 || len(m) != 4 {
		t.Errorf("ScoresByLabel %v", m)
	}
	top, err := h.Top(scores, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []graph.LabelScore[string]{{"a", 0.5}, {"z", 0.3}, {"b", 0.1}}
	if !slices.Equal(top, want) {
		t.Errorf("Top %v, want %v (ties by the lower label)", top, want)
	}
	if _, err := h.Top(scores[:2], 1); err == nil {
		t.Error("Top accepted 2 scores for 4 nodes")
	}
}

func TestNewLabeledErrors(t *testing.T) {
	g, err := graph.FromEdges([][2]uint32{{0, 1}}, graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		labels []int64
		want   string
	}{
		{[]int64{1}, "1 labels for 2 nodes"},
		{[]int64{4, 4}, "not strictly ascending at node 1"},
		{[]int64{4, 3}, "not strictly ascending"},
	} {
		if _, err := graph.NewLabeled(g, tc.labels); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewLabeled(%v): %v, want %q", tc.labels, err, tc.want)
		}
	}
	if _, err := graph.FromWeightedLabeledEdges([][2]int64{{1, 2}}, []float64{1, 2}, graph.BuildOptions{}); err == nil {
		t.Error("2 weights for 1 arc accepted")
	}
	if _, err := graph.FromWeightedLabeledEdges([][2]int64{{1, 2}}, []float64{math.NaN()}, graph.BuildOptions{}); err == nil {
		t.Error("NaN weight accepted")
	}
}
