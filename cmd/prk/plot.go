package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/internal/atomicfile"
	"github.com/prkbench/prk/internal/benchrun"
	"github.com/prkbench/prk/internal/chart"
)

func plotCommand() *cli.Command {
	return &cli.Command{
		Name:      "plot",
		Usage:     "chart saved prk bench --output-format json results (several files overlay)",
		ArgsUsage: "RESULTS.json [MORE.json ...]",
		Description: "Draws the study's figure (time per iteration by strategy, one bar group per graph,\n" +
			"log scale) and, when several worker counts were measured, speedup vs workers with the\n" +
			"ideal line. With several files their series overlay, labelled by file name, and the\n" +
			"title names each file's CPU and prk version.\n\n" +
			"Examples:\n  prk bench --output-format json -o new.json\n  prk plot old.json new.json -o compare.svg",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, TakesFile: true, Usage: "write the chart to `FILE` (.svg, .png or .pdf, by its extension)"},
		},
		Before: checkingPaths(plotPaths),
		Action: plotAction,
	}
}

// plotPaths are the files prk plot reads and writes.
func plotPaths(c *cli.Context) []pathArg {
	var paths []pathArg
	for _, p := range c.Args().Slice() {
		paths = append(paths, input("RESULTS", p))
	}
	return append(paths, output("--out", c.String("out")))
}

func plotAction(c *cli.Context) error {
	if err := needArgs(c, 1, 1<<20, "RESULTS.json [MORE.json ...] -o FILE"); err != nil {
		return err
	}
	out := c.String("out")
	if out == "" {
		return usagef("plot: name the chart file with -o FILE (.svg, .png or .pdf)")
	}
	format, err := chart.FormatOf(out)
	if err != nil {
		return usageError{fmt.Errorf("--out %w", err)}
	}
	files := c.Args().Slice()
	names := setNames(files)
	sets := make([]chart.Set, len(files))
	for i, path := range files {
		rep, err := benchrun.ReadJSONFile(path)
		if err != nil {
			return err
		}
		if len(rep.Records) == 0 {
			return fmt.Errorf("%s: no results to chart", path)
		}
		sets[i] = chart.Set{Name: names[i], Machine: rep.Machine, Records: rep.Records}
	}
	return atomicfile.WriteContext(context.WithoutCancel(c.Context), out, func(w io.Writer) error {
		return chart.Write(w, format, sets)
	})
}

// setNames labels each file's series by its base name without .json, or
// by its whole path when two files share a base name.
func setNames(files []string) []string {
	names := make([]string, len(files))
	seen := map[string]int{}
	for i, f := range files {
		names[i] = strings.TrimSuffix(filepath.Base(f), ".json")
		seen[names[i]]++
	}
	for i, f := range files {
		if seen[names[i]] > 1 {
			names[i] = f
		}
	}
	return names
}
