package pagerank

import (
	"slices"
	"time"
)

// MaxIterationTimes bounds the per-iteration times a Result keeps, so a
// solve of --iterations 2000000000 uses no more memory for them than one of
// 5000 (32 KiB).
const MaxIterationTimes = 4096

// TimeStats summarises a run of durations exactly: how many, their total,
// the shortest and the longest.
type TimeStats struct {
	Count    int
	Total    time.Duration
	Min, Max time.Duration
}

// Mean returns Total/Count, 0 when empty.
func (s *TimeStats) Mean() time.Duration {
	if s.Count == 0 {
		return 0
	}
	return s.Total / time.Duration(s.Count)
}

// Add records d in s and returns sample with d kept in it, a sample of at
// most MaxIterationTimes durations: every duration while there are no more
// than that, then a uniform random sample of them (reservoir sampling,
// Vitter's algorithm R, with a deterministic hash for its random numbers),
// so the sample's median estimates the median of all of them honestly.
// Call it with the sample it returned last time.
func (s *TimeStats) Add(sample []time.Duration, d time.Duration) []time.Duration {
	if s.Count == 0 || d < s.Min {
		s.Min = d
	}
	if s.Count == 0 || d > s.Max {
		s.Max = d
	}
	s.Count++
	s.Total += d
	if len(sample) < MaxIterationTimes {
		if len(sample) == cap(sample) {
			// Grow by doubling, but never past the bound, so the capacity
			// (the memory) is bounded too.
			grown := make([]time.Duration, len(sample), min(max(2*cap(sample), 16), MaxIterationTimes))
			copy(grown, sample)
			sample = grown
		}
		return append(sample, d)
	}
	// Duration number s.Count replaces a random slot with probability
	// MaxIterationTimes/s.Count.
	if j := mix64(uint64(s.Count)) % uint64(s.Count); j < MaxIterationTimes {
		sample[j] = d
	}
	return sample
}

// mix64 is SplitMix64's finaliser: a fixed, well-spread hash of i, so a
// sample is the same from run to run.
func mix64(i uint64) uint64 {
	i += 0x9e3779b97f4a7c15
	i = (i ^ i>>30) * 0xbf58476d1ce4e5b9
	i = (i ^ i>>27) * 0x94d049bb133111eb
	return i ^ i>>31
}

// MedianDuration returns the median of ds (the mean of the middle two for
// an even count), 0 for none. Of a Result's IterationTimes it is the exact
// median for up to MaxIterationTimes iterations and beyond that the median
// of a uniform sample of 4096: within about 1.5% of the count of the true
// median's rank, 19 times in 20.
func MedianDuration(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
