//go:build unix

package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOutFIFOWrittenInPlace: --out to a FIFO writes into it and leaves it a
// FIFO.
func TestOutFIFOWrittenInPlace(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "scores")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if _, stderr, code := prk(t, "run", "seed:100", "--out", fifo); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	select {
	case s := <-got:
		if len(strings.Split(strings.TrimSpace(s), "\n")) != 100 {
			t.Errorf("reader got %q, want 100 scores", s[:min(len(s), 80)])
		}
	case <-time.After(10 * time.Second):
		t.Error("the reader got nothing: the FIFO was not written")
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO became %v (%v)", st.Mode(), err)
	}
}

// TestOutModeKeptAndUmaskRespected: a replaced --out keeps its mode; a new
// one gets 0666 less the umask, not a fixed 0644.
func TestOutModeKeptAndUmaskRespected(t *testing.T) {
	dir := t.TempDir()
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	existing := filepath.Join(dir, "old.tsv")
	os.WriteFile(existing, nil, 0o640)
	os.Chmod(existing, 0o640)
	fresh := filepath.Join(dir, "new.tsv")
	for _, out := range []string{existing, fresh} {
		if _, stderr, code := prk(t, "run", "seed:10", "--out", out); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	if st, _ := os.Stat(existing); st.Mode().Perm() != 0o640 {
		t.Errorf("replaced file has mode %v, want its 0640", st.Mode().Perm())
	}
	if st, _ := os.Stat(fresh); st.Mode().Perm() != 0o600 {
		t.Errorf("new file has mode %v, want 0600 (0666 less umask 077)", st.Mode().Perm())
	}
	// A profile too.
	prof := filepath.Join(dir, "cpu.prof")
	if _, stderr, code := prk(t, "--cpuprofile", prof, "run", "seed:10"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if st, _ := os.Stat(prof); st.Mode().Perm() != 0o600 {
		t.Errorf("new profile has mode %v, want 0600", st.Mode().Perm())
	}
}

// TestOutDevNull: /dev/null is written in place and stays a device (as
// root, a rename would have replaced the system's node).
func TestOutDevNull(t *testing.T) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip("cannot write", os.DevNull, err)
	}
	f.Close()
	for _, args := range [][]string{
		{"run", "seed:100", "--out", os.DevNull},
		{"gen", "seed:100", "-o", os.DevNull, "--output-format", "edgelist"},
		{"--cpuprofile", os.DevNull, "--memprofile", os.DevNull, "run", "seed:10", "--out", os.DevNull},
	} {
		if _, stderr, code := prk(t, args...); code != 0 {
			t.Errorf("prk %s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
		if st, err := os.Lstat(os.DevNull); err != nil || st.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("%s is no longer a character device: %v %v", os.DevNull, st.Mode(), err)
		}
	}
}
