//go:build unix

package atomicfile

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func mkfifo(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	return path
}

// TestFIFOWrittenInPlace: a FIFO is opened and written, not replaced by a
// regular file.
func TestFIFOWrittenInPlace(t *testing.T) {
	path := mkfifo(t)
	got := make(chan string)
	go func() {
		f, err := os.Open(path)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if err := Write(path, fill("through the pipe")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through the pipe" {
		t.Errorf("reader got %q", s)
	}
	if st, err := os.Lstat(path); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO became %v (%v)", st.Mode(), err)
	}
	if names := dirNames(t, filepath.Dir(path)); len(names) != 1 {
		t.Errorf("directory holds %v", names)
	}
}

// TestSymlinkKeptTargetReplaced: writing through a link replaces the file it
// points to; the link stays a link. A dangling link creates its target.
func TestSymlinkKeptTargetReplaced(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	target := filepath.Join(sub, "target.txt")
	os.WriteFile(target, []byte("old"), 0o640)
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink("sub/target.txt", link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, fill("new")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link became %v (%v)", st.Mode(), err)
	}
	if got := readFile(t, target); got != "new" {
		t.Errorf("target holds %q, want new", got)
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o640 {
		t.Errorf("target mode %v, want 0640 kept", st.Mode().Perm())
	}
	dangling := filepath.Join(dir, "dangling")
	os.Symlink("sub/created.txt", dangling)
	if err := Write(dangling, fill("made")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(sub, "created.txt")); got != "made" {
		t.Errorf("dangling link's target holds %q", got)
	}
	if st, _ := os.Lstat(dangling); st.Mode()&fs.ModeSymlink == 0 {
		t.Error("the dangling link was replaced")
	}
	if names := dirNames(t, sub); len(names) != 2 {
		t.Errorf("sub holds %v", names)
	}
}

// TestModeKeptAndUmaskRespected: a replaced file keeps its mode; a new one
// gets 0666 less the umask.
func TestModeKeptAndUmaskRespected(t *testing.T) {
	dir := t.TempDir()
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	existing := filepath.Join(dir, "secret.txt")
	os.WriteFile(existing, nil, 0o600)
	os.Chmod(existing, 0o600)
	if err := Write(existing, fill("x")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(existing); st.Mode().Perm() != 0o600 {
		t.Errorf("replaced file has mode %v, want 0600", st.Mode().Perm())
	}
	fresh := filepath.Join(dir, "fresh.txt")
	if err := Write(fresh, fill("x")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(fresh); st.Mode().Perm() != 0o640 {
		t.Errorf("new file has mode %v, want 0640 (0666 less umask 027)", st.Mode().Perm())
	}
}

// TestReadOnlyDirectoryReported: Check names the directory it cannot write in.
func TestReadOnlyDirectoryReported(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes anywhere")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	err := Check(filepath.Join(dir, "out.txt"))
	if err == nil {
		t.Fatal("no error for a read-only directory")
	}
}

// TestCreateWaitStopsOnCancel: opening a FIFO nobody reads waits, but not
// past a cancellation.
func TestCreateWaitStopsOnCancel(t *testing.T) {
	path := mkfifo(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Create(ctx, path)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the context's", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s to give up", d)
	}
}
