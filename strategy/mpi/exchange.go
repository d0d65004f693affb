//go:build mpi

package mpi

import (
	"fmt"
	"math/bits"

	mpic "github.com/prkbench/prk/internal/mpi"
	"github.com/prkbench/prk/strategy"
)

// Exchange modes, the values of the "exchange" parameter.
const (
	exchangeAuto       = "auto"
	exchangeAllgatherv = "allgatherv"
	exchangeAlltoallv  = "alltoallv"
)

// exchange moves, each iteration, the contributions a rank's rows read
// from the ranks that own them.
type exchange struct {
	sparse bool
	elem   int // bytes per contribution: 8 (f64) or 4 (f32)
	// Allgatherv: every rank's rows, as counts and displacements.
	counts, displs []int
	// Alltoallv: sendIdx are the nodes (all this rank's) whose
	// contributions go out, grouped by the rank that asked; recvIdx the
	// nodes (other ranks') whose contributions come in, grouped by owner.
	sendIdx, recvIdx        []uint32
	scounts, sdispls        []int
	rcounts, rdispls        []int
	send64, recv64          []float64
	send32, recv32          []float32
	denseBytes, sparseBytes int64 // this rank's bytes per iteration in each mode
}

// bytes returns what this rank sends plus receives per iteration.
func (e *exchange) bytes() int64 {
	if e.sparse {
		return e.sparseBytes
	}
	return e.denseBytes
}

// newExchange plans the exchange for this rank's block b among ranges (one
// per rank), collectively: every rank must call it after the same Step.
// mode is exchangeAuto, exchangeAllgatherv or exchangeAlltoallv.
func newExchange(b *strategy.Block, ranges []strategy.Range, rank, elem int, mode string, moved *int64) (*exchange, error) {
	size := len(ranges)
	e := &exchange{elem: elem, counts: make([]int, size), displs: make([]int, size)}
	own := ranges[rank]
	n := b.N
	for r, rg := range ranges {
		e.counts[r], e.displs[r] = rg.Hi-rg.Lo, rg.Lo
	}
	rows := int64(own.Hi - own.Lo)
	e.denseBytes = (int64(n)-rows)*int64(elem) + rows*int64(size-1)*int64(elem)
	if mode == exchangeAllgatherv || size == 1 {
		return e, nil
	}
	// The sources this rank's arcs read outside its rows, ascending, so
	// grouped by owner (ranges are ascending and contiguous).
	need := make([]uint64, (n+63)/64)
	lo, hi := b.Offsets[0], b.Offsets[len(b.Offsets)-1]
	for _, s := range b.Sources[lo:hi] {
		if int(s) < own.Lo || int(s) >= own.Hi {
			need[s/64] |= 1 << (s % 64)
		}
	}
	e.rcounts, e.rdispls = make([]int, size), make([]int, size)
	owner := 0
	for w, word := range need {
		for word != 0 {
			t := bits.TrailingZeros64(word)
			word &^= 1 << t
			j := w*64 + t
			for j >= ranges[owner].Hi {
				owner++
			}
			e.recvIdx = append(e.recvIdx, uint32(j))
			e.rcounts[owner]++
		}
	}
	for r := 1; r < size; r++ {
		e.rdispls[r] = e.rdispls[r-1] + e.rcounts[r-1]
	}
	// Tell each owner how many entries this rank wants from it, then which.
	ones, idx := make([]int, size), make([]int, size)
	for r := range size {
		ones[r], idx[r] = 1, r
	}
	want, asked := make([]int64, size), make([]int64, size)
	for r, c := range e.rcounts {
		want[r] = int64(c)
	}
	if err := mpic.Alltoallv(want, ones, idx, asked, ones, idx); err != nil {
		return nil, err
	}
	// A rank that finds something wrong must not leave the others in the
	// next collective: the ranks agree on every check first.
	agree := func(bad error) error {
		kind := kindPlan
		if bad != nil {
			kind = mpic.Failed
		}
		st, err := mpic.Step(kind, 0)
		*moved += int64(size-1) * 32
		switch {
		case err != nil:
			return err
		case bad != nil:
			return bad
		case !st.Agreed(kindPlan):
			return &PeerError{Rank: st.FirstOther(kindPlan), State: "failed"}
		}
		return nil
	}
	e.scounts, e.sdispls = make([]int, size), make([]int, size)
	total := 0
	var bad error
	for r, c := range asked {
		if c < 0 || c > int64(rows) {
			bad = fmt.Errorf("strategy mpi: rank %d asked for %d contributions of rank %d's %d rows", r, c, rank, rows)
			break
		}
		e.scounts[r], e.sdispls[r] = int(c), total
		total += int(c)
	}
	if err := agree(bad); err != nil {
		return nil, err
	}
	e.sendIdx = make([]uint32, total)
	if err := mpic.Alltoallv(e.recvIdx, e.rcounts, e.rdispls, e.sendIdx, e.scounts, e.sdispls); err != nil {
		return nil, err
	}
	for _, j := range e.sendIdx {
		if int(j) < own.Lo || int(j) >= own.Hi {
			bad = fmt.Errorf("strategy mpi: rank %d was asked for node %d's contribution, outside its rows [%d, %d)", rank, j, own.Lo, own.Hi)
			break
		}
	}
	if err := agree(bad); err != nil {
		return nil, err
	}
	e.sparseBytes = int64(len(e.recvIdx)+len(e.sendIdx)) * int64(elem)
	*moved += int64(size)*8*2 + int64(len(e.recvIdx)+len(e.sendIdx))*4
	sparse := mode == exchangeAlltoallv
	if mode == exchangeAuto {
		// Every rank must choose the same: compare the job's totals.
		tot := []int64{e.sparseBytes, e.denseBytes}
		if err := mpic.AllreduceSum(tot); err != nil {
			return nil, err
		}
		*moved += int64(size) * 16
		sparse = tot[0] < tot[1]
	}
	e.sparse = sparse
	if sparse {
		if elem == 4 {
			e.send32, e.recv32 = make([]float32, len(e.sendIdx)), make([]float32, len(e.recvIdx))
		} else {
			e.send64, e.recv64 = make([]float64, len(e.sendIdx)), make([]float64, len(e.recvIdx))
		}
	}
	return e, nil
}

// run exchanges c: afterwards c holds, besides this rank's own entries,
// every entry its rows read (dense: all of them).
func (e *exchange) run(c strategy.Contribs) error {
	if !e.sparse {
		if len(e.counts) == 1 {
			return nil
		}
		if c.F32 != nil {
			return mpic.Allgatherv(c.F32, e.counts, e.displs)
		}
		return mpic.Allgatherv(c.F64, e.counts, e.displs)
	}
	if c.F32 != nil {
		return alltoallv(e, c.F32, e.send32, e.recv32)
	}
	return alltoallv(e, c.F64, e.send64, e.recv64)
}

// alltoallv packs the entries of c other ranks need into send, exchanges
// them, and unpacks what this rank needs from recv into c, in either
// precision.
func alltoallv[T float32 | float64](e *exchange, c, send, recv []T) error {
	for i, j := range e.sendIdx {
		send[i] = c[j]
	}
	if err := mpic.Alltoallv(send, e.scounts, e.sdispls, recv, e.rcounts, e.rdispls); err != nil {
		return err
	}
	for i, j := range e.recvIdx {
		c[j] = recv[i]
	}
	return nil
}
