package benchrun

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"github.com/prkbench/prk/strategy"
	"io"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// Formats returns the output formats the writers support, the default first.
func Formats() []string { return []string{"table", "benchfmt", "json", "csv"} }

// benchPkg is the pkg config line of WriteBenchfmt, the import path of this
// package, so prk bench output and go test -bench output of
// matrix_bench_test.go group together in benchstat.
const benchPkg = "github.com/prkbench/prk/internal/benchrun"

// Units of WriteBenchfmt beyond ns/op, with the direction that is better.
const (
	unitArcsPerSec = "arcs/s"
	unitSetupNS    = "setup-ns"
	unitBytesMoved = "moved-B/op"
)

// referenceEngine is the default engine's name, left out of benchmark names.
var referenceEngine = strategy.Engine{}.String()

// benchmarkName returns the Go benchmark name of r without the "Benchmark"
// prefix: PageRank/graph=L/strategy=lockfree/workers=2/kernel=generic, where
// workers is the count that ran, followed by /asked=N when the cell asked
// for another count (so two cells never share a name), then
// /engine=LAYOUT-PRECISION-ORDER unless it is the reference engine, then
// /key=value for each parameter the strategy was given, sorted, then
// -GOMAXPROCS when that is not 1, as go test writes it.
func benchmarkName(r *Record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "PageRank/graph=%s/strategy=%s/workers=%d", sanitizeNamePart(r.GraphLabel), sanitizeNamePart(r.Strategy), r.Workers)
	if r.WorkersAsked != 0 && r.WorkersAsked != r.Workers {
		fmt.Fprintf(&b, "/asked=%d", r.WorkersAsked)
	}
	fmt.Fprintf(&b, "/kernel=%s", sanitizeNamePart(r.Kernel))
	if r.Engine != "" && r.Engine != referenceEngine {
		// Only a non-reference engine is named, so that results of the
		// reference keep the names they always had.
		fmt.Fprintf(&b, "/engine=%s", sanitizeNamePart(strings.ReplaceAll(r.Engine, "/", "-")))
	}
	for _, k := range slices.Sorted(maps.Keys(r.Params)) {
		fmt.Fprintf(&b, "/%s=%s", sanitizeNamePart(k), sanitizeNamePart(r.Params[k]))
	}
	if procs := runtime.GOMAXPROCS(0); procs != 1 {
		fmt.Fprintf(&b, "-%d", procs)
	}
	return b.String()
}

// WriteBenchfmt writes recs as Go benchmark results, one line per timed
// repetition, for benchstat: ns/op is ns per iteration of that repetition
// (to six significant digits), arcs/s the throughput it implies, setup-ns
// that repetition's Prepare time and moved-B/op the bytes moved per
// iteration (for strategies that move any). The goos, goarch, cpu and pkg
// configuration lines come first, as go test writes them, then cores, go
// and prk (the machine, see Machine); Unit lines say which way the extra
// units are better.
func WriteBenchfmt(w io.Writer, recs []Record) error {
	bw := benchfmt.NewWriter(w)
	for _, u := range []struct{ unit, better string }{
		{unitArcsPerSec, "higher"}, {unitSetupNS, "lower"}, {unitBytesMoved, "lower"},
	} {
		if err := bw.Write(&benchfmt.UnitMetadata{
			UnitMetadataKey: benchfmt.UnitMetadataKey{Unit: u.unit, Key: "better"},
			OrigUnit:        u.unit,
			Value:           u.better,
		}); err != nil {
			return err
		}
	}
	m := CurrentMachine()
	config := []benchfmt.Config{
		{Key: "goos", Value: []byte(m.GOOS), File: true},
		{Key: "goarch", Value: []byte(m.GOARCH), File: true},
	}
	if m.CPU != "" {
		config = append(config, benchfmt.Config{Key: "cpu", Value: []byte(m.CPU), File: true})
	}
	config = append(config,
		benchfmt.Config{Key: "pkg", Value: []byte(benchPkg), File: true},
		benchfmt.Config{Key: "cores", Value: []byte(strconv.Itoa(m.Cores)), File: true},
		benchfmt.Config{Key: "go", Value: []byte(m.GoVersion), File: true},
		benchfmt.Config{Key: "prk", Value: []byte(m.PrkVersion), File: true},
	)

	res := &benchfmt.Result{Config: config}
	for i := range recs {
		r := &recs[i]
		res.Name = benchfmt.Name(benchmarkName(r))
		res.Iters = r.Iterations
		for rep, ns := range r.Samples {
			// Each repetition prepared its own strategy: its own set-up.
			setup := r.SetupNS
			if rep < len(r.SetupSamples) {
				setup = r.SetupSamples[rep]
			}
			res.Values = append(res.Values[:0],
				benchfmt.Value{Value: sig6(ns), Unit: "ns/op"},
				benchfmt.Value{Value: sig6(float64(r.Arcs) / ns * 1e9), Unit: unitArcsPerSec},
				benchfmt.Value{Value: float64(setup), Unit: unitSetupNS},
			)
			if r.BytesMoved != 0 || r.SetupBytesMoved != 0 {
				res.Values = append(res.Values, benchfmt.Value{Value: float64(r.BytesMoved), Unit: unitBytesMoved})
			}
			if err := bw.Write(res); err != nil {
				return err
			}
		}
	}
	return nil
}

// sig6 rounds x to six significant digits, far finer than timing noise,
// so benchmark lines read 157.333 ns/op rather than 157.33333333333334.
func sig6(x float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64)
	if err != nil {
		return x
	}
	return r
}

// jsonRecord is a Record as WriteJSON writes it; NaN becomes null.
type jsonRecord struct {
	Graph           string            `json:"graph"`
	GraphLabel      string            `json:"graph_label"`
	Strategy        string            `json:"strategy"`
	Kernel          string            `json:"kernel"`
	Engine          string            `json:"engine"`
	ReorderNS       int64             `json:"reorder_ns"`
	Workers         int               `json:"workers"`
	WorkersAsked    int               `json:"workers_asked"`
	Params          map[string]string `json:"params,omitempty"`
	Nodes           int               `json:"nodes"`
	Arcs            int64             `json:"arcs"`
	Iterations      int               `json:"iterations"`
	Count           int               `json:"count"`
	SetupNS         int64             `json:"setup_ns"`
	SetupNSMin      int64             `json:"setup_ns_min"`
	SetupNSMax      int64             `json:"setup_ns_max"`
	SetupSamples    []int64           `json:"setup_samples_ns"`
	NSPerIter       *float64          `json:"ns_per_iter"`
	NSPerIterMin    *float64          `json:"ns_per_iter_min"`
	NSPerIterMax    *float64          `json:"ns_per_iter_max"`
	NSPerIterQ1     *float64          `json:"ns_per_iter_q1"`
	NSPerIterQ3     *float64          `json:"ns_per_iter_q3"`
	NSPerIterStddev *float64          `json:"ns_per_iter_stddev"`
	ArcsPerSec      *float64          `json:"arcs_per_sec"`
	Speedup         *float64          `json:"speedup"`
	Efficiency      *float64          `json:"efficiency"`
	BytesMoved      int64             `json:"bytes_moved"`
	SetupBytesMoved int64             `json:"setup_bytes_moved"`
	Samples         []*float64        `json:"samples_ns_per_iter"`
}

// finite returns &x, or nil for NaN and infinities, which JSON cannot hold.
func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// WriteJSON writes recs as one JSON object: "machine" describes where they
// were measured (see Machine: cpu, cores, gomaxprocs, goos, goarch,
// go_version, prk_version) and "results" is an array with one object per
// record, with the fields graph, graph_label, strategy, kernel, engine,
// reorder_ns, workers (the count that ran), workers_asked (the count the
// cell configured), params (when any), nodes, arcs, iterations, count, setup_ns (the median
// over the repetitions), setup_ns_min, setup_ns_max, setup_samples_ns (one
// per repetition), ns_per_iter (the median), ns_per_iter_min,
// ns_per_iter_max, ns_per_iter_q1, ns_per_iter_q3, ns_per_iter_stddev,
// arcs_per_sec, speedup, efficiency, bytes_moved (per iteration),
// setup_bytes_moved and samples_ns_per_iter (one per timed repetition). A
// value that is not a number (speedup without serial) is null.
func WriteJSON(w io.Writer, recs []Record) error {
	out := make([]jsonRecord, len(recs))
	for i := range recs {
		r := &recs[i]
		samples := make([]*float64, len(r.Samples))
		for j, s := range r.Samples {
			samples[j] = finite(s)
		}
		out[i] = jsonRecord{
			Graph: r.Graph, GraphLabel: r.GraphLabel, Strategy: r.Strategy, Kernel: r.Kernel,
			Engine: r.Engine, ReorderNS: r.ReorderNS,
			Workers: r.Workers, WorkersAsked: r.WorkersAsked, Params: r.Params, Nodes: r.Nodes, Arcs: r.Arcs,
			Iterations: r.Iterations, Count: r.Count,
			SetupNS: r.SetupNS, SetupNSMin: r.SetupNSMin, SetupNSMax: r.SetupNSMax, SetupSamples: nonNil(r.SetupSamples),
			NSPerIter: finite(r.NSPerIter), NSPerIterMin: finite(r.NSPerIterMin), NSPerIterMax: finite(r.NSPerIterMax),
			NSPerIterQ1: finite(r.NSPerIterQ1), NSPerIterQ3: finite(r.NSPerIterQ3), NSPerIterStddev: finite(r.NSPerIterStddev),
			ArcsPerSec: finite(r.ArcsPerSec), Speedup: finite(r.Speedup), Efficiency: finite(r.Efficiency),
			BytesMoved: r.BytesMoved, SetupBytesMoved: r.SetupBytesMoved, Samples: samples,
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonReport{Machine: CurrentMachine(), Results: out})
}

// jsonReport is the document WriteJSON writes.
type jsonReport struct {
	Machine Machine      `json:"machine"`
	Results []jsonRecord `json:"results"`
}

// nonNil returns xs, or an empty slice for nil, so JSON says [] not null.
func nonNil(xs []int64) []int64 {
	if xs == nil {
		return []int64{}
	}
	return xs
}

// csvHeader names WriteCSV's columns: WriteJSON's record fields, in its
// order, then the machine's, repeated on every row so that each row stands
// alone (and files from several machines concatenate).
var csvHeader = []string{
	"graph", "graph_label", "strategy", "kernel", "engine", "reorder_ns", "workers", "workers_asked", "params", "nodes", "arcs",
	"iterations", "count", "setup_ns", "setup_ns_min", "setup_ns_max", "setup_samples_ns",
	"ns_per_iter", "ns_per_iter_min", "ns_per_iter_max", "ns_per_iter_q1", "ns_per_iter_q3", "ns_per_iter_stddev",
	"arcs_per_sec", "speedup", "efficiency", "bytes_moved", "setup_bytes_moved", "samples_ns_per_iter",
	"cpu", "cores", "gomaxprocs", "goos", "goarch", "go_version", "prk_version",
}

// WriteCSV writes recs as CSV with a header row and WriteJSON's record
// fields, then its machine fields, as columns. params is key=value pairs
// joined by ';', samples_ns_per_iter and setup_samples_ns the samples
// joined by ' ', and a value that is not a number an empty field.
func WriteCSV(w io.Writer, recs []Record) error {
	m := CurrentMachine()
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	row := make([]string, 0, len(csvHeader))
	for i := range recs {
		r := &recs[i]
		var params []string
		for _, k := range slices.Sorted(maps.Keys(r.Params)) {
			params = append(params, k+"="+r.Params[k])
		}
		samples := make([]string, len(r.Samples))
		for j, s := range r.Samples {
			samples[j] = csvFloat(s)
		}
		setups := make([]string, len(r.SetupSamples))
		for j, s := range r.SetupSamples {
			setups[j] = strconv.FormatInt(s, 10)
		}
		row = append(row[:0],
			r.Graph, r.GraphLabel, r.Strategy, r.Kernel, r.Engine, strconv.FormatInt(r.ReorderNS, 10), strconv.Itoa(r.Workers), strconv.Itoa(r.WorkersAsked), strings.Join(params, ";"),
			strconv.Itoa(r.Nodes), strconv.FormatInt(r.Arcs, 10),
			strconv.Itoa(r.Iterations), strconv.Itoa(r.Count),
			strconv.FormatInt(r.SetupNS, 10), strconv.FormatInt(r.SetupNSMin, 10), strconv.FormatInt(r.SetupNSMax, 10), strings.Join(setups, " "),
			csvFloat(r.NSPerIter), csvFloat(r.NSPerIterMin), csvFloat(r.NSPerIterMax),
			csvFloat(r.NSPerIterQ1), csvFloat(r.NSPerIterQ3), csvFloat(r.NSPerIterStddev),
			csvFloat(r.ArcsPerSec), csvFloat(r.Speedup), csvFloat(r.Efficiency),
			strconv.FormatInt(r.BytesMoved, 10), strconv.FormatInt(r.SetupBytesMoved, 10),
			strings.Join(samples, " "),
			m.CPU, strconv.Itoa(m.Cores), strconv.Itoa(m.GOMAXPROCS), m.GOOS, m.GOARCH, m.GoVersion, m.PrkVersion,
		)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// engineText is a record's engine for the table, with its reordering time.
func engineText(r *Record) string {
	if r.Engine == "" {
		return referenceEngine
	}
	if r.ReorderNS > 0 {
		return r.Engine + " (reorder " + formatNS(float64(r.ReorderNS)) + ")"
	}
	return r.Engine
}

func csvFloat(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// WriteTable writes recs as an aligned table for people: one row per
// record, times in human units. median/iter, min and max are over every
// timed iteration of the cell; speedup and efficiency are against serial
// on the same graph, kernel and engine ("-" without it), efficiency per
// worker that ran. workers is the count that ran, "1 of 2" when the cell
// asked for another.
func WriteTable(w io.Writer, recs []Record) error {
	header := []string{"graph", "nodes", "arcs", "engine", "strategy", "kernel", "workers", "setup", "median/iter", "min", "max", "arcs/s", "speedup", "efficiency", "moved/iter"}
	// Text columns are left-aligned, numbers right-aligned.
	leftAligned := []bool{true, false, false, true, true, true, false, false, false, false, false, false, false, false, false}
	rows := [][]string{header}
	for i := range recs {
		r := &recs[i]
		strat := r.Strategy
		for _, k := range slices.Sorted(maps.Keys(r.Params)) {
			strat += " " + k + "=" + r.Params[k]
		}
		moved := "-"
		if r.BytesMoved != 0 || r.SetupBytesMoved != 0 {
			moved = formatBytes(r.BytesMoved)
		}
		speedup, eff := "-", "-"
		if !math.IsNaN(r.Speedup) {
			speedup = formatRatio(r.Speedup) + "x"
			eff = formatRatio(100*r.Efficiency) + "%"
		}
		workers := strconv.Itoa(r.Workers)
		if r.WorkersAsked != 0 && r.WorkersAsked != r.Workers {
			workers += " of " + strconv.Itoa(r.WorkersAsked)
		}
		rows = append(rows, []string{
			r.GraphLabel, strconv.Itoa(r.Nodes), strconv.FormatInt(r.Arcs, 10), engineText(r), strat, r.Kernel, workers,
			formatNS(float64(r.SetupNS)), formatNS(r.NSPerIter), formatNS(r.NSPerIterMin), formatNS(r.NSPerIterMax),
			formatSI(r.ArcsPerSec), speedup, eff, moved,
		})
	}
	widths := make([]int, len(header))
	for _, row := range rows {
		for c, cellText := range row {
			widths[c] = max(widths[c], len([]rune(cellText)))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		for c, cellText := range row {
			pad := strings.Repeat(" ", widths[c]-len([]rune(cellText)))
			if c > 0 {
				b.WriteString("  ")
			}
			if leftAligned[c] {
				b.WriteString(cellText)
				if c < len(row)-1 {
					b.WriteString(pad)
				}
			} else {
				b.WriteString(pad)
				b.WriteString(cellText)
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// formatNS writes a duration in ns with three significant digits in the
// largest unit that keeps it at least 1.
func formatNS(ns float64) string {
	switch {
	case math.IsNaN(ns):
		return "-"
	case ns >= 1e9:
		return sig3(ns/1e9) + "s"
	case ns >= 1e6:
		return sig3(ns/1e6) + "ms"
	case ns >= 1e3:
		return sig3(ns/1e3) + "µs"
	}
	return sig3(ns) + "ns"
}

// formatSI writes x with three significant digits and an SI prefix.
func formatSI(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "-"
	case x >= 1e12:
		return sig3(x/1e12) + "T"
	case x >= 1e9:
		return sig3(x/1e9) + "G"
	case x >= 1e6:
		return sig3(x/1e6) + "M"
	case x >= 1e3:
		return sig3(x/1e3) + "k"
	}
	return sig3(x)
}

// formatRatio writes a speedup or percentage with two decimals, or two
// significant digits when that would show nothing but zeros.
func formatRatio(x float64) string {
	if math.Abs(x) >= 0.1 || x == 0 {
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
	return strconv.FormatFloat(x, 'g', 2, 64)
}

// formatBytes writes a byte count in B, KiB, MiB or GiB.
func formatBytes(n int64) string {
	x := float64(n)
	switch {
	case x >= 1<<30:
		return sig3(x/(1<<30)) + "GiB"
	case x >= 1<<20:
		return sig3(x/(1<<20)) + "MiB"
	case x >= 1<<10:
		return sig3(x/(1<<10)) + "KiB"
	}
	return strconv.FormatInt(n, 10) + "B"
}

// sig3 formats x (at least 1, below 1000, or 0) with three significant
// digits and no exponent.
func sig3(x float64) string {
	switch {
	case x >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case x >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}
