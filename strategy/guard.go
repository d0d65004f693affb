package strategy

import (
	"context"
	"errors"
	"fmt"
)

// Errors of the lifecycle guard that New wraps around every strategy. A
// strategy is made by New, prepared once, iterated and reset any number of
// times, and closed; any other order is one of these errors (matched with
// errors.Is), never a panic, whatever the strategy.
var (
	// ErrNotPrepared: Iterate or Reset before a successful Prepare. After
	// a failed Prepare the error also wraps Prepare's error.
	ErrNotPrepared = errors.New("strategy: not prepared (Prepare must succeed first)")
	// ErrPrepared: Prepare on a strategy that has already been prepared,
	// successfully or not. Make a new strategy for another problem.
	ErrPrepared = errors.New("strategy: Prepare called twice (make a new strategy per problem)")
	// ErrClosed: Prepare, Iterate or Reset after Close.
	ErrClosed = errors.New("strategy: used after Close")
	// ErrNoProblem: Prepare with a nil Problem or one not made by
	// NewProblem (such as &Problem{}), whose graph was never validated.
	ErrNoProblem = errors.New("strategy: Prepare needs a problem made by NewProblem")
	// ErrBroken: Iterate or Reset after an earlier Iterate, Reset or
	// Prepare failed with a panic: the strategy's state is unknown, so
	// only Close is allowed. The error wraps the original failure.
	ErrBroken = errors.New("strategy: unusable after a panic")
)

// guardState is where a guarded strategy is in its life.
type guardState int

const (
	stateNew guardState = iota
	statePrepared
	stateFailed // Prepare returned an error: only Close is allowed
	stateBroken // a call panicked: only Close is allowed
	stateClosed
)

// guard enforces the Strategy call order for the strategy it wraps, turns
// a panic in the calling goroutine into an error, and keeps the strategy
// from ever seeing a problem NewProblem did not validate. It is the one
// place that order is checked: strategies themselves may assume it. It
// also reports the worker count (WorkerReporter) for every strategy.
type guard struct {
	name  string
	s     Strategy
	state guardState
	// broken is the panic that broke the strategy, wrapped in ErrBroken
	// for the calls that follow.
	broken error
	// prepareErr is the error of a failed Prepare, wrapped in
	// ErrNotPrepared for the calls that follow.
	prepareErr error
	// serial is the description's Serial; workers the configured count
	// (Config.WorkerCount) and rows the prepared graph's row count (-1
	// before Prepare), for Workers of a strategy that does not report.
	serial  bool
	workers int
	rows    int
	// reporter is s's own WorkerReporter, if it has one.
	reporter WorkerReporter
}

// wrap returns s behind a guard that keeps s's ByteMover, so callers may
// still type-assert it; the guard itself is always a WorkerReporter.
func wrap(d *Description, cfg Config, s Strategy) Strategy {
	g := &guard{name: d.Name, s: s, serial: d.Serial, workers: cfg.WorkerCount(), rows: -1}
	g.reporter, _ = s.(WorkerReporter)
	if m, isMover := s.(ByteMover); isMover {
		return &struct {
			*guard
			ByteMover
		}{g, m}
	}
	return g
}

// SupportsEngine is the strategy's EngineSupporter answer, or nil (every
// engine) when it has none.
func (g *guard) SupportsEngine(e Engine) error {
	if es, ok := g.s.(EngineSupporter); ok {
		return es.SupportsEngine(e)
	}
	return nil
}

// Workers reports the strategy's worker count: its own report when it is a
// WorkerReporter (after Prepare, the workers that run), else 1 for a
// strategy described as Serial, else the configured count, capped after
// Prepare at the graph's row count (at least 1), since no strategy runs
// more workers than rows.
func (g *guard) Workers() (n int) {
	if g.reporter != nil {
		defer func() {
			if recover() != nil {
				n = g.fallbackWorkers()
			}
		}()
		return g.reporter.Workers()
	}
	return g.fallbackWorkers()
}

func (g *guard) fallbackWorkers() int {
	switch {
	case g.serial:
		return 1
	case g.rows >= 0:
		return max(1, min(g.workers, g.rows))
	}
	return g.workers
}

// usable returns the error for calling Iterate or Reset now, or nil.
func (g *guard) usable() error {
	switch g.state {
	case statePrepared:
		return nil
	case stateClosed:
		return ErrClosed
	case stateBroken:
		return g.broken
	case stateFailed:
		return g.prepareErr
	}
	return ErrNotPrepared
}

// fail records a recovered panic: the strategy is broken from now on.
func (g *guard) fail(err error) error {
	var pe *PanicError
	if errors.As(err, &pe) {
		g.state = stateBroken
		g.broken = fmt.Errorf("%w: %w", ErrBroken, err)
	}
	return err
}

func (g *guard) Prepare(ctx context.Context, p *Problem) (err error) {
	switch g.state {
	case stateClosed:
		return ErrClosed
	case statePrepared, stateFailed, stateBroken:
		return ErrPrepared
	}
	if p == nil || !p.valid {
		return ErrNoProblem
	}
	if ctx == nil {
		return errors.New("strategy: Prepare with a nil context")
	}
	defer func() {
		if err != nil && g.state != stateBroken {
			g.state = stateFailed
			g.prepareErr = fmt.Errorf("%w: Prepare failed: %w", ErrNotPrepared, err)
		}
	}()
	defer catchInto(&err, g.fail)
	g.rows = p.N()
	if err := g.s.Prepare(ctx, p); err != nil {
		return err
	}
	g.state = statePrepared
	return nil
}

func (g *guard) Iterate(ctx context.Context) (residual float64, err error) {
	if err := g.usable(); err != nil {
		return 0, err
	}
	if ctx == nil {
		return 0, errors.New("strategy: Iterate with a nil context")
	}
	defer catchInto(&err, g.fail)
	r, err := g.s.Iterate(ctx)
	if err != nil {
		return 0, g.fail(err)
	}
	return r, nil
}

func (g *guard) Reset() (err error) {
	if err := g.usable(); err != nil {
		return err
	}
	defer catchInto(&err, g.fail)
	return g.fail(g.s.Reset())
}

// Scores returns nil unless the strategy is prepared, not closed and not
// broken: scores of a strategy in any other state mean nothing.
func (g *guard) Scores() (x []float64) {
	if g.usable() != nil {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			g.fail(newPanicError(r))
			x = nil
		}
	}()
	return g.s.Scores()
}

// Close closes the strategy once; later calls return nil. A panic in the
// strategy's Close is returned as an error.
func (g *guard) Close() (err error) {
	if g.state == stateClosed {
		return nil
	}
	g.state = stateClosed
	defer catchInto(&err, nil)
	return g.s.Close()
}

// Unwrap returns the strategy the guard wraps, for tests that need its
// own type; calling it directly bypasses the guard.
func (g *guard) Unwrap() Strategy { return g.s }
