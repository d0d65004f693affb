package prk_test

import (
	"path/filepath"
	"testing"
	"time"
)

// TestScratchStrategy builds testdata/scratchstrategy, a strategy in a
// module of its own outside prk (go.mod: require prk, replace it with this
// checkout), exactly as a user would write one: it can reach only prk's
// exported API (strategy.Fused, strategy.Pool, Register), and its own test
// runs prk's conformance suite (strategytest.Run, -short) on it.
func TestScratchStrategy(t *testing.T) {
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	// The suite's real graphs are this checkout's ../shared/data (it
	// skips them, saying so, when that is missing).
	runScratchModule(t, "scratchstrategy", "example.com/scratchstrategy", nil, 5*time.Minute,
		[]string{"PRK_SHARED_DATA=" + filepath.Join(root, "..", "shared", "data")}, "test", "-short", "-count=1", ".")
}
