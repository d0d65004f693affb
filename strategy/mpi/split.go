package mpi

import (
	"sort"

	"github.com/prkbench/prk/strategy"
)

// SplitOffsets cuts the rows of a graph whose in-offsets are offsets (N+1
// entries, from 0) into exactly parts contiguous ranges of about equal
// work, arcs plus rows, as strategy.SplitByArcs does; with more parts
// than rows, the last parts are empty ranges at N. Every rank computes the
// same ranges from the same offsets.
func SplitOffsets(offsets []int64, parts int) []strategy.Range {
	n := max(len(offsets)-1, 0)
	if n == 0 {
		offsets = []int64{0}
	}
	ranges := make([]strategy.Range, 0, parts)
	used := min(parts, n)
	work := func(i int) int64 { return offsets[i] - offsets[0] + int64(i) }
	total := work(n)
	lo := 0
	for p := 1; p <= used; p++ {
		hi := n
		if p < used {
			target := total * int64(p) / int64(used)
			hi = sort.Search(n+1, func(i int) bool { return work(i) >= target })
			hi = max(hi, lo+1)
			hi = min(hi, n-(used-p))
		}
		ranges = append(ranges, strategy.Range{Lo: lo, Hi: hi})
		lo = hi
	}
	for len(ranges) < parts {
		ranges = append(ranges, strategy.Range{Lo: n, Hi: n})
	}
	return ranges
}
