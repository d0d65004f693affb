package benchrun_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/prkbench/prk/internal/benchrun"
)

// TestHugeIterationsAllocateLittle: --iterations 2000000000 must not
// allocate from the iteration count (it once made a slice of
// iterations*count times before timing anything). The run is cut short by
// a deadline; what it allocated by then must be small.
func TestHugeIterationsAllocateLittle(t *testing.T) {
	cfg := benchrun.Config{
		Graphs:     []string{"ring:16"},
		Strategies: []string{"serial"},
		Kernels:    []string{"generic"},
		Iterations: 2_000_000_000,
		Count:      6,
		Load:       testLoad,
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := benchrun.Run(ctx, cfg)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run returned %v, want the deadline", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("a cut-short run of 2e9 iterations allocated %d MiB, want well under 64", grew>>20)
	}
}
