package tune

import (
	"runtime"
	"strings"
	"testing"

	"github.com/prkbench/prk"
	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
)

var here = Machine{CPU: "cpu", Cores: 2, GOMAXPROCS: 2}

// TestChooseByRule: without a tuning the study's seed graphs run serial
// and a graph of cnr-2000's size lockfree on every processor; one
// processor is always serial.
func TestChooseByRule(t *testing.T) {
	for _, c := range []struct {
		name     string
		nodes    int
		arcs     int64
		m        Machine
		strategy string
		workers  int
	}{
		{"seed:100", 100, 494, here, "serial", 1},
		{"seed:1000", 1000, 5025, here, "serial", 1},
		{"seed:2000", 2000, 10201, here, "serial", 1},
		{"just below the threshold", 5000, prk.SerialBelowArcs - 1, here, "serial", 1},
		{"at the threshold", 5000, prk.SerialBelowArcs, here, "lockfree", 2},
		{"cnr-2000", 325557, 3216152, here, "lockfree", 2},
		{"kron:22:32", 1 << 22, 128 << 20, Machine{CPU: "x", Cores: 8, GOMAXPROCS: 8}, "lockfree", 8},
		{"cnr-2000 on one processor", 325557, 3216152, Machine{CPU: "cpu", Cores: 2, GOMAXPROCS: 1}, "serial", 1},
	} {
		for _, s := range []*Store{nil, {Entries: map[string]Entry{}}} {
			got := Choose(s, c.nodes, c.arcs, c.m)
			if got.Strategy != c.strategy || got.Workers != c.workers || got.Tuned || got.Engine != nil || got.Kernel != "" {
				t.Errorf("%s: %+v, want %s with %d workers by rule", c.name, got, c.strategy, c.workers)
			}
			if !strings.Contains(got.Reason, "no saved tuning") {
				t.Errorf("%s: reason %q does not say there is no tuning", c.name, got.Reason)
			}
		}
	}
}

// TestChooseSaved: a tuning of the graph's class measured here is used,
// engine and all; one of another class, another machine, or naming a
// strategy or kernel this prk lacks is not, and the reason says why.
func TestChooseSaved(t *testing.T) {
	s := &Store{}
	e := sampleEntry()
	e.Strategy, e.Workers, e.Layout = "mutex", 3, "segmented"
	s.Put(ClassOf(1000, 5025), e)
	got := Choose(s, 1000, 5025, here)
	if !got.Tuned || got.Strategy != "mutex" || got.Workers != 3 || got.Kernel != "generic" || got.Engine == nil || got.Engine.Layout != "segmented" {
		t.Fatalf("saved tuning not used: %+v", got)
	}
	if !strings.Contains(got.Reason, "saved tuning for nodes<2^10,arcs<2^13") {
		t.Errorf("reason %q does not name the class", got.Reason)
	}
	// Another class: the rule.
	if got := Choose(s, 4000, 5025, here); got.Tuned || got.Strategy != "serial" {
		t.Errorf("another class used the tuning: %+v", got)
	}
	for name, c := range map[string]struct {
		change func(*Entry)
		why    string
	}{
		"other cpu":      {func(e *Entry) { e.CPU = "other" }, `measured on "other"`},
		"other cores":    {func(e *Entry) { e.Cores = 64 }, "with 64 CPUs"},
		"unknown":        {func(e *Entry) { e.Strategy = "gone" }, `strategy "gone" is not in this prk`},
		"unknown kernel": {func(e *Entry) { e.Kernel = "nosuch" }, `kernel "nosuch"`},
		"unknown engine": {func(e *Entry) { e.Layout = "zigzag" }, `layout "zigzag"`},
	} {
		s := &Store{}
		e := sampleEntry()
		c.change(&e)
		s.Put(ClassOf(1000, 5025), e)
		got := Choose(s, 1000, 5025, here)
		if got.Tuned || got.Strategy != "serial" || !strings.Contains(got.Reason, c.why) {
			t.Errorf("%s: %+v, want the rule and a reason with %q", name, got, c.why)
		}
	}
}

// TestRuleIsTheLibrarys: without a tuning, auto picks what prk.PageRank
// picks for the same graph, so the command line and the library agree.
func TestRuleIsTheLibrarys(t *testing.T) {
	m := Machine{GOMAXPROCS: runtime.GOMAXPROCS(0)}
	for _, spec := range []string{"seed:100", "seed:2000", "uniform:3000:40000", "kron:12"} {
		g, err := gen.Generate(spec, graph.BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		name, workers := prk.BestStrategy(g)
		if got := Choose(nil, g.N, g.Arcs(), m); got.Strategy != name || got.Workers != workers {
			t.Errorf("%s: auto picks %s with %d workers, prk.BestStrategy %s with %d", spec, got.Strategy, got.Workers, name, workers)
		}
	}
}
