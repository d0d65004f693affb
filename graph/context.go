package graph

import "context"

// BuildContext is Build that stops with ctx.Err() soon after ctx is
// cancelled: the source is checked between every chunk of arcs it emits, so
// a cancelled build of a large graph ends within a chunk's work, not after
// both passes.
func BuildContext(ctx context.Context, src ArcSource, opts BuildOptions) (*CSR, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if src == nil || ctx.Done() == nil {
		return Build(src, opts)
	}
	g, err := Build(contextSource{ctx, src}, opts)
	if err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return g, err
}

// contextSource is an ArcSource that fails a Part once ctx is cancelled.
type contextSource struct {
	ctx context.Context
	ArcSource
}

func (s contextSource) Part(i int, emit func(src, dst []uint32, w []float64) error) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	return s.ArcSource.Part(i, func(src, dst []uint32, w []float64) error {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		return emit(src, dst, w)
	})
}
