package benchrun_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/prkbench/prk/internal/benchrun"
	"github.com/prkbench/prk/strategy"
)

// TestEnginesAreADimension: every cell runs once per engine, records say
// which engine and how long its reordering took, speedups compare serial
// and lockfree on the same engine, and benchfmt names a non-reference
// engine (and only that) so benchstat keeps them apart.
func TestEnginesAreADimension(t *testing.T) {
	cfg := quick("serial", "lockfree")
	cfg.Graphs = []string{"seed:300"}
	cfg.Load = benchrun.DefaultConfig().Load
	seg := strategy.Engine{Layout: strategy.LayoutSegmented, Precision: strategy.F32, Order: strategy.OrderDegree}
	cfg.Engines = []strategy.Engine{{}, seg, {}}
	recs, err := benchrun.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("%d records, want 2 strategies x 2 engines (the repeated engine once)", len(recs))
	}
	byEngine := map[string]int{}
	for _, r := range recs {
		byEngine[r.Engine]++
		switch r.Engine {
		case "csr/f64/none":
			if r.ReorderNS != 0 {
				t.Errorf("reference engine reports reordering %d ns", r.ReorderNS)
			}
		case seg.String():
			if r.ReorderNS <= 0 {
				t.Errorf("%s: reordering time %d, want > 0", r.Engine, r.ReorderNS)
			}
		default:
			t.Errorf("unexpected engine %q", r.Engine)
		}
		if !(r.Speedup > 0) {
			t.Errorf("%s %s: speedup %v, want one against serial on the same engine", r.Engine, r.Strategy, r.Speedup)
		}
		if r.Strategy == "serial" && r.Speedup != 1 {
			t.Errorf("serial on %s has speedup %v against itself", r.Engine, r.Speedup)
		}
	}
	if byEngine["csr/f64/none"] != 2 || byEngine[seg.String()] != 2 {
		t.Fatalf("records by engine %v", byEngine)
	}
	var b bytes.Buffer
	if err := benchrun.WriteBenchfmt(&b, recs); err != nil {
		t.Fatal(err)
	}
	named := strings.Count(b.String(), "/engine=segmented-f32-degree")
	if named != 2*cfg.Count {
		t.Errorf("benchfmt names the segmented engine on %d lines, want %d:\n%s", named, 2*cfg.Count, b.String())
	}
	if strings.Contains(b.String(), "engine=csr-f64-none") {
		t.Error("benchfmt names the reference engine; its results should keep their old names")
	}
	b.Reset()
	if err := benchrun.WriteTable(&b, recs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "segmented/f32/degree (reorder") {
		t.Errorf("table does not show the engine and its reordering:\n%s", b.String())
	}
}

func TestUnknownEngineRefusedBeforeLoading(t *testing.T) {
	cfg := quick("serial")
	cfg.Engines = []strategy.Engine{{Layout: "tiled"}}
	cfg.Load = testLoad
	_, err := benchrun.Run(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), `unknown layout "tiled"`) {
		t.Fatalf("err = %v, want the unknown layout named", err)
	}
}
