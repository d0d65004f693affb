package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/prkbench/prk/strategy/subprocess"
)

const sharedData = "../../../shared/data"

func TestMain(m *testing.M) {
	subprocess.ServeIfWorker()
	code := m.Run()
	removeTestBinary()
	os.Exit(code)
}

// prk runs the command line in-process and returns stdout, stderr and the exit code.
func prk(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"prk"}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

func needShared(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(sharedData, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared data %s is missing (needs ../shared/data beside the checkout)", path)
	}
	return path
}

func readGzLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return readLines(t, z)
}

func readLines(t *testing.T, r io.Reader) []string {
	t.Helper()
	var lines []string
	s := bufio.NewScanner(r)
	for s.Scan() {
		if l := strings.TrimSpace(s.Text()); l != "" && l[0] != '#' {
			lines = append(lines, l)
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestRunReproducesStudyBitForBit is the foundation's acceptance test: the
// study's 10 iterations on its own N=1000 graph, serial and generic,
// written with --out, equal NumPy's scores to the last bit.
func TestRunReproducesStudyBitForBit(t *testing.T) {
	want := readGzLines(t, needShared(t, "seed/seed_1000.pr10.gz"))
	out := filepath.Join(t.TempDir(), "pr10.tsv")
	stdout, stderr, code := prk(t, "run", "seed:1000", "--iterations", "10", "--strategy", "serial", "--kernel", "generic", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "iterations  10 (fixed count)") {
		t.Errorf("summary does not report 10 fixed iterations:\n%s", stdout)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := readLines(t, f)
	if len(got) != len(want) {
		t.Fatalf("%d scores, want %d", len(got), len(want))
	}
	for i := range want {
		id, score, ok := strings.Cut(got[i], "\t")
		if !ok || id != strconv.Itoa(i) {
			t.Fatalf("line %d: %q, want id %d", i+1, got[i], i)
		}
		g, _ := strconv.ParseFloat(score, 64)
		w, _ := strconv.ParseFloat(want[i], 64)
		if math.Float64bits(g) != math.Float64bits(w) {
			t.Fatalf("node %d: %s, want %s", i, score, want[i])
		}
	}
}

// TestGenReproducesStudyGraph: prk gen seed:1000 writes exactly the study's arcs.
func TestGenReproducesStudyGraph(t *testing.T) {
	want := readGzLines(t, needShared(t, "seed/seed_1000.edges.gz"))
	out := filepath.Join(t.TempDir(), "seed1000.txt")
	if _, stderr, code := prk(t, "gen", "seed:1000", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []string
	for _, l := range readLines(t, f) {
		got = append(got, strings.Join(strings.Fields(l), " "))
	}
	sort.Slice(got, func(i, j int) bool { return arcLess(got[i], got[j]) })
	if !slices.Equal(got, want) {
		t.Fatalf("prk gen seed:1000 wrote %d arcs that differ from the study's %d", len(got), len(want))
	}
}

func arcLess(a, b string) bool {
	as, ad, _ := strings.Cut(a, " ")
	bs, bd, _ := strings.Cut(b, " ")
	ai, _ := strconv.Atoi(as)
	bi, _ := strconv.Atoi(bs)
	if ai != bi {
		return ai < bi
	}
	aj, _ := strconv.Atoi(ad)
	bj, _ := strconv.Atoi(bd)
	return aj < bj
}

// TestRunTopTenMatchesReference: prk run on cnr-2000 prints the reference's top 10 nodes.
func TestRunTopTenMatchesReference(t *testing.T) {
	if testing.Short() {
		t.Skip("cnr-2000 takes a few seconds; skipped with -short")
	}
	graphPath := needShared(t, "cnr-2000.txt.gz")
	ref := readGzLines(t, needShared(t, "reference/cnr-2000.pagerank.tsv.gz"))
	type node struct {
		id    string
		score float64
	}
	nodes := make([]node, len(ref))
	for i, l := range ref {
		id, s, _ := strings.Cut(l, "\t")
		v, _ := strconv.ParseFloat(s, 64)
		nodes[i] = node{id, v}
	}
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].score > nodes[j].score })

	stdout, stderr, code := prk(t, "run", graphPath, "--top", "10")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, table, ok := strings.Cut(stdout, "top 10:\n")
	if !ok {
		t.Fatalf("no top-10 table in:\n%s", stdout)
	}
	rows := strings.Split(strings.TrimSpace(table), "\n")[1:] // skip the column header
	if len(rows) != 10 {
		t.Fatalf("top table has %d rows:\n%s", len(rows), table)
	}
	for r, row := range rows {
		f := strings.Fields(row)
		if f[1] != nodes[r].id {
			t.Errorf("rank %d: node %s, reference has %s", r+1, f[1], nodes[r].id)
		}
		got, _ := strconv.ParseFloat(f[2], 64)
		if math.Abs(got-nodes[r].score) > 1e-9 {
			t.Errorf("rank %d: score %v, reference %v", r+1, got, nodes[r].score)
		}
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"run"},
		{"run", "seed:100", "--strategy", "nosuch"},
		{"run", "seed:100", "--kernel", "nosuch"},
		{"run", "seed:100", "--no-such-flag"},
		{"run", "seed:100", "--param", "novalue"},
		{"bench", "--format", "xml"},
		{"gen", "seed:100"},
		{"nosuchcommand"},
	} {
		_, stderr, code := prk(t, args...)
		if code != exitUsage {
			t.Errorf("prk %s: exit %d, want %d (stderr %q)", strings.Join(args, " "), code, exitUsage, stderr)
		}
		if stderr == "" {
			t.Errorf("prk %s: no message on stderr", strings.Join(args, " "))
		}
	}
}

func TestBadInputNamesFileAndLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("0 1\n1 x\n"), 0o644)
	_, stderr, code := prk(t, "run", bad)
	if code != exitFailure {
		t.Fatalf("exit %d, want %d", code, exitFailure)
	}
	if !strings.Contains(stderr, bad+":2") {
		t.Errorf("error %q does not name %s line 2", stderr, bad)
	}
	_, stderr, code = prk(t, "run", filepath.Join(dir, "missing.txt"))
	if code != exitFailure || !strings.Contains(stderr, "missing.txt") {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}
}

// TestProfilesWrittenOnFailure: --cpuprofile and --memprofile are written
// even when the command fails.
func TestProfilesWrittenOnFailure(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	_, _, code := prk(t, "--cpuprofile", cpu, "--memprofile", mem, "run", filepath.Join(dir, "missing.txt"))
	if code != exitFailure {
		t.Fatalf("exit %d, want failure", code)
	}
	for _, p := range []string{cpu, mem} {
		if st, err := os.Stat(p); err != nil || st.Size() == 0 {
			t.Errorf("profile %s not written (%v)", p, err)
		}
	}
}

func TestRunOutRoundTripsRemappedIDs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "g.txt")
	os.WriteFile(in, []byte("# ids not dense\n10 20\n20 30\n30 10\n10 30\n"), 0o644)
	out := filepath.Join(dir, "scores.tsv")
	if _, stderr, code := prk(t, "run", in, "--out", out, "--header"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, _ := os.Open(out)
	defer f.Close()
	lines := readLines(t, f)
	var ids []string
	sum := 0.0
	for _, l := range lines {
		id, s, _ := strings.Cut(l, "\t")
		ids = append(ids, id)
		v, _ := strconv.ParseFloat(s, 64)
		sum += v
	}
	if !slices.Equal(ids, []string{"10", "20", "30"}) {
		t.Errorf("ids %v, want the file's own 10 20 30", ids)
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("scores sum to %v", sum)
	}
	// The scores file is a valid start vector.
	if _, stderr, code := prk(t, "run", in, "--start", out, "--personalization", out); code != 0 {
		t.Fatalf("--start/--personalization from --out: exit %d: %s", code, stderr)
	}
}

func TestInfoNamesKernelAndWhy(t *testing.T) {
	stdout, stderr, code := prk(t, "info")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"kernel ", "(auto):", "strategies", "serial", "platform", "\nprk "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("prk info lacks %q:\n%s", want, stdout)
		}
	}
}
