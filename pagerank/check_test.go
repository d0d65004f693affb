package pagerank_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/prkbench/prk/pagerank"
)

// TestValidateRefusesOverflowingSums: a personalization or start vector of
// finite entries whose sum overflows used to normalise to all zeros and
// "converge" to scores summing to ~0.
func TestValidateRefusesOverflowingSums(t *testing.T) {
	big := []float64{math.MaxFloat64, math.MaxFloat64}
	for _, c := range []struct {
		name string
		set  func(o *pagerank.Options)
		says string
	}{
		{"personalization", func(o *pagerank.Options) { o.Personalization = big }, "personalization vector sums to +Inf"},
		{"start", func(o *pagerank.Options) { o.Start = big }, "start vector sums to +Inf"},
		{"zero-personalization", func(o *pagerank.Options) { o.Personalization = []float64{0, 0} }, "personalization vector sums to 0"},
	} {
		o := pagerank.Default()
		c.set(&o)
		if err := o.Validate(2); err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: Validate returned %v, want an error saying %q", c.name, err, c.says)
		}
	}
	o := pagerank.Default()
	o.Personalization = []float64{math.MaxFloat64 / 4, math.MaxFloat64 / 4}
	if err := o.Validate(2); err != nil {
		t.Errorf("large entries with a finite sum: %v", err)
	}
}

func TestCheckScores(t *testing.T) {
	for _, c := range []struct {
		scores []float64
		says   string // "" for valid
	}{
		{[]float64{0.25, 0.75}, ""},
		{[]float64{}, ""},
		{[]float64{0.5, 0.5 + 1e-9}, ""},
		{[]float64{0.5, 0.4}, "sum to 0.9"},
		{[]float64{0, 0}, "sum to 0"},
		{[]float64{math.Inf(1), 0}, "score +Inf for node 0"},
		{[]float64{0.5, math.NaN()}, "score NaN for node 1"},
		{[]float64{1.5, -0.5}, "score -0.5 for node 1"},
	} {
		err := pagerank.CheckScores(c.scores, 0.85)
		switch {
		case c.says == "" && err != nil:
			t.Errorf("%v: %v", c.scores, err)
		case c.says != "" && (err == nil || !strings.Contains(err.Error(), c.says)):
			t.Errorf("%v: got %v, want an error saying %q", c.scores, err, c.says)
		}
	}
}

// TestIterationTimesStayBounded: recording a million iteration times keeps
// at most MaxIterationTimes of them, allocates nothing once the sample is
// full, keeps exact count, total, min and max, and a median near the true
// one.
func TestIterationTimesStayBounded(t *testing.T) {
	var res pagerank.Result
	const n = 1_000_000
	var total time.Duration
	for i := range n {
		d := time.Duration(1 + (i*7919)%n) // a permutation of 1..n
		res.AddIterationTime(d)
		total += d
	}
	if c := cap(res.IterationTimes); c > pagerank.MaxIterationTimes {
		t.Fatalf("kept capacity for %d times, want at most %d", c, pagerank.MaxIterationTimes)
	}
	s := res.IterationStats
	if s.Count != n || s.Total != total || s.Min != 1 || s.Max != n {
		t.Errorf("stats %+v, want count %d total %v min 1 max %d", s, n, total, n)
	}
	if m := pagerank.MedianDuration(res.IterationTimes); math.Abs(float64(m)-n/2) > 0.03*n {
		t.Errorf("median %d, want about %d", m, n/2)
	}
	if a := testing.AllocsPerRun(1000, func() { res.AddIterationTime(5) }); a != 0 {
		t.Errorf("AddIterationTime allocates %v times per call once full", a)
	}
	// Up to the bound every time is kept, in order.
	var few pagerank.Result
	for i := range 10 {
		few.AddIterationTime(time.Duration(i))
	}
	if len(few.IterationTimes) != 10 || few.IterationTimes[9] != 9 || pagerank.MedianDuration(few.IterationTimes) != 4 {
		t.Errorf("10 times kept as %v", few.IterationTimes)
	}
}
