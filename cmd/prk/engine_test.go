package main

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestRunEngineFlags: the engine flags reach the solve (the summary names
// the engine and its reordering), keep the file's ids in --out, refuse an
// unknown value before loading, and note a tolerance float32 cannot reach.
func TestRunEngineFlags(t *testing.T) {
	stdout, stderr, code := prk(t, "run", "seed:1000", "--layout", "segmented", "--precision", "f32", "--order", "degree", "--top", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"engine      segmented/f32/degree", "reorder     "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "--precision f32") {
		t.Errorf("no note about the default tolerance with f32: %q", stderr)
	}
	_, stderr, code = prk(t, "run", "kron:26:32", "--order", "hub")
	if code != exitUsage || !strings.Contains(stderr, `unknown order "hub"`) {
		t.Errorf("--order hub: exit %d, %q", code, stderr)
	}
}

// TestRunAutoEngine: by default prk run lets the graph choose its layout
// and order and says so: the study's small graphs keep the reference
// engine; a graph of 2^20 nodes with hubs gets hybrid/f64/degree (in its
// own order, prk run hands its arcs over and says they were freed), and a
// strategy that runs only CSR gets CSR.
func TestRunAutoEngine(t *testing.T) {
	stdout, stderr, code := prk(t, "run", "seed:1000", "--iterations", "2")
	if code != 0 || !strings.Contains(stdout, "engine      csr/f64/none (auto)") {
		t.Errorf("seed:1000: exit %d, summary %q, stderr %q", code, stdout, stderr)
	}
	if testing.Short() {
		return
	}
	stdout, stderr, code = prk(t, "run", "kron:20:2", "--iterations", "2", "--strategy", "lockfree")
	if code != 0 || !strings.Contains(stdout, "engine      hybrid/f64/degree (auto)\n") {
		t.Errorf("kron:20:2: exit %d, summary %q, stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = prk(t, "run", "kron:20:2", "--iterations", "2", "--strategy", "lockfree", "--order", "none")
	if code != 0 || !strings.Contains(stdout, "engine      hybrid/f64/none (auto), the graph's arcs freed once laid out") {
		t.Errorf("kron:20:2 --order none: exit %d, summary %q, stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = prk(t, "run", "kron:20:2", "--iterations", "2", "--strategy", "lockfree", "--layout", "csr")
	if code != 0 || !strings.Contains(stdout, "engine      csr/f64/degree (auto)") {
		t.Errorf("kron:20:2 --layout csr: exit %d, summary %q, stderr %q", code, stdout, stderr)
	}
}

// TestConvertOrder: prk convert --order stores a graph renumbered in a
// .prkg; prk run on it solves without renumbering (auto keeps it) and
// writes the same scores, by the file's ids, as on the original file;
// --order to a text format, or an unknown order, is a usage error.
func TestConvertOrder(t *testing.T) {
	dir := t.TempDir()
	el, stored := dir+"/g.el", dir+"/g.prkg"
	if _, stderr, code := prk(t, "gen", "kron:10:8", "-o", el); code != 0 {
		t.Fatalf("gen: %s", stderr)
	}
	stdout, stderr, code := prk(t, "convert", el, stored, "--order", "degree")
	if code != 0 || !strings.Contains(stdout, "order degree") {
		t.Fatalf("convert --order: exit %d, %q, %q", code, stdout, stderr)
	}
	scores := map[string]map[string]float64{}
	for _, in := range []string{el, stored} {
		out := in + ".tsv"
		stdout, stderr, code := prk(t, "run", in, "--out", out, "--strategy", "serial")
		if code != 0 || !strings.Contains(stdout, "engine      csr/f64/none") {
			t.Fatalf("run %s: exit %d, %q, %q", in, code, stdout, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]float64{}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			f := strings.Fields(line)
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				t.Fatalf("%s: %q", out, line)
			}
			m[f[0]] = v
		}
		scores[in] = m
	}
	if len(scores[el]) != len(scores[stored]) || len(scores[el]) < 1000 {
		t.Fatalf("%d and %d scores", len(scores[el]), len(scores[stored]))
	}
	for id, want := range scores[el] {
		if got := scores[stored][id]; math.Abs(got-want) > 1e-12*want {
			t.Fatalf("node %s: %.17g from the stored order, %.17g from the file", id, got, want)
		}
	}
	for _, args := range [][]string{
		{"convert", el, dir + "/x.el", "--order", "degree"},
		{"convert", el, dir + "/x.prkg", "--order", "hub"},
	} {
		if _, stderr, code := prk(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
}
