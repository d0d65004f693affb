package benchrun_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/internal/benchrun"
	"github.com/prkbench/prk/kernel"
)

// quick returns a small config over the test graphs.
func quick(strategies ...string) benchrun.Config {
	return benchrun.Config{
		Graphs:     []string{"ring:16", "ring:40"},
		Strategies: strategies,
		Workers:    []int{2},
		Kernels:    []string{"generic"},
		Iterations: 3,
		Count:      2,
		Load:       testLoad,
	}
}

// instancesByID groups the log by strategy instance, in creation order.
func instancesByID(evs []event) (ids []int, byID map[int][]event) {
	byID = map[int][]event{}
	for _, ev := range evs {
		if _, ok := byID[ev.id]; !ok {
			ids = append(ids, ev.id)
		}
		byID[ev.id] = append(byID[ev.id], ev)
	}
	return ids, byID
}

// timedInstances returns the instances that were prepared (the cells), in
// order, and checks that every other instance (a validation probe) was only
// closed, and closed before the first cell was prepared.
func timedInstances(t *testing.T, evs []event) [][]event {
	t.Helper()
	firstPrepare := slices.IndexFunc(evs, func(ev event) bool { return ev.call == "prepare" })
	ids, byID := instancesByID(evs)
	var cells [][]event
	for _, id := range ids {
		calls := byID[id]
		if calls[0].call == "prepare" {
			cells = append(cells, calls)
			continue
		}
		if len(calls) != 1 || calls[0].call != "close" {
			t.Errorf("instance %d was never prepared but saw %v", id, callNames(calls))
		}
		if i := slices.IndexFunc(evs, func(ev event) bool { return ev.id == id }); firstPrepare >= 0 && i > firstPrepare {
			t.Errorf("instance %d was probed after timing began", id)
		}
	}
	return cells
}

func callNames(evs []event) []string {
	var names []string
	for _, ev := range evs {
		names = append(names, ev.call)
	}
	return names
}

// wantLifecycle is the calls one repetition makes on its own strategy
// instance: Prepare, the iterations, Close. A cell is count+1 such
// instances: the warm-up, then the timed repetitions.
func wantLifecycle(iterations int) []string {
	calls := []string{"prepare"}
	for range iterations {
		calls = append(calls, "iterate")
	}
	return append(calls, "close")
}

func TestRunLifecycleCellsAndLabels(t *testing.T) {
	resetLog()
	cfg := quick(stratLog)
	cfg.Workers = []int{1, 3, 3, 0}
	cfg.Kernels = []string{"generic", "auto", "generic"}
	cfg.Iterations, cfg.Count = 4, 3
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}

	// The matrix the test expects, built from the config by hand.
	type cellKey struct {
		graph, kernel string
		workers       int
	}
	var want []cellKey
	kernels := []string{"generic"}
	if best := kernel.Best().Name; best != "generic" {
		kernels = append(kernels, best)
	}
	workers := []int{1, 3}
	if n := runtime.NumCPU(); n != 1 && n != 3 {
		workers = append(workers, n)
	}
	for _, g := range cfg.Graphs {
		for _, k := range kernels {
			for _, w := range workers {
				want = append(want, cellKey{g, k, w})
			}
		}
	}
	if len(recs) != len(want) {
		t.Fatalf("got %d records, want %d cells %v", len(recs), len(want), want)
	}
	instances := timedInstances(t, events())
	perCell := cfg.Count + 1 // the warm-up and each timed repetition prepare their own
	if len(instances) != len(want)*perCell {
		t.Fatalf("%d strategy instances were prepared, want %d (%d per cell)", len(instances), len(want)*perCell, perCell)
	}
	for i, w := range want {
		r := recs[i]
		if (cellKey{r.Graph, r.Kernel, r.Workers}) != w {
			t.Errorf("record %d is %s/%s/%d, want %v", i, r.Graph, r.Kernel, r.Workers, w)
		}
		g := testGraphs[w.graph]
		if r.GraphLabel != w.graph || r.Strategy != stratLog || r.Nodes != g.N || r.Arcs != int64(len(g.InSources)) ||
			r.Iterations != 4 || r.Count != 3 {
			t.Errorf("record %d: %+v", i, r)
		}
		cell := instances[i*perCell : (i+1)*perCell]
		var cellEvents []event
		for rep, calls := range cell {
			if got, wantCalls := callNames(calls), wantLifecycle(4); !slices.Equal(got, wantCalls) {
				t.Errorf("cell %d repetition %d calls:\n got %v\nwant %v", i, rep, got, wantCalls)
			}
			cellEvents = append(cellEvents, calls...)
		}
		if len(r.SetupSamples) != r.Count {
			t.Errorf("record %d: %d set-up samples for %d repetitions", i, len(r.SetupSamples), r.Count)
		}
		wantLabels := map[string]string{"strategy": stratLog, "graph": w.graph, "kernel": w.kernel, "workers": strconv.Itoa(w.workers)}
		for _, ev := range cellEvents {
			if ev.workers != w.workers || ev.kernel != w.kernel {
				t.Errorf("cell %d: strategy made with %d workers, kernel %s; want %d, %s", i, ev.workers, ev.kernel, w.workers, w.kernel)
			}
			if ev.labels != nil && !maps.Equal(ev.labels, wantLabels) {
				t.Errorf("cell %d %s: pprof labels %v, want %v", i, ev.call, ev.labels, wantLabels)
			}
		}
		checkTimings(t, r)
		if !math.IsNaN(r.Speedup) || !math.IsNaN(r.Efficiency) {
			t.Errorf("record %d: speedup %v efficiency %v without serial in the run, want NaN", i, r.Speedup, r.Efficiency)
		}
	}
}

// checkTimings checks the statistics of r are consistent with each other.
func checkTimings(t *testing.T, r benchrun.Record) {
	t.Helper()
	if len(r.Samples) != r.Count {
		t.Errorf("%s: %d samples for count %d", r.Strategy, len(r.Samples), r.Count)
	}
	if !(r.NSPerIterMin >= 0 && r.NSPerIterMin <= r.NSPerIter && r.NSPerIter <= r.NSPerIterMax && r.NSPerIter > 0) {
		t.Errorf("%s: min %v median %v max %v out of order", r.Strategy, r.NSPerIterMin, r.NSPerIter, r.NSPerIterMax)
	}
	for _, s := range r.Samples {
		// Each sample is the mean of some of the iterations min and max bound.
		if s < r.NSPerIterMin || s > r.NSPerIterMax {
			t.Errorf("%s: sample %v outside [%v, %v]", r.Strategy, s, r.NSPerIterMin, r.NSPerIterMax)
		}
	}
	if want := float64(r.Arcs) * 1e9 / r.NSPerIter; math.Abs(r.ArcsPerSec-want) > 1e-9*want {
		t.Errorf("%s: arcs/s %v, want %v", r.Strategy, r.ArcsPerSec, want)
	}
	if !(r.SetupNSMin >= 0 && r.SetupNSMin <= r.SetupNS && r.SetupNS <= r.SetupNSMax) {
		t.Errorf("%s: set-up min %d median %d max %d out of order", r.Strategy, r.SetupNSMin, r.SetupNS, r.SetupNSMax)
	}
	if !(r.NSPerIterMin <= r.NSPerIterQ1 && r.NSPerIterQ1 <= r.NSPerIter && r.NSPerIter <= r.NSPerIterQ3 && r.NSPerIterQ3 <= r.NSPerIterMax) {
		t.Errorf("%s: min %v q1 %v median %v q3 %v max %v out of order", r.Strategy, r.NSPerIterMin, r.NSPerIterQ1, r.NSPerIter, r.NSPerIterQ3, r.NSPerIterMax)
	}
	if !(r.NSPerIterStddev >= 0) {
		t.Errorf("%s: stddev %v", r.Strategy, r.NSPerIterStddev)
	}
}

// TestGoroutinesCarryTheCellLabels checks what CPU profiles see: the
// goroutine labels (not just the ctx's) of the goroutine that runs the cell
// and of one the strategy starts in Prepare. The goroutine profile's text
// form prints each stack's labels, so no profile parser is needed.
func TestGoroutinesCarryTheCellLabels(t *testing.T) {
	var profile bytes.Buffer
	iterateHook = func() {
		if profile.Len() == 0 {
			if err := pprof.Lookup("goroutine").WriteTo(&profile, 1); err != nil {
				t.Error(err)
			}
		}
	}
	defer func() { iterateHook = nil }()
	cfg := quick(stratSpawn)
	cfg.Graphs = []string{"ring:40"}
	cfg.Workers = []int{3}
	if _, err := benchrun.Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	wantLabels := []string{`"strategy":"` + stratSpawn + `"`, `"graph":"ring:40"`, `"kernel":"generic"`, `"workers":"3"`}
	for _, fn := range []string{"spawnedWorker", "(*logged).Iterate"} {
		// Stacks are blank-line separated; find the one through fn.
		var stack string
		for _, s := range strings.Split(profile.String(), "\n\n") {
			if strings.Contains(s, "benchrun_test."+fn) {
				stack = s
			}
		}
		if stack == "" {
			t.Fatalf("no goroutine in %s in the profile:\n%s", fn, profile.String())
		}
		for _, l := range wantLabels {
			if !strings.Contains(stack, "# labels: {") || !strings.Contains(stack, l) {
				t.Errorf("goroutine in %s lacks label %s:\n%s", fn, l, stack)
			}
		}
	}
}

func TestSerialRunsOnceAndSpeedupsFollowFromMedians(t *testing.T) {
	cfg := quick("serial", stratLog)
	cfg.Workers = []int{2, 3}
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Per graph: serial once, stratLog at 2 and 3 workers.
	if len(recs) != 2*3 {
		t.Fatalf("got %d records, want 6", len(recs))
	}
	serialNS := map[string]float64{}
	for _, r := range recs {
		if r.Strategy == "serial" {
			if r.Workers != 1 {
				t.Errorf("serial ran with %d workers, want 1", r.Workers)
			}
			if _, dup := serialNS[r.Graph]; dup {
				t.Errorf("serial ran twice on %s", r.Graph)
			}
			serialNS[r.Graph] = r.NSPerIter
		}
	}
	for _, r := range recs {
		checkTimings(t, r)
		base, ok := serialNS[r.Graph]
		if !ok {
			t.Fatalf("no serial record for %s", r.Graph)
		}
		want := base / r.NSPerIter
		if math.Abs(r.Speedup-want) > 1e-12*want {
			t.Errorf("%s %s w=%d: speedup %v, want %v / %v = %v", r.Graph, r.Strategy, r.Workers, r.Speedup, base, r.NSPerIter, want)
		}
		if wantEff := want / float64(r.Workers); math.Abs(r.Efficiency-wantEff) > 1e-12*wantEff {
			t.Errorf("%s %s w=%d: efficiency %v, want %v", r.Graph, r.Strategy, r.Workers, r.Efficiency, wantEff)
		}
		if r.Strategy == "serial" && (r.Speedup != 1 || r.Efficiency != 1) {
			t.Errorf("serial's own speedup %v efficiency %v, want 1 and 1", r.Speedup, r.Efficiency)
		}
	}
}

func TestBytesMovedCountsTimedIterationsOnly(t *testing.T) {
	cfg := quick(stratMover, stratLog)
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		switch r.Strategy {
		case stratMover:
			// Reset's bytes and the warm-up's are not the timed iterations'.
			if r.BytesMoved != moverIterBytes || r.SetupBytesMoved != moverSetupBytes {
				t.Errorf("mover: %d B/iter and %d B set-up, want %d and %d", r.BytesMoved, r.SetupBytesMoved, moverIterBytes, moverSetupBytes)
			}
		default:
			if r.BytesMoved != 0 || r.SetupBytesMoved != 0 {
				t.Errorf("%s is no ByteMover but moved %d/%d bytes", r.Strategy, r.BytesMoved, r.SetupBytesMoved)
			}
		}
	}
}

func TestParamsGoToTheStrategiesThatTakeThem(t *testing.T) {
	resetLog()
	cfg := quick("serial", stratParam)
	cfg.Graphs = cfg.Graphs[:1]
	cfg.Params = map[string][]string{"flavor": {"mint"}}
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("got %d records, want 2", len(recs))
	}
	for _, r := range recs {
		var want map[string]string
		if r.Strategy == stratParam {
			want = map[string]string{"flavor": "mint"}
		}
		if !maps.Equal(r.Params, want) {
			t.Errorf("%s got params %v, want %v", r.Strategy, r.Params, want)
		}
	}
	for _, cell := range timedInstances(t, events()) {
		if got := cell[0].params["flavor"]; got != "mint" {
			t.Errorf("the param strategy was made with flavor %q", got)
		}
	}

	for _, tc := range []struct {
		params map[string][]string
		want   string
	}{
		{map[string][]string{"flavor": {"bad"}}, `flavor "bad" is not one it knows`},
		{map[string][]string{"flavor": {"mint", "bad"}}, `flavor "bad" is not one it knows`},
		{map[string][]string{"nosuch": {"1"}}, `parameter "nosuch" is taken by none`},
	} {
		resetLog()
		cfg.Params = tc.params
		recs, err := benchrun.Run(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("params %v: error %v, want one containing %q", tc.params, err, tc.want)
		}
		if recs != nil || slices.ContainsFunc(events(), func(ev event) bool { return ev.call == "prepare" }) {
			t.Errorf("params %v: something ran before the error", tc.params)
		}
	}
}

func TestValidationFailsBeforeAnythingRuns(t *testing.T) {
	var lacking string // a kernel in this binary that this CPU cannot run
	for _, name := range kernel.Names() {
		if !slices.ContainsFunc(kernel.Supported(), func(k *kernel.Kernel) bool { return k.Name == name }) {
			lacking = name
		}
	}
	cases := []struct {
		name   string
		modify func(*benchrun.Config)
		want   string
	}{
		{"unknown strategy", func(c *benchrun.Config) { c.Strategies = append(c.Strategies, "nosuch") }, `unknown strategy "nosuch"`},
		{"no strategies", func(c *benchrun.Config) { c.Strategies = nil }, "no strategies"},
		{"unknown kernel", func(c *benchrun.Config) { c.Kernels = []string{"generic", "nosuch"} }, `kernel "nosuch" is not in this binary`},
		{"lacking kernel", func(c *benchrun.Config) { c.Kernels = []string{lacking} }, "needs CPU features"},
		{"negative workers", func(c *benchrun.Config) { c.Workers = []int{2, -1} }, "worker count -1"},
		{"negative iterations", func(c *benchrun.Config) { c.Iterations = -3 }, "iterations -3"},
		{"negative count", func(c *benchrun.Config) { c.Count = -1 }, "count -1"},
		{"no loader", func(c *benchrun.Config) { c.Load = nil }, "Load is nil"},
		{"no graphs", func(c *benchrun.Config) { c.Graphs = nil }, "no graphs"},
		{"missing graph", func(c *benchrun.Config) { c.Graphs = append(c.Graphs, "ring:999") }, "loading graph ring:999: ring:999: no such test graph"},
		{"empty graph", func(c *benchrun.Config) { c.Graphs = append(c.Graphs, "empty:0") }, "graph empty:0 has no nodes"},
		{"nil graph", func(c *benchrun.Config) {
			c.Load = func(string) (*graph.CSR, error) { return nil, nil }
		}, "gave no graph"},
		{"same label", func(c *benchrun.Config) { c.Graphs = []string{"a/g.txt", "b/g.txt.gz"} }, `would both be labelled "g"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "lacking kernel" && lacking == "" {
				t.Skip("every kernel in this binary runs on this CPU")
			}
			resetLog()
			cfg := quick(stratLog, "serial")
			tc.modify(&cfg)
			recs, err := benchrun.Run(context.Background(), cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if recs != nil {
				t.Errorf("got %d records", len(recs))
			}
			if slices.ContainsFunc(events(), func(ev event) bool { return ev.call == "prepare" }) {
				t.Errorf("a strategy was prepared before the error")
			}
		})
	}
}

func TestCancelStopsPromptlyWithRecordsSoFar(t *testing.T) {
	resetLog()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelHook = cancel
	defer func() { cancelHook = nil }()
	cfg := quick(stratLog, stratCancel)
	cfg.Iterations, cfg.Count = 50, 50 // far more than run: cancel must cut it short
	start := time.Now()
	recs, err := benchrun.Run(ctx, cfg)
	if !errors.Is(err, context.Canceled) || err != ctx.Err() {
		t.Fatalf("error %v, want ctx.Err() = %v", err, ctx.Err())
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("cancelled run took %v", elapsed)
	}
	// Cells: ring:16 log (completes), ring:16 cancel (cancelled), then none.
	if len(recs) != 1 || recs[0].Strategy != stratLog || recs[0].Graph != "ring:16" {
		t.Fatalf("records %+v, want ring:16's %s only", recs, stratLog)
	}
	// The first cell prepares count+1 instances (warm-up and repetitions);
	// the second is cancelled in its warm-up's instance.
	instances := timedInstances(t, events())
	if want := cfg.Count + 2; len(instances) != want {
		t.Fatalf("%d strategy instances prepared, want %d", len(instances), want)
	}
	cancelled := callNames(instances[len(instances)-1])
	if cancelled[len(cancelled)-1] != "close" {
		t.Errorf("cancelled cell was not closed: %v", cancelled)
	}
	// It was cancelled in its third iteration (the warm-up): at most one
	// more Iterate may run (the strategy notices on its next call).
	if n := strings.Count(strings.Join(cancelled, " "), "iterate"); n > 4 {
		t.Errorf("cancelled cell ran %d iterations after cancel in the 3rd", n)
	}

	// A context cancelled before Run starts nothing.
	resetLog()
	recs, err = benchrun.Run(ctx, quick(stratLog))
	if err != context.Canceled || len(recs) != 0 {
		t.Errorf("pre-cancelled: %d records, error %v", len(recs), err)
	}
	if slices.ContainsFunc(events(), func(ev event) bool { return ev.call == "prepare" }) {
		t.Errorf("pre-cancelled run prepared a strategy")
	}
}

func TestFailureNamesTheCellAndKeepsEarlierRecords(t *testing.T) {
	resetLog()
	recs, err := benchrun.Run(context.Background(), quick(stratLog, stratFail))
	if err == nil {
		t.Fatal("no error from a strategy whose Prepare fails")
	}
	for _, want := range []string{"ring:16", stratFail, "kernel generic", "deliberate prepare failure"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if len(recs) != 1 || recs[0].Strategy != stratLog {
		t.Errorf("got records %+v, want the first cell's", recs)
	}
	cells := timedInstances(t, events())
	if got := callNames(cells[len(cells)-1]); !slices.Equal(got, []string{"prepare", "close"}) {
		t.Errorf("failing cell saw %v, want prepare then close", got)
	}
}

func TestProgressReportsEveryCell(t *testing.T) {
	var lines []string
	cfg := quick("serial", stratLog)
	cfg.Progress = func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		want := fmt.Sprintf("graph=%s strategy=%s workers=%d kernel=%s", r.GraphLabel, r.Strategy, r.Workers, r.Kernel)
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, want) }) {
			t.Errorf("no progress line mentions %q in %q", want, lines)
		}
	}
	for _, l := range lines {
		if strings.Contains(l, "\n") {
			t.Errorf("progress line %q holds a newline", l)
		}
	}
}

func TestGraphLabel(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"seed:100", "XS"},
		{"seed:1000", "L"},
		{"seed:2000", "XL"},
		{"seed:1000:0", "L"}, // the study's seed spelled out
		{"seed:1000:7", "seed:1000:7"},
		{"SEED:1000", "SEED:1000"}, // no generator is called SEED: a file
		{"seed:500", "seed:500"},
		{"kron:16", "kron:16"},
		{"kron:16,seed=3", "kron:16,seed=3"},
		{"../../../shared/data/cnr-2000.txt.gz", "cnr-2000"},
		{"uk-2007-05@100000.txt.gz", "uk-2007-05@100000"},
		{"/data/metis-4elt.graph.gz", "metis-4elt"},
		{"graph.prkg", "graph"},
		{"edges", "edges"},
		{"v1.2-web.tsv.bz2", "v1.2-web"},
		{"./seed:100.txt", "seed:100"},
		{"./kron:16", "kron:16"}, // a file called kron:16
		{"foo:bar", "foo:bar"},   // a file: foo is no generator
		{"my graph.txt", "my_graph"},
		{".hidden", ".hidden"},
	} {
		if got := benchrun.GraphLabel(tc.spec); got != tc.want {
			t.Errorf("GraphLabel(%q) = %q, want %q", tc.spec, got, tc.want)
		}
	}
}

func TestDefaultConfigIsTheStudysMatrix(t *testing.T) {
	c := benchrun.DefaultConfig()
	if !slices.Equal(c.Strategies, []string{"serial", "mutex", "lockfree", "subprocess"}) ||
		!slices.Equal(c.Graphs, []string{"seed:100", "seed:1000", "seed:2000"}) ||
		!slices.Equal(c.Workers, []int{runtime.NumCPU()}) || !slices.Equal(c.Kernels, []string{"auto"}) ||
		c.Iterations != 10 || c.Count != 6 || c.Load == nil {
		t.Errorf("DefaultConfig() = %+v", c)
	}
	var labels []string
	for _, g := range c.Graphs {
		labels = append(labels, benchrun.GraphLabel(g))
	}
	if !slices.Equal(labels, []string{"XS", "L", "XL"}) {
		t.Errorf("default graphs are labelled %v, want XS L XL", labels)
	}
}
