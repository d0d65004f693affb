package kernel_test

import (
	"fmt"

	"github.com/prkbench/prk/kernel"
)

// A three-node graph 0->1, 0->2, 1->2, 2->0 solved for one iteration with
// whichever kernel Auto picks on this machine.
func Example() {
	k, err := kernel.Lookup("auto")
	if err != nil {
		panic(err)
	}
	x := []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}
	outdeg := []uint32{2, 1, 1}
	c := make([]float64, 3)
	dangling := k.Contributions(c, x, outdeg)

	// In-arcs by target: 0 <- 2; 1 <- 0; 2 <- 0, 1.
	offsets := []int64{0, 1, 2, 4}
	sources := []uint32{2, 0, 0, 1}
	const damping = 0.85
	base := (1 - damping) / 3
	y := make([]float64, 3)
	residual := k.PullRowSums(y, x, c, offsets, sources, base, damping)
	fmt.Printf("dangling %.1f\n", dangling)
	fmt.Printf("y = [%.4f %.4f %.4f], residual %.4f\n", y[0], y[1], y[2], residual)
	// Output:
	// dangling 0.0
	// y = [0.3333 0.1917 0.4750], residual 0.2833
}
