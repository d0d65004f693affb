//go:build unix

package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The signal tests run the real binary: signals and exit statuses belong
// to a process.
var prkBinary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// buildPrk builds cmd/prk once for the package's tests (TestMain removes it).
func buildPrk(t *testing.T) string {
	t.Helper()
	prkBinary.once.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			prkBinary.err = err
			return
		}
		if prkBinary.dir, err = os.MkdirTemp("", "prk-test-bin-"); err != nil {
			prkBinary.err = err
			return
		}
		path := filepath.Join(prkBinary.dir, "prk")
		out, err := exec.Command(goTool, "build", "-o", path, ".").CombinedOutput()
		if err != nil {
			prkBinary.err = errors.New(string(out))
			return
		}
		prkBinary.path = path
	})
	if prkBinary.err != nil {
		t.Skip("cannot build prk:", prkBinary.err)
	}
	return prkBinary.path
}

func removeTestBinary() {
	if prkBinary.dir != "" {
		os.RemoveAll(prkBinary.dir)
	}
}

// started is a prk process under test.
type started struct {
	cmd    *exec.Cmd
	stderr *strings.Builder
	done   chan struct{}
}

func startPrk(t *testing.T, args ...string) *started {
	t.Helper()
	cmd := exec.Command(buildPrk(t), args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &started{cmd: cmd, stderr: &stderr, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.done
	})
	return p
}

// exitWithin waits up to d for the process and returns its exit status;
// it fails the test if the process is still running.
func (p *started) exitWithin(t *testing.T, d time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(d):
		t.Fatalf("prk %s still running %s after the signal (stderr %q)", strings.Join(p.cmd.Args[1:], " "), d, p.stderr.String())
		return -1
	}
}

func requireEmpty(t *testing.T, dir string) {
	t.Helper()
	if names, _ := os.ReadDir(dir); len(names) != 0 {
		var s []string
		for _, n := range names {
			s = append(s, n.Name())
		}
		t.Errorf("left behind in %s: %v", dir, s)
	}
}

// TestSignalStopsGenAndConvert: prk gen and prk convert, interrupted while
// generating, stop within 2 s with 130 (SIGINT) or 143 (SIGTERM) and leave
// no output and no temporary file.
func TestSignalStopsGenAndConvert(t *testing.T) {
	for _, c := range []struct {
		sig  syscall.Signal
		code int
		cmd  string
	}{
		{syscall.SIGINT, 130, "gen"},
		{syscall.SIGTERM, 143, "gen"},
		{syscall.SIGINT, 130, "convert"},
	} {
		dir := t.TempDir()
		out := filepath.Join(dir, "x.el")
		args := []string{"gen", "kron:20", "-o", out}
		if c.cmd == "convert" {
			args = []string{"convert", "kron:20", out}
		}
		p := startPrk(t, args...)
		time.Sleep(300 * time.Millisecond)
		p.cmd.Process.Signal(c.sig)
		if code := p.exitWithin(t, 2*time.Second); code != c.code {
			t.Errorf("prk %s after %v: exit %d, want %d (stderr %q)", c.cmd, c.sig, code, c.code, p.stderr.String())
		}
		requireEmpty(t, dir)
	}
}

// TestSignalDuringWriteLeavesNothing: a signal while the graph file is
// being written stops the write and removes the temporary file.
func TestSignalDuringWriteLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("generates kron:20 (a few seconds); skipped with -short")
	}
	dir := t.TempDir()
	p := startPrk(t, "gen", "kron:20", "-o", filepath.Join(dir, "x.el"))
	deadline := time.Now().Add(60 * time.Second)
	for {
		names, _ := os.ReadDir(dir)
		// The output check before generating creates and removes a
		// .prk-probe- file (atomicfile.Check); the poll may see it.
		names = slices.DeleteFunc(names, func(e os.DirEntry) bool { return strings.HasPrefix(e.Name(), ".prk-probe-") })
		if len(names) > 0 {
			if !strings.Contains(names[0].Name(), ".tmp-") {
				t.Fatalf("found %s while writing, want a temporary file", names[0].Name())
			}
			break
		}
		select {
		case <-p.done:
			t.Fatalf("prk gen ended before writing (stderr %q)", p.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("no temporary file appeared")
		}
		time.Sleep(5 * time.Millisecond)
	}
	p.cmd.Process.Signal(syscall.SIGINT)
	if code := p.exitWithin(t, 2*time.Second); code != 130 {
		t.Errorf("exit %d, want 130 (stderr %q)", code, p.stderr.String())
	}
	requireEmpty(t, dir)
}

// TestSignalStopsRun: prk run stops while loading (here generating) and
// while solving, with the signal's status.
func TestSignalStopsRun(t *testing.T) {
	for _, c := range []struct {
		sig  syscall.Signal
		code int
		args []string
	}{
		{syscall.SIGINT, 130, []string{"run", "kron:20"}},
		{syscall.SIGTERM, 143, []string{"run", "kron:12", "--iterations", "100000000"}},
	} {
		dir := t.TempDir()
		p := startPrk(t, append(c.args, "--out", filepath.Join(dir, "s.tsv"))...)
		time.Sleep(300 * time.Millisecond)
		p.cmd.Process.Signal(c.sig)
		if code := p.exitWithin(t, 2*time.Second); code != c.code {
			t.Errorf("prk %s after %v: exit %d, want %d (stderr %q)", strings.Join(c.args, " "), c.sig, code, c.code, p.stderr.String())
		}
		requireEmpty(t, dir)
	}
}

// TestSecondSignalExitsAtOnce: when the first Ctrl-C cannot stop the
// command promptly (here it waits to open a FIFO nobody writes), a second
// one ends the process at once.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "g.el")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	p := startPrk(t, "run", fifo)
	time.Sleep(300 * time.Millisecond)
	p.cmd.Process.Signal(syscall.SIGINT)
	time.Sleep(300 * time.Millisecond)
	p.cmd.Process.Signal(syscall.SIGINT) // may come after the exit, if the first one sufficed
	if code := p.exitWithin(t, time.Second); code != 130 {
		t.Errorf("exit %d, want 130 (stderr %q)", code, p.stderr.String())
	}
}

// TestWatchSignals: the first signal cancels with the signal as the
// cause; the second exits with its status.
func TestWatchSignals(t *testing.T) {
	ch := make(chan os.Signal, 2)
	done := make(chan struct{})
	ctx, cancel := context.WithCancelCause(context.Background())
	exited := make(chan int, 1)
	go watchSignals(ch, done, cancel, func(code int) { exited <- code })
	ch <- syscall.SIGTERM
	<-ctx.Done()
	if code := interruptedCode(ctx); code != exitTerminated {
		t.Errorf("after SIGTERM: status %d, want %d", code, exitTerminated)
	}
	ch <- syscall.SIGINT
	select {
	case code := <-exited:
		if code != exitInterrupted {
			t.Errorf("second signal SIGINT: exit %d, want %d", code, exitInterrupted)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second signal did not exit")
	}
	close(done)
}
