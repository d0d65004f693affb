//go:build mpi

package mpi

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	mpic "github.com/prkbench/prk/internal/mpi"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

// Step kinds of this strategy (internal/mpi's shared kinds are negative).
const (
	kindPrepare int64 = 1 + iota
	kindCheck
	kindIterate
	kindIterateFresh
	kindScores
	kindStalled
	kindPlan
)

// Grace is how long a rank whose own context is not cancelled waits, when
// another rank's is, for its own cancellation before it fails the solve: a
// signal or deadline usually reaches every rank within milliseconds, and
// then every rank reports context.Canceled.
const Grace = 500 * time.Millisecond

func init() {
	strategy.RegisterStrategy(strategy.Description{
		Name:     "mpi",
		Doc:      "beyond one machine: one rank per mpirun process, each holding only its rows; contributions exchanged by Open MPI",
		Launched: true,
		Params: []strategy.Param{
			{
				Name: "exchange", Type: strategy.ParamEnum, Default: exchangeAuto, Values: []string{exchangeAuto, exchangeAllgatherv, exchangeAlltoallv},
				Doc: "what moves per iteration: the whole contribution vector (allgatherv), only the sources each rank reads (alltoallv), or the cheaper (auto)",
			},
			{
				Name: "fault", Type: strategy.ParamString,
				Doc: "for tests: die:rank=R:iter=K makes rank R exit at iteration K",
			},
		},
	}, func(cfg strategy.Config) (strategy.Strategy, error) {
		s := &solver{k: cfg.KernelOrBest(), mode: cfg.Value("exchange")}
		var err error
		if s.fault, err = parseFault(cfg.Value("fault")); err != nil {
			return nil, fmt.Errorf("strategy mpi: %w", err)
		}
		if err := mpic.Init(); err != nil {
			return nil, fmt.Errorf("strategy mpi: %w", err)
		}
		s.rank, s.size = mpic.Rank(), mpic.Size()
		return s, nil
	})
}

// solver is one rank's part of the solve.
type solver struct {
	k          *kernel.Kernel
	mode       string
	fault      fault
	rank, size int

	p      *strategy.Problem
	ranges []strategy.Range // every rank's rows
	block  strategy.Block   // this rank's rows
	ex     *exchange
	start  []float64 // this rank's rows of the start vector
	x, y   []float64 // this rank's rows
	c      strategy.Contribs
	// dangling is the whole graph's dangling mass of x, valid unless
	// fresh: after Prepare and Reset the contributions of x are not
	// computed yet and the next Iterate does it.
	dangling float64
	fresh    bool
	// full holds every score once Scores has gathered them since the
	// last change.
	full     []float64
	gathered bool
	iter     uint64
	moved    int64
	closed   bool
}

// Workers reports the ranks.
func (s *solver) Workers() int { return s.size }

// BytesMoved returns the bytes this rank sent plus received, set-up
// included.
func (s *solver) BytesMoved() int64 { return s.moved }

// step is mpic.Step, counting its bytes.
func (s *solver) step(kind int64, value float64) (mpic.Steps, error) {
	s.moved += int64(s.size-1) * 32
	return mpic.Step(kind, value)
}

// stopped is the error of a step at which not every rank said want.
func (s *solver) stopped(ctx context.Context, st mpic.Steps, want int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := st.FirstOther(want)
	k := st.Kinds[r]
	switch {
	case k == mpic.Cancelled || k == mpic.Closing:
		// Another rank's context was cancelled (a rank that sees its
		// cancel between iterations closes at once); ours probably will
		// be in a moment. Keep answering steps meanwhile.
		deadline := time.Now().Add(Grace)
		for ctx.Err() == nil && time.Now().Before(deadline) {
			if _, err := s.step(kindStalled, 0); err != nil {
				return err
			}
			time.Sleep(time.Millisecond)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if k == mpic.Cancelled {
			return fmt.Errorf("strategy mpi: rank %d's solve was cancelled: %w", r, context.Canceled)
		}
		return &PeerError{Rank: r, State: mpic.KindName(k)}
	case k < 0:
		return &PeerError{Rank: r, State: mpic.KindName(k)}
	}
	return fmt.Errorf("strategy mpi: ranks out of step: rank %d is at step %d, rank %d at step %d", s.rank, want, r, k)
}

// PeerError is the error of a rank whose solve stopped because another
// rank stopped (failed, closed or exited): the other rank reports why.
type PeerError struct {
	Rank  int
	State string
}

func (e *PeerError) Error() string {
	return fmt.Sprintf("strategy mpi: rank %d stopped (%s); its own error says why", e.Rank, e.State)
}

// ErrPeer is matched (errors.Is) by every *PeerError.
var ErrPeer = errors.New("strategy mpi: another rank stopped")

func (e *PeerError) Is(target error) bool { return target == ErrPeer }

func (s *solver) Prepare(ctx context.Context, p *strategy.Problem) error {
	kind := kindPrepare
	if ctx.Err() != nil {
		kind = mpic.Cancelled
	}
	st, err := s.step(kind, 0)
	if err != nil {
		return err
	}
	if !st.Agreed(kindPrepare) {
		return s.stopped(ctx, st, kindPrepare)
	}
	s.p = p
	if s.ranges, err = s.partition(p); err != nil {
		return err
	}
	own, partial := p.Rows()
	r := s.ranges[s.rank]
	if partial && r != own {
		return fmt.Errorf("strategy mpi: rank %d holds rows [%d, %d), the partition gives it [%d, %d)", s.rank, own.Lo, own.Hi, r.Lo, r.Hi)
	}
	s.block = p.Block(r.Lo, r.Hi)
	if partial {
		if err := s.checkDegrees(); err != nil {
			return err
		}
	}
	s.c = p.NewContribs()
	elem := 8
	if s.c.F32 != nil {
		elem = 4
	}
	if s.ex, err = newExchange(&s.block, s.ranges, s.rank, elem, s.mode, &s.moved); err != nil {
		return err
	}
	s.start = append([]float64(nil), p.Start()[r.Lo:r.Hi]...) // not the whole vector
	s.x = make([]float64, r.Hi-r.Lo)
	s.y = make([]float64, r.Hi-r.Lo)
	s.full = make([]float64, p.N())
	return s.Reset()
}

// partition agrees on every rank's rows. With whole-graph problems every
// rank splits the same offsets; with partial problems each says its rows,
// and the rows must tile [0, N) in rank order.
func (s *solver) partition(p *strategy.Problem) ([]strategy.Range, error) {
	own, partial := p.Rows()
	e := p.Engine()
	info := []int64{int64(own.Lo), int64(own.Hi), int64(p.N()), b2i(partial), b2i(p.Weighted()),
		b2i(e.Precision == strategy.F32), int64(slices.Index(strategy.Layouts, e.Layout)), p.Graph.Arcs()}
	const k = 8
	all := make([]int64, k*s.size)
	if err := mpic.Allgather(info, all); err != nil {
		return nil, err
	}
	s.moved += int64(s.size-1) * 2 * k * 8
	for r := range s.size {
		o := all[k*r : k*r+k]
		if o[2] != info[2] || o[3] != info[3] || o[4] != info[4] || o[5] != info[5] || o[6] != info[6] || (!partial && o[7] != info[7]) {
			return nil, fmt.Errorf("strategy mpi: rank %d and rank %d solve different problems (nodes %d/%d, arcs %d/%d, partial %d/%d, weighted %d/%d, engine %d%d/%d%d)",
				s.rank, r, info[2], o[2], info[7], o[7], info[3], o[3], info[4], o[4], info[5], info[6], o[5], o[6])
		}
	}
	if !partial {
		return SplitOffsets(p.Graph.InOffsets, s.size), nil
	}
	ranges := make([]strategy.Range, s.size)
	next := 0
	for r := range s.size {
		lo, hi := int(all[k*r]), int(all[k*r+1])
		if lo != next || hi < lo {
			return nil, fmt.Errorf("strategy mpi: the ranks' rows do not tile the graph: rank %d holds [%d, %d), want it to start at %d", r, lo, hi, next)
		}
		ranges[r] = strategy.Range{Lo: lo, Hi: hi}
		next = hi
	}
	if next != p.N() {
		return nil, fmt.Errorf("strategy mpi: the ranks' rows end at %d, not at the %d nodes", next, p.N())
	}
	return ranges, nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (s *solver) Reset() error {
	copy(s.x, s.start)
	s.fresh, s.gathered = true, false
	return nil
}

// contributions computes this rank's contributions of x into c and
// returns its dangling mass; a panic in the kernel is returned as an error.
func (s *solver) contributions(x []float64) (d float64, err error) {
	defer strategy.Recover(&err)
	return s.block.Contributions(s.k, s.c.Slice(s.block.Lo, s.block.Hi), x), nil
}

func (s *solver) Iterate(ctx context.Context) (float64, error) {
	want := kindIterate
	if s.fresh {
		want = kindIterateFresh
	}
	kind, value := want, 0.0
	var local error
	switch {
	case ctx.Err() != nil:
		kind = mpic.Cancelled
	case s.fresh:
		if value, local = s.contributions(s.x); local != nil {
			kind = mpic.Failed
		}
	}
	s.fault.maybe(s.rank, s.iter+1)
	st, err := s.step(kind, value)
	switch {
	case err != nil:
		return 0, err
	case local != nil:
		return 0, local
	case !st.Agreed(want):
		return 0, s.stopped(ctx, st, want)
	}
	if s.fresh {
		s.dangling, s.fresh = st.Sum(), false
	}
	if err := s.ex.run(s.c); err != nil {
		return 0, err
	}
	s.moved += s.ex.bytes()
	var r, d float64
	local = func() (err error) {
		defer strategy.Recover(&err)
		r = s.block.RowSums(s.k, s.y, s.x, s.c, s.dangling)
		d = s.block.Contributions(s.k, s.c.Slice(s.block.Lo, s.block.Hi), s.y)
		return nil
	}()
	// Gather every rank's residual and dangling mass (and whether it
	// failed) and add them in rank order: every rank gets the same bits.
	mine := []float64{r, d, 0}
	if local != nil {
		mine[2] = 1
	}
	all := make([]float64, 3*s.size)
	if err := mpic.Allgather(mine, all); err != nil {
		return 0, err
	}
	s.moved += int64(s.size-1) * 48
	if local != nil {
		return 0, local
	}
	residual, dangling := 0.0, 0.0
	for q := range s.size {
		if all[3*q+2] != 0 {
			return 0, &PeerError{Rank: q, State: "failed"}
		}
		residual += all[3*q]
		dangling += all[3*q+1]
	}
	s.dangling = dangling
	s.x, s.y = s.y, s.x
	s.gathered = false
	s.iter++
	return residual, nil
}

// Scores gathers every rank's scores (collectively: every rank must call
// it at the same point, as strategy.Iterate does) and returns them; nil if
// the ranks are not all asking.
func (s *solver) Scores() []float64 {
	if s.fresh {
		if !s.gathered { // every rank has the start vector: no need to ask
			copy(s.full, s.p.Start())
			s.gathered = true
		}
		return s.full
	}
	if s.gathered {
		return s.full
	}
	st, err := s.step(kindScores, 0)
	if err != nil || !st.Agreed(kindScores) {
		return nil
	}
	r := s.ranges[s.rank]
	copy(s.full[r.Lo:r.Hi], s.x)
	if err := mpic.Allgatherv(s.full, s.ex.counts, s.ex.displs); err != nil {
		return nil
	}
	s.moved += int64(r.Hi-r.Lo)*int64(s.size-1)*8 + int64(len(s.full)-(r.Hi-r.Lo))*8
	s.gathered = true
	return s.full
}

// Close waits until every rank closes (or exits), answering steps, so no
// rank is left waiting in a collective for this one.
func (s *solver) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	_, _, err := mpic.WaitAll(mpic.Closing, 0, mpic.Closing, mpic.Exit)
	return err
}
