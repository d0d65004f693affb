package strategy

import "context"

// IterationObserver is told about each iteration Iterate (and so Solve and
// Run) completes: its number, counting from 1, and its residual. It runs on
// the solving goroutine between iterations, so it must be quick; prk uses it
// to show progress on a terminal.
type IterationObserver func(iteration int, residual float64)

type observerKey struct{}

// WithIterationObserver returns a copy of ctx under which Iterate reports
// every completed iteration to fn. It is carried by the context rather than
// by pagerank.Options because it changes nothing about the answer.
func WithIterationObserver(ctx context.Context, fn IterationObserver) context.Context {
	return context.WithValue(ctx, observerKey{}, fn)
}

// observe calls ctx's observer, if any.
func observe(ctx context.Context, iteration int, residual float64) {
	if fn, ok := ctx.Value(observerKey{}).(IterationObserver); ok && fn != nil {
		fn(iteration, residual)
	}
}
