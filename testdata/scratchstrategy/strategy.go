// Package scratchstrategy is a strategy written outside prk, in a module of
// its own, with nothing but prk's exported API: TestScratchStrategy builds
// it against this checkout and runs prk's conformance suite on it. It is
// lockfree's design (strategy.Fused run by a strategy.Pool) in a page.
package scratchstrategy

import (
	"context"
	"fmt"

	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

// Name is the name the strategy registers under.
const Name = "scratch-fused"

type fused struct {
	k       *kernel.Kernel
	workers int
	f       *strategy.Fused
	pool    *strategy.Pool
	step    func(w int)
}

func init() {
	strategy.Register(Name, func(cfg strategy.Config) (strategy.Strategy, error) {
		if err := cfg.CheckParams(Name); err != nil {
			return nil, err
		}
		return &fused{k: cfg.KernelOrBest(), workers: cfg.WorkerCount()}, nil
	})
}

func (s *fused) Prepare(ctx context.Context, p *strategy.Problem) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.f = strategy.NewFused(p, s.k, p.WorkersFor(s.workers, strategy.DefaultMinWork))
	s.step = s.f.Step
	s.pool = strategy.NewPool(ctx, s.f.Workers(), strategy.PoolOptions{})
	return nil
}

func (s *fused) Iterate(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := s.pool.Run(s.step); err != nil {
		return 0, fmt.Errorf("strategy %s: %w", Name, err)
	}
	return s.f.Advance(), nil
}

func (s *fused) Scores() []float64 { return s.f.Scores() }
func (s *fused) Reset() error      { s.f.Reset(); return nil }

func (s *fused) Workers() int {
	if s.f == nil {
		return s.workers
	}
	return s.f.Workers()
}

func (s *fused) Close() error {
	if s.pool != nil {
		s.pool.Close()
	}
	return nil
}
