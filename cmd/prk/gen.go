package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/graph/graphio"
	"github.com/prkbench/prk/graph/order"
)

// outFormatFlags are --output-format and its deprecated old name --to.
func outFormatFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "output-format", Usage: "output format: " + strings.Join(graphio.Formats(), ", ") + " (default: from the file name; .gz compresses)"},
		deprecatedFlag("to"),
	}
}

// outputFormat reads and checks the output format of a graph written to
// path: named by --output-format, or told by path's name.
func outputFormat(c *cli.Context, path string) (string, error) {
	format, err := renamedFlag(c, "output-format", "to")
	if err != nil {
		return "", err
	}
	if format != "" {
		if !slices.Contains(graphio.Formats(), strings.ToLower(format)) {
			return "", usagef("--output-format %q: want one of %s%s", format, strings.Join(graphio.Formats(), ", "), didYouMean(format, graphio.Formats()))
		}
		return format, nil
	}
	if path != "-" {
		if _, err := graphio.DetectFormat(path); err != nil {
			return "", usagef("%v; name the format with --output-format", err)
		}
	}
	return "", nil
}

func genCommand() *cli.Command {
	return &cli.Command{
		Name:      "gen",
		Usage:     "write a generated graph to a file",
		ArgsUsage: "SPEC -o FILE",
		Description: "SPEC is one of:\n  " + strings.Join(gen.Specs(), "\n  ") +
			"\n\nExample: prk gen seed:1000 -o seed1000.txt",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, TakesFile: true, Usage: "write the graph to `FILE` (- for stdout, with --output-format)"},
			&cli.BoolFlag{Name: "undirected", Usage: "add the reverse of every arc"},
			&cli.BoolFlag{Name: "multigraph", Usage: "keep duplicate arcs instead of collapsing them"},
		}, outFormatFlags()...),
		Before: checkingPaths(func(c *cli.Context) []pathArg { return []pathArg{output("-o", c.String("out"))} }),
		Action: func(c *cli.Context) error {
			if err := needArgs(c, 1, 1, "SPEC -o FILE"); err != nil {
				return err
			}
			spec := c.Args().First()
			if c.String("out") == "" {
				return usagef("gen: -o FILE is required")
			}
			if !gen.IsSpec(spec) {
				return usagef("gen: %q is not a generator spec (want one of: %s)", spec, strings.Join(gen.Specs(), "; "))
			}
			if _, err := gen.Parse(spec); err != nil {
				return usageError{err}
			}
			out := c.String("out")
			format, err := outputFormat(c, out)
			if err != nil {
				return err
			}
			if err := checkStdoutFormat(out, "-o", format); err != nil {
				return err
			}
			done := progress(c, "generating %s", spec)
			start := time.Now()
			g, err := gen.GenerateContext(c.Context, spec, graph.BuildOptions{Undirected: c.Bool("undirected"), Multigraph: c.Bool("multigraph")})
			done()
			if err != nil {
				return err
			}
			genTime := time.Since(start)
			if err := graphio.WriteContext(c.Context, out, g, graphio.WriteOptions{Format: format}); err != nil {
				return err
			}
			fmt.Fprintf(summaryWriter(c, out), "%s: %d nodes, %d arcs, generated in %s, written to %s\n", spec, g.N, g.Arcs(), roundDuration(genTime), out)
			return nil
		},
	}
}

func convertCommand() *cli.Command {
	return &cli.Command{
		Name:      "convert",
		Usage:     "convert a graph (or a generator spec) from one format to another",
		ArgsUsage: "IN OUT",
		Description: "Formats come from the file names (.txt/.el/.edges/.tsv edge lists, .mtx, .graph/.metis, .prkg; .gz compresses)\n" +
			"or from --input-format and --output-format.\n\nExample: prk convert cnr-2000.txt.gz cnr-2000.prkg",
		Flags: append(append(graphFlags(), outFormatFlags()...), deprecatedFlag("format"),
			&cli.StringFlag{Name: "order", Usage: "store the graph renumbered for locality: " + strings.Join(order.Names(), ", ") +
				" (.prkg only; prk run then solves it without renumbering, and every output keeps the file's ids)"}),
		Before: checkingPaths(func(c *cli.Context) []pathArg {
			return append(graphInput("IN", c.Args().Get(0)), output("OUT", c.Args().Get(1)))
		}),
		Action: func(c *cli.Context) error {
			if err := needArgs(c, 2, 2, "IN OUT"); err != nil {
				return err
			}
			in, out := c.Args().Get(0), c.Args().Get(1)
			if err := checkGraphArg(in); err != nil {
				return err
			}
			opts, err := loadOptions(c, "format")
			if err != nil {
				return err
			}
			format, err := outputFormat(c, out)
			if err != nil {
				return err
			}
			if err := checkStdoutFormat(out, "OUT", format); err != nil {
				return err
			}
			if err := checkDetectable(in, opts.Format); err != nil {
				return err
			}
			orderName := c.String("order")
			if orderName != "" {
				if !slices.Contains(order.Names(), orderName) {
					return usagef("--order %q: want one of %s%s", orderName, strings.Join(order.Names(), ", "), didYouMean(orderName, order.Names()))
				}
				if f := format; f != graphio.FormatPRKG {
					if f == "" {
						f, _ = graphio.DetectFormat(out)
					}
					if f != graphio.FormatPRKG {
						return usagef("--order: only .prkg stores an order, and %s is %s", out, f)
					}
				}
			}
			noteGraphFlags(c, []string{in})
			g, loadTime, err := loadGraph(c, in, opts)
			if err != nil {
				return err
			}
			ordered := ""
			if orderName != "" {
				t0 := time.Now()
				newID, err := order.Number(orderName, g)
				if err == nil {
					g, err = order.Stored(g, newID, 0)
				}
				if err != nil {
					return err
				}
				ordered = fmt.Sprintf(", order %s %s", orderName, roundDuration(time.Since(t0)))
			}
			start := time.Now()
			if err := graphio.WriteContext(c.Context, out, g, graphio.WriteOptions{Format: format}); err != nil {
				return err
			}
			fmt.Fprintf(summaryWriter(c, out), "%s -> %s: %d nodes, %d arcs (read %s%s, write %s)\n",
				in, out, g.N, g.Arcs(), roundDuration(loadTime), ordered, roundDuration(time.Since(start)))
			return nil
		},
	}
}

// checkStdoutFormat: a graph written to "-" has no name to take its format
// from, so it needs --output-format.
func checkStdoutFormat(out, name, format string) error {
	if out == "-" && format == "" {
		return usagef("%s -: name the output format with --output-format (one of %s)", name, strings.Join(graphio.Formats(), ", "))
	}
	return nil
}

// summaryWriter is where a command's one-line report goes: stdout, unless
// its output went there.
func summaryWriter(c *cli.Context, out string) io.Writer {
	if out == "-" {
		return c.App.ErrWriter
	}
	return c.App.Writer
}
