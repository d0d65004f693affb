package strategy_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/graph/graphio"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
	"github.com/prkbench/prk/strategy/strategytest"
)

// sharedData is where the project's real graphs live, relative to this package.
const sharedData = "../../shared/data"

// The variants of the built-ins' parameters pass the suite too: lockfree
// with every worker running however small the graph (which the default
// would run on one worker), also when it parks at once (every barrier wait
// goes through the channel path), and mutex with more chunks than workers.
// The parameters do not touch the layout, so these runs take the short list
// of engines (every layout, precision and order once).
func TestLockfreeAllWorkersConformance(t *testing.T) {
	strategytest.Run(t, "lockfree", strategytest.Params(map[string]string{"minwork": "0"}), strategytest.Workers([]int{2, 3, 8}), strategytest.Engines(strategytest.ShortEngines()))
}

func TestLockfreeParkingConformance(t *testing.T) {
	strategytest.Run(t, "lockfree", strategytest.Params(map[string]string{"spin": "0", "minwork": "0"}), strategytest.Workers([]int{2, 3}), strategytest.Engines(strategytest.ShortEngines()))
}

func TestMutexChunksConformance(t *testing.T) {
	strategytest.Run(t, "mutex", strategytest.Params(map[string]string{"chunks": "5"}), strategytest.Workers([]int{2}), strategytest.Engines(strategytest.ShortEngines()))
}

func TestBadParams(t *testing.T) {
	for _, c := range []struct {
		name   string
		params map[string]string
		want   string
	}{
		{"lockfree", map[string]string{"spin": "fast"}, `parameter spin="fast" is not a duration; spin takes auto or a duration >= 0s`},
		{"lockfree", map[string]string{"spin": "-1ms"}, `parameter spin="-1ms" is below the minimum 0s`},
		{"lockfree", map[string]string{"minwork": "-1"}, `parameter minwork="-1" is below the minimum 0; minwork takes an integer >= 0`},
		{"lockfree", map[string]string{"chunks": "2"}, `no parameter "chunks"`},
		{"mutex", map[string]string{"chunks": "0"}, `parameter chunks="0" is below the minimum 1`},
		{"mutex", map[string]string{"chunks": "x"}, `parameter chunks="x" is not an integer; chunks takes an integer in [1, `},
		{"mutex", map[string]string{"spin": "1us"}, `no parameter "spin"`},
	} {
		_, err := strategy.New(c.name, strategy.Config{Params: c.params})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%s, %v) = %v, want an error mentioning %s", c.name, c.params, err, c.want)
		}
	}
}

// TestLockfreeWorkerLabels checks that lockfree's workers carry a "worker"
// profiler label besides the labels of the context given to Prepare.
func TestLockfreeWorkerLabels(t *testing.T) {
	g, err := gen.Generate("seed:1000", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := strategy.NewProblem(g, pagerank.Default())
	if err != nil {
		t.Fatal(err)
	}
	s, err := strategy.New("lockfree", strategy.Config{Workers: 3, Params: map[string]string{"minwork": "0"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := pprof.WithLabels(context.Background(), pprof.Labels("strategy", "lockfree-label-test"))
	if err := s.Prepare(ctx, p); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"1", "2"} {
		want := fmt.Sprintf(`"worker":"%s"`, w)
		found := false
		for _, line := range strings.Split(buf.String(), "\n") {
			if strings.Contains(line, "# labels:") && strings.Contains(line, want) &&
				strings.Contains(line, `"strategy":"lockfree-label-test"`) {
				found = true
			}
		}
		if !found {
			t.Errorf("no goroutine labelled worker %s with the Prepare context's labels; goroutine profile:\n%s", w, buf.String())
		}
	}
}

// TestLockfreeSplitsByArcs checks that lockfree balances a power-law graph
// by arcs: with two workers on a graph whose first rows hold most arcs,
// each worker's share of the arcs (the solve's work) is about half.
func TestLockfreeSplitsByArcs(t *testing.T) {
	g, err := gen.Generate("kron:12", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ranges := strategy.SplitByArcs(g, 2)
	if len(ranges) != 2 {
		t.Fatalf("SplitByArcs gave %d ranges", len(ranges))
	}
	first := g.InOffsets[ranges[0].Hi] + int64(ranges[0].Hi)
	total := g.Arcs() + int64(g.N)
	if share := float64(first) / float64(total); share < 0.45 || share > 0.55 {
		t.Errorf("first block holds %.2f of the work, want about half", share)
	}
}

// TestLockfreeManyIterations drives the barrier through many short
// iterations with more workers than processors, the case where a lost
// wake-up would hang, and checks the scores stay right.
func TestLockfreeManyIterations(t *testing.T) {
	g, err := gen.Generate("seed:100", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o := pagerank.Default()
	o.Iterations = 2000
	if testing.Short() {
		o.Iterations = 300
	}
	want, err := pagerank.Reference(context.Background(), g, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, spin := range []string{"0", "1us", "auto"} {
		var wg sync.WaitGroup
		// Two solves at once, so their workers compete for processors.
		for range 2 {
			wg.Go(func() {
				cfg := strategy.Config{Workers: runtime.GOMAXPROCS(0) + 3, Kernel: kernel.Generic, Params: map[string]string{"spin": spin, "minwork": "0"}}
				got, err := strategy.Run(context.Background(), "lockfree", cfg, g, o)
				if err != nil {
					t.Error(err)
					return
				}
				for i := range got.Scores {
					if d := got.Scores[i] - want.Scores[i]; d > 1e-15 || d < -1e-15 {
						t.Errorf("spin %s: node %d: got %v, want %v", spin, i, got.Scores[i], want.Scores[i])
						return
					}
				}
			})
		}
		wg.Wait()
	}
}

// benchGraph returns a graph for the benchmarks, skipping when it needs
// shared data that is missing.
func benchGraph(b *testing.B, spec string) *graph.CSR {
	b.Helper()
	if gen.IsSpec(spec) {
		g, err := gen.Generate(spec, graph.BuildOptions{})
		if err != nil {
			b.Fatal(err)
		}
		return g
	}
	path := filepath.Join(sharedData, spec)
	if _, err := os.Stat(path); err != nil {
		b.Skipf("shared data %s is missing; the benchmark needs ../shared/data beside the checkout", path)
	}
	g, err := graphio.Load(path, graphio.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return g
}

// BenchmarkIterate times one iteration (one op) of each in-process
// strategy, with set-up outside the timer.
func BenchmarkIterate(b *testing.B) {
	for _, spec := range []string{"seed:100", "seed:1000", "cnr-2000.txt.gz"} {
		b.Run("graph="+strings.TrimSuffix(spec, ".txt.gz"), func(b *testing.B) {
			g := benchGraph(b, spec)
			p, err := strategy.NewProblem(g, pagerank.Default())
			if err != nil {
				b.Fatal(err)
			}
			for _, name := range []string{"serial", "mutex", "lockfree"} {
				for _, workers := range []int{1, 2} {
					if name == "serial" && workers > 1 {
						continue
					}
					b.Run(fmt.Sprintf("strategy=%s/workers=%d", name, workers), func(b *testing.B) {
						strategytest.BenchmarkIterate(b, name, strategy.Config{Workers: workers}, p)
					})
				}
			}
		})
	}
}
