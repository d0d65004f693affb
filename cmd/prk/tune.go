package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/graphio"
	"github.com/prkbench/prk/internal/benchrun"
	"github.com/prkbench/prk/internal/graphspec"
	"github.com/prkbench/prk/internal/tune"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

// Tuning defaults: a few seconds on the study's graphs, about a minute on
// cnr-2000 with every kernel and layout, never more than the budget.
const (
	defaultTuneCount      = 3
	defaultTuneIterations = 10
	defaultTuneBudget     = 2 * time.Minute
	// tuneMargin is how much faster than serial a parallel configuration
	// must be to win: within timing noise serial is never slower.
	tuneMargin = 0.05
)

func tuneCommand() *cli.Command {
	return &cli.Command{
		Name:      "tune",
		Usage:     "time strategies x workers x kernels x engines on a graph and save the fastest for --strategy auto",
		ArgsUsage: "GRAPH",
		Description: "Times every combination like prk bench, prints the table, and saves the fastest\n" +
			"configuration in the tuning store under the graph's size class (powers of two of its\n" +
			"nodes and arcs), where prk run --strategy auto (the default) finds it for any graph of\n" +
			"that class on this machine. A parallel configuration must beat serial by 5% to win.\n" +
			"Timing stops at --budget; the cells timed by then decide.\n\n" +
			"Examples:\n  prk tune ../shared/data/cnr-2000.txt.gz\n" +
			"  prk tune kron:20 --strategy serial,lockfree,mutex --precision f64,f32 --budget 5m\n" +
			"  prk tune seed:1000 --count 1 --store /tmp/tune.json",
		Flags: append(append(graphFlags(), engineListFlags()...),
			&cli.StringSliceFlag{Name: "strategy", Usage: "strategies to time, comma-separated (default: serial,lockfree; registered: " + strings.Join(strategy.Names(), ", ") + ")"},
			&cli.StringSliceFlag{Name: "workers", Usage: "worker counts, comma-separated (default: powers of two up to the CPUs, and the CPUs)"},
			&cli.StringSliceFlag{Name: "kernel", Usage: "kernels, comma-separated (default: every kernel this CPU runs)"},
			&cli.IntFlag{Name: "iterations", Value: defaultTuneIterations, Usage: "iterations per timed repetition"},
			&cli.IntFlag{Name: "count", Value: defaultTuneCount, Usage: "timed repetitions per configuration, after one warm-up"},
			&cli.DurationFlag{Name: "budget", Value: defaultTuneBudget, Usage: "stop timing after this long; the configurations timed by then decide"},
			&cli.StringSliceFlag{Name: "param", Usage: "strategy setting `KEY=V1[,V2...]` (repeatable), swept like --workers and given only to the strategies that take KEY (see prk info)"},
			&cli.StringFlag{Name: "store", TakesFile: true, Usage: "tuning store `FILE` (default: $" + tune.EnvFile + ", else the user config dir's prk/tune.json)"},
		),
		Before: checkingPaths(func(c *cli.Context) []pathArg {
			return append(graphInput("GRAPH", c.Args().First()), output("--store", c.String("store")))
		}),
		Action: tuneAction,
	}
}

// tunePlan is what prk tune checked before loading the graph.
type tunePlan struct {
	cfg   benchrun.Config
	load  graphio.LoadOptions
	path  string
	store *tune.Store
	cells int
}

func checkTune(c *cli.Context) (*tunePlan, error) {
	if err := needArgs(c, 1, 1, "GRAPH [flags]"); err != nil {
		return nil, err
	}
	spec := c.Args().First()
	if err := checkGraphArg(spec); err != nil {
		return nil, err
	}
	cfg := benchrun.Config{Graphs: []string{spec}, Strategies: []string{"serial", "lockfree"}, Iterations: c.Int("iterations"), Count: c.Int("count")}
	if v := listFlag(c, "strategy"); v != nil {
		cfg.Strategies = v
	}
	for _, s := range cfg.Strategies {
		if !slices.Contains(strategy.Names(), s) {
			return nil, usagef("unknown strategy %q%s (registered: %s)", s, didYouMean(s, strategy.Names()), strings.Join(strategy.Names(), ", "))
		}
	}
	cfg.Workers = defaultTuneWorkers(runtime.NumCPU())
	if v := listFlag(c, "workers"); v != nil {
		cfg.Workers = nil
		for _, s := range v {
			w, err := strconv.Atoi(s)
			if err != nil || w <= 0 {
				return nil, usagef("--workers %q: want positive integers", s)
			}
			cfg.Workers = append(cfg.Workers, w)
		}
	}
	for _, k := range kernel.Supported() {
		cfg.Kernels = append(cfg.Kernels, k.Name)
	}
	if v := listFlag(c, "kernel"); v != nil {
		cfg.Kernels = v
	}
	for _, k := range cfg.Kernels {
		if _, err := kernel.Lookup(k); err != nil {
			return nil, usageError{err}
		}
	}
	if !c.IsSet("layout") {
		// CSR and hybrid by default: which wins depends on the graph, and
		// hybrid already picks segmented or blocked window by window. The
		// precision stays f64 unless asked, since f32 changes the
		// arithmetic; the order is none plus, once the graph is loaded,
		// the one auto would choose for it (withAutoOrder).
		if err := c.Set("layout", joinNames([]strategy.Layout{strategy.LayoutCSR, strategy.LayoutHybrid})); err != nil {
			return nil, err
		}
	}
	engines, err := engineList(c)
	if err != nil {
		return nil, err
	}
	cfg.Engines = engines
	if cfg.Iterations <= 0 || cfg.Count <= 0 {
		return nil, usagef("--iterations and --count must be positive")
	}
	if c.Duration("budget") <= 0 {
		return nil, usagef("--budget %s must be positive", c.Duration("budget"))
	}
	if cfg.Params, err = parseParamLists(c); err != nil {
		return nil, err
	}
	opts, err := loadOptions(c, "")
	if err != nil {
		return nil, err
	}
	if err := checkDetectable(spec, opts.Format); err != nil {
		return nil, err
	}
	cfg.Load = func(spec string) (*graph.CSR, error) { return graphspec.Load(c.Context, spec, opts) }
	if err := benchrun.Check(cfg); err != nil {
		return nil, usageError{err}
	}
	p := &tunePlan{cfg: cfg, load: opts, path: c.String("store")}
	if p.path == "" {
		if p.path, err = tune.DefaultPath(); err != nil {
			return nil, err
		}
	}
	// A store that cannot be read is refused before hours of timing, and
	// never overwritten: it may be a file the user cares about.
	if p.store, err = tune.Load(p.path); err != nil {
		return nil, err
	}
	for _, s := range cfg.Strategies {
		n := len(cfg.Workers)
		if s == "serial" {
			n = 1
		}
		p.cells += n * len(cfg.Kernels) * len(cfg.Engines)
	}
	noteGraphFlags(c, cfg.Graphs)
	return p, nil
}

// defaultTuneWorkers is 2, 4, 8, ... below cpus, and cpus (1 on one CPU).
func defaultTuneWorkers(cpus int) []int {
	var ws []int
	for w := 2; w < cpus; w *= 2 {
		ws = append(ws, w)
	}
	return append(ws, max(cpus, 1))
}

func tuneAction(c *cli.Context) error {
	p, err := checkTune(c)
	if err != nil {
		return err
	}
	spec := p.cfg.Graphs[0]
	g, _, err := loadGraph(c, spec, p.load)
	if err != nil {
		return err
	}
	p.cfg.Load = func(string) (*graph.CSR, error) { return g, nil }
	if !c.IsSet("order") {
		p.cfg.Engines = withAutoOrder(p.cfg.Engines, g)
	}
	if w := progressOn(c); w != nil {
		p.cfg.Progress = func(format string, args ...any) { fmt.Fprintf(w, "\r\033[K"+format, args...) }
	}
	budget := c.Duration("budget")
	ctx, cancel := context.WithTimeout(c.Context, budget)
	recs, runErr := benchrun.Run(ctx, p.cfg)
	cancel()
	if p.cfg.Progress != nil {
		fmt.Fprint(progressOn(c), "\r\033[K")
	}
	if runErr != nil && !(errors.Is(runErr, context.DeadlineExceeded) && c.Context.Err() == nil) {
		return runErr
	}
	if len(recs) < p.cells {
		notef(c, "--budget %s ran out: %d of %d configurations timed; the winner is the fastest of those", budget, len(recs), p.cells)
	}
	if len(recs) == 0 {
		return fmt.Errorf("no configuration was timed within --budget %s: raise it", budget)
	}
	w := bufio.NewWriter(c.App.Writer)
	if err := benchrun.WriteTable(w, recs); err != nil {
		return err
	}
	best, serialNS := winner(recs)
	m := benchrun.CurrentMachine()
	e := tune.Entry{
		Strategy: best.Strategy, Workers: best.Workers, Kernel: best.Kernel, Params: best.Params,
		NSPerIter: best.NSPerIter, SerialNSPerIter: serialNS,
		Graph: spec, Nodes: g.N, Arcs: g.Arcs(), CPU: m.CPU, Cores: m.Cores, Cells: len(recs), At: time.Now().UTC(),
	}
	if parts := strings.Split(best.Engine, "/"); len(parts) == 3 {
		e.Layout, e.Precision, e.Order = parts[0], parts[1], parts[2]
	}
	class := tune.ClassOf(g.N, g.Arcs())
	fmt.Fprintf(w, "\nwinner      %s, %d worker%s, kernel %s, engine %s: %s per iteration",
		e.Strategy, e.Workers, map[bool]string{true: "", false: "s"}[e.Workers == 1], e.Kernel, best.Engine, roundDuration(time.Duration(e.NSPerIter)))
	if serialNS > 0 {
		fmt.Fprintf(w, " (%.2fx serial)", serialNS/e.NSPerIter)
	}
	fmt.Fprintf(w, "\nsaved       for graphs of %s in %s\n", class, p.path)
	p.store.Put(class, e)
	if err := p.store.Save(p.path); err != nil {
		return err
	}
	return w.Flush()
}

// winner returns the fastest record, preferring serial unless a parallel
// configuration beats the fastest serial one by tuneMargin, and serial's
// best time per iteration (0 when serial was not timed).
// withAutoOrder adds to engines (all without an order) the order the auto
// engine would choose for g, if it would renumber: a big power-law graph
// is then tuned with the order prk run would use by default, and a small
// one costs no extra cells.
func withAutoOrder(engines []strategy.Engine, g *graph.CSR) []strategy.Engine {
	o := strategy.Engine{Order: strategy.OrderAuto}.Resolve(g, nil).Order
	if o == strategy.OrderNone {
		return engines
	}
	out := slices.Clone(engines)
	for _, e := range engines {
		if e.Order == strategy.OrderNone || e.Order == "" {
			e.Order = o
			out = append(out, e)
		}
	}
	return out
}

func winner(recs []benchrun.Record) (benchrun.Record, float64) {
	var best, bestSerial *benchrun.Record
	for i := range recs {
		r := &recs[i]
		if best == nil || r.NSPerIter < best.NSPerIter {
			best = r
		}
		if r.Strategy == "serial" && (bestSerial == nil || r.NSPerIter < bestSerial.NSPerIter) {
			bestSerial = r
		}
	}
	if bestSerial == nil {
		return *best, 0
	}
	if best.NSPerIter > (1-tuneMargin)*bestSerial.NSPerIter {
		best = bestSerial
	}
	return *best, bestSerial.NSPerIter
}
