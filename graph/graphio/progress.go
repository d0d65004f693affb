package graphio

import "context"

// ReadProgress is told how many more bytes of the input (as stored: before
// decompression) LoadContext or ReadContext has read. It runs on the reading
// goroutine, so it must be quick; prk uses it to show bytes read and the rate
// on a terminal.
type ReadProgress func(n int)

type progressKey struct{}

// WithReadProgress returns a copy of ctx under which LoadContext and
// ReadContext report every read of their input to fn. It is carried by the
// context, like cancellation, because it changes nothing about the graph.
func WithReadProgress(ctx context.Context, fn ReadProgress) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

// reportRead tells ctx's ReadProgress, if any, about n bytes read.
func reportRead(ctx context.Context, n int) {
	if n <= 0 {
		return
	}
	if fn, ok := ctx.Value(progressKey{}).(ReadProgress); ok && fn != nil {
		fn(n)
	}
}
