package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/internal/atomicfile"
	"github.com/prkbench/prk/internal/benchrun"
	"github.com/prkbench/prk/internal/chart"
	"github.com/prkbench/prk/internal/graphspec"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

func benchCommand() *cli.Command {
	def := benchrun.DefaultConfig()
	return &cli.Command{
		Name:  "bench",
		Usage: "time strategies x graphs x workers x kernels, side by side",
		Description: "With no flags it runs the study's matrix: strategies " + strings.Join(def.Strategies, ",") +
			"\nx graphs " + strings.Join(def.Graphs, ",") + " (XS, L, XL), 10 iterations, workers = CPUs.\n\n" +
			"Examples:\n  prk bench\n  prk bench --strategy serial,lockfree --graph cnr-2000.txt.gz --workers 1,2 --count 10\n" +
			"  prk bench --output-format benchfmt > new.txt && benchstat old.txt new.txt\n" +
			"  prk bench --plot bench.svg\n" +
			"  prk bench --strategy lockfree --graph kron:20 --param minwork=4096,16384,65536\n\n" +
			"Every flag and strategy setting is checked before any graph is loaded.",
		Flags: append(append(graphFlags(), engineListFlags()...),
			&cli.StringSliceFlag{Name: "strategy", Usage: "strategies to time, comma-separated (default: " + strings.Join(def.Strategies, ",") + "; registered: " + strings.Join(strategy.Names(), ", ") + ")"},
			&cli.StringSliceFlag{Name: "graph", Usage: "graphs: files or generator specs, comma-separated (default: " + strings.Join(def.Graphs, ",") + ")"},
			&cli.StringSliceFlag{Name: "workers", Usage: "worker counts, comma-separated (default: number of CPUs; serial ignores them)"},
			&cli.StringSliceFlag{Name: "kernel", Usage: "kernels, comma-separated (default: auto): " + kernelChoices(), EnvVars: []string{"PRK_KERNEL"}},
			&cli.IntFlag{Name: "iterations", Value: def.Iterations, Usage: "iterations per timed repetition"},
			&cli.IntFlag{Name: "count", Value: def.Count, Usage: "timed repetitions after one warm-up, each with its own set-up (benchstat wants at least 6)"},
			&cli.StringFlag{Name: "output-format", Value: "table", Usage: "report format: " + strings.Join(benchrun.Formats(), ", ")},
			deprecatedFlag("format"), // --output-format
			&cli.StringSliceFlag{Name: "param", Usage: "strategy setting `KEY=V1[,V2...]` (repeatable), swept like --workers and given only to the strategies that take KEY (see prk info), e.g. minwork=4096,16384,65536"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, TakesFile: true, Usage: "write the results to `FILE` instead of stdout (written whole, even when interrupted)"},
			&cli.StringFlag{Name: "plot", TakesFile: true, Usage: "also draw the results as a chart in `FILE` (.svg, .png or .pdf, by its extension): time per iteration by strategy and graph, and speedup vs workers when several counts are measured"},
		),
		Before: checkingPaths(benchPaths),
		Action: benchAction,
	}
}

// benchPaths are the files prk bench reads and writes.
func benchPaths(c *cli.Context) []pathArg {
	var paths []pathArg
	for _, spec := range listFlag(c, "graph") {
		paths = append(paths, graphInput("--graph", spec)...)
	}
	return append(paths, output("--out", c.String("out")), output("--plot", c.String("plot")))
}

// parseParamLists reads --param flags as KEY=V1,V2: each key's values, in
// the order given. A repeated key adds values. The flag itself splits its
// value at commas, so a part without '=' is one more value of the key
// before it.
func parseParamLists(c *cli.Context) (map[string][]string, error) {
	params := map[string][]string{}
	last := ""
	for _, kv := range c.StringSlice("param") {
		k, v, ok := strings.Cut(kv, "=")
		switch {
		case !ok && last != "":
			params[last] = append(params[last], strings.TrimSpace(kv))
			continue
		case !ok || strings.TrimSpace(k) == "":
			return nil, usagef("--param %q: want KEY=VALUE", kv)
		}
		k = strings.TrimSpace(k)
		params[k] = append(params[k], strings.TrimSpace(v))
		last = k
	}
	return params, nil
}

// listFlag splits a repeatable, comma-separated flag.
func listFlag(c *cli.Context, name string) []string {
	var out []string
	for _, v := range c.StringSlice(name) {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func benchAction(c *cli.Context) error {
	if err := needArgs(c, 0, 0, "[flags]"); err != nil {
		return err
	}
	cfg := benchrun.DefaultConfig()
	if v := listFlag(c, "strategy"); v != nil {
		cfg.Strategies = v
	}
	if v := listFlag(c, "graph"); v != nil {
		cfg.Graphs = v
	}
	if v := listFlag(c, "kernel"); v != nil {
		cfg.Kernels = v
	}
	if v := listFlag(c, "workers"); v != nil {
		cfg.Workers = nil
		for _, s := range v {
			var w int
			if _, err := fmt.Sscan(s, &w); err != nil || w < 0 || fmt.Sprint(w) != s {
				return usagef("--workers %q: want non-negative integers", s)
			}
			if w == 0 {
				w = runtime.NumCPU()
			}
			cfg.Workers = append(cfg.Workers, w)
		}
	}
	engines, err := engineList(c)
	if err != nil {
		return err
	}
	cfg.Engines = engines
	cfg.Iterations = c.Int("iterations")
	cfg.Count = c.Int("count")
	if cfg.Iterations <= 0 || cfg.Count <= 0 {
		return usagef("--iterations and --count must be positive")
	}
	for _, s := range cfg.Strategies {
		if !slices.Contains(strategy.Names(), s) {
			return usagef("unknown strategy %q%s (registered: %s)", s, didYouMean(s, strategy.Names()), strings.Join(strategy.Names(), ", "))
		}
	}
	for _, k := range cfg.Kernels {
		if _, err := kernel.Lookup(k); err != nil {
			return usageError{err}
		}
	}
	format, err := renamedFlag(c, "output-format", "format")
	if err != nil {
		return err
	}
	if !slices.Contains(benchrun.Formats(), format) {
		return usagef("--output-format %q: want one of %s%s", format, strings.Join(benchrun.Formats(), ", "), didYouMean(format, benchrun.Formats()))
	}
	plotPath, plotFormat := c.String("plot"), ""
	if plotPath != "" {
		if plotFormat, err = chart.FormatOf(plotPath); err != nil {
			return usageError{fmt.Errorf("--plot %w", err)}
		}
	}
	if format == "benchfmt" && cfg.Count < benchrun.MinBenchstatCount {
		notef(c, "--count %d: benchstat needs at least %d repetitions to report a confidence interval", cfg.Count, benchrun.MinBenchstatCount)
	}
	for _, spec := range cfg.Graphs {
		if err := checkGraphArg(spec); err != nil {
			return err
		}
	}
	params, err := parseParamLists(c)
	if err != nil {
		return err
	}
	cfg.Params = params
	opts, err := loadOptions(c, "")
	if err != nil {
		return err
	}
	for _, spec := range cfg.Graphs {
		if err := checkDetectable(spec, opts.Format); err != nil {
			return err
		}
	}
	cfg.Load = func(spec string) (*graph.CSR, error) { return graphspec.Load(c.Context, spec, opts) }
	// The whole matrix (strategies' settings and worker counts included) is
	// checked before any graph is loaded, as bad usage.
	if err := benchrun.Check(cfg); err != nil {
		return usageError{err}
	}
	if c.IsSet("workers") && !slices.ContainsFunc(cfg.Strategies, func(s string) bool { d, _ := strategy.Describe(s); return !d.Serial }) {
		notef(c, "--workers is ignored by strategy %s, which runs one worker", strings.Join(cfg.Strategies, ", "))
	}
	noteGraphFlags(c, cfg.Graphs)
	if w := progressOn(c); w != nil {
		cfg.Progress = func(format string, args ...any) {
			fmt.Fprintf(w, "\r\033[K"+format, args...)
		}
	}

	recs, runErr := benchrun.Run(c.Context, cfg)
	if cfg.Progress != nil {
		fmt.Fprint(progressOn(c), "\r\033[K")
	}
	// Write what completed even when interrupted: the write does not follow
	// the cancelled context.
	write := func(out io.Writer) error {
		if len(recs) == 0 {
			return nil
		}
		switch format {
		case "benchfmt":
			return benchrun.WriteBenchfmt(out, recs)
		case "json":
			return benchrun.WriteJSON(out, recs)
		case "csv":
			return benchrun.WriteCSV(out, recs)
		}
		return benchrun.WriteTable(out, recs)
	}
	if err := writeReport(c, write, len(recs) > 0); err != nil {
		return err
	}
	// The chart comes after the report, so that a chart that cannot be
	// drawn loses no results; like --out it is drawn from what completed
	// and written whole or not at all.
	if plotPath != "" && len(recs) > 0 && writesOutputs() {
		set := []chart.Set{{Machine: benchrun.CurrentMachine(), Records: recs}}
		if err := atomicfile.WriteContext(context.WithoutCancel(c.Context), plotPath, func(w io.Writer) error {
			return chart.Write(w, plotFormat, set)
		}); err != nil {
			return fmt.Errorf("--plot %s: %w", plotPath, err)
		}
	}
	return runErr
}

// writeReport writes bench's report to --out (whole, and only when there
// are results: an interrupted run keeps what the file held) or stdout.
func writeReport(c *cli.Context, write func(io.Writer) error, any bool) error {
	if path := c.String("out"); path != "" {
		if !any || !writesOutputs() {
			return nil
		}
		return atomicfile.WriteContext(context.WithoutCancel(c.Context), path, write)
	}
	w := bufio.NewWriter(c.App.Writer)
	if err := write(w); err != nil {
		return err
	}
	return w.Flush()
}
