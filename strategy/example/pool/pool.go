// Package pool is an example of a fast strategy written outside prk's own
// strategy package, with nothing but its exported API: strategy.Fused (the
// fused iteration over tiles, their partial sums and their balancing) run
// by a strategy.Pool (persistent workers meeting at one barrier per
// iteration). It is what the built-in lockfree is made of, so it runs as
// fast; BenchmarkPoolVsLockfree compares the two. Importing it registers
// "example-pool". It is docs/strategies.md's second worked example.
package pool

import (
	"context"
	"fmt"
	"strconv"

	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

// Name is the name the package registers its strategy under.
const Name = "example-pool"

type pool struct {
	k       *kernel.Kernel
	workers int
	minWork int64

	fused *strategy.Fused
	team  *strategy.Pool
	step  func(w int) // fused.Step, made once: Run then allocates nothing
}

func init() {
	// The description lets prk check minwork before the factory runs, and
	// list it in prk info; the factory just reads the checked value.
	strategy.RegisterStrategy(strategy.Description{
		Name: Name,
		Doc:  "lockfree in a page: strategy.Fused run by a strategy.Pool, exported API only",
		Params: []strategy.Param{{
			Name: "minwork", Type: strategy.ParamInt, Default: strconv.Itoa(strategy.DefaultMinWork), Min: strategy.Bound(0),
			Doc: "least work (arcs plus rows) per worker; 0 runs every worker",
		}},
	}, func(cfg strategy.Config) (strategy.Strategy, error) {
		return &pool{k: cfg.KernelOrBest(), workers: cfg.WorkerCount(), minWork: int64(cfg.Int("minwork"))}, nil
	})
}

func (s *pool) Prepare(ctx context.Context, p *strategy.Problem) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// A small graph is not worth a second core: run fewer workers.
	s.fused = strategy.NewFused(p, s.k, p.WorkersFor(s.workers, s.minWork))
	s.step = s.fused.Step
	s.team = strategy.NewPool(ctx, s.fused.Workers(), strategy.PoolOptions{})
	return nil
}

func (s *pool) Iterate(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	// Every worker computes its tiles (worker 0 on this goroutine); a
	// panic in any comes back as an error.
	if err := s.team.Run(s.step); err != nil {
		return 0, fmt.Errorf("strategy %s: %w", Name, err)
	}
	return s.fused.Advance(), nil
}

func (s *pool) Scores() []float64 { return s.fused.Scores() }

func (s *pool) Reset() error { s.fused.Reset(); return nil }

// Workers reports the workers that run, which on a small graph are fewer
// than configured.
func (s *pool) Workers() int {
	if s.fused == nil {
		return s.workers
	}
	return s.fused.Workers()
}

func (s *pool) Close() error {
	if s.team != nil {
		s.team.Close()
	}
	return nil
}
