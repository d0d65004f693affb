package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tinyBench is a small matrix with a worker sweep: both panels are drawn.
// minwork=0: lockfree runs the two workers asked even on this small graph,
// so the speedup panel (drawn for several worker counts that ran) appears.
var tinyBench = []string{"bench", "--graph", "seed:100", "--strategy", "serial,lockfree", "--workers", "1,2", "--count", "1", "--iterations", "2", "--param", "minwork=0"}

// TestBenchPlotWritesPNG: prk bench --plot x.png writes a valid, non-blank
// PNG of both panels besides the normal table.
func TestBenchPlotWritesPNG(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.png")
	stdout, stderr, code := prk(t, append(tinyBench, "--plot", path)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "lockfree") {
		t.Errorf("no table on stdout: %q", stdout)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", path, err)
	}
	b := img.Bounds()
	// 9 x 10 inches at 96 dpi: the time and the speedup panel.
	if b.Dx() != 864 || b.Dy() != 960 {
		t.Errorf("size %dx%d, want 864x960", b.Dx(), b.Dy())
	}
	first := img.At(0, 0)
	blank := true
	for y := b.Min.Y; y < b.Max.Y && blank; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			if img.At(x, y) != first {
				blank = false
				break
			}
		}
	}
	if blank {
		t.Error("the PNG is one colour")
	}
}

// TestBenchPlotChecked: --plot is checked like --out: a bad extension and
// a plot over an input graph are usage errors before anything runs, and
// --plot cannot be --out.
func TestBenchPlotChecked(t *testing.T) {
	dir := t.TempDir()
	g := filepath.Join(dir, "g.txt")
	if err := os.WriteFile(g, []byte("0 1\n1 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	same := filepath.Join(dir, "r.svg")
	for _, args := range [][]string{
		{"bench", "--graph", "seed:50", "--plot", filepath.Join(dir, "x.jpg")},
		{"bench", "--graph", g, "--plot", g},
		{"bench", "--graph", "seed:50", "--out", same, "--plot", same},
	} {
		_, stderr, code := prk(t, args...)
		if code != exitUsage || !strings.Contains(stderr, "--plot") {
			t.Errorf("%v: exit %d, stderr %q; want a usage error naming --plot", args, code, stderr)
		}
	}
	if b, _ := os.ReadFile(g); string(b) != "0 1\n1 0\n" {
		t.Errorf("the input graph was overwritten: %q", b)
	}
}

// TestPlotOverlaysTwoFiles: prk plot draws two saved JSON results in one
// SVG, each series labelled by its file.
func TestPlotOverlaysTwoFiles(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, name := range []string{"before", "after"} {
		path := filepath.Join(dir, name+".json")
		if _, stderr, code := prk(t, append(tinyBench, "--output-format", "json", "-o", path)...); code != 0 {
			t.Fatalf("bench: exit %d: %s", code, stderr)
		}
		files = append(files, path)
	}
	out := filepath.Join(dir, "cmp.svg")
	if _, stderr, code := prk(t, append(append([]string{"plot"}, files...), "-o", out)...); code != 0 {
		t.Fatalf("plot: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	svg := string(b)
	for _, want := range []string{"lockfree [before]", "lockfree [after]", "serial [before]", "serial [after]", "XS", "Speedup against serial", "ideal"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
}

// TestPlotBadInput: bad JSON is an error naming the file; a missing -o, a
// missing file, an unknown extension and an output over an input are
// refused, and nothing is written.
func TestPlotBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\"results\": [{\"strategy\": 3}]}"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "o.svg")
	for _, tc := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{"plot", bad, "-o", out}, "bad.json", 1},
		{[]string{"plot", filepath.Join(dir, "none.json"), "-o", out}, "none.json", 1},
		{[]string{"plot", bad}, "-o FILE", exitUsage},
		{[]string{"plot", "-o", out}, "usage", exitUsage},
		{[]string{"plot", bad, "-o", filepath.Join(dir, "o.gif")}, "o.gif", exitUsage},
		{[]string{"plot", bad, "-o", bad}, "same file", exitUsage},
	} {
		_, stderr, code := prk(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a chart was written from bad input")
	}
}

// TestBenchPlotDefaultMatrix: --plot with nothing else draws the study's
// matrix: its four strategies and three graphs (one repetition of one
// iteration here, to stay quick).
func TestBenchPlotDefaultMatrix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bench.svg")
	if _, stderr, code := prk(t, "bench", "--plot", path, "--count", "1", "--iterations", "1"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"serial", "mutex", "lockfree", "subprocess", "XS (", "L (", "XL (", "log scale"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
}
