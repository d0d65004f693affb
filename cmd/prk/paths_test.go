package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// triangle writes a small graph file and returns its path.
func triangle(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "g.txt")
	if err := os.WriteFile(path, []byte("0 1\n1 2\n2 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// refused runs prk and requires a usage error (exit 2) whose message names
// every string in want, and that the files in keep are unchanged.
func refused(t *testing.T, args []string, want []string, keep ...string) {
	t.Helper()
	before := map[string]string{}
	for _, p := range keep {
		before[p] = mustRead(t, p)
	}
	_, stderr, code := prk(t, args...)
	if code != exitUsage {
		t.Errorf("prk %s: exit %d, want %d (stderr %q)", strings.Join(args, " "), code, exitUsage, stderr)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("prk %s: message %q does not name %q", strings.Join(args, " "), stderr, w)
		}
	}
	for _, p := range keep {
		if got := mustRead(t, p); got != before[p] {
			t.Errorf("prk %s changed %s", strings.Join(args, " "), p)
		}
	}
}

// TestOutputOverInputRefused: an output that is an input, by any name, is
// refused before anything runs, and the input is left as it was.
func TestOutputOverInputRefused(t *testing.T) {
	dir := t.TempDir()
	g := triangle(t, dir)
	hard := filepath.Join(dir, "hard.txt")
	if err := os.Link(g, hard); err != nil {
		t.Skip("no hard links here:", err)
	}
	soft := filepath.Join(dir, "soft.txt")
	if err := os.Symlink("g.txt", soft); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	dotted := filepath.Join(dir, "sub", "..", "g.txt")
	vec := filepath.Join(dir, "p.tsv")
	os.WriteFile(vec, []byte("0 1\n"), 0o644)
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"run", g, "--out", g}, []string{"--out", "GRAPH", g}},
		{[]string{"run", g, "-o", hard}, []string{"--out", hard, g}},
		{[]string{"run", g, "--out", soft}, []string{"--out", soft}},
		{[]string{"run", g, "--out", dotted}, []string{"--out"}},
		{[]string{"run", "seed:3", "--personalization", vec, "--out", vec}, []string{"--out", "--personalization"}},
		{[]string{"run", "seed:3", "--start", vec, "--out", vec}, []string{"--out", "--start"}},
		{[]string{"convert", g, g}, []string{"OUT", "IN"}},
		{[]string{"convert", g, hard}, []string{"OUT", "IN"}},
		{[]string{"bench", "--graph", "seed:10," + g, "--out", soft}, []string{"--out", "--graph"}},
		{[]string{"--cpuprofile", g, "run", g}, []string{"--cpuprofile", "GRAPH"}},
		{[]string{"--trace", hard, "run", g}, []string{"--trace", "GRAPH"}},
		{[]string{"--memprofile", soft, "run", g}, []string{"--memprofile", "GRAPH"}},
		{[]string{"--cpuprofile", vec, "run", "seed:3", "--start", vec}, []string{"--cpuprofile", "--start"}},
		{[]string{"--cpuprofile", g, "convert", g, filepath.Join(dir, "g.prkg")}, []string{"--cpuprofile", "IN"}},
	} {
		refused(t, c.args, c.want, g, vec)
	}
}

// TestOutputOverOutputRefused: two outputs naming one file (existing or
// not) are refused, and nothing is created.
func TestOutputOverOutputRefused(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	for _, args := range [][]string{
		{"--cpuprofile", out, "--memprofile", out, "run", "seed:3"},
		{"--trace", out, "run", "seed:3", "--out", filepath.Join(dir, ".", "out")},
		{"--cpuprofile", out, "gen", "seed:3", "-o", out},
		{"--cpuprofile", out, "bench", "--graph", "seed:3", "--out", out},
	} {
		refused(t, args, []string{out})
		if _, err := os.Stat(out); err == nil {
			t.Errorf("prk %s created %s", strings.Join(args, " "), out)
			os.Remove(out)
		}
	}
	// An existing file reached through a symlink.
	os.WriteFile(out, []byte("keep"), 0o644)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(out, link); err == nil {
		refused(t, []string{"--cpuprofile", link, "run", "seed:3", "--out", out}, []string{"--cpuprofile", "--out"}, out)
	}
}

// TestOutDash: "-" is stdout; the summary moves to stderr, and a graph
// needs --output-format.
func TestOutDash(t *testing.T) {
	stdout, stderr, code := prk(t, "run", "seed:100", "--out", "-", "--top", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := len(strings.Split(strings.TrimSpace(stdout), "\n")); n != 100 {
		t.Errorf("stdout has %d lines, want the 100 scores alone", n)
	}
	if !strings.Contains(stderr, "top 3:") {
		t.Errorf("summary not on stderr: %q", stderr)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`a file named "-" was created`)
	}
	stdout, stderr, code = prk(t, "gen", "seed:100", "-o", "-", "--output-format", "edgelist")
	if code != 0 || !strings.HasPrefix(stdout, "# prk edge list") {
		t.Errorf("gen -o - --output-format edgelist: exit %d, stdout starts %q, stderr %q", code, stdout[:min(len(stdout), 40)], stderr)
	}
	_, stderr, code = prk(t, "gen", "seed:100", "-o", "-")
	if code != exitUsage || !strings.Contains(stderr, "--output-format") {
		t.Errorf("gen -o - without --output-format: exit %d, %q", code, stderr)
	}
}

// TestOutSymlinkKept: --out through a symbolic link replaces the file it
// points to and leaves the link.
func TestOutSymlinkKept(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "scores.tsv")
	os.WriteFile(target, []byte("old\n"), 0o644)
	link := filepath.Join(dir, "latest.tsv")
	if err := os.Symlink("scores.tsv", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if _, stderr, code := prk(t, "run", "seed:10", "--out", link); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link became %v (%v)", st.Mode(), err)
	}
	if got := mustRead(t, target); len(strings.Split(strings.TrimSpace(got), "\n")) != 10 {
		t.Errorf("target holds %q, want 10 scores", got)
	}
}

// TestMissingOutDirFailsFirst: an output in a missing directory fails
// before loading or solving, naming the directory, not a temporary file.
func TestMissingOutDirFailsFirst(t *testing.T) {
	dir := t.TempDir()
	nodir := filepath.Join(dir, "nodir")
	for _, args := range [][]string{
		// The graph file is missing too: the output is checked first.
		{"run", filepath.Join(dir, "missing.txt"), "--out", filepath.Join(nodir, "s.tsv")},
		// A solve that would take minutes.
		{"run", "kron:16", "--iterations", "100000000", "--out", filepath.Join(nodir, "s.tsv")},
		{"gen", "kron:22", "-o", filepath.Join(nodir, "g.el")},
		{"convert", "kron:22", filepath.Join(nodir, "g.el")},
		{"--cpuprofile", filepath.Join(nodir, "cpu.prof"), "run", "kron:16", "--iterations", "100000000"},
		{"bench", "--graph", "kron:22", "--out", filepath.Join(nodir, "b.txt")},
	} {
		start := time.Now()
		stdout, stderr, code := prk(t, args...)
		if code != exitFailure {
			t.Errorf("prk %s: exit %d, want %d", strings.Join(args, " "), code, exitFailure)
		}
		if !strings.Contains(stderr, "directory "+nodir+" does not exist") || strings.Contains(stderr, ".tmp-") {
			t.Errorf("prk %s: error %q does not name the missing directory (only)", strings.Join(args, " "), stderr)
		}
		if d := time.Since(start); d > 2*time.Second || stdout != "" {
			t.Errorf("prk %s: ran for %s and printed %q before failing", strings.Join(args, " "), d, stdout)
		}
	}
	if names, _ := os.ReadDir(dir); len(names) != 0 {
		t.Errorf("left %v in %s", names, dir)
	}
}

// TestFailedWriteLeavesNothing: a graph the output format cannot hold
// (METIS needs an undirected graph) fails with no file and no temporary
// file left.
func TestFailedWriteLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := prk(t, "gen", "seed:100", "-o", filepath.Join(dir, "g.graph"))
	if code != exitFailure {
		t.Fatalf("exit %d, want failure (stderr %q)", code, stderr)
	}
	if names, _ := os.ReadDir(dir); len(names) != 0 {
		t.Errorf("a failed write left %v", names)
	}
}
