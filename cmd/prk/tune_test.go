package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/internal/tune"
	"github.com/prkbench/prk/strategy"
)

// Tests of the other commands must not read the tuning store of whoever
// runs them: point the store at a file that does not exist (an empty
// store) unless a test sets its own.
func init() {
	if os.Getenv(tune.EnvFile) == "" {
		os.Setenv(tune.EnvFile, filepath.Join(os.TempDir(), fmt.Sprintf("prk-test-%d-no-store", os.Getpid()), "tune.json"))
	}
}

// TestTuneThenAuto: prk tune on the study's seed:1000 with a tiny budget
// prints the table and the winner and saves it; prk run's default (auto)
// then uses it for a graph of the same class, and says so.
func TestTuneThenAuto(t *testing.T) {
	store := filepath.Join(t.TempDir(), "cfg", "tune.json")
	t.Setenv(tune.EnvFile, store)
	stdout, stderr, code := prk(t, "tune", "seed:1000", "--count", "1")
	if code != 0 {
		t.Fatalf("prk tune: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"median/iter", "serial", "lockfree", "winner ", "saved       for graphs of nodes<2^10,arcs<2^13 in " + store} {
		if !strings.Contains(stdout, want) {
			t.Errorf("prk tune output lacks %q:\n%s", want, stdout)
		}
	}
	s, err := tune.Load(store)
	if err != nil {
		t.Fatal(err)
	}
	e, ok := s.Lookup(tune.ClassOf(1000, 5025))
	if !ok || e.Graph != "seed:1000" || e.Cells < 2 {
		t.Fatalf("store after tune: %+v", s.Entries)
	}
	// seed:1000:7 is another graph of the same class.
	stdout, stderr, code = prk(t, "run", "seed:1000:7", "--iterations", "3")
	if code != 0 {
		t.Fatalf("prk run: exit %d: %s", code, stderr)
	}
	want := fmt.Sprintf("strategy    %s, ", e.Strategy)
	if !strings.Contains(stdout, want) || !strings.Contains(stdout, "chosen      by --strategy auto: saved tuning for nodes<2^10,arcs<2^13") {
		t.Errorf("prk run did not use the tuning (%s): %s", want, stdout)
	}
	// A second tune of another class keeps the first.
	if _, stderr, code := prk(t, "tune", "seed:100", "--count", "1", "--kernel", "generic", "--layout", "csr", "--store", store); code != 0 {
		t.Fatalf("second prk tune: exit %d: %s", code, stderr)
	}
	if s, err := tune.Load(store); err != nil || len(s.Entries) != 2 {
		t.Errorf("after tuning two classes: %v, %v", s, err)
	}
}

// TestAutoByRule: with no tuning, auto runs the study's seed graphs serial
// and a graph of a quarter million arcs lockfree, and says why.
func TestAutoByRule(t *testing.T) {
	t.Setenv(tune.EnvFile, filepath.Join(t.TempDir(), "none.json"))
	for _, c := range []struct{ graph, want, why string }{
		{"seed:100", "strategy    serial, 1 worker", "small graph"},
		{"seed:2000", "strategy    serial, 1 worker", "small graph"},
		{"uniform:60000:300000", "strategy    lockfree", "lockfree on all"},
	} {
		stdout, stderr, code := prk(t, "run", c.graph, "--iterations", "2")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.graph, code, stderr)
		}
		if !strings.Contains(stdout, c.want) || !strings.Contains(stdout, c.why) || !strings.Contains(stdout, "no saved tuning") {
			t.Errorf("%s: want %q because %q:\n%s", c.graph, c.want, c.why, stdout)
		}
	}
	// --workers asks for workers; --kernel is kept.
	stdout, stderr, code := prk(t, "run", "seed:100", "--iterations", "2", "--workers", "2", "--kernel", "generic")
	if code != 0 || !strings.Contains(stdout, "strategy    lockfree") || !strings.Contains(stdout, "kernel generic") || !strings.Contains(stdout, "--workers 2 asks for workers") {
		t.Errorf("auto with --workers 2 --kernel generic: exit %d: %s%s", code, stdout, stderr)
	}
	// The study's bit-exact path is named, not chosen: it prints no choice.
	stdout, _, _ = prk(t, "run", "seed:100", "--iterations", "2", "--strategy", "serial", "--kernel", "generic")
	if strings.Contains(stdout, "chosen") {
		t.Errorf("an explicit --strategy printed a choice:\n%s", stdout)
	}
	if _, stderr, code := prk(t, "run", "seed:100", "--param", "minwork=0"); code != 2 || !strings.Contains(stderr, "--param with --strategy auto") {
		t.Errorf("--param with auto: exit %d: %s", code, stderr)
	}
}

// TestCorruptStore: prk run notes a store it cannot read, naming the file,
// and solves by the rule; prk tune refuses it before timing anything and
// leaves it as it was.
func TestCorruptStore(t *testing.T) {
	store := filepath.Join(t.TempDir(), "tune.json")
	if err := os.WriteFile(store, []byte("{garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(tune.EnvFile, store)
	stdout, stderr, code := prk(t, "run", "seed:100", "--iterations", "2")
	if code != 0 || !strings.Contains(stderr, "prk: note: ignoring the tuning store: tuning store "+store) || !strings.Contains(stdout, "strategy    serial") {
		t.Errorf("run with a corrupt store: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	_, stderr, code = prk(t, "tune", "seed:100", "--count", "1")
	if code != 1 || !strings.Contains(stderr, store) || !strings.Contains(stderr, "not a prk tuning store") {
		t.Errorf("tune with a corrupt store: exit %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(store); string(data) != "{garbage" {
		t.Errorf("tune changed the corrupt store to %q", data)
	}
}

// TestTuneUsage: bad flags are usage errors before anything is loaded, and
// a budget too small to time anything is a failure that says so.
func TestTuneUsage(t *testing.T) {
	t.Setenv(tune.EnvFile, filepath.Join(t.TempDir(), "tune.json"))
	for _, c := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{"tune"}, "GRAPH", 2},
		{[]string{"tune", "seed:100", "--strategy", "serail"}, `did you mean "serial"`, 2},
		{[]string{"tune", "seed:100", "--workers", "0"}, "--workers \"0\"", 2},
		{[]string{"tune", "seed:100", "--kernel", "nosuch"}, `kernel "nosuch"`, 2},
		{[]string{"tune", "seed:100", "--layout", "zigzag"}, `layout "zigzag"`, 2},
		{[]string{"tune", "seed:100", "--count", "0"}, "--count must be positive", 2},
		{[]string{"tune", "seed:100", "--budget", "-1s"}, "--budget", 2},
		{[]string{"tune", "seed:100", "--budget", "1ns"}, "no configuration was timed within --budget 1ns", 1},
	} {
		_, stderr, code := prk(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d (want %d), stderr %q lacks %q", c.args, code, c.code, stderr, c.want)
		}
	}
}

// TestTuneAddsAutoOrder: tune times, beside the unrenumbered engines, the
// order the auto engine would choose, and only when it would renumber.
func TestTuneAddsAutoOrder(t *testing.T) {
	n := strategy.AutoMinNodes
	hubs := &graph.CSR{N: n, InOffsets: make([]int64, n+1), OutDegree: make([]uint32, n)}
	for i := range n {
		hubs.InOffsets[i+1] = hubs.InOffsets[i]
		if i > 0 {
			hubs.InSources = append(hubs.InSources, uint32(i%16))
			hubs.OutDegree[i%16]++
			hubs.InOffsets[i+1]++
		}
	}
	engines := []strategy.Engine{{Layout: strategy.LayoutCSR, Order: strategy.OrderNone}, {Layout: strategy.LayoutSegmented, Order: strategy.OrderNone}}
	got := withAutoOrder(engines, hubs)
	if len(got) != 4 || got[2].Order != strategy.OrderDegree || got[3].Layout != strategy.LayoutSegmented {
		t.Errorf("big graph with hubs: %v", got)
	}
	small, err := gen.Generate("seed:1000", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := withAutoOrder(engines, small); len(got) != 2 {
		t.Errorf("seed:1000: %v", got)
	}
}
