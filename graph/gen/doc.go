// Package gen makes synthetic graphs from short specs, so benchmarks and
// tests can name a graph the way they name a file:
//
//	seed:N[:SEED]                    the study's random graph, bit for bit
//	uniform:N:M[:SEED]               M uniform random arcs over N nodes
//	kron:SCALE[:EDGEFACTOR[:SEED]]   a Graph500 Kronecker (R-MAT) graph
//
// Parse turns a spec into a Generator, a graph.ArcSource that graph.Build
// reads (twice, and part by part in parallel), and Generate does both. The
// arcs are never stored: every part regenerates them from its own random
// stream, so a part yields the same arcs each time it is read and the graph
// is the same whatever the number of workers building it.
//
// # seed:N
//
// seed:N is the graph of the study prk reproduces, which was made in Python
// with NumPy's legacy global generator:
//
//	np.random.seed(0)
//	M = np.random.choice([0, 1], size=(N, N), p=[1 - 5/N, 5/N])
//	zero_rows = np.where(M.sum(axis=1) == 0)[0]
//	M[zero_rows, np.random.randint(0, N, size=len(zero_rows))] = 1
//	# arc i -> j wherever M[i, j] == 1
//
// The package reimplements NumPy's legacy MT19937 stream (seeding as
// np.random.seed does, random_sample from two 32-bit draws, choice through
// its float64 cdf, randint by masked rejection), so for the study's sizes (N
// up to a few thousand) seed:N is exactly the study's graph: self-loops
// included, every node with at least one out-arc. It walks the matrix row by
// row without storing it, but still costs N*N random draws, so N is limited
// to 32768. The optional SEED is the NumPy seed (default 0, the study's).
// The stream is sequential, so seed:N is a single part.
//
// # uniform:N:M[:SEED]
//
// M arcs, each an ordered pair of distinct nodes drawn uniformly from the
// N*(N-1) such pairs (G(n,m) style, with replacement). Self-loops are
// excluded. Duplicate draws collapse into one arc unless the graph is built
// as a multigraph, so the graph may have slightly fewer than M arcs; Describe
// says how many to expect. SEED defaults to 1.
//
// # kron:SCALE[:EDGEFACTOR[:SEED]]
//
// The Graph500 generator: 2^SCALE nodes and EDGEFACTOR*2^SCALE directed arcs
// (EDGEFACTOR defaults to 16, SEED to 1), each chosen level by level in the
// quadrants of the initiator A=0.57, B=0.19, C=0.19, D=0.05. As Graph500
// does, the node labels are then shuffled by a random permutation derived
// from the seed (made once per Generator, 4 bytes per node), so the hubs are
// not all at small ids. Self-loops are kept; duplicates collapse unless the
// graph is built as a multigraph.
//
// # Determinism
//
// uniform and kron draw their arcs in fixed parts of 2^18 arcs, each from its
// own PCG-DXSM stream (math/rand/v2) seeded from SplitMix64 of the seed and
// the part's index, so a spec names one graph on every machine and for every
// worker count. Specs are limited to graph.MaxNodes nodes, MaxArcs arcs and
// the memory available (MemAvailable on Linux): Parse estimates the peak of
// building the graph, not its finished size (the arcs nearly twice over
// while duplicates collapse, plus per-worker counters), and rejects a spec
// whose peak would not fit with an error.
package gen
