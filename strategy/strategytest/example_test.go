package strategytest_test

import (
	"testing"

	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy/strategytest"
)

// A package that registers a strategy checks it with one call from a test.
// Options narrow the checks (a strategy whose workers are processes may try
// fewer worker counts) or repeat them for a strategy's settings.
func ExampleRun() {
	testConformance := func(t *testing.T) {
		strategytest.Run(t, "lockfree")
		strategytest.Run(t, "lockfree",
			strategytest.Workers([]int{2, 3}),
			strategytest.Kernels([]*kernel.Kernel{kernel.Generic}),
			strategytest.Params(map[string]string{"spin": "0"}))
	}
	_ = testConformance // in a _test.go file: func TestConformance(t *testing.T) { ... }
}
