// Package chart draws prk bench results (internal/benchrun records) as the
// study's figures, in SVG, PNG or PDF, with gonum.org/v1/plot:
//
//   - time per iteration by strategy, one bar group per graph, on a log
//     scale (graphs differ by orders of magnitude);
//   - when a strategy was measured at several worker counts, a second
//     panel below: speedup against serial versus workers, one line per
//     strategy, with the ideal line speedup = workers.
//
// Several sets of records (several results files: two commits, two
// machines) overlay in the same figure, their series told apart by the
// set's name. The title names the CPU and prk version when the results
// record them.
package chart
