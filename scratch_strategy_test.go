package prk_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestScratchStrategy builds testdata/scratchstrategy, a strategy in a
// module of its own outside prk (go.mod: require prk, replace it with this
// checkout), exactly as a user would write one: it can reach only prk's
// exported API (strategy.Fused, strategy.Pool, Register), and its own test
// runs prk's conformance suite (strategytest.Run, -short) on it.
func TestScratchStrategy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests a separate module with the go command; skipped with -short")
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
	for _, name := range []string{"strategy.go", "strategy_test.go"} {
		data, err := os.ReadFile(filepath.Join("testdata", "scratchstrategy", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	// prk's go.sum covers every module prk needs, so the scratch module
	// builds from the module cache without asking a checksum database.
	if files["go.sum"], err = os.ReadFile("go.sum"); err != nil {
		t.Fatal(err)
	}
	files["go.mod"] = []byte("module example.com/scratchstrategy\n\ngo 1.26\n\n" +
		"require github.com/prkbench/prk v0.0.0\n\n" +
		"replace github.com/prkbench/prk => " + root + "\n")
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goCmd, "test", "-short", "-count=1", ".")
	cmd.Dir = dir
	// The suite's real graphs are this checkout's ../shared/data (it
	// skips them, saying so, when that is missing).
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off",
		"PRK_SHARED_DATA="+filepath.Join(root, "..", "shared", "data"))
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("go test in %s (%s):\n%s", dir, time.Since(start).Round(time.Millisecond), out)
	if err != nil {
		t.Fatalf("the scratch strategy failed its conformance suite: %v", err)
	}
}
