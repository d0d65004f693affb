package kernel

import "math"

// The float32 operations keep scores, residuals and the dangling mass in
// float64 and store only the contribution vector c in float32: c is what
// an iteration reads at random, once per arc, so halving it halves the
// bytes that miss the cache, while every sum is still added in float64.

func contributions32Generic(c []float32, x []float64, outdeg []uint32) (dangling float64) {
	c = c[:len(x)]
	outdeg = outdeg[:len(x)]
	for j, xj := range x {
		if d := outdeg[j]; d != 0 {
			c[j] = float32(xj / float64(d))
		} else {
			c[j] = 0
			dangling += xj
		}
	}
	return dangling
}

func weightedContributions32Generic(c []float32, x, outWeight []float64) (dangling float64) {
	c = c[:len(x)]
	outWeight = outWeight[:len(x)]
	for j, xj := range x {
		if w := outWeight[j]; w > 0 {
			c[j] = float32(xj / w)
		} else {
			c[j] = 0
			dangling += xj
		}
	}
	return dangling
}

func pullRowSums32Generic(y, xold []float64, c []float32, offsets []int64, sources []uint32, base, damping float64) (residual float64) {
	rows := len(offsets) - 1
	y = y[:rows]
	xold = xold[:rows]
	for r := range rows {
		src := sources[offsets[r]:offsets[r+1]]
		var s0, s1, s2, s3 float64
		k := 0
		for ; k+4 <= len(src); k += 4 {
			q := src[k : k+4 : k+4]
			s0 += float64(c[q[0]])
			s1 += float64(c[q[1]])
			s2 += float64(c[q[2]])
			s3 += float64(c[q[3]])
		}
		for ; k < len(src); k++ {
			s0 += float64(c[src[k]])
		}
		v := float64(damping*((s0+s1)+(s2+s3))) + base
		y[r] = v
		residual += math.Abs(v - xold[r])
	}
	return residual
}

func weightedPullRowSums32Generic(y, xold []float64, c []float32, offsets []int64, sources []uint32, weights []float64, base, damping float64) (residual float64) {
	rows := len(offsets) - 1
	y = y[:rows]
	xold = xold[:rows]
	for r := range rows {
		lo, hi := offsets[r], offsets[r+1]
		ws := weights[lo:hi]
		sum := 0.0
		for k, s := range sources[lo:hi] {
			sum += ws[k] * float64(c[s])
		}
		v := float64(damping*sum) + base
		y[r] = v
		residual += math.Abs(v - xold[r])
	}
	return residual
}

// finishRowsGeneric turns row sums into scores: y[r] = base + damping*y[r],
// returning the L1 residual against xold.
func finishRowsGeneric(y, xold []float64, base, damping float64) (residual float64) {
	xold = xold[:len(y)]
	for r, sum := range y {
		v := float64(damping*sum) + base
		y[r] = v
		residual += math.Abs(v - xold[r])
	}
	return residual
}
