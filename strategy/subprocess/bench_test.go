package subprocess

import (
	"testing"
	"time"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
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
	o := pagerank.Default()
	o.Iterations = 1 << 30
	p, err := strategy.NewProblem(g, o)
	if err != nil {
		b.Fatal(err)
	}
	for _, ipc := range ipcModes {
		b.Run("ipc="+ipc, func(b *testing.B) {
			st, err := strategy.New(Name, strategy.Config{Params: map[string]string{"ipc": ipc}})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			start := time.Now()
			if err := st.Prepare(b.Context(), p); err != nil {
				b.Fatal(err)
			}
			setup := time.Since(start)
			mover := st.(strategy.ByteMover)
			before := mover.BytesMoved()
			for b.Loop() {
				if _, err := st.Iterate(b.Context()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(mover.BytesMoved()-before)/float64(b.N), "bytes/iter")
			b.ReportMetric(float64(setup.Microseconds())/1000, "setup-ms")
		})
	}
}
