package kernel

import "fmt"

// CheckRows checks, in time linear in the block's arcs, what the row-sum
// operations trust without checking per arc: offsets has at least one
// entry, never decreases, starts at 0 or more and ends within sources (and
// weights, when not nil), and every source of the block's arcs is below n,
// the length of the contribution vector c that the row sums will read.
//
// The Kernel operations check per call only what is O(1) (slice lengths,
// a block's first and last offsets) and panic on a violation, as Go's
// slicing does; a source beyond c or a falling offset inside the block
// would make an assembly kernel read out of bounds. So every caller hands
// them either rows of a validated graph.CSR (strategy.NewProblem validates
// every graph once) or rows that passed CheckRows.
func CheckRows(offsets []int64, sources []uint32, weights []float64, n int) error {
	if len(offsets) == 0 {
		return fmt.Errorf("kernel: no offsets (a block of r rows has r+1)")
	}
	if weights != nil && len(weights) != len(sources) {
		return fmt.Errorf("kernel: %d weights for %d sources", len(weights), len(sources))
	}
	if offsets[0] < 0 {
		return fmt.Errorf("kernel: first offset is %d", offsets[0])
	}
	for r := 1; r < len(offsets); r++ {
		if offsets[r] < offsets[r-1] {
			return fmt.Errorf("kernel: offsets fall from %d to %d at row %d", offsets[r-1], offsets[r], r-1)
		}
	}
	lo, hi := offsets[0], offsets[len(offsets)-1]
	if hi > int64(len(sources)) {
		return fmt.Errorf("kernel: offsets end at %d beyond %d sources", hi, len(sources))
	}
	for k, s := range sources[lo:hi] {
		if int64(s) >= int64(n) {
			return fmt.Errorf("kernel: arc %d has source %d, beyond c's %d entries", lo+int64(k), s, n)
		}
	}
	return nil
}
