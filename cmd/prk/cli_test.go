package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/graph/graphio"
)

func graphBuild() graph.BuildOptions { return graph.BuildOptions{} }

// writeGraph writes g as an edge list in a temporary directory.
func writeGraph(t *testing.T, g *graph.CSR) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "g.txt")
	if err := graphio.Write(path, g, graphio.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	return path
}

func baseName(path string) string { return filepath.Base(path) }

func TestVersionPrintsBuildInfo(t *testing.T) {
	for _, flag := range []string{"--version", "-v"} {
		stdout, stderr, code := prk(t, flag)
		if code != 0 {
			t.Fatalf("prk %s: exit %d: %s", flag, code, stderr)
		}
		for _, want := range []string{"prk ", "revision ", "built with go"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("prk %s lacks %q:\n%s", flag, want, stdout)
			}
		}
	}
}

func TestHelpCommandAndExitStatusInHelp(t *testing.T) {
	stdout, stderr, code := prk(t, "help", "run")
	if code != 0 || !strings.Contains(stdout, "prk run - solve PageRank") || !strings.Contains(stdout, "--input-format") {
		t.Errorf("prk help run: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// No command: the help, and bad usage, as go does.
	stdout, stderr, code = prk(t)
	if code != exitUsage || !strings.Contains(stdout, "COMMANDS:") || !strings.Contains(stderr, "no command given") {
		t.Errorf("prk alone: exit %d, stderr %q; want the help and exit 2", code, stderr)
	}
	if _, stderr, code := prk(t, "help", "rn"); code != exitUsage || !strings.Contains(stderr, `did you mean "run"?`) {
		t.Errorf("prk help rn: exit %d, stderr %q", code, stderr)
	}
	stdout, _, code = prk(t, "--help")
	if code != 0 {
		t.Fatalf("prk --help: exit %d", code)
	}
	for _, want := range []string{"Exit status", "3    prk run did not converge", "130", "completion", "man"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("prk --help lacks %q:\n%s", want, stdout)
		}
	}
}

func TestTypoSuggestions(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"rn", "seed:10"}, `did you mean "run"?`},
		{[]string{"bnch"}, `did you mean "bench"?`},
		{[]string{"run", "seed:10", "--iteratons", "3"}, "did you mean --iterations?"},
		{[]string{"run", "seed:10", "--stratgy", "serial"}, "did you mean --strategy?"},
		{[]string{"run", "seed:10", "--strategy", "lockfre"}, `did you mean "lockfree"?`},
		{[]string{"bench", "--output-format", "jsn"}, `did you mean "json"?`},
	} {
		_, stderr, code := prk(t, tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("prk %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
	// No silly suggestion for an unrelated word.
	if _, stderr, _ := prk(t, "nosuchcommand"); strings.Contains(stderr, "did you mean") {
		t.Errorf("suggestion for an unrelated word: %q", stderr)
	}
}

func TestGlobalFlagsAfterCommand(t *testing.T) {
	// --trace rather than --cpuprofile: the latter also sets the subprocess
	// workers' profile path, process-wide, for later tests.
	trace := filepath.Join(t.TempDir(), "trace.out")
	_, stderr, code := prk(t, "run", "seed:100", "--iterations", "2", "--trace", trace, "--top", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if st, err := os.Stat(trace); err != nil || st.Size() == 0 {
		t.Errorf("--trace after the command wrote no trace (%v)", err)
	}
}

func TestInterspersedMovesFlags(t *testing.T) {
	app := newApp(os.Stdout, os.Stderr)
	for _, tc := range []struct{ in, want []string }{
		{[]string{"prk", "run", "g.txt", "--iterations", "10"}, []string{"prk", "run", "--iterations", "10", "--", "g.txt"}},
		{[]string{"prk", "run", "g.txt", "--trace", "t.out", "--top=3"}, []string{"prk", "--trace", "t.out", "run", "--top=3", "--", "g.txt"}},
		{[]string{"prk", "--cpuprofile", "c", "run", "g.txt", "--header"}, []string{"prk", "--cpuprofile", "c", "run", "--header", "--", "g.txt"}},
		{[]string{"prk", "run", "--", "-weird-name"}, []string{"prk", "run", "--", "-weird-name"}},
		{[]string{"prk", "run", "--it", "--generate-bash-completion"}, []string{"prk", "run", "--it", "--generate-bash-completion"}},
	} {
		if got := interspersed(app, tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("interspersed(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string]string{
		"bash": "complete -o bashdefault -o default -o nospace -F _prk_bash_autocomplete prk",
		"zsh":  "#compdef prk",
		"fish": "complete -r -c prk -n '__fish_prk_no_subcommand' -a 'run'",
	} {
		stdout, stderr, code := prk(t, "completion", shell)
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("prk completion %s: exit %d (%s), lacks %q:\n%s", shell, code, stderr, want, stdout)
		}
	}
	if _, _, code := prk(t, "completion", "ksh"); code != exitUsage {
		t.Errorf("prk completion ksh: exit %d, want %d", code, exitUsage)
	}
	// What the bash and zsh scripts run: prk answers with the candidates.
	// urfave/cli reads the word being completed from os.Args, so the test
	// sets it as the shell would.
	complete := func(args ...string) (string, string, int) {
		saved := os.Args
		defer func() { os.Args = saved }()
		os.Args = append([]string{"prk"}, args...)
		return prk(t, args...)
	}
	stdout, _, code := complete("run", "--it", "--generate-bash-completion")
	if code != 0 || !strings.Contains(stdout, "--iterations") {
		t.Errorf("flag completion: exit %d, %q", code, stdout)
	}
	stdout, _, _ = complete("--generate-bash-completion")
	for _, cmd := range []string{"run", "bench", "gen", "convert", "info", "completion"} {
		if !slices.Contains(strings.Fields(stdout), cmd) {
			t.Errorf("command completion lacks %s: %q", cmd, stdout)
		}
	}
}

func TestManPage(t *testing.T) {
	stdout, stderr, code := prk(t, "man")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{".TH prk 1", "run", "--input-format", "Exit status"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
}

// TestFlagNamesOnePerMeaning: --input-format is every input format,
// --output-format every output format; the old spellings still work but
// say they are deprecated.
func TestFlagNamesOnePerMeaning(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "g.dat")
	os.WriteFile(in, []byte("0 1\n1 2\n2 0\n"), 0o644)
	out := filepath.Join(dir, "g.out")

	commands := map[string]*cli.Command{}
	for _, c := range newApp(os.Stdout, os.Stderr).Commands {
		commands[c.Name] = c
	}
	has := func(cmd, flag string) bool {
		for _, f := range commands[cmd].VisibleFlags() {
			if slices.Contains(f.Names(), flag) {
				return true
			}
		}
		return false
	}
	for cmd, flags := range map[string][]string{
		"run":     {"input-format"},
		"bench":   {"input-format", "output-format"},
		"convert": {"input-format", "output-format"},
		"gen":     {"output-format"},
	} {
		for _, f := range flags {
			if !has(cmd, f) {
				t.Errorf("prk %s has no --%s", cmd, f)
			}
		}
		for _, old := range []string{"format", "to"} {
			if has(cmd, old) {
				t.Errorf("prk %s still shows --%s", cmd, old)
			}
		}
	}

	for _, tc := range []struct {
		args     []string
		note     string // "" for none
		exitCode int
	}{
		{[]string{"run", in, "--input-format", "edgelist", "--top", "0"}, "", 0},
		{[]string{"run", in, "--format", "edgelist", "--top", "0"}, "--format is deprecated here: use --input-format", 0},
		{[]string{"run", in, "--format", "mtx", "--input-format", "edgelist"}, "disagree", exitUsage},
		{[]string{"run", in, "--input-format", "nosuch"}, "want one of", exitUsage},
		{[]string{"convert", in, out, "--input-format", "edgelist", "--output-format", "mtx"}, "", 0},
		{[]string{"convert", in, out, "--format", "edgelist", "--to", "mtx"}, "--to is deprecated here: use --output-format", 0},
		{[]string{"gen", "seed:10", "-o", out, "--to", "edgelist"}, "--to is deprecated here: use --output-format", 0},
		{[]string{"gen", "seed:10", "-o", out}, "name the format with --output-format", exitUsage},
		{[]string{"bench", "--graph", "seed:50", "--strategy", "serial", "--count", "6", "--iterations", "1", "--output-format", "csv"}, "", 0},
		{[]string{"bench", "--graph", "seed:50", "--strategy", "serial", "--count", "1", "--iterations", "1", "--format", "csv"}, "--format is deprecated here: use --output-format", 0},
	} {
		_, stderr, code := prk(t, tc.args...)
		if code != tc.exitCode {
			t.Errorf("prk %s: exit %d, want %d (stderr %q)", strings.Join(tc.args, " "), code, tc.exitCode, stderr)
		}
		if tc.note != "" && !strings.Contains(stderr, tc.note) {
			t.Errorf("prk %s: stderr %q lacks %q", strings.Join(tc.args, " "), stderr, tc.note)
		}
		if tc.note == "" && stderr != "" {
			t.Errorf("prk %s: unexpected stderr %q", strings.Join(tc.args, " "), stderr)
		}
	}
	// The environment variable follows the new name; the old one still works.
	for _, env := range []string{"PRK_INPUT_FORMAT", "PRK_FORMAT"} {
		t.Setenv(env, "nosuch")
		if _, _, code := prk(t, "run", in); code != exitUsage {
			t.Errorf("%s=nosuch: exit %d, want %d", env, code, exitUsage)
		}
		os.Unsetenv(env)
	}
}

func TestIgnoredFlagsAreNoted(t *testing.T) {
	for _, tc := range []struct {
		args []string
		note string
	}{
		{[]string{"run", "seed:100", "--strategy", "serial", "--workers", "8"}, "prk: note: --workers is ignored by strategy serial"},
		{[]string{"run", "seed:100", "--iterations", "3", "--tol", "1e-3"}, "prk: note: --tol is ignored with --iterations"},
		{[]string{"run", "seed:100", "--iterations", "3", "--max-iter", "5"}, "prk: note: --max-iter is ignored with --iterations"},
		{[]string{"run", "seed:100", "--header"}, "prk: note: --header is ignored without --out"},
		{[]string{"run", "seed:100", "--ids", "dense"}, "prk: note: --ids is ignored for generated graphs"},
		{[]string{"bench", "--graph", "seed:50", "--strategy", "serial", "--workers", "4", "--count", "1", "--iterations", "1"}, "prk: note: --workers is ignored by strategy serial"},
		{[]string{"bench", "--graph", "seed:50", "--strategy", "serial", "--count", "2", "--iterations", "1", "--output-format", "benchfmt"}, "benchstat needs at least 6"},
	} {
		_, stderr, code := prk(t, tc.args...)
		if code != 0 || !strings.Contains(stderr, tc.note) {
			t.Errorf("prk %s: exit %d, stderr %q; want 0 and %q", strings.Join(tc.args, " "), code, stderr, tc.note)
		}
	}
	// Flags that do matter are not noted (minwork=0: lockfree runs both
	// workers even on this small graph).
	if _, stderr, _ := prk(t, "run", "seed:100", "--strategy", "lockfree", "--workers", "2", "--param", "minwork=0"); strings.Contains(stderr, "note") {
		t.Errorf("note for a flag that is used: %q", stderr)
	}
}

// slowGraph is a valid GRAPH that takes minutes and gigabytes to generate
// (2^26 nodes, 2^31 arcs drawn): if prk generated it before checking its
// flags, the tests below would time out or fail with exit 1 instead of 2.
const slowGraph = "kron:26:32"

// prkWithin is prk cancelled after d, so that a regression that starts
// generating slowGraph fails in seconds (exit 130) instead of running for
// minutes in gigabytes.
func prkWithin(t *testing.T, d time.Duration, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var out, errb bytes.Buffer
	code := run(ctx, append([]string{"prk"}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

// TestBadUsageExitsBeforeLoading: every flag that can be checked without
// the graph is checked first, and exits 2.
func TestBadUsageExitsBeforeLoading(t *testing.T) {
	// The spec itself must be good, or every case would exit 2 for it.
	if _, err := gen.Parse(slowGraph); err != nil {
		t.Fatalf("slowGraph %s is not a valid spec: %v", slowGraph, err)
	}
	dir := t.TempDir()
	for _, args := range [][]string{
		{"run", slowGraph, "--damping", "1.5"},
		{"run", slowGraph, "--damping", "-0.1"},
		{"run", slowGraph, "--tol", "0"},
		{"run", slowGraph, "--tol", "-1"},
		{"run", slowGraph, "--max-iter", "0"},
		{"run", slowGraph, "--iterations", "-1"},
		{"run", slowGraph, "--top", "-1"},
		{"run", slowGraph, "--workers", "-1"},
		{"run", slowGraph, "--strategy", "nosuch"},
		{"run", slowGraph, "--kernel", "nosuch"},
		{"run", slowGraph, "--param", "novalue"},
		{"run", slowGraph, "--strategy", "subprocess", "--param", "ipc=carrier-pigeon"},
		{"run", slowGraph, "--strategy", "serial", "--param", "ipc=shm"},
		{"run", slowGraph, "--ids", "nosuch"},
		{"run", slowGraph, "--input-format", "nosuch"},
		{"run", "kron:abc"},
		{"run", filepath.Join(dir, "g.weird")}, // no format from the name: bad usage, not a read error
		{"bench", "--graph", filepath.Join(dir, "g.weird")},
		{"bench", "--graph", slowGraph, "--count", "0"},
		{"bench", "--graph", slowGraph, "--strategy", "nosuch"},
		{"bench", "--graph", slowGraph, "--output-format", "xml"},
		{"bench", "--graph", slowGraph, "--workers", "x"},
		{"bench", "--graph", slowGraph, "--param", "nosuch=1"},
		{"gen", slowGraph, "-o", filepath.Join(dir, "g.unknown")},
		{"gen", slowGraph, "-o", filepath.Join(dir, "g.txt"), "--output-format", "nosuch"},
		{"convert", slowGraph, filepath.Join(dir, "g.unknown")},
	} {
		start := time.Now()
		_, stderr, code := prkWithin(t, 5*time.Second, args...)
		if code != exitUsage {
			t.Errorf("prk %s: exit %d, want %d (stderr %q)", strings.Join(args, " "), code, exitUsage, stderr)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("prk %s took %v: it loaded before checking", strings.Join(args, " "), d)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("bad usage wrote %d files", len(entries))
	}
}

// TestNotConvergedExits3: a solve stopped by --max-iter prints and writes
// its scores and exits 3; --iterations fixes the count and exits 0.
func TestNotConvergedExits3(t *testing.T) {
	out := filepath.Join(t.TempDir(), "scores.tsv")
	stdout, stderr, code := prk(t, "run", "seed:100", "--max-iter", "3", "--out", out)
	if code != exitNotConverged {
		t.Fatalf("exit %d, want %d (stderr %q)", code, exitNotConverged, stderr)
	}
	if !strings.Contains(stderr, "not converged after 3 iterations") || !strings.Contains(stdout, "NOT converged") {
		t.Errorf("stdout %q stderr %q do not say it did not converge", stdout, stderr)
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Errorf("--out not written for an unconverged solve (%v)", err)
	}
	if _, stderr, code := prk(t, "run", "seed:100", "--iterations", "3"); code != 0 {
		t.Errorf("--iterations 3: exit %d, want 0 (%s)", code, stderr)
	}
	if _, stderr, code := prk(t, "run", "seed:100"); code != 0 {
		t.Errorf("converging solve: exit %d (%s)", code, stderr)
	}
}

// TestBenchfmtHasSixRepetitionsWithTheirOwnSetup: prk bench's default count
// suits benchstat and every line carries its own set-up time.
func TestBenchfmtHasSixRepetitionsWithTheirOwnSetup(t *testing.T) {
	stdout, stderr, code := prk(t, "bench", "--graph", "seed:100", "--strategy", "lockfree", "--workers", "2", "--iterations", "2", "--output-format", "benchfmt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var setups []string
	for _, line := range strings.Split(stdout, "\n") {
		if !strings.HasPrefix(line, "BenchmarkPageRank/") {
			continue
		}
		f := strings.Fields(line)
		if i := slices.Index(f, "setup-ns"); i > 0 {
			setups = append(setups, f[i-1])
		}
	}
	if len(setups) != 6 {
		t.Fatalf("%d benchmark lines with a set-up, want 6:\n%s", len(setups), stdout)
	}
	if slices.Equal(setups, slices.Repeat(setups[:1], 6)) {
		t.Errorf("every line repeats one set-up figure %s", setups[0])
	}
	for _, key := range []string{"cores:", "go:", "prk:"} {
		if !strings.Contains(stdout, "\n"+key) && !strings.HasPrefix(stdout, key) {
			t.Errorf("benchfmt lacks the %s configuration line", key)
		}
	}
}
