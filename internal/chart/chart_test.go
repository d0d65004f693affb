package chart

import (
	"bytes"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/prkbench/prk/internal/benchrun"
)

// records is a small run: three strategies on two graphs, lockfree and
// mutex at one and two workers, serial as the speedup baseline.
func records() []benchrun.Record {
	var recs []benchrun.Record
	for gi, g := range []string{"XS", "XL"} {
		scale := math.Pow(100, float64(gi))
		serial := 1000 * scale
		recs = append(recs, benchrun.Record{GraphLabel: g, Graph: "seed:" + g, Arcs: int64(1000 * scale), Strategy: "serial", Kernel: "generic", Engine: "csr/f64/none", Workers: 1, NSPerIter: serial, Speedup: 1})
		for _, s := range []string{"mutex", "lockfree"} {
			for _, w := range []int{1, 2} {
				ns := serial / float64(w) * 0.9
				recs = append(recs, benchrun.Record{GraphLabel: g, Graph: "seed:" + g, Arcs: int64(1000 * scale), Strategy: s, Kernel: "generic", Engine: "csr/f64/none", Workers: w, NSPerIter: ns, Speedup: serial / ns})
			}
		}
	}
	return recs
}

func machine() benchrun.Machine {
	return benchrun.Machine{CPU: "Test CPU 9000", PrkVersion: "v9.9.9"}
}

// TestPNGIsDrawn: the PNG decodes, is the figure's size (two panels: the
// speedup panel is there because two worker counts were measured) and is
// not blank.
func TestPNGIsDrawn(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "png", []Set{{Machine: machine(), Records: records()}}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	b := img.Bounds()
	// vgimg draws at 96 dpi.
	wantW, wantH := int(figWidth.Dots(96)), int((2 * panelHeight).Dots(96))
	if b.Dx() != wantW || b.Dy() != wantH {
		t.Errorf("size %dx%d, want %dx%d (two panels)", b.Dx(), b.Dy(), wantW, wantH)
	}
	colours := map[[4]uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, bl, a}] = true
		}
	}
	// Background, text and at least three bar colours.
	if len(colours) < 5 {
		t.Errorf("%d colours: the chart is (nearly) blank", len(colours))
	}
}

// TestOnePanelWithoutWorkerSweep: one worker count per strategy gives the
// bar chart alone.
func TestOnePanelWithoutWorkerSweep(t *testing.T) {
	var one []benchrun.Record
	for _, r := range records() {
		if r.Workers == 2 || r.Strategy == "serial" {
			one = append(one, r)
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, "png", []Set{{Records: one}}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if h, want := img.Bounds().Dy(), int(panelHeight.Dots(96)); h != want {
		t.Errorf("height %d, want %d (one panel)", h, want)
	}
}

// TestSVGHoldsLabels: the SVG names every strategy, graph, the machine in
// the title, the ideal line and the speedup panel.
func TestSVGHoldsLabels(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "svg", []Set{{Machine: machine(), Records: records()}}); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	if !strings.HasPrefix(strings.TrimSpace(svg), "<?xml") && !strings.Contains(svg[:min(200, len(svg))], "<svg") {
		t.Fatalf("not SVG: %.80q", svg)
	}
	for _, want := range []string{"serial", "mutex", "lockfree", "XS", "XL", "Test CPU 9000", "prk v9.9.9", "ideal", "Speedup against serial on XL", "workers"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

// TestOverlayLabelsSets: two sets overlay, each series labelled with its
// set's name, and both machines in the title.
func TestOverlayLabelsSets(t *testing.T) {
	m2 := benchrun.Machine{CPU: "Other CPU", PrkVersion: "v1.0.0"}
	var buf bytes.Buffer
	if err := Write(&buf, "svg", []Set{{Name: "old", Machine: machine(), Records: records()}, {Name: "new", Machine: m2, Records: records()}}); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	for _, want := range []string{"lockfree [old]", "lockfree [new]", "serial [old]", "Test CPU 9000", "Other CPU"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

// TestEnginesLabelled: several engines in one run label bars
// strategy + engine.
func TestEnginesLabelled(t *testing.T) {
	recs := records()
	for _, r := range records() {
		r.Engine = "seg/f32/rcm"
		recs = append(recs, r)
	}
	var buf bytes.Buffer
	if err := Write(&buf, "svg", []Set{{Records: recs}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"lockfree seg/f32/rcm", "lockfree csr/f64/none"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestPDFAndErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "pdf", []Set{{Records: records()}}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
		t.Errorf("not a PDF: %.20q", buf.Bytes())
	}
	if err := Write(&buf, "svg", nil); err == nil {
		t.Error("no records: no error")
	}
	nan := []benchrun.Record{{GraphLabel: "XS", Strategy: "serial", NSPerIter: math.NaN()}}
	if err := Write(&buf, "svg", []Set{{Records: nan}}); err == nil {
		t.Error("no finite time: no error")
	}
	for path, want := range map[string]string{"a.svg": "svg", "b.PNG": "png", "c.pdf": "pdf"} {
		if f, err := FormatOf(path); err != nil || f != want {
			t.Errorf("FormatOf(%q) = %q, %v, want %q", path, f, err, want)
		}
	}
	for _, path := range []string{"a.jpg", "noext"} {
		if _, err := FormatOf(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("FormatOf(%q): error %v, want one naming the file", path, err)
		}
	}
}

// TestTitle: the title names each machine's CPU and prk version once, and
// falls back to what is drawn when the results record neither.
func TestTitle(t *testing.T) {
	m := machine()
	for _, c := range []struct {
		sets []Set
		want string
	}{
		{nil, "PageRank time per iteration"},
		{[]Set{{}}, "PageRank time per iteration"},
		{[]Set{{Machine: m}, {Machine: m}}, "PageRank time per iteration: Test CPU 9000, prk v9.9.9"},
		{[]Set{{Machine: m}, {Machine: benchrun.Machine{PrkVersion: "v2"}}}, "PageRank time per iteration: Test CPU 9000, prk v9.9.9 vs prk v2"},
	} {
		if got := title(c.sets); got != c.want {
			t.Errorf("title = %q, want %q", got, c.want)
		}
	}
}
