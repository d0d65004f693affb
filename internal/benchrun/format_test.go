package benchrun_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/perf/benchfmt"

	"github.com/prkbench/prk/internal/benchrun"
)

// formatRecords returns records from a real run (with serial, a byte mover
// and a parameter) plus a hand-made one with NaN speedup and a label that
// needs sanitising.
func formatRecords(t *testing.T) []benchrun.Record {
	t.Helper()
	cfg := quick("serial", stratMover, stratParam)
	cfg.Params = map[string][]string{"flavor": {"mint"}}
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return append(recs, benchrun.Record{
		Graph: "dir/my graph.txt", GraphLabel: "my_graph", Strategy: "mutex", Kernel: "generic",
		Workers: 2, Nodes: 7, Arcs: 12, Iterations: 2, Count: 3,
		SetupNS: 1234, SetupNSMin: 1200, SetupNSMax: 1500, SetupSamples: []int64{1500, 1200, 1234},
		NSPerIter: 105.5, NSPerIterMin: 100, NSPerIterMax: 120.25, NSPerIterQ1: 102, NSPerIterQ3: 111, NSPerIterStddev: 7.5,
		ArcsPerSec: 12 / 105.5e-9,
		Speedup:    math.NaN(), Efficiency: math.NaN(), Samples: []float64{101, 105.5, 110},
	})
}

func TestFormats(t *testing.T) {
	if got := benchrun.Formats(); !slices.Equal(got, []string{"table", "benchfmt", "json", "csv"}) {
		t.Errorf("Formats() = %v", got)
	}
}

// wantName is the benchmark name of r, built by hand.
func wantName(r benchrun.Record) string {
	name := fmt.Sprintf("BenchmarkPageRank/graph=%s/strategy=%s/workers=%d/kernel=%s", r.GraphLabel, r.Strategy, r.Workers, r.Kernel)
	if r.Params["flavor"] != "" {
		name += "/flavor=" + r.Params["flavor"]
	}
	if p := runtime.GOMAXPROCS(0); p != 1 {
		name += "-" + strconv.Itoa(p)
	}
	return name
}

func TestWriteBenchfmtParsesBack(t *testing.T) {
	recs := formatRecords(t)
	var buf bytes.Buffer
	if err := benchrun.WriteBenchfmt(&buf, recs); err != nil {
		t.Fatal(err)
	}
	rd := benchfmt.NewReader(bytes.NewReader(buf.Bytes()), "bench.txt")
	var results []*benchfmt.Result
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.Result:
			results = append(results, rec.Clone())
		case *benchfmt.SyntaxError:
			t.Errorf("syntax error: %v", rec)
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, r := range recs {
		want += r.Count
	}
	if len(results) != want {
		t.Fatalf("%d result lines, want %d (one per repetition):\n%s", len(results), want, buf.String())
	}
	i := 0
	for _, r := range recs {
		for rep, sample := range r.Samples {
			res := results[i]
			i++
			if got := "Benchmark" + res.Name.String(); got != wantName(r) {
				t.Errorf("name %q, want %q", got, wantName(r))
			}
			if res.Iters != r.Iterations {
				t.Errorf("%s: iters %d, want %d", res.Name, res.Iters, r.Iterations)
			}
			for _, key := range []string{"goos", "goarch", "pkg", "cores", "go", "prk"} {
				if res.GetConfig(key) == "" {
					t.Errorf("%s: no %s config", res.Name, key)
				}
			}
			if got := res.GetConfig("pkg"); got != "github.com/prkbench/prk/internal/benchrun" {
				t.Errorf("pkg %q", got)
			}
			// Values are written to six significant digits.
			if sec, ok := res.Value("sec/op"); !ok || math.Abs(sec-sample*1e-9) > 1e-5*sample*1e-9 {
				t.Errorf("%s rep %d: %v sec/op, want %v ns", res.Name, rep, sec, sample)
			}
			if v, ok := res.Value("arcs/s"); !ok || math.Abs(v-float64(r.Arcs)/sample*1e9) > 1e-5*v {
				t.Errorf("%s: arcs/s %v, want %v", res.Name, v, float64(r.Arcs)/sample*1e9)
			}
			// Each line carries its own repetition's set-up.
			if v, ok := res.Value("setup-sec"); !ok || math.Abs(v-float64(r.SetupSamples[rep])*1e-9) > 1e-12*v {
				t.Errorf("%s rep %d: setup %v s, want %d ns", res.Name, rep, v, r.SetupSamples[rep])
			}
			v, ok := res.Value("moved-B/op")
			if mover := r.Strategy == stratMover; ok != mover || (mover && v != moverIterBytes) {
				t.Errorf("%s: moved-B/op %v (present %v)", res.Name, v, ok)
			}
		}
	}
	units := rd.Units()
	for unit, better := range map[string]int{"arcs/s": 1, "setup-ns": -1, "sec/op": -1} {
		if got := units.GetBetter(unit); got != better {
			t.Errorf("unit %s: better %d, want %d", unit, got, better)
		}
	}
}

func TestWriteJSONRoundTrip(t *testing.T) {
	recs := formatRecords(t)
	var buf bytes.Buffer
	if err := benchrun.WriteJSON(&buf, recs); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Machine map[string]any   `json:"machine"`
		Results []map[string]any `json:"results"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	checkMachine(t, func(k string) string {
		if v, ok := doc.Machine[k].(float64); ok {
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		s, _ := doc.Machine[k].(string)
		return s
	})
	got := doc.Results
	if len(got) != len(recs) {
		t.Fatalf("%d objects for %d records", len(got), len(recs))
	}
	for i, r := range recs {
		o := got[i]
		strs := map[string]string{"graph": r.Graph, "graph_label": r.GraphLabel, "strategy": r.Strategy, "kernel": r.Kernel}
		for k, want := range strs {
			if o[k] != want {
				t.Errorf("record %d %s: %v, want %q", i, k, o[k], want)
			}
		}
		nums := map[string]float64{
			"workers": float64(r.Workers), "nodes": float64(r.Nodes), "arcs": float64(r.Arcs),
			"iterations": float64(r.Iterations), "count": float64(r.Count), "setup_ns": float64(r.SetupNS),
			"setup_ns_min": float64(r.SetupNSMin), "setup_ns_max": float64(r.SetupNSMax),
			"ns_per_iter": r.NSPerIter, "ns_per_iter_min": r.NSPerIterMin, "ns_per_iter_max": r.NSPerIterMax,
			"ns_per_iter_q1": r.NSPerIterQ1, "ns_per_iter_q3": r.NSPerIterQ3, "ns_per_iter_stddev": r.NSPerIterStddev,
			"arcs_per_sec": r.ArcsPerSec, "speedup": r.Speedup, "efficiency": r.Efficiency,
			"bytes_moved": float64(r.BytesMoved), "setup_bytes_moved": float64(r.SetupBytesMoved),
		}
		for k, want := range nums {
			v, present := o[k]
			if !present {
				t.Errorf("record %d: no %s", i, k)
				continue
			}
			if math.IsNaN(want) {
				if v != nil {
					t.Errorf("record %d %s: %v, want null for NaN", i, k, v)
				}
			} else if v != want {
				t.Errorf("record %d %s: %v, want %v", i, k, v, want)
			}
		}
		setups, _ := o["setup_samples_ns"].([]any)
		if len(setups) != len(r.SetupSamples) {
			t.Errorf("record %d: %d set-up samples, want %d", i, len(setups), len(r.SetupSamples))
		}
		for j := range min(len(setups), len(r.SetupSamples)) {
			if setups[j] != float64(r.SetupSamples[j]) {
				t.Errorf("record %d set-up sample %d: %v, want %v", i, j, setups[j], r.SetupSamples[j])
			}
		}
		samples, _ := o["samples_ns_per_iter"].([]any)
		if len(samples) != len(r.Samples) {
			t.Errorf("record %d: %d samples, want %d", i, len(samples), len(r.Samples))
		}
		for j := range min(len(samples), len(r.Samples)) {
			if samples[j] != r.Samples[j] {
				t.Errorf("record %d sample %d: %v, want %v", i, j, samples[j], r.Samples[j])
			}
		}
		var params map[string]string
		if p, ok := o["params"].(map[string]any); ok {
			params = map[string]string{}
			for k, v := range p {
				params[k], _ = v.(string)
			}
		}
		if !maps.Equal(params, r.Params) {
			t.Errorf("record %d params %v, want %v", i, params, r.Params)
		}
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	recs := formatRecords(t)
	var buf bytes.Buffer
	if err := benchrun.WriteCSV(&buf, recs); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(recs)+1 {
		t.Fatalf("%d rows for %d records and a header", len(rows), len(recs))
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for i, r := range recs {
		row := rows[i+1]
		get := func(name string) string {
			c, ok := col[name]
			if !ok {
				t.Fatalf("no column %s in %v", name, rows[0])
			}
			return row[c]
		}
		for name, want := range map[string]string{
			"graph": r.Graph, "graph_label": r.GraphLabel, "strategy": r.Strategy, "kernel": r.Kernel,
			"workers": strconv.Itoa(r.Workers), "nodes": strconv.Itoa(r.Nodes), "arcs": strconv.FormatInt(r.Arcs, 10),
			"iterations": strconv.Itoa(r.Iterations), "count": strconv.Itoa(r.Count), "setup_ns": strconv.FormatInt(r.SetupNS, 10),
			"setup_ns_min": strconv.FormatInt(r.SetupNSMin, 10), "setup_ns_max": strconv.FormatInt(r.SetupNSMax, 10),
			"bytes_moved": strconv.FormatInt(r.BytesMoved, 10), "setup_bytes_moved": strconv.FormatInt(r.SetupBytesMoved, 10),
		} {
			if got := get(name); got != want {
				t.Errorf("record %d %s: %q, want %q", i, name, got, want)
			}
		}
		for name, want := range map[string]float64{
			"ns_per_iter": r.NSPerIter, "ns_per_iter_min": r.NSPerIterMin, "ns_per_iter_max": r.NSPerIterMax,
			"ns_per_iter_q1": r.NSPerIterQ1, "ns_per_iter_q3": r.NSPerIterQ3, "ns_per_iter_stddev": r.NSPerIterStddev,
			"arcs_per_sec": r.ArcsPerSec, "speedup": r.Speedup, "efficiency": r.Efficiency,
		} {
			field := get(name)
			if math.IsNaN(want) {
				if field != "" {
					t.Errorf("record %d %s: %q, want empty for NaN", i, name, field)
				}
				continue
			}
			if v, err := strconv.ParseFloat(field, 64); err != nil || v != want {
				t.Errorf("record %d %s: %q, want %v", i, name, field, want)
			}
		}
		var samples []float64
		for _, f := range strings.Fields(get("samples_ns_per_iter")) {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatal(err)
			}
			samples = append(samples, v)
		}
		if !slices.Equal(samples, r.Samples) {
			t.Errorf("record %d samples %v, want %v", i, samples, r.Samples)
		}
		var setups []int64
		for _, f := range strings.Fields(get("setup_samples_ns")) {
			v, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			setups = append(setups, v)
		}
		if !slices.Equal(setups, r.SetupSamples) {
			t.Errorf("record %d set-up samples %v, want %v", i, setups, r.SetupSamples)
		}
		checkMachine(t, get)
		wantParams := ""
		if f := r.Params["flavor"]; f != "" {
			wantParams = "flavor=" + f
		}
		if got := get("params"); got != wantParams {
			t.Errorf("record %d params %q, want %q", i, got, wantParams)
		}
	}
}

func TestWriteTableIsAligned(t *testing.T) {
	recs := formatRecords(t)
	var buf bytes.Buffer
	if err := benchrun.WriteTable(&buf, recs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(recs)+1 {
		t.Fatalf("%d lines for %d records:\n%s", len(lines), len(recs), buf.String())
	}
	for _, col := range []string{"graph", "strategy", "kernel", "workers", "setup", "median/iter", "min", "max", "arcs/s", "speedup", "efficiency"} {
		if !slices.Contains(strings.Fields(lines[0]), col) {
			t.Errorf("header %q lacks %q", lines[0], col)
		}
	}
	width := utf8.RuneCountInString(lines[0])
	for i, r := range recs {
		line := lines[i+1]
		if utf8.RuneCountInString(line) != width {
			t.Errorf("line %d is %d wide, header %d:\n%s", i+1, utf8.RuneCountInString(line), width, buf.String())
		}
		fields := strings.Fields(line)
		if fields[0] != r.GraphLabel || !slices.Contains(fields, r.Strategy) || !slices.Contains(fields, r.Kernel) {
			t.Errorf("line %q does not show %s %s %s", line, r.GraphLabel, r.Strategy, r.Kernel)
		}
		// The last three columns: speedup, efficiency, bytes moved.
		speedup, eff := fields[len(fields)-3], fields[len(fields)-2]
		if math.IsNaN(r.Speedup) {
			if speedup != "-" || eff != "-" {
				t.Errorf("line %q: speedup %s efficiency %s without serial, want - -", line, speedup, eff)
			}
		} else {
			checkShown(t, line, speedup, "x", r.Speedup)
			checkShown(t, line, eff, "%", 100*r.Efficiency)
		}
	}
	// The hand-made record's times, in human units.
	last := lines[len(lines)-1]
	for _, want := range []string{"1.23µs", "106ns", "100ns", "120ns", "114M"} {
		if !strings.Contains(last, want) {
			t.Errorf("line %q lacks %q", last, want)
		}
	}
}

// checkShown checks that field is want, rounded for people, then suffix.
func checkShown(t *testing.T, line, field, suffix string, want float64) {
	t.Helper()
	v, err := strconv.ParseFloat(strings.TrimSuffix(field, suffix), 64)
	if err != nil || !strings.HasSuffix(field, suffix) {
		t.Errorf("line %q: field %q is not a number then %q", line, field, suffix)
		return
	}
	// Two decimals, or two significant digits below 0.1.
	if math.Abs(v-want) > 0.005 || (want < 0.1 && math.Abs(v-want) > 0.05*want) {
		t.Errorf("line %q: shows %q for %v", line, field, want)
	}
}

// checkMachine checks the machine fields a report carries, read by get.
func checkMachine(t *testing.T, get func(string) string) {
	t.Helper()
	for k, want := range map[string]string{
		"goos": runtime.GOOS, "goarch": runtime.GOARCH, "go_version": runtime.Version(),
		"cores": strconv.Itoa(runtime.NumCPU()), "gomaxprocs": strconv.Itoa(runtime.GOMAXPROCS(0)),
	} {
		if got := get(k); got != want {
			t.Errorf("machine %s: %q, want %q", k, got, want)
		}
	}
	if get("prk_version") == "" {
		t.Errorf("machine: no prk_version")
	}
	if get("cpu") != benchrun.CurrentMachine().CPU {
		t.Errorf("machine cpu %q, want %q", get("cpu"), benchrun.CurrentMachine().CPU)
	}
}

// TestSetupIsMeasuredPerRepetition: every timed repetition prepares its own
// strategy, so a record has one set-up sample per repetition, and the
// benchfmt lines do not all repeat one figure.
func TestSetupIsMeasuredPerRepetition(t *testing.T) {
	cfg := quick("serial")
	cfg.Graphs = cfg.Graphs[:1]
	cfg.Count = 6
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := recs[0]
	if len(r.SetupSamples) != cfg.Count {
		t.Fatalf("%d set-up samples for %d repetitions", len(r.SetupSamples), cfg.Count)
	}
	distinct := map[int64]bool{}
	for _, s := range r.SetupSamples {
		if s <= 0 {
			t.Errorf("set-up sample %d ns", s)
		}
		distinct[s] = true
	}
	// Six nanosecond-resolution timings of real work are never all equal.
	if len(distinct) < 2 {
		t.Errorf("set-up samples %v are one figure repeated", r.SetupSamples)
	}
}
