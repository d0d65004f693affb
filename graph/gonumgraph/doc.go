// Package gonumgraph converts between prk's graphs and gonum's
// (gonum.org/v1/gonum/graph), so that a program holding a gonum graph can
// rank it with prk, and a program holding a prk graph can run gonum's other
// algorithms on it.
//
// From gonum: FromDirected and FromUndirected build a prk graph from any
// gonum graph.Directed or graph.Undirected, weighted when it is a
// graph.Weighted (a WeightedDirected or WeightedUndirected). gonum node ids
// are int64 of any size or sign; prk numbers nodes 0..N-1 in ascending id
// order and keeps the ids in the returned graph.Labeled[int64] (Labels[i]
// is node i's gonum id; Index finds a node by id), and in the CSR's IDs as
// well when no id is negative. PageRank and PageRankUndirected do the whole
// round in one call and return scores keyed by gonum node id, as gonum's
// network.PageRank does; for the dense score vector, solve the Labeled
// graph's CSR with prk.PageRank and read Scores[i] as node Labels[i].
//
// To gonum: ToDirected and ToWeightedDirected write a prk graph out as a
// gonum simple.DirectedGraph or simple.WeightedDirectedGraph, its nodes
// named by the graph's own ids (the file's ids) or by ids the caller gives.
//
// Semantics carried across: prk collapses duplicate arcs (their weights
// add) and counts self-loops, and gonum's simple graphs hold neither, so
// both are reported rather than silently changed: ToDirected refuses a
// self-loop unless told to drop it. Weights must be finite and
// non-negative in both directions (gonum allows any float64; prk's
// PageRank divides by out-weight). A node whose out-weights sum to zero is
// dangling in both prk and gonum's PageRank.
//
// gonum's network.PageRankSparse solves the same equations as prk (uniform
// teleport, dangling mass spread uniformly), so the two agree to within
// their tolerances; this package's tests hold prk to it on the shared real
// graphs and on generated ones.
package gonumgraph
