package gonumgraph

import (
	"context"

	gonum "gonum.org/v1/gonum/graph"

	"github.com/prkbench/prk"
	"github.com/prkbench/prk/graph"
)

// PageRank ranks g with prk and returns the scores keyed by gonum node id,
// as gonum's network.PageRank does: the drop-in for
// network.PageRank(g, 0.85, tol). opts is prk's (the zero value: damping
// 0.85, L1 tolerance 1e-10, the best strategy and kernel). Weights are used
// when g is a graph.Weighted, unless opts.IgnoreWeights. When the solve
// does not converge, the scores come back with an error matching
// prk.ErrNotConverged.
func PageRank(ctx context.Context, g gonum.Directed, opts prk.Options) (map[int64]float64, error) {
	lg, err := FromDirected(ctx, g)
	if err != nil {
		return nil, err
	}
	return solve(ctx, lg, opts)
}

// PageRankUndirected is PageRank for an undirected graph, each edge
// followed both ways.
func PageRankUndirected(ctx context.Context, g gonum.Undirected, opts prk.Options) (map[int64]float64, error) {
	lg, err := FromUndirected(ctx, g)
	if err != nil {
		return nil, err
	}
	return solve(ctx, lg, opts)
}

func solve(ctx context.Context, lg *graph.Labeled[int64], opts prk.Options) (map[int64]float64, error) {
	res, err := prk.PageRank(ctx, lg.CSR, opts)
	if res == nil {
		return nil, err
	}
	scores, serr := lg.ScoresByLabel(res.Scores)
	if serr != nil {
		return nil, serr
	}
	return scores, err
}
