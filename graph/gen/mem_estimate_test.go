package gen

import (
	"strings"
	"testing"
)

// TestCheckPeakOn24GiB: the size check estimates the build's peak, not the
// finished graph. kron:26:64 is a 17 GiB graph that the OOM killer stopped
// on a 24 GiB machine; it must be refused there, while kron:22:32 (about
// 0.6 GiB) is admitted.
func TestCheckPeakOn24GiB(t *testing.T) {
	const have = 24 << 30
	kron := func(scale, edgeFactor uint64) (n, m, extra uint64) {
		n = 1 << scale
		return n, edgeFactor * n, 4 * n
	}
	n, m, extra := kron(26, 64)
	if finished := 12*n + 8 + 4*m + extra; finished > have {
		t.Fatalf("kron:26:64's finished size %d is already above 24 GiB: the test no longer tells peak from size", finished)
	}
	err := checkPeak(n, m, extra, have)
	if err == nil || !strings.Contains(err.Error(), "at its peak") {
		t.Errorf("kron:26:64 on 24 GiB: %v, want a refusal naming the peak", err)
	}
	n, m, extra = kron(22, 32)
	if err := checkPeak(n, m, extra, have); err != nil {
		t.Errorf("kron:22:32 on 24 GiB: %v, want it admitted", err)
	}
	if err := checkPeak(1<<40, 1<<40, 0, 0); err != nil {
		t.Errorf("unknown memory refused a graph: %v", err)
	}
}

// TestParseUsesAvailableMemory: Parse refuses by the memory available, as
// reported by memoryAvailable, with an error that names the spec.
func TestParseUsesAvailableMemory(t *testing.T) {
	defer func(f func() uint64) { memoryAvailable = f }(memoryAvailable)
	memoryAvailable = func() uint64 { return 24 << 30 }
	if _, err := Parse("kron:26:64"); err == nil || !strings.Contains(err.Error(), `(in spec "kron:26:64")`) {
		t.Errorf("Parse(kron:26:64) with 24 GiB available: %v, want a refusal naming the spec", err)
	}
	if _, err := Parse("kron:22:32"); err != nil {
		t.Errorf("Parse(kron:22:32) with 24 GiB available: %v", err)
	}
	memoryAvailable = func() uint64 { return 1 << 30 }
	if _, err := Parse("uniform:1000000:200000000"); err == nil {
		t.Errorf("Parse(uniform:1000000:200000000) with 1 GiB available was admitted")
	}
}

func TestAvailableMemoryIsPlausible(t *testing.T) {
	avail, total := memoryAvailable(), physicalMemory()
	if total > 0 && (avail == 0 || avail > total) {
		t.Errorf("available memory %d, total %d", avail, total)
	}
}
