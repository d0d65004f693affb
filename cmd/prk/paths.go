package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/internal/atomicfile"
	"github.com/prkbench/prk/internal/graphspec"
)

// A pathArg is one file a command reads or writes, with what named it on
// the command line ("--out", "GRAPH", ...), for errors.
type pathArg struct {
	name, path string
	output     bool
}

func input(name, path string) pathArg  { return pathArg{name, path, false} }
func output(name, path string) pathArg { return pathArg{name, path, true} }

// graphInput is a GRAPH argument, which names no file when it is a
// generator spec.
func graphInput(name, spec string) []pathArg {
	if spec == "" || graphspec.IsGenerator(spec) {
		return nil
	}
	return []pathArg{input(name, spec)}
}

// checkingPaths is a command's Before: it hands the command's files, as
// paths lists them, to checkPaths. The profiler starts only after it (see
// profiler.before), so a profile can never truncate an input.
func checkingPaths(paths func(c *cli.Context) []pathArg) cli.BeforeFunc {
	return func(c *cli.Context) error { return checkPaths(c, paths(c)) }
}

// checkPaths runs before a command loads or writes anything. It refuses
// (as bad usage) an output that is the same file as an input or as another
// output, and fails when an output cannot be written (a missing directory,
// a directory in its place, no permission), so that nothing is lost and no
// work is wasted. Files are the same when os.SameFile says so (hard links,
// symbolic links, different spellings) or, for files that do not exist
// yet, when atomicfile.Resolve gives the same path. Character devices
// (/dev/null, a terminal) are never "the same file" as anything: writing
// them destroys nothing.
func checkPaths(c *cli.Context, args []pathArg) error {
	args = append(args, profilePaths(c)...)
	ids := make([]fileID, len(args))
	for i, a := range args {
		ids[i] = identify(a, c.App.Writer)
	}
	for i, a := range args {
		if !a.output || a.path == "" {
			continue
		}
		for j, b := range args {
			if j == i || b.path == "" || (b.output && j > i) {
				continue // each pair of outputs once
			}
			if ids[i].same(ids[j]) {
				what := "an input"
				if b.output {
					what = "another output"
				}
				return usagef("%s %s is the same file as %s %s: refusing to write over %s", a.name, a.path, b.name, b.path, what)
			}
		}
	}
	for _, a := range args {
		if a.output && a.path != "" {
			if err := atomicfile.Check(a.path); err != nil {
				return fmt.Errorf("%s: %w", a.name, err)
			}
		}
	}
	return nil
}

// fileID is what identifies a file: its FileInfo when it exists (for
// os.SameFile), else the path it would be created at.
type fileID struct {
	info fs.FileInfo
	path string
}

func identify(a pathArg, stdout io.Writer) fileID {
	if a.path == "-" {
		// Standard input and output are different streams, unless they
		// are the same regular file (prk run - --out - <g >>g).
		std := os.Stdin
		if a.output {
			std, _ = stdout.(*os.File)
		}
		if std != nil {
			if st, err := std.Stat(); err == nil && st.Mode().IsRegular() {
				return fileID{info: st}
			}
		}
		if a.output {
			return fileID{path: "<stdout>"}
		}
		return fileID{path: "<stdin>"}
	}
	if st, err := os.Stat(a.path); err == nil {
		return fileID{info: st}
	}
	if r, err := atomicfile.Resolve(a.path); err == nil {
		return fileID{path: r}
	}
	return fileID{path: a.path}
}

func (a fileID) same(b fileID) bool {
	switch {
	case a.info != nil && b.info != nil:
		if a.info.Mode()&fs.ModeCharDevice != 0 {
			return false
		}
		return os.SameFile(a.info, b.info)
	case a.info == nil && b.info == nil:
		return a.path == b.path
	}
	return false
}
