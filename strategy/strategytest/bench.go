package strategytest

import (
	"testing"

	"github.com/prkbench/prk/strategy"
)

// BenchmarkIterate times one iteration per op of the strategy registered
// as name, made with cfg and prepared for p outside the timer, and reports
// allocations and arcs per second: the harness prk's own benchmarks use,
// for a user's strategy as well. One untimed iteration comes first, since
// a strategy may calibrate on it (lockfree balances its blocks by the
// first iteration's times).
func BenchmarkIterate(b *testing.B, name string, cfg strategy.Config, p *strategy.Problem) {
	b.Helper()
	s, err := strategy.New(name, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := b.Context()
	if err := s.Prepare(ctx, p); err != nil {
		b.Fatal(err)
	}
	if _, err := s.Iterate(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Iterate(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(p.Graph.Arcs())*float64(b.N)/b.Elapsed().Seconds(), "arcs/s")
}
