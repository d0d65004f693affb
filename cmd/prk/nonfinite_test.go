package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunRefusesNonFiniteArithmetic: finite input that would make Inf or
// NaN scores, or scores that do not sum to one, fails the command with an
// error saying why, instead of printing such scores and exiting 0.
func TestRunRefusesNonFiniteArithmetic(t *testing.T) {
	dir := t.TempDir()
	tiny := filepath.Join(dir, "tiny.txt")
	// Node 1's only out-arc weighs 1e-310: a score over it overflows.
	os.WriteFile(tiny, []byte("0 1 1\n1 2 1e-310\n2 0 1\n"), 0o644)
	_, stderr, code := prk(t, "run", tiny)
	if code != exitFailure || !strings.Contains(stderr, "node 1 (id 1) has out-weight 1e-310") {
		t.Errorf("tiny weight: exit %d, stderr %q; want exit %d and an error naming node 1", code, stderr, exitFailure)
	}

	graph := filepath.Join(dir, "g.txt")
	os.WriteFile(graph, []byte("0 1\n1 2\n2 0\n"), 0o644)
	pers := filepath.Join(dir, "p.txt")
	os.WriteFile(pers, []byte("0\t1.7e308\n1\t1.7e308\n2\t1\n"), 0o644)
	_, stderr, code = prk(t, "run", graph, "--personalization", pers)
	if code == 0 || !strings.Contains(stderr, "sums to +Inf") {
		t.Errorf("overflowing personalization: exit %d, stderr %q; want a failure and an error about its sum", code, stderr)
	}
}
