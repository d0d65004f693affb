// Package pagerank defines what a PageRank solve is asked (Options) and what
// it answers (Result), and holds the serial reference solver that every
// strategy and kernel in prk is checked against.
//
// The reference is deliberately plain: one loop, no kernel, no concurrency,
// with the arithmetic pinned down (see Reference) so that it reproduces the
// study's Python scores bit for bit.
//
// # Semantics
//
// Scores start uniform (or at Options.Start). Each iteration computes
//
//	x'[i] = t[i] + d * sum(x[j] / outdeg[j] for each arc j -> i)
//
// where d is the damping factor and t[i] the teleport term: (1-d)/n plus d
// times the dangling mass (the scores of nodes without out-arcs) divided by
// n, or, with a personalization vector p, ((1-d) + d*dangling) * p[i].
// Weighted graphs divide by out-weight and multiply by arc weight instead.
//
// # Stopping
//
// The residual is the L1 change sum|x'[i] - x[i]|. A solve stops when the
// residual falls below Options.Tolerance (converged) or after MaxIterations
// (not converged, and the Result says so). With Options.Iterations > 0 it
// runs exactly that many iterations, as the study did.
//
// networkx stops differently: at err < N*tol, so its tol is per node. prk's
// Tolerance is on the whole vector; networkx's tol=1e-6 on 1000 nodes is
// prk's Tolerance=1e-3.
//
// # Checks
//
// Finite input can still make non-finite arithmetic, so solvers check both
// ends. Options.Validate refuses a personalization or start vector whose
// sum overflows (it would normalise to zeros); CheckOutWeights refuses an
// out-weight so small that a score divided by it overflows; CheckScores,
// which every solver runs on its answer, refuses any score that is not
// finite and non-negative and a sum further than SumTolerance from 1.
// Per-iteration times are kept in bounded memory (MaxIterationTimes, then a
// uniform sample), however many iterations run.
package pagerank
