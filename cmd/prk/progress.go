package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/sys/unix"
)

// isTerminal reports whether w is a terminal; progress goes only there, so
// pipes and logs stay clean.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// progress shows "what... 1.2s" on a terminal's stderr, updated twice a
// second, until the returned function is called. It does nothing elsewhere.
func progress(c *cli.Context, format string, args ...any) (done func()) {
	w := c.App.ErrWriter
	if !isTerminal(w) {
		return func() {}
	}
	what := fmt.Sprintf(format, args...)
	start := time.Now()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-tick.C:
				fmt.Fprintf(w, "\r\033[K%s... %.1fs", what, time.Since(start).Seconds())
			}
		}
	}()
	return func() {
		close(stop)
		wg.Wait()
	}
}
