package benchrun

import (
	"math"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/prkbench/prk/pagerank"
)

func TestFillSpeedupsArithmetic(t *testing.T) {
	recs := []Record{
		{Graph: "g", Kernel: "generic", Strategy: "mutex", Workers: 2, NSPerIter: 40},
		{Graph: "g", Kernel: "generic", Strategy: "serial", Workers: 1, NSPerIter: 100},
		{Graph: "g", Kernel: "generic", Strategy: "lockfree", Workers: 4, NSPerIter: 125},
		{Graph: "g", Kernel: "avx2", Strategy: "serial", Workers: 1, NSPerIter: 60},
		{Graph: "g", Kernel: "avx2", Strategy: "mutex", Workers: 2, NSPerIter: 24},
		{Graph: "h", Kernel: "generic", Strategy: "mutex", Workers: 2, NSPerIter: 10}, // no serial on h
	}
	fillSpeedups(recs)
	want := []struct{ speedup, efficiency float64 }{
		{2.5, 1.25}, // 100/40, /2
		{1, 1},
		{0.8, 0.2}, // 100/125, /4
		{1, 1},
		{2.5, 1.25}, // 60/24 against avx2's serial, not generic's
		{math.NaN(), math.NaN()},
	}
	for i, w := range want {
		r := recs[i]
		if !sameFloat(r.Speedup, w.speedup) || !sameFloat(r.Efficiency, w.efficiency) {
			t.Errorf("record %d (%s %s w=%d): speedup %v efficiency %v, want %v %v",
				i, r.Kernel, r.Strategy, r.Workers, r.Speedup, r.Efficiency, w.speedup, w.efficiency)
		}
	}
}

func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-15*math.Abs(b)
}

func TestSummarize(t *testing.T) {
	// Two repetitions of three iterations, laid out repetition by repetition.
	times := []time.Duration{30, 10, 20, 70, 40, 1000}
	rec := Record{Iterations: 3, Count: 2, Arcs: 500}
	var tm timings
	for rep := range 2 {
		var total time.Duration
		for _, d := range times[3*rep : 3*rep+3] {
			tm.add(d)
			total += d
		}
		tm.endRepetition(total, 3)
	}
	summarize(&rec, &tm)
	if rec.Samples[0] != 20 || rec.Samples[1] != 370 {
		t.Errorf("samples %v, want [20 370]", rec.Samples)
	}
	// Sorted: 10 20 30 40 70 1000; the median is (30+40)/2.
	if rec.NSPerIter != 35 || rec.NSPerIterMin != 10 || rec.NSPerIterMax != 1000 {
		t.Errorf("median %v min %v max %v, want 35 10 1000", rec.NSPerIter, rec.NSPerIterMin, rec.NSPerIterMax)
	}
	if want := 500 / 35e-9; math.Abs(rec.ArcsPerSec-want) > 1e-9*want {
		t.Errorf("arcs/s %v, want %v", rec.ArcsPerSec, want)
	}
	if m := median([]int64{1, 5, 9}); m != 5 {
		t.Errorf("median of 1 5 9 = %v", m)
	}
	if m := median([]int64{7}); m != 7 {
		t.Errorf("median of 7 = %v", m)
	}
}

// TestTimingsBounded: a cell of many iterations keeps at most
// pagerank.MaxIterationTimes times, with the exact minimum and maximum and
// a median that is still the middle of the distribution.
func TestTimingsBounded(t *testing.T) {
	var tm timings
	const n = 50 * pagerank.MaxIterationTimes
	for i := range n {
		// A permutation of 1..n: the true median is about n/2.
		tm.add(time.Duration(1 + (i*7919)%n))
	}
	tm.endRepetition(0, n)
	if cap(tm.sample) > pagerank.MaxIterationTimes {
		t.Fatalf("kept %d iteration times (cap %d), want at most %d", len(tm.sample), cap(tm.sample), pagerank.MaxIterationTimes)
	}
	rec := Record{Iterations: n, Count: 1, Arcs: 1}
	summarize(&rec, &tm)
	if rec.NSPerIterMin != 1 || rec.NSPerIterMax != n {
		t.Errorf("min %v max %v, want 1 and %d", rec.NSPerIterMin, rec.NSPerIterMax, n)
	}
	if rel := math.Abs(rec.NSPerIter-n/2) / n; rel > 0.03 {
		t.Errorf("median %v, want about %d (off by %.1f%% of the range)", rec.NSPerIter, n/2, 100*rel)
	}
}

func TestSpreadStatistics(t *testing.T) {
	// Two repetitions of four iterations; sorted: 10 20 30 40 50 60 70 80.
	times := []int64{80, 10, 50, 30, 20, 70, 40, 60}
	rec := Record{Iterations: 4, Count: 2, Arcs: 1, SetupSamples: []int64{900, 100}}
	var tm timings
	for i, d := range times {
		tm.add(time.Duration(d))
		if i%4 == 3 {
			tm.endRepetition(0, 4)
		}
	}
	summarize(&rec, &tm)
	// Type-7 quartiles: positions 1.75 and 5.25 of 0..7.
	if rec.NSPerIterQ1 != 27.5 || rec.NSPerIterQ3 != 62.5 {
		t.Errorf("quartiles %v %v, want 27.5 62.5", rec.NSPerIterQ1, rec.NSPerIterQ3)
	}
	// Sample standard deviation of 10..80 step 10: sqrt(600).
	if want := math.Sqrt(600); math.Abs(rec.NSPerIterStddev-want) > 1e-9 {
		t.Errorf("stddev %v, want %v", rec.NSPerIterStddev, want)
	}
	if rec.SetupNS != 500 || rec.SetupNSMin != 100 || rec.SetupNSMax != 900 {
		t.Errorf("set-up median %d min %d max %d, want 500 100 900", rec.SetupNS, rec.SetupNSMin, rec.SetupNSMax)
	}
	if !(rec.SetupSamples[0] == 900 && rec.SetupSamples[1] == 100) {
		t.Errorf("summarize reordered the set-up samples: %v", rec.SetupSamples)
	}
	if q := quantile([]int64{5}, 0.25); q != 5 {
		t.Errorf("quantile of one value = %v", q)
	}
	if s := stddev([]int64{5}); s != 0 {
		t.Errorf("stddev of one value = %v", s)
	}
}

// TestQuantileIsNotGonumLinInterp holds why quantile is not
// stat.Quantile: on 1 2 3 4 the study's (type 7) median is 2.5 and its
// quartiles 1.75 and 3.25, while gonum's LinInterp gives 2, 1 and 3.
// If gonum ever matches, quantile can become a call to it.
func TestQuantileIsNotGonumLinInterp(t *testing.T) {
	sorted := []int64{1, 2, 3, 4}
	fs := []float64{1, 2, 3, 4}
	for _, c := range []struct{ q, want float64 }{{0.5, 2.5}, {0.25, 1.75}, {0.75, 3.25}} {
		if got := quantile(sorted, c.q); got != c.want {
			t.Errorf("quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	if g := stat.Quantile(0.5, stat.LinInterp, fs, nil); g == 2.5 {
		t.Logf("gonum's LinInterp median is now %v, the type 7 value: quantile could use it", g)
	}
	if m := median(sorted); m != 2.5 {
		t.Errorf("median of 1 2 3 4 = %v, want 2.5", m)
	}
}
