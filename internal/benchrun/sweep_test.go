package benchrun_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/internal/benchrun"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

// sweepConfig is serial, mutex and lockfree on the study's XS graph
// (seed:100, far below lockfree's default minwork), two workers asked.
func sweepConfig() benchrun.Config {
	return benchrun.Config{
		Graphs:     []string{"seed:100"},
		Strategies: []string{"serial", "mutex", "lockfree"},
		Workers:    []int{2},
		Kernels:    []string{"generic"},
		Iterations: 2,
		Count:      1,
		Load:       benchrun.DefaultConfig().Load,
	}
}

// TestParamSweepIsAMatrixDimension: --param minwork=0,16384 makes two
// lockfree cells labelled with their value, and none for the strategies
// that do not take minwork; each record says the workers that ran (one
// with the default minwork on this small graph, two with minwork=0) and
// the workers asked for, and efficiency divides by the workers that ran.
func TestParamSweepIsAMatrixDimension(t *testing.T) {
	cfg := sweepConfig()
	cfg.Params = map[string][]string{"minwork": {"0", "16384"}}
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		strategy, minwork string
		workers, asked    int
	}
	var cells []got
	for _, r := range recs {
		cells = append(cells, got{r.Strategy, r.Params["minwork"], r.Workers, r.WorkersAsked})
		if r.Strategy != "lockfree" && r.Params != nil {
			t.Errorf("%s was given %v; only lockfree takes minwork", r.Strategy, r.Params)
		}
		if !math.IsNaN(r.Speedup) && math.Abs(r.Efficiency-r.Speedup/float64(r.Workers)) > 1e-12 {
			t.Errorf("%s %v: efficiency %g, want speedup %g / %d workers that ran", r.Strategy, r.Params, r.Efficiency, r.Speedup, r.Workers)
		}
	}
	want := []got{
		{"serial", "", 1, 1},
		{"mutex", "", 2, 2},
		{"lockfree", "0", 2, 2},
		{"lockfree", "16384", 1, 2},
	}
	if !slices.Equal(cells, want) {
		t.Errorf("cells %+v, want %+v", cells, want)
	}

	var b bytes.Buffer
	if err := benchrun.WriteBenchfmt(&b, recs); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		"BenchmarkPageRank/graph=XS/strategy=lockfree/workers=2/kernel=generic/minwork=0",
		"BenchmarkPageRank/graph=XS/strategy=lockfree/workers=1/asked=2/kernel=generic/minwork=16384",
		"BenchmarkPageRank/graph=XS/strategy=serial/workers=1/kernel=generic",
	} {
		if !strings.Contains(b.String(), name) {
			t.Errorf("benchfmt output lacks %s:\n%s", name, b.String())
		}
	}
	b.Reset()
	if err := benchrun.WriteTable(&b, recs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "lockfree minwork=16384") || !strings.Contains(b.String(), "1 of 2") {
		t.Errorf("table does not label the sweep or the workers that ran:\n%s", b.String())
	}
	b.Reset()
	if err := benchrun.WriteJSON(&b, recs); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Results []struct {
			Strategy     string            `json:"strategy"`
			Workers      int               `json:"workers"`
			WorkersAsked int               `json:"workers_asked"`
			Params       map[string]string `json:"params"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if r := doc.Results[3]; r.Workers != 1 || r.WorkersAsked != 2 || r.Params["minwork"] != "16384" {
		t.Errorf("JSON record %+v, want workers 1, workers_asked 2, minwork 16384", r)
	}
	rep, err := benchrun.ReadJSON(bytes.NewReader(b.Bytes()), "sweep.json")
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Records[3]; r.Workers != 1 || r.WorkersAsked != 2 {
		t.Errorf("read back workers %d of %d", r.Workers, r.WorkersAsked)
	}
	b.Reset()
	if err := benchrun.WriteCSV(&b, recs); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	if r := rows[4]; r[col["workers"]] != "1" || r[col["workers_asked"]] != "2" || r[col["params"]] != "minwork=16384" {
		t.Errorf("CSV row %v", r)
	}
}

// TestParamSweepCombinesKeys: two keys of one strategy give every
// combination, keys in sorted order, values in the order given.
func TestParamSweepCombinesKeys(t *testing.T) {
	cfg := sweepConfig()
	cfg.Strategies = []string{"lockfree"}
	cfg.Params = map[string][]string{"spin": {"0", "auto"}, "minwork": {"0", "1"}}
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.Params["minwork"]+"/"+r.Params["spin"])
	}
	if want := []string{"0/0", "0/auto", "1/0", "1/auto"}; !slices.Equal(got, want) {
		t.Errorf("combinations %v, want %v", got, want)
	}
}

// TestBadSweepFailsBeforeLoading: a value a strategy's schema refuses, or
// a key no strategy of the run takes, is an error naming the parameter and
// what it allows, before any graph is loaded.
func TestBadSweepFailsBeforeLoading(t *testing.T) {
	for _, c := range []struct {
		params map[string][]string
		want   []string
	}{
		{map[string][]string{"minwork": {"4096", "-1"}}, []string{`parameter minwork="-1" is below the minimum 0`, "an integer >= 0"}},
		{map[string][]string{"spin": {"soon"}}, []string{`spin="soon" is not a duration`, "auto or a duration"}},
		{map[string][]string{"chunks": {"0"}}, []string{`strategy mutex: parameter chunks="0"`, "an integer in [1, "}},
		{map[string][]string{"ipc": {"shm"}}, []string{`parameter "ipc" is taken by none`, "serial takes none", "lockfree takes minwork, spin"}},
		{map[string][]string{"minwork": {}}, []string{`parameter "minwork" has no values`}},
	} {
		cfg := sweepConfig()
		loaded := 0
		cfg.Load = func(spec string) (*graph.CSR, error) { loaded++; return benchrun.DefaultConfig().Load(spec) }
		cfg.Params = c.params
		if err := benchrun.Check(cfg); err == nil {
			t.Errorf("Check accepted %v", c.params)
		}
		recs, err := benchrun.Run(context.Background(), cfg)
		if err == nil || recs != nil || loaded != 0 {
			t.Errorf("%v: Run = %d records, %v, after loading %d graphs; want an error before loading", c.params, len(recs), err, loaded)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error %q does not say %q", c.params, err, w)
			}
		}
		if strings.Contains(c.want[0], "below") && !errors.Is(err, strategy.ErrBadParam) {
			t.Errorf("%v: error %v does not match strategy.ErrBadParam", c.params, err)
		}
	}
}

// TestRecordsNameTheExactKernel: a kernel asked for by an alias or as auto
// is recorded under the exact variant that ran, and names of one variant
// make one cell.
func TestRecordsNameTheExactKernel(t *testing.T) {
	names := []string{"auto", "generic"}
	for _, a := range kernel.Aliases() {
		if _, err := kernel.Lookup(a); err == nil {
			names = append(names, a, kernel.Resolve(a))
		}
	}
	cfg := sweepConfig()
	cfg.Strategies = []string{"serial"}
	cfg.Kernels = names
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.Kernel)
		if !slices.Contains(kernel.Names(), r.Kernel) {
			t.Errorf("record names kernel %q, not an exact variant (%v)", r.Kernel, kernel.Names())
		}
	}
	want := []string{}
	for _, n := range names {
		if e := kernel.Resolve(n); !slices.Contains(want, e) {
			want = append(want, e)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("kernels %v, want %v (one cell per exact variant)", got, want)
	}
}
