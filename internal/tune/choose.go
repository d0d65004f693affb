package tune

import (
	"fmt"
	"slices"
	"time"

	"github.com/prkbench/prk"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

// Machine is what Choose needs of the machine it runs on.
type Machine struct {
	// CPU is the processor's model name and Cores the logical CPUs, as a
	// tuning records them; GOMAXPROCS how many run Go code at once.
	CPU        string
	Cores      int
	GOMAXPROCS int
}

// Choice is a configuration to run and why it was chosen.
type Choice struct {
	Strategy string
	// Workers is the worker count; Kernel the kernel name ("" means the
	// best this CPU runs).
	Workers int
	Kernel  string
	Params  map[string]string
	// Engine is the tuned engine; nil without a tuning (the default
	// engine, the reference arithmetic).
	Engine *strategy.Engine
	// Tuned says the choice comes from the store; Reason says why, in a
	// line for prk run's summary.
	Tuned  bool
	Reason string
}

// Choose picks the configuration for a graph of nodes nodes and arcs arcs
// on machine m: the saved winner of its class when the store has one
// measured on this machine whose strategy and kernel this prk has, else
// the rule by size (see byRule). s may be nil (no store, or one that
// could not be read).
func Choose(s *Store, nodes int, arcs int64, m Machine) Choice {
	class := ClassOf(nodes, arcs)
	why := fmt.Sprintf("no saved tuning for %s (prk tune GRAPH measures one)", class)
	if s != nil {
		if e, ok := s.Lookup(class); ok {
			c, problem := fromEntry(e, m)
			if problem == "" {
				c.Reason = fmt.Sprintf("saved tuning for %s: fastest of %d configurations on %s (%s)",
					class, e.Cells, e.Graph, speed(e))
				return c
			}
			why = fmt.Sprintf("the saved tuning for %s is not used: %s", class, problem)
		}
	}
	c := byRule(nodes, arcs, m)
	c.Reason += "; " + why
	return c
}

// byRule is the choice without a tuning: the library's rule
// (prk.BestStrategy), serial below prk.SerialBelowArcs arcs or on one
// processor, lockfree on every processor from there. On the study's seed
// graphs (at most about 10K arcs) an iteration takes a few microseconds,
// less than handing work to another core costs, and serial is exactly
// serial; on a graph of cnr-2000's size lockfree with two workers runs
// 1.88x serial (docs/results.md).
func byRule(nodes int, arcs int64, m Machine) Choice {
	switch {
	case m.GOMAXPROCS <= 1:
		return Choice{Strategy: "serial", Workers: 1, Reason: "one processor: serial"}
	case arcs < prk.SerialBelowArcs:
		return Choice{Strategy: "serial", Workers: 1,
			Reason: fmt.Sprintf("small graph (%d arcs, below %d): serial, as a second core would not pay", arcs, prk.SerialBelowArcs)}
	}
	return Choice{Strategy: "lockfree", Workers: m.GOMAXPROCS,
		Reason: fmt.Sprintf("graph of %d arcs (at least %d): lockfree on all %d processors", arcs, prk.SerialBelowArcs, m.GOMAXPROCS)}
}

// fromEntry turns a saved entry into a choice, or says why it cannot be
// used here.
func fromEntry(e Entry, m Machine) (Choice, string) {
	switch {
	case e.CPU != m.CPU || e.Cores != m.Cores:
		return Choice{}, fmt.Sprintf("it was measured on %q with %d CPUs, this is %q with %d", e.CPU, e.Cores, m.CPU, m.Cores)
	case !slices.Contains(strategy.Names(), e.Strategy):
		return Choice{}, fmt.Sprintf("its strategy %q is not in this prk", e.Strategy)
	}
	if _, err := kernel.Lookup(e.Kernel); err != nil {
		return Choice{}, fmt.Sprintf("its kernel: %v", err)
	}
	eng := strategy.Engine{Layout: strategy.Layout(e.Layout), Precision: strategy.Precision(e.Precision), Order: strategy.Order(e.Order)}
	if err := eng.Validate(); err != nil {
		return Choice{}, fmt.Sprintf("its engine: %v", err)
	}
	return Choice{Strategy: e.Strategy, Workers: e.Workers, Kernel: e.Kernel, Params: e.Params, Engine: &eng, Tuned: true}, ""
}

// speed describes the entry's time per iteration, against serial's when
// both were timed.
func speed(e Entry) string {
	per := time.Duration(e.NSPerIter)
	if per >= time.Millisecond {
		per = per.Round(time.Microsecond)
	} else {
		per = per.Round(10 * time.Nanosecond)
	}
	if e.SerialNSPerIter > 0 && e.NSPerIter > 0 {
		return fmt.Sprintf("%s per iteration, %.2fx serial", per, e.SerialNSPerIter/e.NSPerIter)
	}
	return fmt.Sprintf("%s per iteration", per)
}
