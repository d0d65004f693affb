package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/internal/atomicfile"
	"github.com/prkbench/prk/strategy/subprocess"
)

// Exit codes.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInterrupted = 130 // SIGINT (Ctrl-C)
	exitTerminated  = 143 // SIGTERM
)

func main() {
	// A worker process of the subprocess strategy serves its parent and exits here.
	subprocess.ServeIfWorker()
	os.Exit(run(context.Background(), os.Args, os.Stdout, os.Stderr))
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
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}

func newApp(stdout, stderr io.Writer) *cli.App {
	prof := &profiler{}
	app := &cli.App{
		Name:                 "prk",
		Usage:                "PageRank on large sparse graphs, and how concurrency strategies compare on it",
		Writer:               stdout,
		ErrWriter:            stderr,
		EnableBashCompletion: true,
		HideHelpCommand:      true,
		Flags:                prof.flags(),
		After:                prof.stop,
		// Errors are returned to run, which prints them and picks the exit
		// code: urfave's default handler would os.Exit before profiles are written.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   onUsageError,
		CommandNotFound: func(c *cli.Context, name string) {
			fmt.Fprintf(c.App.ErrWriter, "prk: no command %q (have: run, bench, gen, convert, info; see prk --help)\n", name)
			c.App.Metadata["notFound"] = true
		},
		Metadata: map[string]any{},
		Commands: []*cli.Command{
			runCommand(),
			benchCommand(),
			genCommand(),
			convertCommand(),
			infoCommand(),
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

func notFound(app *cli.App) bool {
	v, _ := app.Metadata["notFound"].(bool)
	return v
}

func onUsageError(_ *cli.Context, err error, _ bool) error {
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
