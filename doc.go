// Package prk computes PageRank on large sparse graphs in one call, and is
// the place to start with prk as a Go library.
//
//	g, err := prk.FromEdges([][2]uint32{{0, 1}, {1, 2}, {2, 0}, {2, 1}})
//	res, err := prk.PageRank(ctx, g, prk.Options{})
//	for _, n := range res.Top(10) { fmt.Println(n.ID, n.Score) }
//
// A graph comes from a file or a generator spec (Load: edge lists, Matrix
// Market, METIS, .prkg; seed:N, uniform:N:M, kron:SCALE), from a slice of
// arcs between dense ids (FromEdges), or from arcs between labels of your
// own, int64 ids or string names (FromLabeledEdges), each with a weighted
// variant. A gonum graph converts with package graph/gonumgraph.
//
// PageRank solves with the strategy and kernel that are fastest for the
// graph unless Options names them (see BestStrategy), to a tolerance of
// 1e-10 on the L1 change of one iteration, damping 0.85; the zero Options
// means exactly that. Scores come back by dense node id, and the Result
// finds them by the file's ids too (Score, ByID, Top).
//
// The packages underneath are there when one call is not enough: graph (the
// CSR and its builder), graph/graphio and graph/gen (files and generators,
// with every option), pagerank (the semantics, and the serial reference),
// strategy (the concurrency strategies, and how to add one) and kernel (the
// arithmetic).
package prk
