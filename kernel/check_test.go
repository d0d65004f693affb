package kernel

import (
	"strings"
	"testing"
)

// TestCheckRows: rows that would make an assembly kernel read out of
// bounds are an error from CheckRows, the check callers run once before
// handing rows they did not get from a validated graph to any kernel.
func TestCheckRows(t *testing.T) {
	sources := []uint32{2, 0, 0, 1}
	weights := []float64{1, 1, 1, 1}
	if err := CheckRows([]int64{0, 1, 2, 4}, sources, weights, 3); err != nil {
		t.Fatalf("valid rows: %v", err)
	}
	if err := CheckRows([]int64{1, 2}, sources, nil, 3); err != nil {
		t.Fatalf("valid block view: %v", err)
	}
	for _, c := range []struct {
		name    string
		offsets []int64
		sources []uint32
		weights []float64
		n       int
		says    string
	}{
		{"no-offsets", nil, sources, nil, 3, "no offsets"},
		{"source-beyond-c", []int64{0, 1, 2, 4}, []uint32{2, 0, 0, 9}, nil, 3, "arc 3 has source 9"},
		{"falling", []int64{0, 3, 1, 4}, sources, nil, 3, "offsets fall from 3 to 1 at row 1"},
		{"negative", []int64{-1, 1, 2, 4}, sources, nil, 3, "first offset is -1"},
		{"past-sources", []int64{0, 1, 2, 5}, sources, nil, 3, "offsets end at 5 beyond 4 sources"},
		{"short-weights", []int64{0, 1, 2, 4}, sources, weights[:3], 3, "3 weights for 4 sources"},
	} {
		err := CheckRows(c.offsets, c.sources, c.weights, c.n)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: CheckRows returned %v, want an error saying %q", c.name, err, c.says)
		}
	}
}

// TestKernelsPanicOnBadBlockBounds: what a kernel checks per call (the
// block's first and last offsets against sources) is a Go panic, which a
// strategy recovers, never an out-of-bounds read, in every kernel this CPU
// runs.
func TestKernelsPanicOnBadBlockBounds(t *testing.T) {
	for _, k := range Supported() {
		for name, offsets := range map[string][]int64{
			"end-past-sources": {0, 1, 2, 400},
			"negative-start":   {-8, 1, 2, 4},
		} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s, %s: PullRowSums did not panic", k.Name, name)
					}
				}()
				y, xold, c := make([]float64, 3), make([]float64, 3), make([]float64, 3)
				k.PullRowSums(y, xold, c, offsets, []uint32{2, 0, 0, 1}, 0.05, 0.85)
			}()
		}
	}
}
