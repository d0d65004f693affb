package main

import (
	"fmt"
	"runtime"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/internal/benchrun"
	"github.com/prkbench/prk/internal/tune"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

// autoStrategy is prk run's default --strategy: the saved tuning of the
// graph's size class (prk tune), else a rule by size (internal/tune.Choose).
// It is resolved once the graph is loaded, since it depends on its size.
const autoStrategy = "auto"

// checkAuto checks what can be checked of --strategy auto before loading:
// the kernel and worker count (as lockfree would take them; serial takes
// any), and that no --param is given, since auto cannot know which
// strategy the settings are for.
func checkAuto(c *cli.Context) (strategy.Config, error) {
	k, err := kernel.Lookup(c.String("kernel"))
	if err != nil {
		return strategy.Config{}, usageError{err}
	}
	if w := c.Int("workers"); w < 0 {
		return strategy.Config{}, usagef("--workers %d is negative", w)
	}
	params, err := parseParams(c)
	if err != nil {
		return strategy.Config{}, err
	}
	if len(params) > 0 {
		return strategy.Config{}, usagef("--param with --strategy auto: name the strategy the settings are for with --strategy")
	}
	cfg := strategy.Config{Workers: c.Int("workers"), Kernel: k}
	if err := probeStrategy("lockfree", cfg); err != nil {
		return strategy.Config{}, usageError{err}
	}
	return cfg, nil
}

// chooseAuto resolves --strategy auto for g: the strategy, its config, the
// engine and a line saying why. Flags the user set win over the choice:
// --kernel, --workers (more than one asks for a parallel strategy) and the
// engine flags. A tuning store that cannot be read is noted and ignored: a
// solve must not fail for want of a cache of measurements.
func chooseAuto(c *cli.Context, p *solvePlan, g *graph.CSR) (string, strategy.Config, strategy.ProblemOption, string) {
	var store *tune.Store
	path, err := tune.DefaultPath()
	if err == nil {
		store, err = tune.Load(path)
	}
	if err != nil {
		notef(c, "ignoring the tuning store: %v", err)
		store = nil
	}
	m := benchrun.CurrentMachine()
	choice := tune.Choose(store, g.N, g.Arcs(), tune.Machine{CPU: m.CPU, Cores: m.Cores, GOMAXPROCS: runtime.GOMAXPROCS(0)})
	why := choice.Reason
	cfg := p.cfg
	if !c.IsSet("workers") {
		cfg.Workers = choice.Workers
	} else if choice.Strategy == "serial" && cfg.Workers != 1 {
		choice.Strategy = "lockfree"
		why += fmt.Sprintf("; --workers %d asks for workers: lockfree", cfg.Workers)
	}
	if !c.IsSet("kernel") && choice.Kernel != "" {
		if k, err := kernel.Lookup(choice.Kernel); err == nil {
			cfg.Kernel = k
		}
	}
	cfg.Params = choice.Params
	engine := p.engine
	if choice.Engine != nil {
		if c.IsSet("layout") || c.IsSet("precision") || c.IsSet("order") {
			why += "; the engine flags given replace the tuned engine"
		} else {
			engine = strategy.WithEngine(*choice.Engine)
		}
	}
	return choice.Strategy, cfg, engine, why
}
