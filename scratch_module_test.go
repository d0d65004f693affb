package prk_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestScratchModule builds and runs testdata/scratch, a program in a module
// of its own outside prk (go.mod: require prk, replace it with this
// checkout), exactly as a user's program would use prk: it builds a graph
// from edges, solves it in one call, runs the same edges through gonum's
// PageRankSparse and through gonumgraph.PageRank, and must get the same top
// 10 from all three.
func TestScratchModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a separate module with the go command; skipped with -short")
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
	main, err := os.ReadFile(filepath.Join("testdata", "scratch", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	// prk's go.sum covers gonum and every module prk needs, so the
	// scratch module builds from the module cache without asking a
	// checksum database.
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/scratch\n\ngo 1.26\n\n" +
		"require (\n\tgithub.com/prkbench/prk v0.0.0\n\tgonum.org/v1/gonum v0.17.0\n)\n\n" +
		"replace github.com/prkbench/prk => " + root + "\n"
	for name, data := range map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum, "main.go": main} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goCmd, "run", ".")
	cmd.Dir = dir
	// GOPROXY and the caches come from the environment; -mod=mod lets
	// the go command complete the scratch module's requirements.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("go run in %s (%s):\n%s", dir, time.Since(start).Round(time.Millisecond), out)
	if err != nil {
		t.Fatalf("the scratch module failed: %v", err)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if k, v, ok := strings.Cut(l, ": "); ok {
			lines[k] = v
		}
	}
	// prk and gonum each stop within about 1e-11 of the exact scores (see
	// graph/gonumgraph's oracle test), so a ranking whose neighbours are
	// closer than 1e-9 would not be a fair witness.
	if gap, err := strconv.ParseFloat(lines["smallest gap"], 64); err != nil || !(gap > 1e-9) {
		t.Errorf("smallest gap between the top 11 scores is %q; the graph must rank with gaps above 1e-9", lines["smallest gap"])
	}
	prkTop, _, _ := strings.Cut(lines["prk"], " strategy")
	if prkTop == "" || prkTop != lines["gonum"] || prkTop != lines["gonumgraph"] {
		t.Errorf("top 10s differ: prk %q, gonum %q, gonumgraph %q", prkTop, lines["gonum"], lines["gonumgraph"])
	}
}
