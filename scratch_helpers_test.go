package prk_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runScratchModule copies testdata/src (its .go files) into a module of
// its own outside prk, named module, whose go.mod requires prk (replaced
// by this checkout) and the modules in require, and runs the go command
// there with args, as a user's program or strategy would be built. It
// skips with -short or without the go command, fails the test when the
// command fails, and returns its output. env adds variables.
func runScratchModule(t *testing.T, src, module string, require []string, timeout time.Duration, env []string, args ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a separate module with the go command; skipped with -short")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH; this test builds a separate module with it")
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string][]byte{}
	entries, err := os.ReadDir(filepath.Join("testdata", src))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") {
			if files[e.Name()], err = os.ReadFile(filepath.Join("testdata", src, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	// prk's go.sum covers every module prk needs (gonum included), so the
	// scratch module builds from the module cache without asking a
	// checksum database.
	if files["go.sum"], err = os.ReadFile("go.sum"); err != nil {
		t.Fatal(err)
	}
	reqs := "\tgithub.com/prkbench/prk v0.0.0\n"
	for _, r := range require {
		reqs += "\t" + r + "\n"
	}
	files["go.mod"] = []byte("module " + module + "\n\ngo 1.26\n\nrequire (\n" + reqs + ")\n\n" +
		"replace github.com/prkbench/prk => " + root + "\n")
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goCmd, args...)
	cmd.Dir = dir
	// GOPROXY and the caches come from the environment; -mod=mod lets
	// the go command complete the scratch module's requirements.
	cmd.Env = append(append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off"), env...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("go %s in %s (%s):\n%s", strings.Join(args, " "), dir, time.Since(start).Round(time.Millisecond), out)
	if err != nil {
		t.Fatalf("the scratch module %s failed: %v", module, err)
	}
	return string(out)
}
