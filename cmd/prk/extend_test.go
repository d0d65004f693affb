package main

import (
	"context"
	"strings"
	"testing"
	"time"

	_ "github.com/prkbench/prk/strategy/example/chunked" // a user's strategy, registered by import alone
)

// TestUserStrategyAppearsInBench: a strategy registered from an example
// package shows in prk bench, prk run and prk info with no change to prk.
func TestUserStrategyAppearsInBench(t *testing.T) {
	stdout, stderr, code := prk(t, "bench", "--strategy", "serial,chunked-goroutines", "--graph", "seed:100", "--workers", "2", "--count", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "chunked-goroutines") {
		t.Errorf("bench table lacks the user's strategy:\n%s", stdout)
	}
	if _, stderr, code := prk(t, "run", "seed:100", "--strategy", "chunked-goroutines"); code != 0 {
		t.Errorf("run --strategy chunked-goroutines: exit %d: %s", code, stderr)
	}
	if stdout, _, _ := prk(t, "info"); !strings.Contains(stdout, "chunked-goroutines") {
		t.Errorf("info lacks the user's strategy:\n%s", stdout)
	}
}

// TestInterruptStopsCleanly: a cancelled context (what Ctrl-C does) ends a
// long solve promptly with exit status 130.
func TestInterruptStopsCleanly(t *testing.T) {
	for _, s := range []string{"serial", "lockfree", "subprocess"} {
		ctx, cancel := context.WithCancel(context.Background())
		var out, errb strings.Builder
		done := make(chan int)
		go func() {
			done <- run(ctx, []string{"prk", "run", "kron:14", "--strategy", s, "--workers", "2", "--iterations", "100000000"}, &out, &errb)
		}()
		time.Sleep(300 * time.Millisecond)
		cancel()
		select {
		case code := <-done:
			if code != exitInterrupted {
				t.Errorf("%s: exit %d, want %d (stderr %q)", s, code, exitInterrupted, errb.String())
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: still running 10s after the interrupt", s)
		}
	}
}
