//go:build unix

package graphio

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prkbench/prk/graph"
)

// prkgBytesOf encodes g as a .prkg file, gzip'd if asked.
func prkgBytesOf(t *testing.T, g *graph.CSR, gz bool) []byte {
	t.Helper()
	b := prkgEncode(t, g)
	if gz {
		b = gzipBytes(t, b)
	}
	return b
}

// mkfifo makes a named pipe in a fresh directory.
func mkfifo(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	return path
}

// loadWithin runs LoadContext in a goroutine and fails the test if it has
// not returned after limit: a hang is a failure, not a stuck test binary.
func loadWithin(t *testing.T, ctx context.Context, limit time.Duration, path string, opts LoadOptions) (*graph.CSR, error) {
	t.Helper()
	type result struct {
		g   *graph.CSR
		err error
	}
	done := make(chan result, 1)
	go func() {
		g, err := LoadContext(ctx, path, opts)
		done <- result{g, err}
	}()
	select {
	case r := <-done:
		return r.g, r.err
	case <-time.After(limit):
		t.Fatalf("LoadContext(%s) still running after %v", path, limit)
		return nil, nil
	}
}

// TestLoadPRKGFromFIFO reads a .prkg (plain and gzip'd) through a named
// pipe: the file must be opened once and read as a stream (it used to be
// opened twice and read with ReadAt, which hung forever).
func TestLoadPRKGFromFIFO(t *testing.T) {
	g := prkgGraph(t, 500, 3000, true, true, 3)
	for _, gz := range []bool{false, true} {
		path := mkfifo(t, "g.prkg")
		data := prkgBytesOf(t, g, gz)
		wrote := make(chan error, 1)
		go func() {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				wrote <- err
				return
			}
			_, err = f.Write(data)
			f.Close()
			wrote <- err
		}()
		back, err := loadWithin(t, context.Background(), 10*time.Second, path, LoadOptions{})
		if err != nil {
			t.Fatalf("gzip %v: %v", gz, err)
		}
		if err := <-wrote; err != nil {
			t.Fatal(err)
		}
		if d := prkgDiff(back, g); d != "" {
			t.Errorf("gzip %v: %s", gz, d)
		}
	}
}

// TestReadPRKGFromPipe reads a .prkg through an os.Pipe, by ReadContext and
// by Load("-") with the pipe as stdin, the format told by the content.
func TestReadPRKGFromPipe(t *testing.T) {
	g := prkgGraph(t, 300, 2000, false, true, 4)
	data := prkgBytesOf(t, g, false)
	pipe := func() *os.File {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			w.Write(data)
			w.Close()
		}()
		t.Cleanup(func() { r.Close() })
		return r
	}
	back, err := ReadContext(context.Background(), pipe(), "pipe", LoadOptions{Format: FormatPRKG})
	if err != nil {
		t.Fatal(err)
	}
	if d := prkgDiff(back, g); d != "" {
		t.Error(d)
	}
	withStdin(t, pipe())
	back, err = loadWithin(t, context.Background(), 10*time.Second, "-", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d := prkgDiff(back, g); d != "" {
		t.Error(d)
	}
}

// withStdin makes f the process's stdin for the rest of the test.
func withStdin(t *testing.T, f *os.File) {
	old := os.Stdin
	os.Stdin = f
	t.Cleanup(func() { os.Stdin = old })
}

// TestLoadStdinEveryFormat reads what prk writes, in every format, plain
// and gzip'd, from stdin ("-") without a --format: the content tells.
func TestLoadStdinEveryFormat(t *testing.T) {
	g := randomGraph(t, rand.New(rand.NewPCG(5, 5)), true, false, true)
	dir := t.TempDir()
	for _, name := range []string{"g.el", "g.mtx", "g.graph", "g.prkg", "g.el.gz", "g.mtx.gz", "g.graph.gz", "g.prkg.gz"} {
		path := filepath.Join(dir, name)
		if err := Write(path, g, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		withStdin(t, f)
		back, err := Load("-", LoadOptions{})
		f.Close()
		if err != nil {
			t.Fatalf("%s from stdin: %v", name, err)
		}
		checkSameGraph(t, back, g)
	}
}

// TestLoadStdinUnknownFormat: a foreign edge list on stdin does not say
// its format; the error says to name it, and --format reads it.
func TestLoadStdinUnknownFormat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plain")
	if err := os.WriteFile(path, []byte("0 1\n1 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	open := func() {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		withStdin(t, f)
	}
	open()
	_, err := Load("-", LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "stdin: cannot tell the graph format") || !strings.Contains(err.Error(), "--format") {
		t.Errorf("got %v, want an error saying the format of stdin cannot be told and naming --format", err)
	}
	_, err = Load(path, LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "without a file extension") || !strings.Contains(err.Error(), "content does not say") {
		t.Errorf("got %v, want an error about the missing extension and the content", err)
	}
	open()
	g, err := Load("-", LoadOptions{Format: FormatEdgeList})
	if err != nil || g.N != 3 {
		t.Fatalf("--format edgelist from stdin: %v", err)
	}
}

// TestLoadContextCancelFIFONoWriter: a FIFO that no one ever opens for
// writing blocks open(2); cancelling must still return ctx.Err() at once.
func TestLoadContextCancelFIFONoWriter(t *testing.T) {
	path := mkfifo(t, "never.prkg")
	t.Cleanup(func() {
		// Let the abandoned open complete, so its goroutine ends.
		if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	checkCancelPrompt(t, path)
}

// TestLoadContextCancelFIFOSilentWriter: the writer opens the FIFO but
// never writes; the read blocks until the context is cancelled.
func TestLoadContextCancelFIFOSilentWriter(t *testing.T) {
	for _, name := range []string{"silent.prkg", "silent.el", "silent"} {
		path := mkfifo(t, name)
		opened := make(chan *os.File, 1)
		go func() {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				opened <- nil
				return
			}
			opened <- f
		}()
		checkCancelPrompt(t, path)
		if f := <-opened; f != nil {
			f.Close()
		}
	}
}

// checkCancelPrompt starts LoadContext on path, cancels it after a while
// and requires context.Canceled within a second.
func checkCancelPrompt(t *testing.T, path string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := loadWithin(t, ctx, 5*time.Second, path, LoadOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("%s: got %v, want context.Canceled", path, err)
	}
	if d := time.Since(start); d > time.Second+100*time.Millisecond {
		t.Errorf("%s: cancelled after 100ms, returned after %v", path, d)
	}
}

// TestReadContextCancelPipe: ReadContext on a pipe that delivers part of a
// file and then nothing returns ctx.Err() once cancelled.
func TestReadContextCancelPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	w.Write([]byte("0 1\n1 2\n"))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := ReadContext(ctx, r, "pipe.el", LoadOptions{})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want context.DeadlineExceeded", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ReadContext ignored its cancelled context")
	}
}

// TestLoadDirectory: a directory is refused by name, not read.
func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(dir, LoadOptions{Format: FormatEdgeList}); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("got %v, want an error saying it is a directory", err)
	}
}
