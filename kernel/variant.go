package kernel

import "fmt"

// checkBlock panics, as the generic kernel's slicing would, when offsets do
// not describe rows inside sources (and weights). Assembly kernels read
// memory without Go's bounds checks, so the Go wrappers check what is cheap
// to check per call: the block's first and last offsets. Offsets being
// non-decreasing and every source indexing c are invariants of a valid
// graph.CSR (see graph.CSR.Validate) and are not re-checked per arc.
func checkBlock(rows int, offsets []int64, arcs int, weights []float64, weighted bool) {
	lo, hi := offsets[0], offsets[rows]
	if lo < 0 || hi < lo || hi > int64(arcs) {
		panic(fmt.Sprintf("kernel: offsets [%d, %d] outside sources of length %d", lo, hi, arcs))
	}
	if weighted && hi > int64(len(weights)) {
		panic(fmt.Sprintf("kernel: offsets end %d beyond weights of length %d", hi, len(weights)))
	}
}
