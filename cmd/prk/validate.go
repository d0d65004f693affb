package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/graph/graphio"
	"github.com/prkbench/prk/internal/graphspec"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// Everything a command can check without its input is checked before the
// input is read or generated: a typo then costs a second, not the minutes of
// loading a large graph, and exits 2 with nothing loaded or written. Flags
// that have no effect in the combination given are named on stderr (a note,
// not an error), so nobody believes they tuned what they did not.

// errNotConverged is returned by prk run when the solve stopped at
// --max-iter without reaching --tol (exit status exitNotConverged).
var errNotConverged = errors.New("not converged")

// notef prints a note about the command line on stderr.
func notef(c *cli.Context, format string, args ...any) {
	fmt.Fprintf(c.App.ErrWriter, "prk: note: "+format+"\n", args...)
}

// f32ToleranceFloor is the smallest --tol a float32 solve is expected to
// reach on large graphs: rounding each contribution to float32 moves every
// score by up to 2^-24 of itself each iteration, and on cnr-2000 the L1
// change stalls at 4.5e-9 (docs/engine.md).
const f32ToleranceFloor = 1e-8

// solvePlan is what prk run checked before loading.
type solvePlan struct {
	spec     string
	strategy string
	cfg      strategy.Config
	opts     pagerank.Options
	load     graphio.LoadOptions
	engine   strategy.ProblemOption
}

// checkRun validates every flag of prk run and notes the ignored ones.
func checkRun(c *cli.Context) (*solvePlan, error) {
	if err := needArgs(c, 1, 1, "GRAPH [flags]"); err != nil {
		return nil, err
	}
	p := &solvePlan{spec: c.Args().First()}
	if err := checkGraphArg(p.spec); err != nil {
		return nil, err
	}
	var err error
	if p.load, err = loadOptions(c, "format"); err != nil {
		return nil, err
	}
	if err := checkDetectable(p.spec, p.load.Format); err != nil {
		return nil, err
	}
	if p.strategy, p.cfg, err = checkStrategy(c); err != nil {
		return nil, err
	}
	p.opts = solveOptions(c)
	if err := p.opts.Validate(0); err != nil {
		return nil, usagef("%v", flagWords(err))
	}
	var engine strategy.Engine
	if p.engine, engine, err = engineOption(c); err != nil {
		return nil, err
	}
	if engine.Precision == strategy.F32 && p.opts.Iterations == 0 && p.opts.Tolerance < f32ToleranceFloor {
		notef(c, "--tol %g with --precision f32: float32 contributions stall the L1 change near 1e-8 on large graphs (cnr-2000: 4.5e-9), so the solve may run to --max-iter; use --tol %g or --precision f64", p.opts.Tolerance, f32ToleranceFloor)
	}
	if c.Int("top") < 0 {
		return nil, usagef("--top %d is negative", c.Int("top"))
	}
	for _, name := range []string{"personalization", "start"} {
		if path := c.String(name); path != "" {
			if _, err := os.Stat(path); err != nil {
				return nil, fmt.Errorf("--%s %s: %w", name, path, unwrapPathError(err))
			}
		}
	}

	if p.opts.Iterations > 0 {
		for _, name := range []string{"tol", "max-iter"} {
			if c.IsSet(name) {
				notef(c, "--%s is ignored with --iterations, which fixes the count", name)
			}
		}
	}
	if c.IsSet("header") && c.String("out") == "" {
		notef(c, "--header is ignored without --out")
	}
	noteGraphFlags(c, []string{p.spec})
	return p, nil
}

// flagWords makes pagerank's option errors name the flags: "damping 1.5 is
// outside [0, 1)" reads "--damping 1.5 is outside [0, 1)".
func flagWords(err error) string {
	msg := err.Error()
	for _, r := range [][2]string{
		{"damping ", "--damping "}, {"tolerance ", "--tol "}, {"max iterations ", "--max-iter "}, {"iterations ", "--iterations "},
	} {
		if strings.HasPrefix(msg, r[0]) {
			return r[1] + strings.TrimPrefix(msg, r[0])
		}
	}
	return msg
}

// checkGraphArg checks a GRAPH argument that can be checked without reading
// it: a generator spec must parse; a file is looked at when it is loaded.
func checkGraphArg(spec string) error {
	if strings.TrimSpace(spec) == "" {
		return usagef("empty GRAPH argument")
	}
	if graphspec.IsGenerator(spec) {
		if _, err := gen.Parse(spec); err != nil {
			return usageError{err}
		}
	}
	return nil
}

// checkStrategy validates --strategy, --kernel, --workers and --param, and
// asks the strategy's factory whether it accepts them (bad parameter
// values, too many workers), all before anything is loaded.
func checkStrategy(c *cli.Context) (string, strategy.Config, error) {
	name := c.String("strategy")
	if name == autoStrategy {
		cfg, err := checkAuto(c)
		return name, cfg, err
	}
	if !slices.Contains(strategy.Names(), name) {
		return "", strategy.Config{}, usagef("unknown strategy %q%s (registered: %s; or auto)", name, didYouMean(name, append(strategy.Names(), autoStrategy)), strings.Join(strategy.Names(), ", "))
	}
	k, err := kernel.Lookup(c.String("kernel"))
	if err != nil {
		return "", strategy.Config{}, usageError{err}
	}
	if w := c.Int("workers"); w < 0 {
		return "", strategy.Config{}, usagef("--workers %d is negative", w)
	}
	params, err := parseParams(c)
	if err != nil {
		return "", strategy.Config{}, err
	}
	cfg := strategy.Config{Workers: c.Int("workers"), Kernel: k, Params: params}
	if err := probeStrategy(name, cfg); err != nil {
		return "", strategy.Config{}, usageError{err}
	}
	if d, _ := strategy.Describe(name); d.Serial && c.IsSet("workers") && c.Int("workers") != 1 {
		notef(c, "--workers is ignored by strategy %s, which runs one worker", name)
	} else if d.Launched && c.IsSet("workers") {
		notef(c, "--workers is ignored by strategy %s, whose workers are the ranks mpirun starts (mpirun -np N)", name)
	}
	return name, cfg, nil
}

// probeStrategy makes and closes a strategy to see whether its factory
// accepts cfg; factories only check and record (workers start in Prepare).
func probeStrategy(name string, cfg strategy.Config) error {
	s, err := strategy.New(name, cfg)
	if err != nil {
		return err
	}
	return s.Close()
}

// didYouMean returns ` (did you mean "x"?)` when one of names is close to name.
func didYouMean(name string, names []string) string {
	if s := closest(name, names); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

// noteGraphFlags notes the graph-reading flags that no GRAPH of specs uses:
// a generator has no file format and numbers its nodes itself.
func noteGraphFlags(c *cli.Context, specs []string) {
	for _, s := range specs {
		if !graphspec.IsGenerator(s) {
			return
		}
	}
	for _, name := range []string{"input-format", "ids"} {
		if c.IsSet(name) {
			notef(c, "--%s is ignored for generated graphs", name)
		}
	}
}

// checkInputFormat checks an input format name.
func checkInputFormat(flag, format string) error {
	if format != "" && !slices.Contains(graphio.Formats(), strings.ToLower(format)) {
		return usagef("--%s %q: want one of %s%s", flag, format, strings.Join(graphio.Formats(), ", "), didYouMean(format, graphio.Formats()))
	}
	return nil
}

// checkDetectable checks that the format of the graph file spec can be told
// from its name when --input-format does not name it, so that a file with
// an unknown extension is bad usage (exit 2) found before reading.
func checkDetectable(spec, format string) error {
	if format != "" || spec == "-" || graphspec.IsGenerator(spec) {
		return nil
	}
	if _, err := graphio.DetectFormat(spec); err != nil {
		return usagef("graph %s: cannot tell its format from its name; name it with --input-format (one of %s)", spec, strings.Join(graphio.Formats(), ", "))
	}
	return nil
}
