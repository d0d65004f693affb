package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph/gen"
)

// The renderers are tested on a buffer standing in for the terminal, with no
// throttle, so what they draw does not depend on timing.

func TestLoadBarShowsBytesOfTotal(t *testing.T) {
	var term bytes.Buffer
	bar := newLoadBar(&term, "loading g.txt", 8<<20, 0)
	bar.Add(3 << 20)
	out := term.String()
	for _, want := range []string{"loading g.txt", "3.1/8.4 MB", "37%"} {
		if !strings.Contains(out, want) {
			t.Errorf("load bar lacks %q: %q", want, out)
		}
	}
	finish(bar)
	if !strings.HasSuffix(term.String(), "\r") {
		t.Errorf("finished bar does not end by returning to the line's start (cleared): %q", term.String()[len(out):])
	}
}

func TestLoadBarOfUnknownSizeShowsBytes(t *testing.T) {
	var term bytes.Buffer
	bar := newLoadBar(&term, "loading stdin", -1, 0)
	bar.Add(5 << 20)
	if out := term.String(); !strings.Contains(out, "loading stdin") || !strings.Contains(out, "5.2 MB") {
		t.Errorf("spinner for an input of unknown size: %q", out)
	}
	finish(bar)
}

func TestSolveBarShowsIterationAndResidual(t *testing.T) {
	var term bytes.Buffer
	bar := newSolveBar(&term, 10, 0)
	bar.Set(3)
	bar.Describe(describeIteration("lockfree", 3, 1.5e-5))
	out := term.String()
	for _, want := range []string{"solving (lockfree): iteration 3, residual 1.5e-05", "3/10"} {
		if !strings.Contains(out, want) {
			t.Errorf("solve bar lacks %q: %q", want, out)
		}
	}
	finish(bar)
}

// TestProgressFollowsLoadAndSolve runs prk run with its progress forced
// onto a buffer: the load of a file reports its bytes and the solve its
// iterations and residuals.
func TestProgressFollowsLoadAndSolve(t *testing.T) {
	g, err := gen.Generate("seed:5000", graphBuild())
	if err != nil {
		t.Fatal(err)
	}
	path := writeGraph(t, g)
	var out, errb, term bytes.Buffer
	app := newApp(&out, &errb)
	app.Metadata["progress"] = &term
	args := interspersed(app, []string{"prk", "run", path, "--iterations", "4", "--top", "0"})
	if err := app.RunContext(context.Background(), args); err != nil {
		t.Fatalf("%v (stderr %s)", err, errb.String())
	}
	got := term.String()
	// The bar is cleared when full, so the last state drawn is before the
	// last read and the last iteration.
	for _, want := range []string{"loading " + baseName(path), "B/", "solving (serial): iteration 3, residual", "(3/4)"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress lacks %q:\n%q", want, got)
		}
	}
	if errb.Len() != 0 {
		t.Errorf("progress leaked onto stderr: %q", errb.String())
	}
}

// TestNoProgressOffTerminal: stderr that is not a terminal gets no progress.
func TestNoProgressOffTerminal(t *testing.T) {
	_, stderr, code := prk(t, "run", "seed:100", "--iterations", "3", "--top", "0")
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
}
