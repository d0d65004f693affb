package gen

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/prkbench/prk/graph"
)

// benchSpecs compare the generators at about a million arcs each (seed:2000
// has 10^4 arcs but takes 4*10^6 random draws).
var benchSpecs = []string{"kron:16", "uniform:65536:1048576", "seed:2000"}

// BenchmarkGenerate measures spec to CSR, builder included.
func BenchmarkGenerate(b *testing.B) {
	for _, spec := range benchSpecs {
		b.Run("spec="+spec, func(b *testing.B) {
			var arcs int64
			for b.Loop() {
				g, err := Generate(spec, graph.BuildOptions{})
				if err != nil {
					b.Fatal(err)
				}
				arcs += g.Arcs()
			}
			b.ReportMetric(float64(arcs)/b.Elapsed().Seconds(), "arcs/s")
		})
	}
}

// BenchmarkArcs measures the generators alone: every part read once on one
// goroutine into an emit that does nothing.
func BenchmarkArcs(b *testing.B) {
	for _, spec := range benchSpecs {
		b.Run("spec="+spec, func(b *testing.B) {
			g, err := Parse(spec)
			if err != nil {
				b.Fatal(err)
			}
			var arcs int64
			emit := func(src, dst []uint32, w []float64) error {
				arcs += int64(len(src))
				return nil
			}
			for b.Loop() {
				for i := range g.Parts() {
					if err := g.Part(i, emit); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(arcs)/b.Elapsed().Seconds(), "arcs/s")
		})
	}
}

// BenchmarkRMAT measures the unpermuted R-MAT arc loop alone.
func BenchmarkRMAT(b *testing.B) {
	for _, scale := range []int{15, 16, 20} {
		b.Run(fmt.Sprint("scale=", scale), func(b *testing.B) {
			var rng rand.PCG
			var buf arcBuffer
			for b.Loop() {
				rmatArcs(&rng, scale, buf.src[:], buf.dst[:])
			}
			b.ReportMetric(float64(b.N*chunkArcs)/b.Elapsed().Seconds(), "arcs/s")
		})
	}
}
