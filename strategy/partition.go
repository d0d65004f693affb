package strategy

import (
	"sort"

	"github.com/prkbench/prk/graph"
)

// Range is a half-open range of rows [Lo, Hi).
type Range struct{ Lo, Hi int }

// SplitByArcs cuts g's rows into at most parts contiguous ranges whose work
// (in-arcs plus one per row, for the per-row cost) is as even as contiguous
// ranges allow, so a power-law graph splits evenly. Ranges are never empty;
// a graph with fewer rows than parts gets fewer ranges.
func SplitByArcs(g *graph.CSR, parts int) []Range {
	n := g.N
	if parts > n {
		parts = n
	}
	if parts <= 0 {
		return nil
	}
	work := func(i int) int64 { return g.InOffsets[i] + int64(i) } // cumulative work before row i
	total := work(n)
	ranges := make([]Range, 0, parts)
	lo := 0
	for p := 1; p <= parts; p++ {
		var hi int
		if p == parts {
			hi = n
		} else {
			target := total * int64(p) / int64(parts)
			hi = sort.Search(n+1, func(i int) bool { return work(i) >= target })
			// Leave at least one row for each remaining part and take at least one.
			hi = max(hi, lo+1)
			hi = min(hi, n-(parts-p))
		}
		ranges = append(ranges, Range{lo, hi})
		lo = hi
	}
	return ranges
}

// SplitByRows cuts n rows into at most parts contiguous ranges of nearly
// equal row counts, as the study's thread pool did.
func SplitByRows(n, parts int) []Range {
	if parts > n {
		parts = n
	}
	if parts <= 0 {
		return nil
	}
	ranges := make([]Range, parts)
	for p := range parts {
		ranges[p] = Range{n * p / parts, n * (p + 1) / parts}
	}
	return ranges
}
