package pagerank

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/prkbench/prk/graph"
)

// Reference solves PageRank on g serially with the reference arithmetic:
//
//   - each contribution is x[j] / outdeg[j], a true division (not a multiply
//     by a reciprocal);
//   - each row sums its in-neighbours' contributions from 0.0 in ascending
//     source order;
//   - the teleport term (1-d)/n is computed at run time;
//   - no fused multiply-add: float64(d*sum) + t rounds the product first.
//
// With those rules the study's random graphs give the study's scores bit for
// bit. Reference checks ctx between iterations.
func Reference(ctx context.Context, g *graph.CSR, o Options) (*Result, error) {
	if err := checkGraph(g); err != nil {
		return nil, err
	}
	if err := o.Validate(g.N); err != nil {
		return nil, err
	}
	n := g.N
	res := &Result{Strategy: "reference", Kernel: "reference", Workers: 1}
	if n == 0 {
		res.Scores = []float64{}
		res.Converged = true
		return res, nil
	}
	weighted := g.Weighted() && !o.IgnoreWeights
	if weighted {
		if err := CheckOutWeights(g); err != nil {
			return nil, fmt.Errorf("pagerank: %w", err)
		}
	}
	var x []float64
	if o.Start != nil {
		x = append([]float64(nil), Normalized(o.Start)...)
	} else {
		x = Uniform(n)
	}
	var p []float64
	if o.Personalization != nil {
		p = Normalized(o.Personalization)
	}
	y := make([]float64, n)
	c := make([]float64, n)
	d := o.Damping
	for it := 1; ; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		start := time.Now()
		dangling := 0.0
		for j := range n {
			var out float64
			if weighted {
				out = g.OutWeight[j]
			} else {
				out = float64(g.OutDegree[j])
			}
			if out > 0 {
				c[j] = x[j] / out
			} else {
				c[j] = 0
				dangling += x[j]
			}
		}
		base := Teleport(d, dangling, n)
		teleScale := (1 - d) + float64(d*dangling)
		residual := 0.0
		for i := range n {
			lo, hi := g.InOffsets[i], g.InOffsets[i+1]
			sum := 0.0
			for k := lo; k < hi; k++ {
				if weighted {
					sum += float64(g.InWeights[k] * c[g.InSources[k]])
				} else {
					sum += c[g.InSources[k]]
				}
			}
			t := base
			if p != nil {
				t = float64(teleScale * p[i])
			}
			v := float64(d*sum) + t
			y[i] = v
			residual += math.Abs(v - x[i])
		}
		x, y = y, x
		res.AddIterationTime(time.Since(start))
		res.Iterations = it
		res.Residual = residual
		if stop, conv := o.StopAfter(it, residual); stop {
			res.Converged = conv
			break
		}
	}
	if err := CheckScores(x, d); err != nil {
		return nil, err
	}
	res.Scores = x
	return res, nil
}
