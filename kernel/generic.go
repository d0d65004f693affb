package kernel

import "math"

// Generic is the pure Go kernel. Its arithmetic is the serial reference's
// exactly: a true division for each contribution, each row summed from 0.0
// in ascending source order, and no fused multiply-add (the explicit
// float64 conversions forbid the compiler from fusing), so a serial solve
// with it reproduces the study's scores bit for bit.
var Generic = &Kernel{
	Name:                  "generic",
	Description:           "pure Go, scalar; the reference arithmetic",
	Contributions:         contributionsGeneric,
	WeightedContributions: weightedContributionsGeneric,
	PullRowSums:           pullRowSumsGeneric,
	WeightedPullRowSums:   weightedPullRowSumsGeneric,
}

func contributionsGeneric(c, x []float64, outdeg []uint32) (dangling float64) {
	c = c[:len(x)]
	outdeg = outdeg[:len(x)]
	for j, xj := range x {
		if d := outdeg[j]; d != 0 {
			c[j] = xj / float64(d)
		} else {
			c[j] = 0
			dangling += xj
		}
	}
	return dangling
}

func weightedContributionsGeneric(c, x, outWeight []float64) (dangling float64) {
	c = c[:len(x)]
	outWeight = outWeight[:len(x)]
	for j, xj := range x {
		if w := outWeight[j]; w > 0 {
			c[j] = xj / w
		} else {
			c[j] = 0
			dangling += xj
		}
	}
	return dangling
}

func pullRowSumsGeneric(y, xold, c []float64, offsets []int64, sources []uint32, base, damping float64) (residual float64) {
	rows := len(offsets) - 1
	y = y[:rows]
	xold = xold[:rows]
	for r := range rows {
		sum := 0.0
		for _, s := range sources[offsets[r]:offsets[r+1]] {
			sum += c[s]
		}
		v := float64(damping*sum) + base
		y[r] = v
		residual += math.Abs(v - xold[r])
	}
	return residual
}

func weightedPullRowSumsGeneric(y, xold, c []float64, offsets []int64, sources []uint32, weights []float64, base, damping float64) (residual float64) {
	rows := len(offsets) - 1
	y = y[:rows]
	xold = xold[:rows]
	for r := range rows {
		lo, hi := offsets[r], offsets[r+1]
		ws := weights[lo:hi]
		sum := 0.0
		for k, s := range sources[lo:hi] {
			sum += float64(ws[k] * c[s])
		}
		v := float64(damping*sum) + base
		y[r] = v
		residual += math.Abs(v - xold[r])
	}
	return residual
}
