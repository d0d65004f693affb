package strategy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/pagerank"
)

var errNilGraph = errors.New("strategy: nil graph")

// Solve runs s's whole life on one problem (Prepare, Iterate until the
// options' stopping rule says stop, Close) and returns the result with its
// set-up and per-iteration times. Kernel in the result is cfg's (its exact
// variant name); Workers is the count the strategy reports after Prepare
// (see WorkerReporter), the workers that ran.
func Solve(ctx context.Context, name string, cfg Config, p *Problem) (res *pagerank.Result, err error) {
	s, err := New(name, cfg)
	if err != nil {
		return nil, err
	}
	return solveWith(ctx, s, name, cfg, p)
}

// solveWith is Solve with the strategy already made; it closes s.
func solveWith(ctx context.Context, s Strategy, name string, cfg Config, p *Problem) (res *pagerank.Result, err error) {
	defer func() {
		if cerr := s.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	start := time.Now()
	if err := s.Prepare(ctx, p); err != nil {
		return nil, err
	}
	res = &pagerank.Result{
		Strategy:   name,
		Kernel:     cfg.KernelOrBest().Name,
		Workers:    cfg.WorkerCount(),
		Setup:      time.Since(start),
		Engine:     engineName(p),
		Reordering: p.Reordering,
	}
	if wr, ok := s.(WorkerReporter); ok { // always, behind the guard
		res.Workers = wr.Workers()
	}
	if err := Iterate(ctx, s, p, res); err != nil {
		return nil, err
	}
	if m, ok := s.(ByteMover); ok {
		res.BytesMoved = m.BytesMoved()
	}
	return res, nil
}

// Iterate runs a prepared strategy from its current scores until p's
// stopping rule says stop, appending iteration times to res and filling its
// scores (by the caller's node numbers, see Problem.ScoresByNode),
// iterations, residual and convergence.
//
// Iteration times are kept in bounded memory (see
// pagerank.Result.AddIterationTime). Before it fills res.Scores it checks
// them with pagerank.CheckScores: scores that are not finite or do not sum
// to 1 are an error, never a result.
func Iterate(ctx context.Context, s Strategy, p *Problem, res *pagerank.Result) error {
	if p == nil || !p.valid {
		return ErrNoProblem
	}
	if s == nil || res == nil {
		return errors.New("strategy: Iterate needs a strategy and a result")
	}
	if p.N() == 0 {
		res.Scores = []float64{}
		res.Converged = true
		return nil
	}
	for it := 1; ; it++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		t0 := time.Now()
		r, err := s.Iterate(ctx)
		if err != nil {
			return err
		}
		res.AddIterationTime(time.Since(t0))
		res.Iterations = it
		res.Residual = r
		observe(ctx, it, r)
		if stop, conv := p.Options.StopAfter(it, r); stop {
			res.Converged = conv
			break
		}
	}
	scores := s.Scores()
	if len(scores) != p.N() {
		return fmt.Errorf("strategy: the strategy has %d scores for %d nodes", len(scores), p.N())
	}
	if err := pagerank.CheckScores(scores, p.Options.Damping); err != nil {
		return err
	}
	res.Scores = p.ScoresByNode(scores)
	return nil
}

// engineName is p's engine, marked "(auto)" when Resolve chose it.
func engineName(p *Problem) string {
	if p.requested.IsAuto() {
		return p.engine.String() + " (auto)"
	}
	return p.engine.String()
}

// Run is Solve for a graph and options: the one call a program needs. An
// auto engine (Engine.Resolve) chooses only what the strategy runs.
func Run(ctx context.Context, name string, cfg Config, g *graph.CSR, o pagerank.Options, opts ...ProblemOption) (*pagerank.Result, error) {
	s, err := New(name, cfg)
	if err != nil {
		return nil, err
	}
	p, err := NewProblem(g, o, append([]ProblemOption{resolvedFor(s)}, opts...)...)
	if err != nil {
		s.Close()
		return nil, err
	}
	return solveWith(ctx, s, name, cfg, p)
}
