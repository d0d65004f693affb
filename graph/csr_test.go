package graph_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
)

// ring returns the cycle i-1 -> i over n nodes, big enough to be validated
// in parallel.
func ring(n int) *graph.CSR {
	g := &graph.CSR{N: n, InOffsets: make([]int64, n+1), InSources: make([]uint32, n), OutDegree: make([]uint32, n)}
	for i := range n {
		g.InOffsets[i+1] = int64(i + 1)
		g.InSources[i] = uint32((i + n - 1) % n)
		g.OutDegree[i] = 1
	}
	return g
}

// TestValidateParallelFirstError: a graph big enough for the parallel
// check gives the same error as the sequential one, the first broken
// invariant in row order, whichever range finishes first.
func TestValidateParallelFirstError(t *testing.T) {
	const n = 3 << 20
	g := ring(n)
	if err := g.Validate(); err != nil {
		t.Fatalf("valid ring: %v", err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, c := range []struct {
		name  string
		spoil func(g *graph.CSR)
		says  string
	}{
		// Two faults far apart: the one in the earlier row wins.
		{"source", func(g *graph.CSR) { g.InSources[n-10] = n + 5; g.InSources[1000] = n }, "arc 1000 into node 1000 has source 3145728"},
		{"offset", func(g *graph.CSR) { g.InOffsets[n-100] = 0; g.InOffsets[2000] = 1 }, "offsets of node 1999 run from 1999 to 1"},
		{"outdegree", func(g *graph.CSR) { g.OutDegree[n-1] = 0; g.OutDegree[5] = 2 }, "node 5 has out-degree 2"},
	} {
		g := ring(n)
		c.spoil(g)
		for _, procs := range []int{1, 4} {
			runtime.GOMAXPROCS(procs)
			err := g.Validate()
			if err == nil || !strings.Contains(err.Error(), c.says) {
				t.Errorf("%s, GOMAXPROCS %d: Validate returned %v, want an error saying %q", c.name, procs, err, c.says)
			}
		}
	}
}
