package strategy

import (
	"errors"
	"fmt"
	"math"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
)

// Part is rows [Lo, Hi) of a graph of N nodes: what one process of a
// distributed solve (the mpi strategy) holds instead of the whole graph.
type Part struct {
	// N is the number of nodes of the whole graph.
	N int
	// Lo and Hi are the rows held.
	Lo, Hi int
	// InOffsets has Hi-Lo+1 entries: row Lo+i's in-arcs are
	// InSources[InOffsets[i]-InOffsets[0] : InOffsets[i+1]-InOffsets[0]]
	// (so offsets read from a whole file need no rebasing).
	InOffsets []int64
	InSources []uint32
	// InWeights is nil for an unweighted graph, else one per arc.
	InWeights []float64
	// OutDegree (and OutWeight for a weighted graph) are those of the
	// nodes Lo..Hi-1 in the whole graph, Hi-Lo entries.
	OutDegree []uint32
	OutWeight []float64
}

// NewPartialProblem is NewProblem for a process that holds only rows
// [Lo, Hi) of the graph: its Blocks may lie anywhere in [0, N) and hold
// no arcs outside [Lo, Hi), and Rows reports the part. It checks what it
// can see (offsets that never fall, sources below N, weights finite and
// non-negative, the lengths of every slice, out-weights that do not
// overflow a division); whether the out-degrees agree with the arcs of
// the whole graph only every part together can tell, and is the caller's
// to check (the mpi strategy does, with one Allreduce).
//
// Memory: the problem keeps, besides the part's arcs, N+1 offsets and N
// out-degrees (zero outside the part), 12 bytes per node, and the start
// and personalization vectors of N entries, so a strategy's blocks need
// no special case. An Order that renumbers nodes needs the whole graph
// and is refused.
func NewPartialProblem(part Part, o pagerank.Options, opts ...ProblemOption) (*Problem, error) {
	n, lo, hi := part.N, part.Lo, part.Hi
	switch {
	case n < 0 || int64(n) > graph.MaxNodes:
		return nil, fmt.Errorf("strategy: partial problem of %d nodes, outside [0, %d]", n, int64(graph.MaxNodes))
	case lo < 0 || hi < lo || hi > n:
		return nil, fmt.Errorf("strategy: partial problem rows [%d, %d) outside the %d nodes", lo, hi, n)
	case len(part.InOffsets) != hi-lo+1:
		return nil, fmt.Errorf("strategy: partial problem of rows [%d, %d) has %d offsets, want %d", lo, hi, len(part.InOffsets), hi-lo+1)
	case len(part.OutDegree) != hi-lo:
		return nil, fmt.Errorf("strategy: partial problem of rows [%d, %d) has %d out-degrees, want %d", lo, hi, len(part.OutDegree), hi-lo)
	case (part.InWeights == nil) != (part.OutWeight == nil):
		return nil, errors.New("strategy: partial problem: arc weights and out-weights must be both present or both absent")
	case part.OutWeight != nil && len(part.OutWeight) != hi-lo:
		return nil, fmt.Errorf("strategy: partial problem of rows [%d, %d) has %d out-weights, want %d", lo, hi, len(part.OutWeight), hi-lo)
	}
	base := part.InOffsets[0]
	arcs := part.InOffsets[hi-lo] - base
	if base < 0 || arcs != int64(len(part.InSources)) {
		return nil, fmt.Errorf("strategy: partial problem: offsets run from %d to %d, for %d sources", base, part.InOffsets[hi-lo], len(part.InSources))
	}
	// The whole graph's offsets with no arcs outside the part: rows
	// before Lo start at 0, rows after Hi at the part's arc count.
	offsets := make([]int64, n+1)
	for i := lo; i <= hi; i++ {
		offsets[i] = part.InOffsets[i-lo] - base
	}
	for i := hi + 1; i <= n; i++ {
		offsets[i] = arcs
	}
	if err := kernel.CheckRows(offsets[lo:hi+1], part.InSources, part.InWeights, n); err != nil {
		return nil, fmt.Errorf("strategy: invalid partial problem rows [%d, %d): %w", lo, hi, err)
	}
	for k, w := range part.InWeights {
		if !(w >= 0 && w <= math.MaxFloat64) || math.Signbit(w) {
			return nil, fmt.Errorf("strategy: invalid partial problem: arc %d has weight %v (weights must be finite and non-negative)", k, w)
		}
	}
	g := &graph.CSR{N: n, InOffsets: offsets, InSources: part.InSources, OutDegree: make([]uint32, n), InWeights: part.InWeights}
	copy(g.OutDegree[lo:hi], part.OutDegree)
	if part.OutWeight != nil {
		g.OutWeight = make([]float64, n)
		copy(g.OutWeight[lo:hi], part.OutWeight)
		for j, w := range part.OutWeight {
			if !(w >= 0 && w <= math.MaxFloat64) || math.Signbit(w) {
				return nil, fmt.Errorf("strategy: invalid partial problem: node %d has out-weight %v", lo+j, w)
			}
		}
	}
	if err := o.Validate(n); err != nil {
		return nil, err
	}
	p, err := newValidProblem(g, o, &Range{lo, hi}, opts)
	if err != nil {
		return nil, err
	}
	if p.engine.Order == OrderAuto {
		// A part cannot be renumbered alone (a graph stored renumbered,
		// prk convert --order, is solved as stored).
		p.engine.Order = OrderNone
	}
	p.engine = p.engine.Resolve(p.g, p.supports)
	if p.engine.Order != OrderNone {
		return nil, fmt.Errorf("strategy: order %q renumbers the whole graph; a partial problem (rows [%d, %d)) cannot use it", p.engine.Order, lo, hi)
	}
	if o.Start != nil {
		p.start = pagerank.Normalized(o.Start)
	} else {
		p.start = pagerank.Uniform(n)
	}
	if o.Personalization != nil {
		p.teleport = pagerank.Normalized(o.Personalization)
	}
	return p, nil
}

// Rows returns the rows the problem holds: [Lo, Hi) for a problem made by
// NewPartialProblem (partial is then true), [0, N) otherwise.
func (p *Problem) Rows() (r Range, partial bool) {
	if p.part != nil {
		return *p.part, true
	}
	return Range{0, p.N()}, false
}
