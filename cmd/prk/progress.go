package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/prkbench/prk/graph/graphio"
	"github.com/prkbench/prk/internal/graphspec"
	"github.com/prkbench/prk/strategy"
)

// Progress goes to stderr only when it is a terminal, so pipes, logs and
// tests stay clean. It is drawn with schollz/progressbar: a bar with bytes,
// rate and time left when the size is known (a regular file), a spinner with
// bytes and rate otherwise (a pipe, stdin), and a spinner with the iteration
// and its residual while solving.

// progressThrottle bounds how often a bar is redrawn: often enough to look
// alive, rarely enough to cost nothing next to the work it reports.
const progressThrottle = 150 * time.Millisecond

// isTerminal reports whether w is a terminal (golang.org/x/term works on
// every OS prk builds for).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressOn returns where c's progress goes, or nil for nowhere. Tests
// set c.App.Metadata["progress"] to force it onto a buffer.
func progressOn(c *cli.Context) io.Writer {
	if w, ok := c.App.Metadata["progress"].(io.Writer); ok {
		return w
	}
	if isTerminal(c.App.ErrWriter) {
		return c.App.ErrWriter
	}
	return nil
}

// barOptions are the options every bar shares. throttle is 0 in tests so
// that every update is drawn and the output does not depend on timing.
func barOptions(w io.Writer, description string, throttle time.Duration) []progressbar.Option {
	return []progressbar.Option{
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(description),
		progressbar.OptionThrottle(throttle),
		progressbar.OptionSetWidth(24),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSpinnerType(14),
		// The spinner's own redraw timer runs only with a real throttle,
		// so tests are not timing-dependent.
		progressbar.OptionSetSpinnerChangeInterval(throttle),
	}
}

// newLoadBar shows the bytes read of an input of size bytes (-1 when
// unknown), with the rate.
func newLoadBar(w io.Writer, what string, size int64, throttle time.Duration) *progressbar.ProgressBar {
	opts := append(barOptions(w, what, throttle),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowTotalBytes(true),
		progressbar.OptionShowCount(),
	)
	return progressbar.NewOptions64(size, opts...)
}

// newSolveBar shows the iterations of a solve: a bar when their count is
// fixed, a spinner otherwise; the description carries the residual.
func newSolveBar(w io.Writer, fixed int, throttle time.Duration) *progressbar.ProgressBar {
	if fixed <= 0 {
		return progressbar.NewOptions64(-1, barOptions(w, "solving", throttle)...)
	}
	opts := append(barOptions(w, "solving", throttle), progressbar.OptionShowCount(), progressbar.OptionSetItsString("iter"))
	return progressbar.NewOptions64(int64(fixed), opts...)
}

// describeIteration is the solve bar's description after an iteration.
func describeIteration(strategyName string, it int, residual float64) string {
	return fmt.Sprintf("solving (%s): iteration %d, residual %.3g", strategyName, it, residual)
}

// finish removes a bar from the terminal.
func finish(bar *progressbar.ProgressBar) {
	bar.Finish()
	bar.Clear()
}

// loadProgress returns ctx carrying a byte counter for loading spec, and
// the function that ends the display. A generator spec gets a spinner.
func loadProgress(c *cli.Context, ctx context.Context, spec string) (context.Context, func()) {
	w := progressOn(c)
	if w == nil {
		return ctx, func() {}
	}
	throttle := progressThrottle
	if _, forced := c.App.Metadata["progress"]; forced {
		throttle = 0
	}
	if graphspec.IsGenerator(spec) {
		bar := progressbar.NewOptions64(-1, barOptions(w, "generating "+spec, throttle)...)
		bar.RenderBlank()
		return ctx, func() { finish(bar) }
	}
	size := int64(-1)
	if st, err := os.Stat(spec); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	bar := newLoadBar(w, "loading "+filepath.Base(spec), size, throttle)
	bar.RenderBlank()
	ctx = graphio.WithReadProgress(ctx, func(n int) { bar.Add(n) })
	return ctx, func() { finish(bar) }
}

// solveProgress returns ctx carrying an iteration observer that shows the
// iteration and its residual, and the function that ends the display.
func solveProgress(c *cli.Context, ctx context.Context, strategyName string, fixed int) (context.Context, func()) {
	w := progressOn(c)
	if w == nil {
		return ctx, func() {}
	}
	throttle := progressThrottle
	if _, forced := c.App.Metadata["progress"]; forced {
		throttle = 0
	}
	bar := newSolveBar(w, fixed, throttle)
	bar.Describe(fmt.Sprintf("solving (%s): preparing", strategyName))
	ctx = strategy.WithIterationObserver(ctx, func(it int, residual float64) {
		if fixed > 0 {
			bar.Set(it)
		}
		bar.Describe(describeIteration(strategyName, it, residual))
	})
	return ctx, func() { finish(bar) }
}

// progress shows a spinner with what and the elapsed time until the
// returned function is called (prk gen, and anything without a finer
// measure).
func progress(c *cli.Context, format string, args ...any) (done func()) {
	w := progressOn(c)
	if w == nil {
		return func() {}
	}
	throttle := progressThrottle
	if _, forced := c.App.Metadata["progress"]; forced {
		throttle = 0
	}
	bar := progressbar.NewOptions64(-1, barOptions(w, fmt.Sprintf(format, args...), throttle)...)
	bar.RenderBlank()
	return func() { finish(bar) }
}
