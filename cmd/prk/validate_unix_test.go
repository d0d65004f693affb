//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBadUsageDoesNotOpenTheGraph: with a FIFO nobody writes to as GRAPH,
// opening it for reading would block forever; bad flags must exit 2 first.
func TestBadUsageDoesNotOpenTheGraph(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "never.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, args := range [][]string{
		{"run", fifo, "--damping", "2"},
		{"run", fifo, "--strategy", "nosuch"},
		{"run", fifo, "--personalization", filepath.Join(t.TempDir(), "missing.tsv")},
		{"convert", fifo, filepath.Join(t.TempDir(), "out.unknown")},
		{"bench", "--graph", fifo, "--kernel", "nosuch"},
	} {
		done := make(chan string, 1)
		go func() {
			_, stderr, code := prk(t, args...)
			done <- strings.TrimSpace(stderr) + " (exit " + string(rune('0'+code)) + ")"
		}()
		select {
		case got := <-done:
			if !strings.Contains(got, "prk: ") {
				t.Errorf("prk %s: %s", strings.Join(args, " "), got)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("prk %s opened the FIFO before checking its flags (still blocked after 10s)", strings.Join(args, " "))
		}
	}
}
