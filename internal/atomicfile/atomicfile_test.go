package atomicfile

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fill(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// dirNames lists dir, to see that no temporary file is left.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteCreatesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := Write(path, fill("one")); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, fill("two")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "two" {
		t.Errorf("content %q, want two", got)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want only out.txt", names)
	}
}

// TestFailedWriteLeavesNoTrace: an error from fill keeps the old file and
// removes the temporary one.
func TestFailedWriteLeavesNoTrace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	os.WriteFile(path, []byte("old"), 0o644)
	boom := errors.New("boom")
	err := Write(path, func(w io.Writer) error {
		w.Write(bytes.Repeat([]byte("x"), 3<<20)) // past the buffer: the temp file has bytes
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	if got := readFile(t, path); got != "old" {
		t.Errorf("old file became %q", got[:min(len(got), 20)])
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v after a failed write, want only out.txt", names)
	}
}

// TestCancelledWriteLeavesNoTrace: cancelling the context mid-write stops
// the writer with ctx.Err(), puts nothing in place and removes the
// temporary file.
func TestCancelledWriteLeavesNoTrace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	ctx, cancel := context.WithCancel(context.Background())
	chunk := bytes.Repeat([]byte("y"), 1<<16)
	written := 0
	err := WriteContext(ctx, path, func(w io.Writer) error {
		for i := 0; i < 1000; i++ { // 64 MiB unless stopped
			if _, err := w.Write(chunk); err != nil {
				return err
			}
			if written += len(chunk); written == 4<<20 {
				cancel()
			}
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if written > 8<<20 {
		t.Errorf("wrote %d bytes after the cancellation at 4 MiB", written)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("directory holds %v after a cancelled write, want nothing", names)
	}
	// Cancelled after the last byte but before Commit: still nothing.
	ctx, cancel = context.WithCancel(context.Background())
	err = WriteContext(ctx, path, func(w io.Writer) error {
		w.Write([]byte("all"))
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancel before commit: error %v", err)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("directory holds %v, want nothing", names)
	}
}

func TestRemoveTemps(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(context.Background(), filepath.Join(dir, "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, dir); len(names) != 1 || !strings.Contains(names[0], ".tmp-") {
		t.Fatalf("directory holds %v while writing, want one temporary file", names)
	}
	RemoveTemps()
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("directory holds %v after RemoveTemps", names)
	}
	f.Abort()
}

func TestDashIsStdout(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteContext(WithStdout(context.Background(), &buf), "-", fill("hello")); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "hello" {
		t.Errorf("stdout got %q", buf.String())
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`a file named "-" was created`)
	}
}

// TestCheckNamesTheDirectory: a missing or non-directory parent, and a
// directory as the target, are reported naming the path and the directory.
func TestCheckNamesTheDirectory(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain")
	os.WriteFile(file, nil, 0o644)
	missing := filepath.Join(dir, "nosuchdir")
	for _, c := range []struct{ path, want string }{
		{filepath.Join(missing, "out.txt"), "directory " + missing + " does not exist"},
		{filepath.Join(file, "out.txt"), file + " is not a directory"},
		{dir, dir + ": is a directory"},
	} {
		err := Check(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%s) = %v, want an error containing %q", c.path, err, c.want)
		}
		werr := Write(c.path, fill("x"))
		if werr == nil || strings.Contains(werr.Error(), ".tmp-") {
			t.Errorf("Write(%s) = %v, want an error that names no temporary file", c.path, werr)
		}
	}
	if err := Check(filepath.Join(dir, "new.txt")); err != nil {
		t.Errorf("Check of a new file in a writable directory: %v", err)
	}
	if err := Check("-"); err != nil {
		t.Errorf("Check(-): %v", err)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("Check left %v behind", names)
	}
}

func TestResolveSeesThroughLinksAndDots(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	os.Mkdir(real, 0o755)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	a, err := Resolve(filepath.Join(link, "new.txt"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Resolve(filepath.Join(real, ".", "new.txt"))
	if a != b {
		t.Errorf("Resolve: %s and %s for the same new file", a, b)
	}
}
