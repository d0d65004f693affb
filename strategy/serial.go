package strategy

import (
	"context"

	"github.com/prkbench/prk/kernel"
)

// serial is the study's baseline: one goroutine runs the whole iteration
// as a single block. With the generic kernel it is the reference arithmetic
// exactly, so it reproduces the study's scores bit for bit.
type serial struct {
	k     *kernel.Kernel
	p     *Problem
	block Block
	x, y  []float64
	c     Contribs
}

func init() {
	RegisterStrategy(Description{
		Name:   "serial",
		Doc:    "one goroutine, one block: the baseline; with --kernel generic the reference arithmetic exactly",
		Serial: true,
	}, func(cfg Config) (Strategy, error) {
		return &serial{k: cfg.KernelOrBest()}, nil
	})
}

func (s *serial) Prepare(ctx context.Context, p *Problem) error {
	s.p = p
	n := p.N()
	p.releaseArcsAsBuilt() // serial computes only through its block
	s.block = p.Block(0, n)
	s.y = make([]float64, n)
	s.c = p.NewContribs()
	return s.Reset()
}

func (s *serial) Reset() error {
	s.x = s.p.Start()
	return nil
}

func (s *serial) Iterate(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	dangling := s.block.Contributions(s.k, s.c, s.x)
	r := s.block.RowSums(s.k, s.y, s.x, s.c, dangling)
	s.x, s.y = s.y, s.x
	return r, nil
}

func (s *serial) Scores() []float64 { return s.x }

func (s *serial) Close() error { return nil }

// Workers reports one worker whatever was configured.
func (s *serial) Workers() int { return 1 }
