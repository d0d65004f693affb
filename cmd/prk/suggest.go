package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
	"github.com/xrash/smetrics"
)

// minSimilarity is the Jaro-Winkler similarity a name needs to be offered as
// "did you mean": close enough for a typo (iteratons, rn, --stratgy), far
// enough that an unrelated word gets no suggestion rather than a silly one.
const minSimilarity = 0.8

// closest returns the candidate most like provided, or "" when none is
// similar enough. urfave/cli's own Suggest picks the best match however poor,
// hence this wrapper around the same metric.
func closest(provided string, candidates []string) string {
	best, bestScore := "", 0.0
	for _, c := range candidates {
		// The parameters are urfave/cli's (smetrics' recommended ones).
		s := smetrics.JaroWinkler(c, provided, 0.7, 4)
		// Jaro-Winkler is harsh on short words ("rn" is 0.61 like "run"):
		// one edit away always counts as close.
		if len(provided) >= 2 && len(c) >= 3 && smetrics.WagnerFischer(c, provided, 1, 1, 1) <= 1 {
			s = max(s, minSimilarity)
		}
		if s > bestScore {
			best, bestScore = c, s
		}
	}
	if bestScore < minSimilarity {
		return ""
	}
	return best
}

// suggestCommand returns `; did you mean "run"?` for a mistyped command, or "".
func suggestCommand(app *cli.App, name string) string {
	var names []string
	for _, c := range app.VisibleCommands() {
		names = append(names, c.Names()...)
	}
	if s := closest(name, names); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

// suggestFlag returns the flag (with dashes) that an "flag provided but not
// defined: -x" error most likely meant, among the command's flags and the
// global ones, or "".
func suggestFlag(c *cli.Context, err error) string {
	const prefix = "flag provided but not defined: "
	msg := err.Error()
	i := strings.Index(msg, prefix)
	if i < 0 {
		return ""
	}
	provided := strings.TrimLeft(strings.Fields(msg[i+len(prefix):] + " ")[0], "-")
	provided, _, _ = strings.Cut(provided, "=")
	var names []string
	var flags []cli.Flag
	if c.Command != nil {
		flags = append(flags, c.Command.VisibleFlags()...)
	}
	flags = append(flags, c.App.VisibleFlags()...)
	for _, f := range flags {
		names = append(names, f.Names()...)
	}
	s := closest(provided, names)
	switch {
	case s == "":
		return ""
	case len(s) == 1:
		return "-" + s
	}
	return "--" + s
}
