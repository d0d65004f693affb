package prk_test

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestScratchModule builds and runs testdata/scratch, a program in a module
// of its own outside prk (go.mod: require prk, replace it with this
// checkout), exactly as a user's program would use prk: it builds a graph
// from edges, solves it in one call, runs the same edges through gonum's
// PageRankSparse and through gonumgraph.PageRank, and must get the same top
// 10 from all three.
func TestScratchModule(t *testing.T) {
	out := runScratchModule(t, "scratch", "example.com/scratch", []string{"gonum.org/v1/gonum v0.17.0"}, 3*time.Minute, nil, "run", ".")
	lines := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if k, v, ok := strings.Cut(l, ": "); ok {
			lines[k] = v
		}
	}
	// prk and gonum each stop within about 1e-11 of the exact scores (see
	// graph/gonumgraph's oracle test), so a ranking whose neighbours are
	// closer than 1e-9 would not be a fair witness.
	if gap, err := strconv.ParseFloat(lines["smallest gap"], 64); err != nil || !(gap > 1e-9) {
		t.Errorf("smallest gap between the top 11 scores is %q; the graph must rank with gaps above 1e-9", lines["smallest gap"])
	}
	prkTop, _, _ := strings.Cut(lines["prk"], " strategy")
	if prkTop == "" || prkTop != lines["gonum"] || prkTop != lines["gonumgraph"] {
		t.Errorf("top 10s differ: prk %q, gonum %q, gonumgraph %q", prkTop, lines["gonum"], lines["gonumgraph"])
	}
}
