package benchrun_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/internal/benchrun"
)

// Time the serial strategy on a small hand-made graph and print what was
// run. (Times vary from run to run, so the example prints only the shape;
// benchrun.WriteTable(os.Stdout, recs) prints everything.)
func ExampleRun() {
	// 0 -> 1, 0 -> 2, 1 -> 2, 2 -> 0, as in-arcs.
	g := &graph.CSR{
		N:         3,
		InOffsets: []int64{0, 1, 2, 4},
		InSources: []uint32{2, 0, 0, 1},
		OutDegree: []uint32{2, 1, 1},
	}
	cfg := benchrun.DefaultConfig()
	cfg.Graphs = []string{"triangle.txt"}
	cfg.Strategies = []string{"serial"}
	cfg.Kernels = []string{"generic"}
	cfg.Load = func(spec string) (*graph.CSR, error) { return g, nil }
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range recs {
		fmt.Printf("%s %s workers=%d kernel=%s: %d nodes, %d arcs, %d x %d timed iterations, speedup %.1f\n",
			r.GraphLabel, r.Strategy, r.Workers, r.Kernel, r.Nodes, r.Arcs, r.Count, r.Iterations, r.Speedup)
	}
	// Output:
	// triangle serial workers=1 kernel=generic: 3 nodes, 4 arcs, 6 x 10 timed iterations, speedup 1.0
}

func ExampleGraphLabel() {
	for _, spec := range []string{"seed:100", "seed:1000", "seed:2000", "kron:16", "data/cnr-2000.txt.gz"} {
		fmt.Println(spec, "->", benchrun.GraphLabel(spec))
	}
	// Output:
	// seed:100 -> XS
	// seed:1000 -> L
	// seed:2000 -> XL
	// kron:16 -> kron:16
	// data/cnr-2000.txt.gz -> cnr-2000
}

// WriteBenchfmt's output feeds benchstat: save one run as old.txt, change
// something, save another as new.txt, then benchstat old.txt new.txt.
func ExampleWriteBenchfmt() {
	recs := []benchrun.Record{{
		Graph: "seed:1000", GraphLabel: "L", Strategy: "serial", Kernel: "generic", Workers: 1,
		Nodes: 1000, Arcs: 9955, Iterations: 10, Count: 2, SetupNS: 15000,
		Samples: []float64{20000, 21000},
	}}
	if err := benchrun.WriteBenchfmt(os.Stdout, recs); err != nil {
		log.Fatal(err)
	}
}
