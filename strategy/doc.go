// Package strategy is prk's registry of concurrency strategies: the ways a
// PageRank solve can be spread over goroutines or processes. It answers the
// study's question (one thread, threads merging under a lock, a process
// pool) in Go, and lets users add their own answer.
//
// A Strategy drives the per-iteration arithmetic of package kernel over
// blocks of rows. Its life has three steps so that a benchmark can time
// set-up apart from iterations: Prepare (once per graph: start workers, ship
// data), Iterate (one power iteration), Close. Solve runs that life for one
// problem and returns a pagerank.Result; every strategy stops by the same
// rule, so their results differ only by the order of floating-point sums.
//
// Strategies register by name with a Description (a one-line doc and the
// parameters they take), as database/sql drivers do:
//
//	func init() {
//		strategy.RegisterStrategy(strategy.Description{
//			Name:   "mine",
//			Doc:    "what it demonstrates",
//			Params: []strategy.Param{{Name: "grain", Type: strategy.ParamInt, Default: "64", Min: strategy.Bound(1), Doc: "rows per task"}},
//		}, func(cfg strategy.Config) (strategy.Strategy, error) { return &mine{grain: cfg.Int("grain")}, nil })
//	}
//
// and then appear in prk run --strategy, prk bench (prk bench --param
// grain=16,64 sweeps the parameter), prk info and the conformance suite of
// package strategytest, with no change to prk. New checks parameters
// against the description before the factory runs, so a bad value is an
// error naming the parameter and its allowed range. Register(name,
// factory) registers a strategy without a description.
//
// The built-ins are made of exported parts a user's strategy can use as
// well: Block (the per-block arithmetic), SplitByArcs and Problem.CutTiles
// (the partitioner), Fused (the fused two-phase iteration over tiles, its
// partial sums in a fixed order and its balancing by measured time) and
// Pool (persistent workers meeting at one cheap barrier per round).
// lockfree is Fused run by a Pool; strategy/example/pool is the same in a
// page, outside this package.
package strategy
