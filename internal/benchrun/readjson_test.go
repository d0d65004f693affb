package benchrun

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// TestReadJSONRoundTrip: what WriteJSON writes, ReadJSON reads back, with
// null (no serial, so no speedup) as NaN and the machine kept.
func TestReadJSONRoundTrip(t *testing.T) {
	recs := []Record{
		{Graph: "seed:100", GraphLabel: "XS", Strategy: "serial", Kernel: "generic", Workers: 1, NSPerIter: 100, Speedup: 1, Samples: []float64{99, 101}},
		{Graph: "seed:100", GraphLabel: "XS", Strategy: "lockfree", Kernel: "generic", Workers: 2, NSPerIter: 60, Speedup: math.NaN(), Params: map[string]string{"k": "v"}},
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, recs); err != nil {
		t.Fatal(err)
	}
	rep, err := ReadJSON(&buf, "r.json")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Machine != CurrentMachine() {
		t.Errorf("machine %+v, want %+v", rep.Machine, CurrentMachine())
	}
	if len(rep.Records) != 2 {
		t.Fatalf("%d records, want 2", len(rep.Records))
	}
	a, b := rep.Records[0], rep.Records[1]
	if a.GraphLabel != "XS" || a.Strategy != "serial" || a.NSPerIter != 100 || a.Speedup != 1 || len(a.Samples) != 2 || a.Samples[1] != 101 {
		t.Errorf("first record %+v", a)
	}
	if b.Workers != 2 || !math.IsNaN(b.Speedup) || b.Params["k"] != "v" {
		t.Errorf("second record %+v", b)
	}
}

// TestReadJSONErrorsNameTheFile: bad input is an error naming the file and
// the problem, never a panic or an empty report.
func TestReadJSONErrorsNameTheFile(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "empty file"},
		{"{\"results\": [", "truncated"},
		{"{\"results\": [}", "byte"},
		{"{\"results\": [{\"strategy\": 3}]}", "strategy"},
		{"{\"machine\": {}}", "no \"results\""},
		{"{\"results\": [{\"graph_label\": \"XS\"}]}", "result 1"},
		{"[1,2]", "want"},
	} {
		_, err := ReadJSON(strings.NewReader(c.in), "bad.json")
		if err == nil {
			t.Errorf("%q: no error", c.in)
			continue
		}
		if !strings.Contains(err.Error(), "bad.json") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %q, want the file name and %q", c.in, err, c.want)
		}
	}
}
