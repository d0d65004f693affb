//go:build mpi

package main

import (
	"fmt"
	"math"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/order"
	mpic "github.com/prkbench/prk/internal/mpi"
	"github.com/prkbench/prk/strategy"
	mpistrategy "github.com/prkbench/prk/strategy/mpi"
)

// stepScatter is the Step kind of the scatter (internal/mpi's shared
// kinds are negative, the strategy's small positive numbers).
const stepScatter int64 = 100

// scatterPart loads the graph on rank 0 (any format prk reads, or a
// generator spec) and sends every rank its rows: the header and the
// offsets to all (MPI_Bcast), each rank's arcs, out-degrees and weights to
// it alone (MPI_Alltoallv with rank 0 the only sender), and the ids to all.
// Rank 0 holds the whole graph while it loads and sends; the others only
// their rows. A load that fails on rank 0 fails every rank, rank 0
// reporting it. MPI counts are 32-bit: a rank's arcs and the whole graph's
// arc count must stay below 2^31 (a .prkg read in parts has no such limit
// on M).
func scatterPart(c *cli.Context, plan *solvePlan) (*graph.CSR, strategy.Part, error) {
	rank, size := mpic.Rank(), mpic.Size()
	var g *graph.CSR
	var loadErr error
	if rank == 0 {
		g, _, loadErr = loadGraph(c, plan.spec, plan.load)
		if loadErr == nil && g.Order != nil {
			// A graph stored renumbered (a gzip'd .prkg) is sent in the
			// file's order: the other ranks get ids, not an order.
			g, loadErr = order.FileOrder(g, 0)
		}
	}
	kind := stepScatter
	if loadErr != nil {
		kind = mpic.Failed
	}
	st, err := mpic.Step(kind, 0)
	switch {
	case err != nil:
		return nil, strategy.Part{}, err
	case loadErr != nil:
		return nil, strategy.Part{}, loadErr
	case !st.Agreed(stepScatter):
		r := st.FirstOther(stepScatter)
		return nil, strategy.Part{}, &mpistrategy.PeerError{Rank: r, State: mpic.KindName(st.Kinds[r])}
	}
	head := make([]int64, 4)
	if rank == 0 {
		head = []int64{int64(g.N), g.Arcs(), b2i(g.Weighted()), b2i(g.IDs != nil)}
	}
	if err := mpic.Bcast(head, 0); err != nil {
		return nil, strategy.Part{}, err
	}
	n, m, weighted, hasIDs := int(head[0]), head[1], head[2] != 0, head[3] != 0
	if m > math.MaxInt32 {
		// Every rank sees the same head, so every rank stops here.
		return nil, strategy.Part{}, fmt.Errorf("%s: %d arcs: rank 0 can send at most 2^31-1 arcs with MPI's 32-bit counts; convert the graph to .prkg (prk convert), which every rank reads in parts", plan.spec, m)
	}
	offsets := make([]int64, n+1)
	if rank == 0 {
		copy(offsets, g.InOffsets)
	}
	if err := mpic.Bcast(offsets, 0); err != nil {
		return nil, strategy.Part{}, err
	}
	ranges := mpistrategy.SplitOffsets(offsets, size)
	own := ranges[rank]
	// Rank 0 sends rank r its arcs [offsets[lo], offsets[hi]) and its
	// rows [lo, hi); everyone receives only from rank 0.
	arcCounts, arcDispls := make([]int, size), make([]int, size)
	rowCounts, rowDispls := make([]int, size), make([]int, size)
	if rank == 0 {
		for r, rg := range ranges {
			arcCounts[r], arcDispls[r] = int(offsets[rg.Hi]-offsets[rg.Lo]), int(offsets[rg.Lo])
			rowCounts[r], rowDispls[r] = rg.Hi-rg.Lo, rg.Lo
		}
	}
	zero := make([]int, size)
	ownArcs := int(offsets[own.Hi] - offsets[own.Lo])
	fromRoot := func(count int) []int { v := make([]int, size); v[0] = count; return v }
	part := strategy.Part{N: n, Lo: own.Lo, Hi: own.Hi, InOffsets: offsets[own.Lo : own.Hi+1],
		InSources: make([]uint32, ownArcs), OutDegree: make([]uint32, own.Hi-own.Lo)}
	var src graph.CSR
	if rank == 0 {
		src = *g
	}
	if err := mpic.Alltoallv(src.InSources, arcCounts, arcDispls, part.InSources, fromRoot(ownArcs), zero); err != nil {
		return nil, strategy.Part{}, err
	}
	if err := mpic.Alltoallv(src.OutDegree, rowCounts, rowDispls, part.OutDegree, fromRoot(own.Hi-own.Lo), zero); err != nil {
		return nil, strategy.Part{}, err
	}
	if weighted {
		part.InWeights, part.OutWeight = make([]float64, ownArcs), make([]float64, own.Hi-own.Lo)
		if err := mpic.Alltoallv(src.InWeights, arcCounts, arcDispls, part.InWeights, fromRoot(ownArcs), zero); err != nil {
			return nil, strategy.Part{}, err
		}
		if err := mpic.Alltoallv(src.OutWeight, rowCounts, rowDispls, part.OutWeight, fromRoot(own.Hi-own.Lo), zero); err != nil {
			return nil, strategy.Part{}, err
		}
	}
	view := &graph.CSR{N: n, InOffsets: []int64{0, m}}
	if weighted {
		view.InWeights = []float64{} // Weighted() reports it; the view holds no arcs
	}
	if hasIDs {
		view.IDs = make([]uint64, n)
		if rank == 0 {
			copy(view.IDs, g.IDs)
		}
		if err := mpic.Bcast(view.IDs, 0); err != nil {
			return nil, strategy.Part{}, err
		}
	}
	return view, part, nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
