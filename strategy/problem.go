package strategy

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/order"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
)

// Problem is one solve: a graph and the options to solve it with, plus what
// every strategy derives from them. Make it with NewProblem, which
// validates both; strategies refuse a Problem made any other way.
//
// Graph and Options are for reading. The problem keeps its own copy of the
// graph's header (node count and slices) as validated, and Block and N use
// that copy, so assigning another graph to Graph cannot hand a strategy
// arrays nobody checked. The arrays themselves are shared with the caller's
// graph and must not be modified while the problem is in use.
//
// With an Engine whose Order renumbers the nodes, Graph is the renumbered
// graph the strategies solve, and the start vector, the personalization and
// every strategy's Scores are in that numbering; Solve and Iterate map the
// result's scores back (see ScoresByNode), so callers never see it.
type Problem struct {
	Graph   *graph.CSR
	Options pagerank.Options

	// g is the validated graph's header, copied by NewProblem.
	g *graph.CSR
	// valid is set by NewProblem only.
	valid    bool
	weighted bool
	start    []float64
	teleport []float64 // normalised personalization, nil for uniform

	engine Engine
	// requested is the engine asked for, before Resolve chose for auto.
	requested Engine
	// supports vetoes auto choices: the strategy's SupportsEngine, if any.
	supports func(Engine) error
	// newID renumbers the caller's nodes (newID[old]); nil for OrderNone.
	newID []uint32
	// Reordering is how long renumbering took, zero without an Order.
	Reordering time.Duration
	// part is the rows a problem made by NewPartialProblem holds; nil
	// for a whole graph (see partial.go).
	part *Range
	// arcsReleasable says the caller handed the graph's arcs over
	// (WithReleasableArcs); releaseArcs says the strategy computes only
	// through the blocks it builds next (see releaseArcsAsBuilt);
	// arcsReleased that they are gone.
	arcsReleasable, releaseArcs, arcsReleased bool
}

// ProblemOption changes how NewProblem sets a problem up.
type ProblemOption func(*Problem) error

// WithEngine solves the problem with engine e (layout, precision, order).
func WithEngine(e Engine) ProblemOption {
	return func(p *Problem) error {
		n, err := e.normalized()
		if err != nil {
			return err
		}
		p.engine = n
		return nil
	}
}

// WithReleasableArcs hands the graph's in-arcs (InSources, InWeights) to
// the problem: once a strategy that computes only through its blocks
// (serial, mutex, lockfree, any strategy built on NewFused) has laid them
// out in a windowed layout (segmented, blocked, hybrid), which never reads
// them again, the problem returns each block's share of their memory to
// the system as soon as the block is built, and then sets the graph's
// InSources and InWeights to nil. Peak memory is then about the graph's
// other arrays plus the layout, instead of both; `prk run` uses it.
//
// The caller must not use the graph's arcs afterwards, nor solve the graph
// again (it is no longer valid, and says so). With the CSR layout, a
// strategy that ships CSR arrays to workers (subprocess, mpi), or a
// renumbering order (the problem then owns a renumbered copy, whose arcs
// are released instead), the caller's arcs are left alone.
func WithReleasableArcs() ProblemOption {
	return func(p *Problem) error {
		p.arcsReleasable = true
		return nil
	}
}

// releaseArcsAsBuilt is called by a strategy before it builds its blocks,
// once, to say that it will compute only through them (Block.RowSums and
// Block.Contributions) and never read the graph's arcs: with
// WithReleasableArcs and a windowed layout, Block and Blocks then release
// each block's arcs as it is built.
func (p *Problem) releaseArcsAsBuilt() {
	p.releaseArcs = p.arcsReleasable && p.engine.Layout.windowed() && p.part == nil
}

// ArcsReleased reports whether the graph's arcs were released (see
// WithReleasableArcs).
func (p *Problem) ArcsReleased() bool { return p.arcsReleased }

// NewProblem validates g (graph.CSR.Validate: every offset, source and
// weight, in time linear in its size, once per problem) and the options
// against it. A weighted solve also refuses a node whose out-weight is so
// small that a score divided by it overflows to +Inf.
func NewProblem(g *graph.CSR, o pagerank.Options, opts ...ProblemOption) (*Problem, error) {
	if g == nil {
		return nil, errNilGraph
	}
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("strategy: invalid graph: %w", err)
	}
	if err := o.Validate(g.N); err != nil {
		return nil, err
	}
	p, err := newValidProblem(g, o, nil, opts)
	if err != nil {
		return nil, err
	}
	p.engine = p.engine.Resolve(p.g, p.supports)
	if o.Start != nil {
		p.start = pagerank.Normalized(o.Start)
	} else {
		p.start = pagerank.Uniform(g.N)
	}
	if o.Personalization != nil {
		p.teleport = pagerank.Normalized(o.Personalization)
	}
	if err := p.reorder(); err != nil {
		return nil, err
	}
	return p, nil
}

// newValidProblem makes the problem of g (validated by the caller, as o
// is), rows part of it (nil: all), keeping a copy of g's header, checking
// its out-weights for a weighted solve and applying opts; the engine is
// left as requested, for the caller to resolve.
func newValidProblem(g *graph.CSR, o pagerank.Options, part *Range, opts []ProblemOption) (*Problem, error) {
	header := *g
	p := &Problem{Graph: g, Options: o, g: &header, valid: true, weighted: g.Weighted() && !o.IgnoreWeights, part: part}
	if p.weighted {
		if err := pagerank.CheckOutWeights(&header); err != nil {
			return nil, fmt.Errorf("strategy: %w", err)
		}
	}
	p.engine, _ = Engine{}.normalized()
	for _, opt := range opts {
		if err := opt(p); err != nil {
			return nil, err
		}
	}
	p.requested = p.engine
	return p, nil
}

// reorder renumbers the graph and the vectors by the engine's order.
func (p *Problem) reorder() error {
	var number func(*graph.CSR) []uint32
	switch p.engine.Order {
	case OrderDegree:
		number = order.Degree
	case OrderDBG:
		number = order.DBG
	default:
		return nil
	}
	t0 := time.Now()
	newID := number(p.g)
	h, err := order.Permute(p.g, newID, 0)
	if err != nil {
		return err
	}
	// A permutation of a valid graph is valid: the new graph needs no
	// second validation.
	header := *h
	p.Graph, p.g, p.newID = h, &header, newID
	p.start = order.Apply(p.start, newID)
	p.teleport = order.Apply(p.teleport, newID)
	p.Reordering = time.Since(t0)
	return nil
}

// ScoresByNode returns scores (in the numbering strategies solve, as
// Strategy.Scores returns them) by the caller's node numbers, as a new
// slice.
func (p *Problem) ScoresByNode(scores []float64) []float64 {
	if p.newID == nil {
		return append([]float64(nil), scores...)
	}
	return order.Restore(scores, p.newID)
}

// N returns the number of nodes.
func (p *Problem) N() int { return p.g.N }

// Weighted reports whether the solve uses arc weights.
func (p *Problem) Weighted() bool { return p.weighted }

// Start returns a fresh copy of the start vector.
func (p *Problem) Start() []float64 { return append([]float64(nil), p.start...) }

// Blocks returns the blocks of the given row ranges, built in parallel
// (building a segmented layout reads every arc of the block).
func (p *Problem) Blocks(ranges []Range) []Block {
	blocks := make([]Block, len(ranges))
	defer p.finishRelease(blocks)
	if !p.engine.Layout.windowed() || len(ranges) < 2 {
		for i, r := range ranges {
			blocks[i] = p.block(r.Lo, r.Hi)
		}
		return blocks
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ranges)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(ranges); i = int(next.Add(1) - 1) {
				blocks[i] = p.block(ranges[i].Lo, ranges[i].Hi)
			}
		})
	}
	wg.Wait()
	return blocks
}

// Block returns the view of rows [lo, hi) of the problem's validated graph, laid out
// as the problem's engine says (a segmented layout is built here, in time
// and memory linear in the block's arcs).
func (p *Problem) Block(lo, hi int) Block {
	b := []Block{p.block(lo, hi)}
	p.finishRelease(b)
	return b[0]
}

// block is Block, releasing the block's arcs once it is laid out when the
// strategy and the caller allow it; finishRelease then completes the
// release.
func (p *Problem) block(lo, hi int) Block {
	if p.arcsReleased {
		// A strategy that said it builds its blocks once built more.
		panic("strategy: Problem.Block after the graph's arcs were released (WithReleasableArcs)")
	}
	g := p.g
	b := Block{
		Lo: lo, Hi: hi, N: g.N, Damping: p.Options.Damping,
		Offsets:   g.InOffsets[lo : hi+1],
		Sources:   g.InSources,
		OutDegree: g.OutDegree[lo:hi],
	}
	if p.weighted {
		b.Weights = g.InWeights
		b.OutWeight = g.OutWeight[lo:hi]
	}
	if p.teleport != nil {
		b.Teleport = p.teleport[lo:hi]
	}
	// NewProblem's graph is valid, so an error here is a bug, not input.
	var err error
	switch p.engine.Layout {
	case LayoutSegmented:
		b.Segments, err = kernel.NewSegments(b.Offsets, b.Sources, b.Weights, g.N)
	case LayoutBlocked:
		b.Tiles, err = kernel.NewTiles(b.Offsets, b.Sources, b.Weights, g.N)
	case LayoutHybrid:
		b.Segments, b.Tiles, err = kernel.NewHybrid(b.Offsets, b.Sources, b.Weights, g.N, HybridMinArcs)
	}
	if err != nil {
		panic(err)
	}
	if p.releaseArcs {
		releaseMemory(g.InSources[b.Offsets[0]:b.Offsets[len(b.Offsets)-1]])
		if b.Weights != nil {
			releaseMemory(g.InWeights[b.Offsets[0]:b.Offsets[len(b.Offsets)-1]])
		}
	}
	return b
}

// finishRelease ends a release of the arcs begun by block: the blocks
// drop their views of them, and the graph (the caller's, or the renumbered
// copy) forgets them, so that nothing can read memory that was returned.
func (p *Problem) finishRelease(blocks []Block) {
	if !p.releaseArcs {
		return
	}
	for i := range blocks {
		blocks[i].Sources, blocks[i].Weights = nil, nil
	}
	p.g.InSources, p.g.InWeights = nil, nil
	p.Graph.InSources, p.Graph.InWeights = nil, nil
	p.releaseArcs, p.arcsReleased = false, true
}

// Block is what a worker needs to compute rows [Lo, Hi): the rows' in-arcs
// and the out-degrees (or out-weights) of the nodes Lo..Hi-1. It is the one
// place the per-block arithmetic lives, so every strategy, in process or
// not, computes exactly the same thing and differs only in how blocks are
// scheduled and how partial sums are combined.
//
// Offsets has Hi-Lo+1 entries whose values index Sources and Weights, so a
// block may be a view into the whole graph or a copy rebased to start at 0.
//
// The kernels trust a Block (see package kernel): offsets that never
// decrease and stay within Sources, and every source below N. Problem.Block
// returns blocks of a validated graph; a Block built by hand (a worker
// process receiving one) must be checked with CheckRows first.
type Block struct {
	Lo, Hi    int
	N         int // nodes in the whole graph
	Damping   float64
	Offsets   []int64
	Sources   []uint32
	Weights   []float64 // nil unless weighted
	OutDegree []uint32  // nodes Lo..Hi-1
	OutWeight []float64 // nodes Lo..Hi-1, nil unless weighted
	Teleport  []float64 // rows Lo..Hi-1 of the personalization, nil for uniform
	// Segments, when not nil, is the block's arcs in the segmented
	// layout; RowSums then uses it instead of Offsets and Sources.
	Segments *kernel.Segments
	// Tiles, when not nil, is the block's arcs in the blocked layout;
	// RowSums then uses it instead of Offsets and Sources. A hybrid block
	// has both, each holding the arcs of its own windows.
	Tiles *kernel.Tiles
}

// Windowed reports whether the block is laid out by source window
// (Segments or Tiles): such a block is summed whole, never cut into tiles,
// and reads a contribution vector padded to kernel.PaddedLen.
func (b *Block) Windowed() bool { return b.Segments != nil || b.Tiles != nil }

// Rows returns Hi - Lo.
func (b *Block) Rows() int { return b.Hi - b.Lo }

// Arcs returns the number of in-arcs of the block's rows.
func (b *Block) Arcs() int64 { return b.Offsets[len(b.Offsets)-1] - b.Offsets[0] }

// Contributions writes c[r] = x[r] / outdeg for the block's nodes (c and x
// hold the block's entries only) and returns the block's dangling mass.
//
// A segmented block is large (a strategy's share of the rows), so its
// dangling mass is summed in pieces of maxTileRows rows and the pieces
// added: one running sum over a million dangling nodes (kron:20:4 after a
// degree order puts them together) drifts 1e-12 from the exact sum, pieces
// stay near 1e-14. A CSR block is summed as it is, so that the reference
// engine's arithmetic is unchanged.
func (b *Block) Contributions(k *kernel.Kernel, c Contribs, x []float64) (dangling float64) {
	if b.Windowed() && b.Rows() > maxTileRows {
		for lo := 0; lo < b.Rows(); lo += maxTileRows {
			hi := min(lo+maxTileRows, b.Rows())
			piece := Block{Lo: b.Lo + lo, Hi: b.Lo + hi, OutDegree: b.OutDegree[lo:hi]}
			if b.OutWeight != nil {
				piece.OutWeight = b.OutWeight[lo:hi]
			}
			dangling += piece.contributions(k, c.Slice(lo, hi), x[lo:hi])
		}
		return dangling
	}
	return b.contributions(k, c, x)
}

// contributions is Contributions in one running sum.
func (b *Block) contributions(k *kernel.Kernel, c Contribs, x []float64) (dangling float64) {
	rows := b.Rows()
	if c.F32 != nil {
		if b.OutWeight != nil {
			return k.WeightedContributions32(c.F32[:rows], x[:rows], b.OutWeight)
		}
		return k.Contributions32(c.F32[:rows], x[:rows], b.OutDegree)
	}
	if b.OutWeight != nil {
		return k.WeightedContributions(c.F64[:rows], x[:rows], b.OutWeight)
	}
	return k.Contributions(c.F64[:rows], x[:rows], b.OutDegree)
}

// RowSums computes the block's new scores into y from the whole contribution
// vector c, given the dangling mass of the whole graph, and returns the
// block's share of the L1 residual against xold (y and xold hold the block's
// entries only).
func (b *Block) RowSums(k *kernel.Kernel, y, xold []float64, c Contribs, dangling float64) (residual float64) {
	rows := b.Rows()
	y, xold = y[:rows], xold[:rows]
	base := pagerank.Teleport(b.Damping, dangling, b.N)
	if b.Teleport != nil {
		base = 0
	}
	switch {
	case b.Windowed():
		// Sum each row window by window into y (a hybrid block has both
		// segments and tiles, over different windows), then finish in
		// place.
		clear(y)
		switch {
		case b.Segments != nil && c.F32 != nil:
			k.SegmentSums32(y, c.F32, b.Segments)
		case b.Segments != nil:
			k.SegmentSums(y, c.F64, b.Segments)
		}
		switch {
		case b.Tiles != nil && c.F32 != nil:
			k.TileSums32(y, c.F32, b.Tiles)
		case b.Tiles != nil:
			k.TileSums(y, c.F64, b.Tiles)
		}
		residual = k.FinishRows(y, xold, base, b.Damping)
	case c.F32 != nil && b.Weights != nil:
		residual = k.WeightedPullRowSums32(y, xold, c.F32, b.Offsets, b.Sources, b.Weights, base, b.Damping)
	case c.F32 != nil:
		residual = k.PullRowSums32(y, xold, c.F32, b.Offsets, b.Sources, base, b.Damping)
	case b.Weights != nil:
		residual = k.WeightedPullRowSums(y, xold, c.F64, b.Offsets, b.Sources, b.Weights, base, b.Damping)
	default:
		residual = k.PullRowSums(y, xold, c.F64, b.Offsets, b.Sources, base, b.Damping)
	}
	if b.Teleport == nil {
		return residual
	}
	// Personalized teleport: the kernel summed with base 0 (so y holds
	// d*sum exactly); add each row's own term and recompute the residual.
	scale := (1 - b.Damping) + float64(b.Damping*dangling)
	residual = 0
	for r := range rows {
		v := y[r] + float64(scale*b.Teleport[r])
		y[r] = v
		residual += math.Abs(v - xold[r])
	}
	return residual
}

// CheckRows checks what the kernels trust of b, in time linear in its
// arcs: Offsets has Rows()+1 entries that never decrease and stay within
// Sources (and Weights), every source of its arcs is below N, and the
// per-row slices hold Rows() entries.
func (b *Block) CheckRows() error {
	rows := b.Hi - b.Lo
	if rows < 0 || b.Lo < 0 || b.Hi > b.N {
		return fmt.Errorf("strategy: block rows [%d, %d) outside %d nodes", b.Lo, b.Hi, b.N)
	}
	if len(b.OutDegree) != rows || (b.OutWeight != nil && len(b.OutWeight) != rows) || (b.Teleport != nil && len(b.Teleport) != rows) {
		return fmt.Errorf("strategy: block of %d rows has %d out-degrees, %d out-weights, %d teleport entries",
			rows, len(b.OutDegree), len(b.OutWeight), len(b.Teleport))
	}
	return kernel.CheckRows(b.Offsets, b.Sources, b.Weights, b.N)
}
