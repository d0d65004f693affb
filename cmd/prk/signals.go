package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"

	"github.com/prkbench/prk/internal/atomicfile"
)

// signalled is the cause of a context cancelled by a signal.
type signalled struct{ sig os.Signal }

func (s signalled) Error() string { return "interrupted by " + s.sig.String() }

// exitCodeFor is the shell's convention, 128 + the signal's number: 130
// for SIGINT (Ctrl-C), 143 for SIGTERM.
func exitCodeFor(sig os.Signal) int {
	if sig == syscall.SIGTERM {
		return exitTerminated
	}
	return exitInterrupted
}

// interruptedCode is the exit status of a command stopped by ctx: a
// signal's own, or 130 when the context was cancelled otherwise (tests).
func interruptedCode(ctx context.Context) int {
	var s signalled
	if errors.As(context.Cause(ctx), &s) {
		return exitCodeFor(s.sig)
	}
	return exitInterrupted
}

// cancelOnSignal cancels ctx (with a signalled cause) on the first SIGINT
// or SIGTERM, so that the command stops cleanly: it removes its temporary
// files and writes its profiles. A second signal does not wait for that:
// it removes the temporary files being written and exits at once with the
// signal's status. stop ends the watch.
func cancelOnSignal(cancel context.CancelCauseFunc) (stop func()) {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go watchSignals(ch, done, cancel, func(code int) {
		atomicfile.RemoveTemps()
		os.Exit(code)
	})
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

// watchSignals is cancelOnSignal's loop: the first signal from ch cancels,
// the second calls exit with its status; done ends the watch.
func watchSignals(ch <-chan os.Signal, done <-chan struct{}, cancel context.CancelCauseFunc, exit func(code int)) {
	select {
	case s := <-ch:
		cancel(signalled{s})
	case <-done:
		return
	}
	select {
	case s := <-ch:
		exit(exitCodeFor(s))
	case <-done:
	}
}
