package gen

import "fmt"

// The builder's memory, as graph.Build allocates it (graph/builder.go):
// the estimate must follow it when it changes.
const (
	// builderMinScatterWorkers and builderScatterBudget mirror the
	// builder's cap on its per-worker cursor arrays (8 bytes per node
	// each): at least 4 workers' worth, beyond that at most 256 MiB.
	builderMinScatterWorkers = 4
	builderScatterBudget     = 256 << 20
)

// buildPeak estimates the most memory graph.Build holds at once while it
// builds an unweighted graph of n nodes from m drawn arcs, plus extra
// bytes the generator itself keeps (kron's label permutation), for
// checkSize. It is the peak, not the finished CSR, because the kernel's
// OOM killer acts on the peak: kron:26:64 is a 17 GiB graph but took more
// than 24 GiB to build. At its peak the builder holds
//
//   - the row offsets, 8 bytes per node;
//   - its scatter workers' cursor arrays, 8 bytes per node per worker:
//     4 workers' worth, or up to 256 MiB for small graphs;
//   - the arc array, 4 bytes per drawn arc;
//   - when collapsing duplicates frees more than a quarter of the arcs, a
//     copy of the kept arcs (under 3/4 of them) beside it, while the
//     original is not yet collected;
//   - the out-degrees, 4 bytes per node.
func buildPeak(n, m, extra uint64) uint64 {
	offsets := 8 * (n + 1)
	// w workers with w <= max(4, budget/(8n)) hold at most this.
	cursors := max(builderMinScatterWorkers*8*n, builderScatterBudget)
	arcs := 4 * m
	shrunkCopy := 3 * m // 3/4 of 4 bytes per arc
	outDegree := 4 * n
	return offsets + cursors + arcs + shrunkCopy + outDegree + extra
}

// checkPeak refuses a graph of n nodes and m drawn arcs (plus extra bytes
// of the generator) whose build would need more than have bytes at its
// peak; have 0 means unknown, and then anything is admitted.
func checkPeak(n, m, extra, have uint64) error {
	need := buildPeak(n, m, extra)
	if have > 0 && need > have {
		return fmt.Errorf("building the graph needs about %.1f GiB at its peak (%.1f GiB for the finished graph) but the machine has %.1f GiB available",
			float64(need)/(1<<30), float64(12*n+8+4*m)/(1<<30), float64(have)/(1<<30))
	}
	return nil
}
