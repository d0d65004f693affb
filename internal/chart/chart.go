package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	// The canvases NewFormattedCanvas chooses from, by format name.
	_ "gonum.org/v1/plot/vg/vgimg"
	_ "gonum.org/v1/plot/vg/vgpdf"
	_ "gonum.org/v1/plot/vg/vgsvg"

	"github.com/prkbench/prk/internal/benchrun"
)

// Set is one run's records and the machine they were measured on.
type Set struct {
	// Name tells this set's series from the others' when several sets are
	// drawn (a file name, a commit); unused for a single set.
	Name    string
	Machine benchrun.Machine
	Records []benchrun.Record
}

// Formats are the output formats, by file extension without the dot.
var Formats = []string{"svg", "png", "pdf"}

// FormatOf returns the format of an output file by its extension, or an
// error naming the file and the formats there are.
func FormatOf(path string) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	if slices.Contains(Formats, ext) {
		return ext, nil
	}
	return "", fmt.Errorf("%s: cannot tell the chart format from the extension %q: use .%s", path, filepath.Ext(path), strings.Join(Formats, ", ."))
}

// Figure sizes: one panel, and the extra height of the speedup panel.
const (
	figWidth    = 9 * vg.Inch
	panelHeight = 5 * vg.Inch
)

// Write draws sets into w in format (see Formats).
func Write(w io.Writer, format string, sets []Set) error {
	if !slices.Contains(Formats, format) {
		return fmt.Errorf("unknown chart format %q (want %s)", format, strings.Join(Formats, ", "))
	}
	n := 0
	for _, s := range sets {
		n += len(s.Records)
	}
	if n == 0 {
		return errors.New("no results to chart")
	}
	ss := collect(sets)
	panels := []*plot.Plot{}
	tp, err := timePlot(ss, title(sets))
	if err != nil {
		return err
	}
	panels = append(panels, tp)
	sp, err := speedupPlot(ss)
	if err != nil {
		return err
	}
	if sp != nil {
		panels = append(panels, sp)
	}
	c, err := draw.NewFormattedCanvas(figWidth, panelHeight*vg.Length(len(panels)), format)
	if err != nil {
		return err
	}
	rows := make([][]*plot.Plot, len(panels))
	for i, p := range panels {
		rows[i] = []*plot.Plot{p}
	}
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadX: vg.Millimeter * 2, PadY: vg.Millimeter * 6, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(rows, tiles, draw.New(c))
	for i, p := range panels {
		p.Draw(canvases[i][0])
	}
	_, err = c.WriteTo(w)
	return err
}

// title names what was measured where: the CPU and prk version of each
// machine that records them, without repeats.
func title(sets []Set) string {
	var parts []string
	for _, s := range sets {
		var p []string
		if s.Machine.CPU != "" {
			p = append(p, s.Machine.CPU)
		}
		if s.Machine.PrkVersion != "" {
			p = append(p, "prk "+s.Machine.PrkVersion)
		}
		if t := strings.Join(p, ", "); t != "" && !slices.Contains(parts, t) {
			parts = append(parts, t)
		}
	}
	if len(parts) == 0 {
		return "PageRank time per iteration"
	}
	return "PageRank time per iteration: " + strings.Join(parts, " vs ")
}

// series is the records of one bar colour and line: a strategy (with its
// engine and kernel when several were measured) of one set.
type series struct {
	label string
	recs  []benchrun.Record
}

// collected is what both panels draw: the series in order of first
// appearance and the graphs, in order of first appearance.
type collected struct {
	series []*series
	graphs []string
	arcs   map[string]int64
}

func collect(sets []Set) collected {
	engines, kernels := map[string]bool{}, map[string]bool{}
	for _, s := range sets {
		for _, r := range s.Records {
			engines[r.Engine] = true
			kernels[r.Kernel] = true
		}
	}
	c := collected{arcs: map[string]int64{}}
	byLabel := map[string]*series{}
	for _, s := range sets {
		for _, r := range s.Records {
			label := r.Strategy
			if len(engines) > 1 {
				label += " " + r.Engine
			}
			if len(kernels) > 1 {
				label += " " + r.Kernel
			}
			if len(sets) > 1 && s.Name != "" {
				label += " [" + s.Name + "]"
			}
			sr := byLabel[label]
			if sr == nil {
				sr = &series{label: label}
				byLabel[label] = sr
				c.series = append(c.series, sr)
			}
			sr.recs = append(sr.recs, r)
			if !slices.Contains(c.graphs, r.GraphLabel) {
				c.graphs = append(c.graphs, r.GraphLabel)
			}
			c.arcs[r.GraphLabel] = max(c.arcs[r.GraphLabel], r.Arcs)
		}
	}
	return c
}

// best returns sr's record on graph at the most workers measured (the
// study's figure compares strategies at full width), or false.
func (sr *series) best(graph string) (benchrun.Record, bool) {
	var out benchrun.Record
	ok := false
	for _, r := range sr.recs {
		if r.GraphLabel == graph && !math.IsNaN(r.NSPerIter) && r.NSPerIter > 0 && (!ok || r.Workers > out.Workers) {
			out, ok = r, true
		}
	}
	return out, ok
}

// timeUnit picks the unit that keeps the smallest time at least 1.
func timeUnit(minNS float64) (string, float64) {
	switch {
	case minNS >= 1e9:
		return "s", 1e9
	case minNS >= 1e6:
		return "ms", 1e6
	case minNS >= 1e3:
		return "µs", 1e3
	}
	return "ns", 1
}

// timePlot is the study's figure: bars of time per iteration on a log
// axis. Log bars need a bottom above zero: every bar stacks on an unseen
// base at the power of ten below the fastest time.
func timePlot(c collected, name string) (*plot.Plot, error) {
	minNS := math.Inf(1)
	for _, sr := range c.series {
		for _, g := range c.graphs {
			if r, ok := sr.best(g); ok {
				minNS = min(minNS, r.NSPerIter)
			}
		}
	}
	if math.IsInf(minNS, 1) {
		return nil, errors.New("no result has a time per iteration to chart")
	}
	unit, scale := timeUnit(minNS)
	floor := math.Pow(10, math.Floor(math.Log10(minNS/scale)))

	p := plot.New()
	p.Title.Text = name
	p.Y.Label.Text = "time per iteration (" + unit + ", log scale; lower is better)"
	p.X.Label.Text = "graph"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Y.Min = floor
	p.Legend.Top = true
	p.Add(plotter.NewGrid())

	base := make(plotter.Values, len(c.graphs))
	for i := range base {
		base[i] = floor
	}
	baseBars, err := plotter.NewBarChart(base, 1)
	if err != nil {
		return nil, err
	}
	n := len(c.series)
	width := vg.Points(min(24, 420/float64(n*len(c.graphs))))
	for i, sr := range c.series {
		vals := make(plotter.Values, len(c.graphs))
		for j, g := range c.graphs {
			if r, ok := sr.best(g); ok {
				vals[j] = max(0, r.NSPerIter/scale-floor)
			}
		}
		b, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return nil, err
		}
		b.StackOn(baseBars)
		b.Offset = vg.Length(float64(i)-float64(n-1)/2) * width
		b.Color = plotutil.Color(i)
		b.LineStyle.Width = vg.Points(0.5)
		p.Add(b)
		p.Legend.Add(sr.label, b)
	}
	names := make([]string, len(c.graphs))
	for i, g := range c.graphs {
		names[i] = g
		if a := c.arcs[g]; a > 0 {
			names[i] = fmt.Sprintf("%s (%s arcs)", g, si(float64(a)))
		}
	}
	p.NominalX(names...)
	// Half a category of room either side, so the outer groups' bars
	// are not cut off at the axes.
	p.X.Min, p.X.Max = -0.5, float64(len(c.graphs))-0.5
	// Room above the tallest bar for the legend.
	p.Y.Max *= 8
	return p, nil
}

// speedupPlot draws speedup against workers for each series measured at
// two worker counts or more, on the largest graph that has any, with the
// ideal line; nil when no series has.
func speedupPlot(c collected) (*plot.Plot, error) {
	graph := ""
	for _, g := range c.graphs {
		for _, sr := range c.series {
			if len(speedups(sr, g)) >= 2 && (graph == "" || c.arcs[g] > c.arcs[graph]) {
				graph = g
			}
		}
	}
	if graph == "" {
		return nil, nil
	}
	p := plot.New()
	p.Title.Text = "Speedup against serial on " + graph
	p.X.Label.Text = "workers"
	p.Y.Label.Text = "speedup (higher is better)"
	p.Legend.Top, p.Legend.Left = true, true
	p.Add(plotter.NewGrid())
	maxW := 1.0
	for i, sr := range c.series {
		pts := speedups(sr, graph)
		if len(pts) < 2 {
			continue
		}
		maxW = max(maxW, pts[len(pts)-1].X)
		l, s, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, err
		}
		l.Color = plotutil.Color(i)
		l.Width = vg.Points(1.5)
		s.Color = plotutil.Color(i)
		s.Shape = plotutil.Shape(i)
		p.Add(l, s)
		p.Legend.Add(sr.label, l, s)
	}
	ideal, err := plotter.NewLine(plotter.XYs{{X: 1, Y: 1}, {X: maxW, Y: maxW}})
	if err != nil {
		return nil, err
	}
	ideal.Color = color.Gray{Y: 110}
	ideal.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(ideal)
	p.Legend.Add("ideal (speedup = workers)", ideal)
	p.X.Min, p.Y.Min = 0, 0
	// Room above the lines for the legend in the top left corner.
	p.Y.Max *= 1.3
	return p, nil
}

// speedups are sr's finite speedups on graph by worker count, ascending.
func speedups(sr *series, graph string) plotter.XYs {
	var pts plotter.XYs
	for _, r := range sr.recs {
		if r.GraphLabel == graph && r.Strategy != "serial" && !math.IsNaN(r.Speedup) && !math.IsInf(r.Speedup, 0) && r.Workers > 0 {
			pts = append(pts, plotter.XY{X: float64(r.Workers), Y: r.Speedup})
		}
	}
	slices.SortFunc(pts, func(a, b plotter.XY) int {
		if a.X < b.X {
			return -1
		} else if a.X > b.X {
			return 1
		}
		return 0
	})
	// One point per worker count (a repeated cell keeps its first).
	pts = slices.CompactFunc(pts, func(a, b plotter.XY) bool { return a.X == b.X })
	return pts
}

// si writes x with an SI prefix and up to three significant digits.
func si(x float64) string {
	for _, u := range []struct {
		f float64
		s string
	}{{1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if x >= u.f {
			return fmt.Sprintf("%.3g%s", x/u.f, u.s)
		}
	}
	return fmt.Sprintf("%.0f", x)
}
