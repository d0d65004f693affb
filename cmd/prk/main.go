package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/internal/atomicfile"
	"github.com/prkbench/prk/internal/buildinfo"
	"github.com/prkbench/prk/strategy/subprocess"
)

// Exit codes, documented in prk --help (exitStatusHelp) and the README.
const (
	exitOK           = 0
	exitFailure      = 1
	exitUsage        = 2
	exitNotConverged = 3
	exitInterrupted  = 130 // SIGINT (Ctrl-C)
	exitTerminated   = 143 // SIGTERM
)

// exitStatusHelp is the exit status part of prk --help and the man page.
const exitStatusHelp = `Exit status:
   0    success
   1    failure (unreadable or invalid input, a strategy error, an output that cannot be written)
   2    bad usage (unknown command or flag, a value out of range); nothing was loaded or written
   3    prk run did not converge within --max-iter (the scores are still printed and written);
        never with --iterations N, which fixes the count
   130  interrupted by SIGINT (Ctrl-C); 143 terminated by SIGTERM`

func main() {
	// A worker process of the subprocess strategy serves its parent and exits here.
	subprocess.ServeIfWorker()
	// Under mpirun (a binary built with -tags mpi) only rank 0 prints.
	os.Exit(mpiMain(func(stdout, stderr io.Writer) int {
		return run(context.Background(), os.Args, stdout, stderr)
	}))
}

// usageError marks an error as bad usage (exit 2) rather than a failure.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// run is main without the process exit, so tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	defer cancelOnSignal(cancel)()
	// Outputs named "-" go to this stdout, which tests capture.
	ctx = atomicfile.WithStdout(ctx, stdout)
	app := newApp(stdout, stderr)
	err := app.RunContext(ctx, interspersed(app, args))
	if err == nil && notFound(app) {
		return exitUsage
	}
	switch {
	case err == nil && ctx.Err() == nil:
		return exitOK
	case err == nil || errors.Is(err, context.Canceled) && ctx.Err() != nil:
		// A signal that came as the command finished still says it was
		// interrupted: the user asked it to stop.
		fmt.Fprintln(stderr, "prk: interrupted")
		return interruptedCode(ctx)
	}
	fmt.Fprintf(stderr, "prk: %v\n", err)
	return exitCode(err)
}

// exitCode maps a command's error to prk's exit status.
func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	if errors.Is(err, errNotConverged) {
		return exitNotConverged
	}
	return exitFailure
}

func newApp(stdout, stderr io.Writer) *cli.App {
	prof := &profiler{}
	app := &cli.App{
		Name:                 "prk",
		Usage:                "PageRank on large sparse graphs, and how concurrency strategies compare on it",
		Version:              buildinfo.Read().Short(),
		Writer:               stdout,
		ErrWriter:            stderr,
		EnableBashCompletion: true,
		Suggest:              true,
		Flags:                prof.flags(),
		After:                prof.stop,
		// Global flags may also follow the command (see interspersed).
		UsageText: "prk [global options] command [command options] [arguments...]\n(global options may also follow the command)",
		Description: "GRAPH arguments are files (edge list, Matrix Market, METIS, .prkg; gzip is detected)\n" +
			"or generator specs (seed:N, uniform:N:M[:SEED], kron:SCALE[:EDGEFACTOR[:SEED]]).\n" +
			"prk help COMMAND (or prk COMMAND --help) describes a command.\n\n" + exitStatusHelp,
		// Errors are returned to run, which prints them and picks the exit
		// code: urfave's default handler would os.Exit before profiles are written.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   onUsageError,
		// Without a command, prk prints its help and exits 2, as go does;
		// an unknown command gets a suggestion.
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				cli.ShowAppHelp(c)
				return usagef("no command given")
			}
			name := c.Args().First()
			return usagef("no command %q%s (have: %s; see prk --help)", name, suggestCommand(c.App, name), strings.Join(commandNames(c.App), ", "))
		},
		CommandNotFound: func(c *cli.Context, name string) {
			fmt.Fprintf(c.App.ErrWriter, "prk: no command %q%s (have: %s; see prk --help)\n", name, suggestCommand(c.App, name), strings.Join(commandNames(c.App), ", "))
			c.App.Metadata["notFound"] = true
		},
		Metadata: map[string]any{},
		Commands: []*cli.Command{
			runCommand(),
			benchCommand(),
			tuneCommand(),
			plotCommand(),
			genCommand(),
			convertCommand(),
			infoCommand(),
			completionCommand(),
			manCommand(),
			workerCommand(),
		},
	}
	for _, c := range app.Commands {
		c.OnUsageError = onUsageError
		// Files are checked before any profile is created (see checkPaths).
		c.Before = prof.before(c.Before)
	}
	return app
}

// commandNames lists the visible commands, for error messages.
func commandNames(app *cli.App) []string {
	var names []string
	for _, c := range app.VisibleCommands() {
		if c.Name != "help" {
			names = append(names, c.Name)
		}
	}
	return names
}

func notFound(app *cli.App) bool {
	v, _ := app.Metadata["notFound"].(bool)
	return v
}

// onUsageError marks flag-parsing errors as bad usage and adds a "did you
// mean" for a mistyped flag (urfave prints its own suggestion only without
// an OnUsageError, and then to stdout).
func onUsageError(c *cli.Context, err error, _ bool) error {
	if s := suggestFlag(c, err); s != "" {
		err = fmt.Errorf("%w; did you mean %s?", err, s)
	}
	return usageError{err}
}

// needArgs checks the number of positional arguments.
func needArgs(c *cli.Context, min, max int, what string) error {
	n := c.NArg()
	if n < min || n > max {
		return usagef("%s: usage: prk %s %s", c.Command.Name, c.Command.Name, what)
	}
	return nil
}
