package benchrun_test

// The go test -bench form of prk bench's matrix. One op is one power
// iteration; graph loading and Prepare happen before the timer starts.
//
//	go test -run '^$' -bench 'PageRank' -benchtime=100ms -count=5 ./internal/benchrun > new.txt
//	go test -run '^$' -bench 'Iteration/graph=cnr-2000' ./internal/benchrun
//	benchstat -col /strategy new.txt
//
// The names match prk bench --format benchfmt, so both feed benchstat alike.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/graphio"
	"github.com/prkbench/prk/internal/benchrun"
	"github.com/prkbench/prk/internal/graphspec"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
	"github.com/prkbench/prk/strategy/subprocess"
)

func TestMain(m *testing.M) {
	// The subprocess strategy re-executes this test binary as its workers.
	subprocess.ServeIfWorker()
	os.Exit(m.Run())
}

// sharedData is the project's real graphs, from this package's directory.
const sharedData = "../../../shared/data"

var (
	loadedMu sync.Mutex
	loaded   = map[string]*graph.CSR{}
)

// loadGraph loads spec once per test binary; a missing shared file skips.
func loadGraph(b *testing.B, spec string) *graph.CSR {
	b.Helper()
	loadedMu.Lock()
	defer loadedMu.Unlock()
	if g, ok := loaded[spec]; ok {
		return g
	}
	if !graphspec.IsGenerator(spec) {
		if _, err := os.Stat(spec); os.IsNotExist(err) {
			b.Skipf("%s is missing: the benchmark needs the shared data folder beside the checkout", spec)
		}
	}
	g, err := graphspec.Load(context.Background(), spec, graphio.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	loaded[spec] = g
	return g
}

// benchStrategies are the registered strategies, less the ones this
// package's tests register for themselves.
func benchStrategies() []string {
	var names []string
	for _, n := range strategy.Names() {
		if !strings.HasPrefix(n, "benchrun-test-") {
			names = append(names, n)
		}
	}
	return names
}

// benchIterations times s.Iterate on g as one op per iteration, under the
// same pprof labels as prk bench.
func benchIterations(b *testing.B, g *graph.CSR, label, name string, workers int, k *kernel.Kernel) {
	o := pagerank.Default()
	o.Iterations = benchrun.DefaultIterations
	p, err := strategy.NewProblem(g, o)
	if err != nil {
		b.Fatal(err)
	}
	s, err := strategy.New(name, strategy.Config{Workers: workers, Kernel: k})
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		if err := s.Close(); err != nil {
			b.Error(err)
		}
	}()
	labels := pprof.Labels("strategy", name, "graph", label, "kernel", k.Name, "workers", strconv.Itoa(workers))
	pprof.Do(context.Background(), labels, func(ctx context.Context) {
		if err := s.Prepare(ctx, p); err != nil {
			b.Fatal(err)
		}
		// One warm-up solve's worth of iterations, as prk bench does.
		for range o.Iterations {
			if _, err := s.Iterate(ctx); err != nil {
				b.Fatal(err)
			}
		}
		for b.Loop() {
			if _, err := s.Iterate(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(g.Arcs())*float64(b.N)/b.Elapsed().Seconds(), "arcs/s")
}

// benchMatrix runs every strategy and kernel on one graph, serial with one
// worker and the others with each of workers.
func benchMatrix(b *testing.B, spec string, workers []int) {
	label := benchrun.GraphLabel(spec)
	b.Run("graph="+label, func(b *testing.B) {
		g := loadGraph(b, spec)
		for _, name := range benchStrategies() {
			ws := workers
			if name == "serial" {
				ws = []int{1}
			}
			for _, w := range ws {
				for _, k := range kernel.Supported() {
					b.Run(fmt.Sprintf("strategy=%s/workers=%d/kernel=%s", name, w, k.Name), func(b *testing.B) {
						benchIterations(b, g, label, name, w, k)
					})
				}
			}
		}
	})
}

// BenchmarkPageRank is the study's matrix: graphs XS, L and XL, every
// strategy at 1 and 2 workers, every kernel this CPU runs.
func BenchmarkPageRank(b *testing.B) {
	for _, spec := range benchrun.DefaultConfig().Graphs {
		benchMatrix(b, spec, []int{1, 2})
	}
}

// BenchmarkIteration times full iterations on graphs big enough to leave
// the caches: the real cnr-2000 crawl and a Kronecker graph of 2^20 nodes,
// every strategy (one worker per CPU) and kernel.
func BenchmarkIteration(b *testing.B) {
	for _, spec := range []string{filepath.Join(sharedData, "cnr-2000.txt.gz"), "kron:20"} {
		benchMatrix(b, spec, []int{runtime.NumCPU()})
	}
}

// TestDefaultMatrixRunsQuickly runs prk bench's default matrix end to end
// with the real strategies (one timed repetition under -short) and checks
// it stays well under a minute on a small machine.
func TestDefaultMatrixRunsQuickly(t *testing.T) {
	cfg := benchrun.DefaultConfig()
	if testing.Short() {
		cfg.Count = 1
	}
	start := time.Now()
	recs, err := benchrun.Run(context.Background(), cfg)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("default matrix: %d cells in %v", len(recs), elapsed)
	if limit := 30 * time.Second; elapsed > limit {
		t.Errorf("default matrix took %v, want under %v", elapsed, limit)
	}
	if want := len(cfg.Graphs) * len(cfg.Strategies); len(recs) != want {
		t.Errorf("%d records, want %d (one worker count, one kernel)", len(recs), want)
	}
	for _, r := range recs {
		if r.Nodes == 0 || r.Arcs == 0 || !(r.Speedup > 0) || !(r.NSPerIter > 0) {
			t.Errorf("record %+v", r)
		}
	}
}

// TestParamsReachOnlyTheRealStrategyThatTakesThem runs ipc=shm beside
// serial: only subprocess gets it, and a bad value is subprocess's error.
func TestParamsReachOnlyTheRealStrategyThatTakesThem(t *testing.T) {
	cfg := benchrun.DefaultConfig()
	cfg.Graphs = []string{"seed:100"}
	cfg.Count = 1
	cfg.Params = map[string][]string{"ipc": {"shm"}}
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		got := r.Params["ipc"]
		if want := map[bool]string{true: "shm"}[r.Strategy == subprocess.Name]; got != want || (want == "" && r.Params != nil) {
			t.Errorf("%s got params %v", r.Strategy, r.Params)
		}
	}
	cfg.Params = map[string][]string{"ipc": {"carrier-pigeon"}}
	if _, err := benchrun.Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "carrier-pigeon") {
		t.Errorf("ipc=carrier-pigeon: error %v, want subprocess's complaint", err)
	}
}
