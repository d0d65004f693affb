package strategy_test

import (
	"fmt"
	"os"
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

// engineBenchGraphs are the graphs BenchmarkEngines times: the study's
// largest, a uniform graph and a Graph500 graph far larger than L2. Set
// PRK_BENCH_GRAPHS to a comma-separated list of specs or files to time
// others (kron:22:32 takes about 20 s to generate; `prk gen kron:22:32 -o
// k22.prkg` once and name the file).
func engineBenchGraphs() []string {
	if v := os.Getenv("PRK_BENCH_GRAPHS"); v != "" {
		return strings.Split(v, ",")
	}
	return []string{"seed:2000", "uniform:1000000:10000000", "kron:20:32"}
}

var engineGraphCache sync.Map

func engineGraph(b *testing.B, spec string) *graph.CSR {
	if g, ok := engineGraphCache.Load(spec); ok {
		return g.(*graph.CSR)
	}
	var g *graph.CSR
	var err error
	if gen.IsSpec(spec) {
		g, err = gen.Generate(spec, graph.BuildOptions{})
	} else {
		g, err = graphio.Load(spec, graphio.LoadOptions{})
	}
	if err != nil {
		b.Fatal(err)
	}
	engineGraphCache.Store(spec, g)
	return g
}

// BenchmarkEngines times one iteration per op for every engine (layout x
// precision x order) and every kernel this CPU runs, with serial and with
// lockfree on two workers, on each bench graph: compare with benchstat,
// e.g.
//
//	go test -run '^$' -bench 'Engines/graph=kron.*/kernel=avx512' -count 6 ./strategy/ > engines.txt
//	benchstat -col /engine engines.txt
func BenchmarkEngines(b *testing.B) {
	for _, spec := range engineBenchGraphs() {
		b.Run("graph="+strings.ReplaceAll(spec, "/", "_"), func(b *testing.B) {
			g := engineGraph(b, spec)
			for _, k := range kernel.Supported() {
				for _, e := range strategytest.AllEngines() {
					for _, run := range []struct {
						name    string
						workers int
					}{{"serial", 1}, {"lockfree", 2}} {
						b.Run(fmt.Sprintf("kernel=%s/engine=%s/strategy=%s-%d", k.Name, strings.ReplaceAll(e.String(), "/", "-"), run.name, run.workers), func(b *testing.B) {
							benchEngine(b, g, e, k, run.name, run.workers)
						})
					}
				}
			}
		})
	}
}

func benchEngine(b *testing.B, g *graph.CSR, e strategy.Engine, k *kernel.Kernel, name string, workers int) {
	o := pagerank.Default()
	o.Iterations = 1 << 30
	p, err := strategy.NewProblem(g, o, strategy.WithEngine(e))
	if err != nil {
		b.Fatal(err)
	}
	strategytest.BenchmarkIterate(b, name, strategy.Config{Workers: workers, Kernel: k}, p)
}
