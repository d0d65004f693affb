package graph

// ArcSource is a stream of arcs that the builder may read more than once.
//
// The builder reads a source twice (once to count in-degrees, once to place
// arcs), which is what lets it build a CSR without holding every arc in
// memory twice: a generator simply generates again. A source is split into
// Parts that the builder may read concurrently and in any order; each call of
// Part(i, ...) must yield the same arcs.
type ArcSource interface {
	// Nodes is the number of nodes; every endpoint must be below it.
	Nodes() int
	// Weighted reports whether Part passes weights.
	Weighted() bool
	// Parts is the number of independent parts.
	Parts() int
	// Part calls emit with the arcs of part i in one or more chunks:
	// src[k] -> dst[k] with weight w[k] (w is nil when !Weighted()).
	// The slices are only valid during the call. An error from emit must be
	// returned unchanged.
	Part(i int, emit func(src, dst []uint32, w []float64) error) error
}

// BuildOptions say how arcs become a CSR.
type BuildOptions struct {
	// Multigraph keeps duplicate arcs; by default they collapse into one arc
	// whose weight is the sum of theirs.
	Multigraph bool
	// Undirected adds the reverse of every arc (a self-loop is added once).
	Undirected bool
	// Workers bounds the goroutines the builder uses; 0 means GOMAXPROCS.
	Workers int
}
