package main

import (
	"strings"
	"testing"
)

// TestRunEngineFlags: the engine flags reach the solve (the summary names
// the engine and its reordering), keep the file's ids in --out, refuse an
// unknown value before loading, and note a tolerance float32 cannot reach.
func TestRunEngineFlags(t *testing.T) {
	stdout, stderr, code := prk(t, "run", "seed:1000", "--layout", "segmented", "--precision", "f32", "--order", "degree", "--top", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"engine      segmented/f32/degree", "reorder     "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "--precision f32") {
		t.Errorf("no note about the default tolerance with f32: %q", stderr)
	}
	_, stderr, code = prk(t, "run", "kron:26:32", "--order", "hub")
	if code != exitUsage || !strings.Contains(stderr, `unknown order "hub"`) {
		t.Errorf("--order hub: exit %d, %q", code, stderr)
	}
}

// TestRunAutoEngine: by default prk run lets the graph choose its layout
// and order and says so: the study's small graphs keep the reference
// engine; a graph of 2^20 nodes with hubs gets segmented/f64/degree, and a
// strategy that runs only CSR gets CSR.
func TestRunAutoEngine(t *testing.T) {
	stdout, stderr, code := prk(t, "run", "seed:1000", "--iterations", "2")
	if code != 0 || !strings.Contains(stdout, "engine      csr/f64/none (auto)") {
		t.Errorf("seed:1000: exit %d, summary %q, stderr %q", code, stdout, stderr)
	}
	if testing.Short() {
		return
	}
	stdout, stderr, code = prk(t, "run", "kron:20:2", "--iterations", "2", "--strategy", "lockfree")
	if code != 0 || !strings.Contains(stdout, "engine      segmented/f64/degree (auto)") {
		t.Errorf("kron:20:2: exit %d, summary %q, stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = prk(t, "run", "kron:20:2", "--iterations", "2", "--strategy", "lockfree", "--layout", "csr")
	if code != 0 || !strings.Contains(stdout, "engine      csr/f64/degree (auto)") {
		t.Errorf("kron:20:2 --layout csr: exit %d, summary %q, stderr %q", code, stdout, stderr)
	}
}
