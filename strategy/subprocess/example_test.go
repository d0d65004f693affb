package subprocess_test

import (
	"context"
	"fmt"
	"log"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
	"github.com/prkbench/prk/strategy/subprocess"
)

// A program that uses the strategy calls ServeIfWorker first in main: the
// workers are copies of the program, and the hook is what turns them into
// workers. (This example's test binary does it in TestMain.)
func Example() {
	subprocess.ServeIfWorker() // first thing in main; returns at once here

	// 0 -> 1, 0 -> 2, 1 -> 2, 2 -> 0, as in-arcs by destination.
	g := &graph.CSR{
		N:         3,
		InOffsets: []int64{0, 1, 2, 4},
		InSources: []uint32{2, 0, 0, 1},
		OutDegree: []uint32{2, 1, 1},
	}
	cfg := strategy.Config{Workers: 2, Params: map[string]string{"ipc": "shm"}}
	res, err := strategy.Run(context.Background(), subprocess.Name, cfg, g, pagerank.Default())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("converged: %v, scores: %.4f\n", res.Converged, res.Scores)
	// Output: converged: true, scores: [0.3878 0.2148 0.3974]
}
