package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/internal/atomicfile"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

func runCommand() *cli.Command {
	flags := append(graphFlags(), solveFlags()...)
	flags = append(flags, engineFlags()...)
	flags = append(flags,
		&cli.IntFlag{Name: "top", Value: 10, Usage: "print the `K` highest-ranked nodes"},
		&cli.StringFlag{Name: "out", Aliases: []string{"o"}, TakesFile: true, Usage: "write every score to `FILE` as id<TAB>score (shortest round-trip form; - for stdout)"},
		&cli.BoolFlag{Name: "header", Usage: "start --out with # lines saying how the scores were made"},
		&cli.StringFlag{Name: "personalization", TakesFile: true, Usage: "teleport distribution from `FILE` (id<TAB>weight lines, file ids)"},
		&cli.StringFlag{Name: "start", TakesFile: true, Usage: "starting vector from `FILE` (id<TAB>value lines, file ids)"},
		deprecatedFlag("format"), // --input-format
	)
	return &cli.Command{
		Name:      "run",
		Usage:     "solve PageRank on one graph",
		ArgsUsage: "GRAPH",
		Description: "GRAPH is a file (edge list, .mtx, METIS .graph, .prkg; gzip is read transparently)\n" +
			"or a generator spec: seed:N, uniform:N:M[:SEED], kron:SCALE[:EDGEFACTOR[:SEED]].\n" +
			"Every flag is checked before GRAPH is read. A solve that stops at --max-iter without\n" +
			"reaching --tol prints and writes its scores, then exits 3; --iterations N fixes the count.\n\n" +
			"Examples:\n  prk run seed:1000 --iterations 10 --strategy serial --kernel generic --out pr10.tsv\n" +
			"  prk run web.txt.gz --strategy lockfree --workers 2 --top 20 --param minwork=0\n\n" +
			strategyHelp(),
		Flags:  flags,
		Before: checkingPaths(runPaths),
		Action: runAction,
	}
}

// runPaths are the files prk run reads and writes.
func runPaths(c *cli.Context) []pathArg {
	paths := graphInput("GRAPH", c.Args().First())
	for _, name := range []string{"personalization", "start"} {
		if p := c.String(name); p != "" {
			paths = append(paths, input("--"+name, p))
		}
	}
	return append(paths, output("--out", c.String("out")))
}

// solveFlags are the flags that say how to solve.
func solveFlags() []cli.Flag {
	return []cli.Flag{
		&cli.Float64Flag{Name: "damping", Value: pagerank.DefaultDamping, Usage: "probability of following an arc, in [0, 1)", EnvVars: []string{"PRK_DAMPING"}},
		&cli.Float64Flag{Name: "tol", Value: pagerank.DefaultTolerance, Usage: "stop when the L1 change of an iteration is below this, > 0 (networkx's tol is per node: its tol*N)", EnvVars: []string{"PRK_TOL"}},
		&cli.IntFlag{Name: "max-iter", Value: pagerank.DefaultMaxIterations, Usage: "give up after this many iterations (exit status 3)", EnvVars: []string{"PRK_MAX_ITER"}},
		&cli.IntFlag{Name: "iterations", Usage: "run exactly `N` iterations (the study ran 10), ignoring --tol and --max-iter", EnvVars: []string{"PRK_ITERATIONS"}},
		&cli.StringFlag{Name: "strategy", Value: autoStrategy, Usage: "concurrency strategy: auto (the saved tuning of prk tune for the graph's size, else serial for small graphs and lockfree on every CPU for large ones) or " + strings.Join(strategy.Names(), ", "), EnvVars: []string{"PRK_STRATEGY"}},
		&cli.IntFlag{Name: "workers", Usage: "goroutines or processes for the strategy (0: one per CPU; serial ignores it)", EnvVars: []string{"PRK_WORKERS"}},
		&cli.StringFlag{Name: "kernel", Value: "auto", Usage: "arithmetic: " + kernelChoices(), EnvVars: []string{"PRK_KERNEL"}},
		&cli.StringSliceFlag{Name: "param", Usage: "strategy setting `KEY=VALUE` (repeatable), e.g. ipc=shm for subprocess"},
		&cli.BoolFlag{Name: "ignore-weights", Usage: "solve a weighted graph as unweighted"},
	}
}

// parseParams reads prk run's --param KEY=VALUE flags: one value a key
// (prk bench sweeps lists, see parseParamLists).
func parseParams(c *cli.Context) (map[string]string, error) {
	lists, err := parseParamLists(c)
	if err != nil {
		return nil, err
	}
	params := map[string]string{}
	for k, vs := range lists {
		if len(vs) > 1 {
			return nil, usagef("--param %s=%s: one value a parameter here (prk bench sweeps a list)", k, strings.Join(vs, ","))
		}
		params[k] = vs[0]
	}
	return params, nil
}

func solveOptions(c *cli.Context) pagerank.Options {
	o := pagerank.Default()
	o.Damping = c.Float64("damping")
	o.Tolerance = c.Float64("tol")
	o.MaxIterations = c.Int("max-iter")
	o.Iterations = c.Int("iterations")
	o.IgnoreWeights = c.Bool("ignore-weights")
	return o
}

func runAction(c *cli.Context) error {
	plan, err := checkRun(c)
	if err != nil {
		return err
	}
	// Under mpirun a .prkg file is read in parts, one per rank (mpi.go).
	if done, err := runParts(c, plan); done {
		return err
	}
	spec, name, cfg := plan.spec, plan.strategy, plan.cfg
	g, loadTime, err := loadGraph(c, spec, plan.load)
	if err != nil {
		return err
	}
	o := plan.opts
	if path := c.String("personalization"); path != "" {
		if o.Personalization, err = readNodeVector(path, g); err != nil {
			return err
		}
	}
	if path := c.String("start"); path != "" {
		if o.Start, err = readNodeVector(path, g); err != nil {
			return err
		}
	}
	if err := o.Validate(g.N); err != nil {
		return err
	}

	engine, chosen := plan.engine, ""
	if name == autoStrategy {
		name, cfg, engine, chosen = chooseAuto(c, plan, g)
	}
	ctx, done := solveProgress(c, c.Context, name, o.Iterations)
	// prk run solves g once and reads only its ids and degrees afterwards,
	// so it hands the arcs over: a windowed layout frees them as it is
	// built, and peak memory is the graph's rest plus the layout.
	res, err := strategy.Run(ctx, name, cfg, g, o, engine, strategy.WithReleasableArcs())
	done()
	if err != nil {
		return err
	}
	noteFewerWorkers(c, name, cfg, res.Workers)
	return reportRun(c, spec, g, loadTime, res, o, chosen)
}

// reportRun prints a solve's summary and writes its scores (--out): g
// is read for its node and arc counts and its ids only; chosen is why
// --strategy auto chose what it did ("" when the strategy was named).
func reportRun(c *cli.Context, spec string, g *graph.CSR, loadTime time.Duration, res *pagerank.Result, o pagerank.Options, chosen string) error {
	// With --out - the scores own stdout; the summary goes to stderr.
	summary := c.App.Writer
	if c.String("out") == "-" {
		summary = c.App.ErrWriter
	}
	w := bufio.NewWriter(summary)
	printRun(w, spec, g, loadTime, res, o, c.Int("top"), chosen)
	if err := w.Flush(); err != nil {
		return err
	}
	if out := c.String("out"); out != "" && writesOutputs() {
		if err := writeScores(c.Context, out, g, res, spec, o, c.Bool("header")); err != nil {
			return err
		}
	}
	if !res.Converged && o.Iterations == 0 {
		return fmt.Errorf("%w after %d iterations (residual %.3g, tolerance %.3g): the scores above are not final; raise --max-iter or --tol",
			errNotConverged, res.Iterations, res.Residual, o.Tolerance)
	}
	return nil
}

// printRun prints the summary of a solve; chosen is why --strategy auto
// chose what it did ("" for a strategy named on the command line).
func printRun(w io.Writer, spec string, g *graph.CSR, load time.Duration, res *pagerank.Result, o pagerank.Options, top int, chosen string) {
	fmt.Fprintf(w, "graph       %s\n", spec)
	fmt.Fprintf(w, "nodes       %d\n", g.N)
	fmt.Fprintf(w, "arcs        %d%s\n", g.Arcs(), map[bool]string{true: " (weighted)", false: ""}[g.Weighted()])
	fmt.Fprintf(w, "load        %s\n", roundDuration(load))
	plural := "s"
	if res.Workers == 1 {
		plural = ""
	}
	fmt.Fprintf(w, "strategy    %s, %d worker%s, kernel %s\n", res.Strategy, res.Workers, plural, res.Kernel)
	if chosen != "" {
		fmt.Fprintf(w, "chosen      by --strategy auto: %s\n", chosen)
	}
	conv := "converged"
	switch {
	case o.Iterations > 0:
		conv = "fixed count"
	case !res.Converged:
		conv = "NOT converged"
	}
	fmt.Fprintf(w, "iterations  %d (%s)\n", res.Iterations, conv)
	fmt.Fprintf(w, "residual    %.6g (L1 change of the last iteration)\n", res.Residual)
	released := ""
	if g.InSources == nil && g.Arcs() > 0 {
		released = ", the graph's arcs freed once laid out"
	}
	fmt.Fprintf(w, "engine      %s%s\n", res.Engine, released)
	if res.Reordering > 0 {
		fmt.Fprintf(w, "reorder     %s\n", roundDuration(res.Reordering))
	}
	fmt.Fprintf(w, "setup       %s\n", roundDuration(res.Setup))
	if len(res.IterationTimes) > 0 {
		med := medianDuration(res.IterationTimes)
		fmt.Fprintf(w, "per iter    %s median, %.3g arcs/s\n", roundDuration(med), float64(g.Arcs())/med.Seconds())
	}
	if res.BytesMoved > 0 {
		fmt.Fprintf(w, "moved       %d bytes between processes\n", res.BytesMoved)
	}
	if top > 0 && g.N > 0 {
		order := topNodes(res.Scores, top)
		fmt.Fprintf(w, "top %d:\n", len(order))
		fmt.Fprintf(w, "  %4s  %12s  %s\n", "rank", "id", "score")
		for r, i := range order {
			fmt.Fprintf(w, "  %4d  %12d  %.10g\n", r+1, g.ID(i), res.Scores[i])
		}
	}
}

// noteFewerWorkers says on stderr when the strategy ran fewer workers
// than --workers asked (lockfree on a graph too small to share), so that
// nobody believes they measured what they did not. A strategy that always
// runs one worker was noted before loading.
func noteFewerWorkers(c *cli.Context, name string, cfg strategy.Config, ran int) {
	if d, _ := strategy.Describe(name); d.Serial || d.Launched || !c.IsSet("workers") || ran >= cfg.WorkerCount() {
		return
	}
	notef(c, "strategy %s ran %d of the %d workers asked: the graph gave the others too little work (see its parameters in prk info)", name, ran, cfg.WorkerCount())
}

// topNodes returns the k nodes with the highest scores, ties by lower id.
func topNodes(scores []float64, k int) []int {
	k = min(k, len(scores))
	idx := make([]int, 0, k+1)
	for i, s := range scores {
		if len(idx) == k && s <= scores[idx[k-1]] {
			continue
		}
		pos, _ := slices.BinarySearchFunc(idx, i, func(a, target int) int {
			// descending by score, ascending by id
			switch {
			case scores[a] > scores[target]:
				return -1
			case scores[a] < scores[target]:
				return 1
			}
			return a - target
		})
		idx = slices.Insert(idx, pos, i)
		if len(idx) > k {
			idx = idx[:k]
		}
	}
	return idx
}

// medianDuration is the median of ds, the mean of the middle two for an
// even count (as benchrun's), kept by hand: gonum's stat.Quantile has no
// rule that averages the middle two (see benchrun's quantile).
func medianDuration(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(time.Microsecond)
	}
	return d
}

// writeScores writes every score as id<TAB>score through atomicfile, so a
// failed or interrupted write leaves no half file behind.
func writeScores(ctx context.Context, path string, g *graph.CSR, res *pagerank.Result, spec string, o pagerank.Options, header bool) error {
	return atomicfile.WriteContext(ctx, path, func(w io.Writer) error {
		if header {
			fmt.Fprintf(w, "# prk PageRank of %s: %d nodes, %d arcs\n", spec, g.N, g.Arcs())
			fmt.Fprintf(w, "# damping %v, strategy %s, kernel %s, workers %d, iterations %d, residual %g, converged %v\n",
				o.Damping, res.Strategy, res.Kernel, res.Workers, res.Iterations, res.Residual, res.Converged)
			fmt.Fprintf(w, "# node\tpagerank\n")
		}
		buf := make([]byte, 0, 64)
		for i, s := range res.Scores {
			buf = strconv.AppendUint(buf[:0], g.ID(i), 10)
			buf = append(buf, '\t')
			buf = strconv.AppendFloat(buf, s, 'g', -1, 64)
			buf = append(buf, '\n')
			if _, err := w.Write(buf); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		return nil
	})
}

var errEmptyVector = errors.New("no entries")
