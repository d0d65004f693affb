package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/graphio"
	"github.com/prkbench/prk/internal/graphspec"
)

// graphFlags are the flags that say how a GRAPH argument is read.
func graphFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "format", Usage: "input format: " + strings.Join(graphio.Formats(), ", ") + " (default: from the file name)", EnvVars: []string{"PRK_FORMAT"}},
		&cli.StringFlag{Name: "ids", Value: "auto", Usage: "node ids: auto (remap when the file's ids are not 0..n-1) or dense (nodes 0..max id)"},
		&cli.BoolFlag{Name: "undirected", Usage: "add the reverse of every arc"},
		&cli.BoolFlag{Name: "multigraph", Usage: "keep duplicate arcs instead of collapsing them"},
	}
}

// graphFlagsWithout is graphFlags less the named ones (prk bench uses
// --format for its output, so its input format is --input-format).
func graphFlagsWithout(names ...string) []cli.Flag {
	var out []cli.Flag
	for _, f := range graphFlags() {
		if !slices.Contains(names, f.Names()[0]) {
			out = append(out, f)
		}
	}
	return out
}

// loadOptions reads the graph flags; formatFlag names the flag that gives
// the input format (prk bench's --format is its output, so it passes
// "input-format").
func loadOptions(c *cli.Context, formatFlag string) (graphio.LoadOptions, error) {
	ids, err := graphio.ParseIDMode(c.String("ids"))
	if err != nil {
		return graphio.LoadOptions{}, usageError{err}
	}
	return graphio.LoadOptions{
		Format: c.String(formatFlag),
		IDs:    ids,
		Build:  graph.BuildOptions{Undirected: c.Bool("undirected"), Multigraph: c.Bool("multigraph")},
	}, nil
}

// loadGraph reads or generates spec, reporting progress on a terminal.
func loadGraph(c *cli.Context, spec string) (*graph.CSR, time.Duration, error) {
	opts, err := loadOptions(c, "format")
	if err != nil {
		return nil, 0, err
	}
	if !graphspec.IsGenerator(spec) && spec != "-" { // "-" is stdin
		if _, err := os.Stat(spec); err != nil {
			return nil, 0, fmt.Errorf("graph %s: %w (give a file or a generator spec such as seed:1000, uniform:1000:5000, kron:16)", spec, unwrapPathError(err))
		}
	}
	done := progress(c, "loading %s", filepath.Base(spec))
	start := time.Now()
	g, err := graphspec.Load(c.Context, spec, opts)
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
