package pool_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/graph/graphio"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
	"github.com/prkbench/prk/strategy/example/pool"
	"github.com/prkbench/prk/strategy/strategytest"
)

// sharedData is where the project's real graphs live, relative to this
// package (../shared/data beside the checkout).
const sharedData = "../../../../shared/data"

// TestPoolConformance runs the conformance suite on the example, with its
// default minwork (small graphs on one worker) and with minwork=0 (every
// worker runs, so the barrier and the balancing are exercised).
func TestPoolConformance(t *testing.T) {
	strategytest.Run(t, pool.Name, strategytest.Workers([]int{1, 3}))
	strategytest.Run(t, pool.Name, strategytest.Workers([]int{2, 3, 8}), strategytest.Params(map[string]string{"minwork": "0"}), strategytest.Engines(strategytest.ShortEngines()))
}

// TestPoolMatchesLockfree: the example and lockfree run the same tiles in
// the same order of sums, so their scores agree bit for bit, and they run
// the same number of workers.
func TestPoolMatchesLockfree(t *testing.T) {
	g, err := gen.Generate("kron:12", graph.BuildOptions{}) // power-law: tiles differ in work
	if err != nil {
		t.Fatal(err)
	}
	o := pagerank.Default()
	o.Iterations = 20
	for _, workers := range []int{1, 2, 3} {
		cfg := strategy.Config{Workers: workers, Params: map[string]string{"minwork": "0"}}
		want, err := strategy.Run(t.Context(), "lockfree", cfg, g, o)
		if err != nil {
			t.Fatal(err)
		}
		got, err := strategy.Run(t.Context(), pool.Name, cfg, g, o)
		if err != nil {
			t.Fatal(err)
		}
		if got.Workers != want.Workers {
			t.Errorf("workers %d: example ran %d workers, lockfree %d", workers, got.Workers, want.Workers)
		}
		for i := range want.Scores {
			if got.Scores[i] != want.Scores[i] {
				t.Fatalf("workers %d: score %d is %v, lockfree's %v", workers, i, got.Scores[i], want.Scores[i])
			}
		}
	}
}

// TestPoolBadParam: a bad minwork is refused before the factory runs (the
// description's bound), naming it and what it takes.
func TestPoolBadParam(t *testing.T) {
	_, err := strategy.New(pool.Name, strategy.Config{Params: map[string]string{"minwork": "-3"}})
	if err == nil {
		t.Fatal("minwork -3 accepted")
	}
	for _, want := range []string{`minwork="-3"`, "below the minimum 0"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %s", err, want)
		}
	}
}

// BenchmarkPoolVsLockfree times one iteration (one op) of the example and
// of lockfree on cnr-2000 with 2 workers, set-up outside the timer: the
// example, written with only exported API, should be within 10% of
// lockfree. Compare with
//
//	go test -run '^$' -bench PoolVsLockfree -count 10 ./strategy/example/pool/ > pool.txt
//	benchstat -col /strategy pool.txt
func BenchmarkPoolVsLockfree(b *testing.B) {
	path := filepath.Join(sharedData, "cnr-2000.txt.gz")
	if _, err := os.Stat(path); err != nil {
		b.Skipf("shared data %s is missing; the benchmark needs ../shared/data beside the checkout", path)
	}
	g, err := graphio.Load(path, graphio.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	p, err := strategy.NewProblem(g, pagerank.Default())
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{2} {
		for _, name := range []string{"lockfree", pool.Name} {
			b.Run(fmt.Sprintf("graph=cnr-2000/workers=%d/strategy=%s", workers, name), func(b *testing.B) {
				strategytest.BenchmarkIterate(b, name, strategy.Config{Workers: workers}, p)
			})
		}
	}
}
