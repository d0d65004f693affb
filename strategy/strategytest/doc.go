// Package strategytest is the conformance suite every prk strategy must
// pass: the built-ins run it, and so should a strategy a user registers from
// their own package. One call checks a registered strategy from a test:
//
//	func TestConformance(t *testing.T) {
//		strategytest.Run(t, "mine")
//	}
//
// Run solves many graphs (hand-made edge cases, random graphs generated in
// the suite, the study's seed graphs and, when the folder is present, the
// project's real graphs) under several stopping rules, worker counts and
// kernels, and compares every result node by node with pagerank.Reference:
// each score within 1e-12 relative, the same iteration count and the same
// convergence flag. Bit-for-bit equality is not required, because a
// concurrent strategy adds its partial sums in its own order.
//
// It then checks the lifecycle the Strategy interface promises: Prepare
// sets the start vector, Reset really resets, Close may be called twice, or
// without a successful Prepare, a cancelled context stops a solve promptly
// with an error that wraps context.Canceled, and Close leaves no goroutine
// behind. Misuse (Iterate, Reset or Scores before Prepare or after Close,
// Prepare twice or with a Problem NewProblem did not make) must give the
// strategy package's sentinel errors (ErrNotPrepared, ErrClosed,
// ErrPrepared, ErrNoProblem) and nil scores, and a kernel that panics, in
// whichever goroutine runs it, must give an error from Prepare or Iterate
// with the process alive and nothing leaked.
//
// The goroutine count check assumes nothing else in the test binary starts
// or stops goroutines while Run runs, so do not call Run from a parallel test.
package strategytest
