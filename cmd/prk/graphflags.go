package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/graphio"
	"github.com/prkbench/prk/internal/graphspec"
)

// Flag names say which side of a command they describe: --input-format is
// the format of every graph prk reads (run, bench, convert), --output-format
// the format of everything prk writes (gen and convert's graph, bench's
// report). The old spellings, --format (run's and convert's input, bench's
// report) and --to (gen's and convert's output), still work as hidden,
// deprecated aliases that say so on stderr.

// graphFlags are the flags that say how a GRAPH argument is read.
func graphFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "input-format", Usage: "input format: " + strings.Join(graphio.Formats(), ", ") + " (default: from the file name)", EnvVars: []string{"PRK_INPUT_FORMAT", "PRK_FORMAT"}},
		&cli.StringFlag{Name: "ids", Value: "auto", Usage: "node ids: auto (remap when the file's ids are not 0..n-1) or dense (nodes 0..max id)"},
		&cli.BoolFlag{Name: "undirected", Usage: "add the reverse of every arc"},
		&cli.BoolFlag{Name: "multigraph", Usage: "keep duplicate arcs instead of collapsing them"},
	}
}

// deprecatedFlag is a hidden old spelling of a renamed flag.
func deprecatedFlag(name string) cli.Flag {
	return &cli.StringFlag{Name: name, Hidden: true}
}

// renamedFlag returns the value of flag newName, or of its deprecated old
// spelling (noting the rename). Giving both with different values is an
// error.
func renamedFlag(c *cli.Context, newName, oldName string) (string, error) {
	v := c.String(newName)
	if oldName == "" || !c.IsSet(oldName) {
		return v, nil
	}
	old := c.String(oldName)
	if c.IsSet(newName) && old != v {
		return "", usagef("--%s %q and --%s %q disagree (--%s is the old name of --%s)", oldName, old, newName, v, oldName, newName)
	}
	notef(c, "--%s is deprecated here: use --%s", oldName, newName)
	return old, nil
}

// loadOptions reads and checks the graph flags; oldFormatFlag is the
// deprecated spelling of --input-format in c's command ("format" in run and
// convert; "" in bench, whose old --format was its report's format).
func loadOptions(c *cli.Context, oldFormatFlag string) (graphio.LoadOptions, error) {
	format, err := renamedFlag(c, "input-format", oldFormatFlag)
	if err != nil {
		return graphio.LoadOptions{}, err
	}
	if err := checkInputFormat("input-format", format); err != nil {
		return graphio.LoadOptions{}, err
	}
	ids, err := graphio.ParseIDMode(c.String("ids"))
	if err != nil {
		return graphio.LoadOptions{}, usageError{err}
	}
	return graphio.LoadOptions{
		Format: format,
		IDs:    ids,
		Build:  graph.BuildOptions{Undirected: c.Bool("undirected"), Multigraph: c.Bool("multigraph")},
	}, nil
}

// loadGraph reads or generates spec, reporting progress on a terminal.
func loadGraph(c *cli.Context, spec string, opts graphio.LoadOptions) (*graph.CSR, time.Duration, error) {
	if !graphspec.IsGenerator(spec) && spec != "-" { // "-" is stdin
		if _, err := os.Stat(spec); err != nil {
			return nil, 0, fmt.Errorf("graph %s: %w (give a file or a generator spec such as seed:1000, uniform:1000:5000, kron:16)", spec, unwrapPathError(err))
		}
	}
	ctx, done := loadProgress(c, c.Context, spec)
	start := time.Now()
	g, err := graphspec.Load(ctx, spec, opts)
	done()
	if err != nil {
		return nil, 0, err
	}
	return g, time.Since(start), nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
