package subprocess

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/graph/graphio"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
	"github.com/prkbench/prk/strategy/strategytest"
)

// benchGraphSpec is the graph of BenchmarkSubprocess: 65,536 nodes and
// about a million arcs, big enough that copying the contribution vector
// shows against the arithmetic.
const benchGraphSpec = "kron:16"

// BenchmarkSubprocess times one iteration of each IPC mode with the
// default worker count, after a set-up outside the timer. It reports the
// set-up time and the bytes moved per iteration beside the time.
func BenchmarkSubprocess(b *testing.B) {
	g, err := gen.Generate(benchGraphSpec, graph.BuildOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for _, ipc := range ipcModes {
		b.Run("ipc="+ipc, func(b *testing.B) {
			benchIterations(b, g, Name, strategy.Config{Params: map[string]string{"ipc": ipc}})
		})
	}
}

// BenchmarkVsSerial times an iteration of serial and of subprocess with
// 2 workers over shared memory and over pipes, side by side, on the
// study's seed:1000 and on cnr-2000 (skipped when ../shared/data lacks
// it): the figures of issue 9 item 6. On seed:1000 the default minwork
// runs one worker process; minwork=0 forces two. Beside ns/op (the mean)
// it reports the median iteration, which a busy machine disturbs less.
//
//	go test -run '^$' -bench VsSerial -benchtime 1s -count 6 ./strategy/subprocess/ > vs.txt
//	benchstat -col /strategy vs.txt
func BenchmarkVsSerial(b *testing.B) {
	type cell struct {
		strategy string
		cfg      strategy.Config
	}
	sub := func(params ...string) cell {
		cfg := config(2, nil, params...)
		name := Name
		for i := 0; i+1 < len(params); i += 2 {
			name += "-" + params[i] + "=" + params[i+1]
		}
		return cell{name, cfg}
	}
	cells := []cell{
		{"serial", strategy.Config{Workers: 1}},
		sub("ipc", "shm"),
		sub("ipc", "shm", "minwork", "0"),
		sub("ipc", "pipe"),
	}
	graphs := []struct {
		name string
		load func(b *testing.B) *graph.CSR
	}{
		{"seed:1000", func(b *testing.B) *graph.CSR {
			g, err := gen.Generate("seed:1000", graph.BuildOptions{})
			if err != nil {
				b.Fatal(err)
			}
			return g
		}},
		{"cnr-2000", func(b *testing.B) *graph.CSR {
			path := filepath.Join(sharedDataDir(), "cnr-2000.txt.gz")
			if _, err := os.Stat(path); err != nil {
				b.Skipf("cnr-2000 is missing (%v): set $%s or put the project's data beside the checkout", err, strategytest.DataDirEnv)
			}
			g, err := graphio.Load(path, graphio.LoadOptions{})
			if err != nil {
				b.Fatal(err)
			}
			return g
		}},
	}
	for _, gr := range graphs {
		b.Run("graph="+gr.name, func(b *testing.B) {
			g := gr.load(b)
			for _, c := range cells {
				b.Run("strategy="+c.strategy, func(b *testing.B) {
					benchIterations(b, g, map[bool]string{true: "serial", false: Name}[c.strategy == "serial"], c.cfg)
				})
			}
		})
	}
}

// benchIterations prepares one strategy outside the timer and times its
// iterations, reporting the set-up time, the worker count and, for a
// ByteMover, the bytes moved per iteration.
func benchIterations(b *testing.B, g *graph.CSR, name string, cfg strategy.Config) {
	o := pagerank.Default()
	o.Iterations = 1 << 30
	p, err := strategy.NewProblem(g, o)
	if err != nil {
		b.Fatal(err)
	}
	st, err := strategy.New(name, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	start := time.Now()
	if err := st.Prepare(b.Context(), p); err != nil {
		b.Fatal(err)
	}
	setup := time.Since(start)
	mover, _ := st.(strategy.ByteMover)
	var before int64
	if mover != nil {
		before = mover.BytesMoved()
	}
	// Each iteration is timed too: on a shared machine the mean (ns/op)
	// carries every preemption by another program, the median far less.
	times := make([]time.Duration, 0, 1024)
	for b.Loop() {
		t0 := time.Now()
		if _, err := st.Iterate(b.Context()); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns/iter")
	if mover != nil {
		b.ReportMetric(float64(mover.BytesMoved()-before)/float64(b.N), "bytes/iter")
	}
	if wr, ok := st.(strategy.WorkerReporter); ok {
		b.ReportMetric(float64(wr.Workers()), "workers")
	}
	b.ReportMetric(float64(setup.Microseconds())/1000, "setup-ms")
}

// sharedDataDir is where the project's real graphs live, as the
// conformance suite finds them: $PRK_SHARED_DATA, else ../shared/data
// beside the repository (this package is two levels below its root).
func sharedDataDir() string {
	if d := os.Getenv(strategytest.DataDirEnv); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "data")
}
