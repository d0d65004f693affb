//go:build mpi

package mpi

import (
	"fmt"
	"math"

	mpic "github.com/prkbench/prk/internal/mpi"
)

// checkDegrees checks, collectively, what no rank of a partial problem can
// check alone: that every stored out-degree (and out-weight) of its rows
// agrees with the arcs of all the parts. Each rank counts the sources of
// its own arcs into a vector of N, the ranks add them (MPI_Allreduce), and
// each compares its rows; then they agree on the outcome, so a bad file is
// an error on every rank, reported by the rank that found it.
func (s *solver) checkDegrees() error {
	b := &s.block
	n := b.N
	deg := make([]uint32, n)
	lo, hi := b.Offsets[0], b.Offsets[len(b.Offsets)-1]
	for _, j := range b.Sources[lo:hi] {
		deg[j]++
	}
	if err := mpic.AllreduceSum(deg); err != nil {
		return err
	}
	var sum []float64
	if b.Weights != nil {
		sum = make([]float64, n)
		for k, j := range b.Sources[lo:hi] {
			sum[j] += b.Weights[lo+int64(k)]
		}
		if err := mpic.AllreduceSum(sum); err != nil {
			return err
		}
	}
	s.moved += 2 * int64(s.size-1) * (4*int64(n) + 8*int64(len(sum))) // sent and received, logically
	var bad error
	badNode := -1
	for i, d := range b.OutDegree {
		j := b.Lo + i
		if d != deg[j] {
			bad = fmt.Errorf("strategy mpi: node %d's stored out-degree %d differs from its %d out-arcs in the whole graph", j, d, deg[j])
		} else if sum != nil && !sameSum(b.OutWeight[i], sum[j], d) {
			bad = fmt.Errorf("strategy mpi: node %d's stored out-weight %v is not %v, the sum of its %d out-arcs' weights in the whole graph", j, b.OutWeight[i], sum[j], d)
		}
		if bad != nil {
			badNode = j
			break
		}
	}
	kind := kindCheck
	if bad != nil {
		kind = mpic.Failed
	}
	st, err := s.step(kind, float64(badNode))
	switch {
	case err != nil:
		return err
	case bad != nil:
		return bad
	case !st.Agreed(kindCheck):
		r := st.FirstOther(kindCheck)
		return fmt.Errorf("strategy mpi: rank %d found node %d's stored out-degree or out-weight wrong: %w", r, int64(st.Values[r]), &PeerError{Rank: r, State: "failed"})
	}
	return nil
}

// sameSum is graphio's test: summing d non-negative terms in two orders
// differs by less than d·2^-52 of the larger sum.
func sameSum(stored, sum float64, d uint32) bool {
	if stored == sum {
		return true
	}
	return math.Abs(stored-sum) <= float64(d)*0x1p-52*max(stored, sum)
}
