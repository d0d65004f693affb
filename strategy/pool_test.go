package strategy_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// TestPoolRounds runs many rounds with every way of waiting (adaptive
// spin, fixed spin, parking at once, more workers than processors), each
// round checking that every worker ran exactly once and saw the round's
// data: a lost wake-up hangs the test, a missed barrier miscounts.
func TestPoolRounds(t *testing.T) {
	opts := map[string]strategy.PoolOptions{
		"auto":  {},
		"fixed": {Spin: 10 * time.Microsecond, FixedSpin: true},
		"park":  {Spin: -1, FixedSpin: true},
	}
	for name, o := range opts {
		for _, workers := range []int{1, 2, 3, 2*runtime.GOMAXPROCS(0) + 1} {
			pool := strategy.NewPool(context.Background(), workers, o)
			if pool.Workers() != workers {
				t.Fatalf("%s: NewPool(%d) has %d workers", name, workers, pool.Workers())
			}
			seen := make([]int, workers)
			round := 0
			f := func(w int) { seen[w] += round }
			want := 0
			for round = 1; round <= 300; round++ {
				if err := pool.Run(f); err != nil {
					t.Fatal(err)
				}
				want += round
				for w, s := range seen {
					if s != want {
						t.Fatalf("%s, %d workers, round %d: worker %d summed %d, want %d", name, workers, round, w, s, want)
					}
				}
			}
			pool.Close()
		}
	}
}

// TestPoolPanic: a panic in a worker comes back from Run as an error naming
// the worker and wrapping a *PanicError; the pool keeps working and closes
// with no goroutine left.
func TestPoolPanic(t *testing.T) {
	before := runtime.NumGoroutine()
	pool := strategy.NewPool(context.Background(), 3, strategy.PoolOptions{})
	err := pool.Run(func(w int) {
		if w == 2 {
			panic("boom")
		}
	})
	var pe *strategy.PanicError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "worker 2") || pe.Value != "boom" {
		t.Fatalf("Run after a panic in worker 2: %v", err)
	}
	ran := make([]bool, 3)
	if err := pool.Run(func(w int) { ran[w] = true }); err != nil {
		t.Fatalf("Run after a recovered panic: %v", err)
	}
	if !ran[0] || !ran[1] || !ran[2] {
		t.Errorf("after a panic not every worker ran: %v", ran)
	}
	pool.Close()
	pool.Close() // twice is fine
	if err := pool.Run(func(int) {}); !errors.Is(err, strategy.ErrClosed) {
		t.Errorf("Run after Close: %v, want ErrClosed", err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after Close, %d before NewPool", n, before)
	}
}

// TestFusedSameBitsAnyWorkers: the tiles and the order of the sums do not
// depend on the worker count (above one) or on the rebalancing, so every
// count gives the same scores bit for bit, within 1e-12 of the reference.
func TestFusedSameBitsAnyWorkers(t *testing.T) {
	g, err := gen.Generate("kron:14", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o := pagerank.Default()
	p, err := strategy.NewProblem(g, o)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := pagerank.Reference(t.Context(), g, o)
	if err != nil {
		t.Fatal(err)
	}
	var first []float64
	for _, workers := range []int{2, 3, 4, 7} {
		f := strategy.NewFused(p, kernel.Generic, workers)
		if f.Workers() != workers {
			t.Fatalf("NewFused(%d) on %d tiles gives %d workers", workers, len(f.Tiles()), f.Workers())
		}
		pool := strategy.NewPool(t.Context(), f.Workers(), strategy.PoolOptions{})
		it := 0
		for r := 1.0; r >= o.Tolerance; it++ {
			if err := pool.Run(f.Step); err != nil {
				t.Fatal(err)
			}
			r = f.Advance()
			covered := 0
			for w := range f.Workers() {
				lo, hi := f.TilesOf(w)
				if lo != covered || hi <= lo {
					t.Fatalf("workers %d: worker %d has tiles [%d, %d) after %d", workers, w, lo, hi, covered)
				}
				covered = hi
			}
			if covered != len(f.Tiles()) {
				t.Fatalf("workers %d: the workers cover %d of %d tiles", workers, covered, len(f.Tiles()))
			}
		}
		pool.Close()
		if it != ref.Iterations {
			t.Errorf("workers %d: %d iterations, reference %d", workers, it, ref.Iterations)
		}
		x := f.Scores()
		for i := range x {
			if d := (x[i] - ref.Scores[i]) / ref.Scores[i]; d > 1e-12 || d < -1e-12 {
				t.Fatalf("workers %d: score %d is %v, reference %v", workers, i, x[i], ref.Scores[i])
			}
		}
		if first == nil {
			first = append([]float64(nil), x...)
			continue
		}
		for i := range x {
			if x[i] != first[i] {
				t.Fatalf("workers %d: score %d is %v, with 2 workers %v", workers, i, x[i], first[i])
			}
		}
		// Reset really resets.
		f.Reset()
		for i, s := range f.Scores() {
			if s != 1/float64(g.N) {
				t.Fatalf("after Reset score %d is %v", i, s)
			}
		}
	}
}

// TestWorkersFor: minwork 0 runs every worker; otherwise each worker gets
// at least minWork of work and at least one runs.
func TestWorkersFor(t *testing.T) {
	g, err := gen.Generate("seed:1000", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := strategy.NewProblem(g, pagerank.Default())
	if err != nil {
		t.Fatal(err)
	}
	work := g.Arcs() + int64(g.N)
	for _, c := range []struct {
		workers int
		minWork int64
		want    int
	}{
		{4, 0, 4}, {0, 0, 1}, {4, strategy.DefaultMinWork, 1}, {4, work / 3, 3}, {2, work / 3, 2}, {4, work * 2, 1},
	} {
		if got := p.WorkersFor(c.workers, c.minWork); got != c.want {
			t.Errorf("WorkersFor(%d, %d) on %d work = %d, want %d", c.workers, c.minWork, work, got, c.want)
		}
	}
}
