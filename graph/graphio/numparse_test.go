package graphio

import (
	"bytes"
	"io"
	"math"
	"strings"
	"testing"
)

// TestWeightSyntax: weights are decimal numbers. strconv.ParseFloat also
// takes hexadecimal floats and underscores between digits; no graph file
// means 0x1p4 as 16 or 1_0 as 10, so they are errors, as are the names of
// the non-finite values.
func TestWeightSyntax(t *testing.T) {
	for _, tok := range []string{"1_0", "1_000.5", "0x1p4", "0x_1p4", "0X1P-2", "1e", "1e+", ".", "+", "-", "e5", "1.2.3", "١"} {
		_, msg := parseWeight([]byte(tok))
		if !strings.Contains(msg, "not a decimal number") {
			t.Errorf("weight %q: got %q, want \"not a decimal number\"", tok, msg)
		}
	}
	for _, tok := range []string{"inf", "+Inf", "-inf", "Infinity", "nan", "NaN", "-nan"} {
		if _, msg := parseWeight([]byte(tok)); msg == "" || strings.Contains(msg, "decimal") {
			t.Errorf("weight %q: got %q, want it refused as infinite or NaN", tok, msg)
		}
	}
	for tok, want := range map[string]float64{
		"+1": 1, "007": 7, "1.": 1, ".5": 0.5, "1e+3": 1000, "1E-3": 0.001, "-0": 0, "0.000": 0,
		"2.5e0": 2.5, "12345678901234567890": 12345678901234567890,
	} {
		w, msg := parseWeight([]byte(tok))
		if msg != "" || w != want || math.Signbit(w) {
			t.Errorf("weight %q: got %v %q, want %v", tok, w, msg, want)
		}
	}
	// The same through a whole file, with the line named.
	g, err := Read(strings.NewReader("0 1 2\n1 0 1_0\n"), "u.el", LoadOptions{})
	checkParseError(t, g, err, "u.el", 2, `invalid weight "1_0": not a decimal number`)
}

// TestMatrixMarketIntegerField: the "integer" field holds integers; other
// fields read decimals.
func TestMatrixMarketIntegerField(t *testing.T) {
	const banner = "%%MatrixMarket matrix coordinate integer general\n"
	g, err := Read(strings.NewReader(banner+"2 2 2\n1 2 +007\n2 1 9007199254740992\n"), "i.mtx", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if g.InWeights[0] != 9007199254740992 || g.InWeights[1] != 7 {
		t.Errorf("weights %v", g.InWeights)
	}
	for _, v := range []string{"1.5", "1.0", "1e3", "-1", "0x10", "1_0", "+"} {
		g, err := Read(strings.NewReader(banner+"2 2 1\n1 2 "+v+"\n"), "i.mtx", LoadOptions{})
		checkParseError(t, g, err, "i.mtx", 3, "")
		if err != nil && !strings.Contains(err.Error(), v) {
			t.Errorf("value %s: error %q does not quote it", v, err)
		}
	}
}

// TestPRKGOutWeightOrder: out-weights summed in another order than the
// builder's (by another program, or by hand) are accepted; they differ by
// rounding only.
func TestPRKGOutWeightOrder(t *testing.T) {
	g := prkgGraph(t, 50, 3000, true, false, 9)
	// Re-sum each node's out-weight backwards over the arcs.
	sum := make([]float64, g.N)
	for i := g.N - 1; i >= 0; i-- {
		for k := g.InOffsets[i+1] - 1; k >= g.InOffsets[i]; k-- {
			sum[g.InSources[k]] += g.InWeights[k]
		}
	}
	differ := 0
	for j := range sum {
		if sum[j] != g.OutWeight[j] {
			differ++
		}
	}
	g.OutWeight = sum
	var b bytes.Buffer
	if err := EncodePRKG(&b, g); err != nil {
		t.Fatal(err)
	}
	if _, err := DecodePRKG(bytes.NewReader(b.Bytes()), "order.prkg"); err != nil {
		t.Fatalf("out-weights summed backwards (%d differ in the last bits): %v", differ, err)
	}
	if err := EncodePRKG(io.Discard, g); err != nil {
		t.Fatal(err)
	}
}
