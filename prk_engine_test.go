package prk_test

import (
	"math"
	"testing"

	"github.com/prkbench/prk"
	"github.com/prkbench/prk/strategy"
)

// TestPageRankEngine: the one-call API passes the engine through, and a
// float32 engine stays within strategytest's float32 bound of the default.
func TestPageRankEngine(t *testing.T) {
	g, err := prk.Load(t.Context(), "seed:1000")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := prk.PageRank(t.Context(), g, prk.Options{Iterations: 30})
	if err != nil {
		t.Fatal(err)
	}
	e := strategy.Engine{Layout: strategy.LayoutSegmented, Precision: strategy.F32, Order: strategy.OrderDegree}
	got, err := prk.PageRank(t.Context(), g, prk.Options{Iterations: 30, Engine: e})
	if err != nil {
		t.Fatal(err)
	}
	if got.Engine != e.String() {
		t.Fatalf("result engine %q, want %q", got.Engine, e.String())
	}
	for i, want := range ref.Scores {
		if d := math.Abs(got.Scores[i]-want) / want; !(d <= 1e-5) {
			t.Fatalf("node %d: %v vs %v (relative %.2g)", i, got.Scores[i], want, d)
		}
	}
	if _, err := prk.PageRank(t.Context(), g, prk.Options{Engine: strategy.Engine{Order: "random"}}); err == nil {
		t.Fatal("an unknown order was accepted")
	}
}
