package kernel

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

// Benchmark sizes, named for benchstat (size=L2|L3|DRAM). Row sums: c, the
// block's CSR and y/xold together fit L2 (~0.5 MB), fit L3 (~18 MB), or are
// ~150 MB with sources spread uniformly over a 64 MB c so that nearly every
// c load misses every cache. Row degrees are 1 + an exponential with mean 9
// (average ~10, a third of rows with 1-3 arcs), like web graphs' in-degrees.
var benchSizes = []struct {
	name        string
	nodes, rows int // len(c), rows in the block
}{
	{"L2", 8 << 10, 8 << 10},
	{"L3", 256 << 10, 256 << 10},
	{"DRAM", 8 << 20, 1 << 20},
}

type rowSumsInput struct {
	c, y, xold, weights []float64
	offsets             []int64
	sources             []uint32
}

var (
	benchInputsMu sync.Mutex
	benchInputs   = map[string]*rowSumsInput{}
)

func benchRowSumsInput(b *testing.B, size string, nodes, rows int) *rowSumsInput {
	benchInputsMu.Lock()
	defer benchInputsMu.Unlock()
	if in, ok := benchInputs[size]; ok {
		return in
	}
	rng := rand.New(rand.NewPCG(uint64(nodes), uint64(rows)))
	in := &rowSumsInput{c: make([]float64, nodes), y: make([]float64, rows), xold: make([]float64, rows), offsets: make([]int64, rows+1)}
	for i := range in.c {
		in.c[i] = rng.Float64() / float64(nodes)
	}
	for r := range rows {
		deg := 1 + int(math.Min(rng.ExpFloat64()*9, 2000))
		in.offsets[r+1] = in.offsets[r] + int64(deg)
		in.xold[r] = 1 / float64(nodes)
	}
	arcs := in.offsets[rows]
	in.sources = make([]uint32, arcs)
	in.weights = make([]float64, arcs)
	for k := range in.sources {
		in.sources[k] = uint32(rng.IntN(nodes))
		in.weights[k] = rng.Float64()
	}
	benchInputs[size] = in
	return in
}

// benchKernels is generic, every supported registered kernel and every
// supported assembly variant (so gather and scalar-load row sums can be
// compared side by side).
func benchKernels(b *testing.B) []variant {
	vs := []variant{{name: "generic", k: Generic}}
	for _, v := range kernelsUnderTest(b) {
		if v.k != Generic {
			vs = append(vs, v)
		}
	}
	return vs
}

// registeredKernels is every registered kernel this CPU supports, generic
// first.
func registeredKernels() []variant {
	vs := []variant{{name: "generic", k: Generic}}
	for _, k := range Supported() {
		if k != Generic {
			vs = append(vs, variant{name: k.Name, k: k})
		}
	}
	return vs
}

func BenchmarkPullRowSums(b *testing.B) {
	for _, weighted := range []bool{false, true} {
		name := "PullRowSums"
		if weighted {
			name = "WeightedPullRowSums"
		}
		b.Run(name, func(b *testing.B) {
			for _, v := range benchKernels(b) {
				b.Run("kernel="+v.name, func(b *testing.B) {
					for _, s := range benchSizes {
						b.Run("size="+s.name, func(b *testing.B) {
							if s.name == "DRAM" && testing.Short() {
								b.Skip("DRAM-sized input skipped in -short mode")
							}
							in := benchRowSumsInput(b, s.name, s.nodes, s.rows)
							arcs := in.offsets[len(in.offsets)-1]
							perIter := arcs*(4+8) + int64(s.rows)*(8+8+8)
							if weighted {
								perIter += arcs * 8
							}
							b.SetBytes(perIter)
							b.ResetTimer()
							sink := 0.0
							for b.Loop() {
								if weighted {
									sink += v.k.WeightedPullRowSums(in.y, in.xold, in.c, in.offsets, in.sources, in.weights, 1e-9, 0.85)
								} else {
									sink += v.k.PullRowSums(in.y, in.xold, in.c, in.offsets, in.sources, 1e-9, 0.85)
								}
							}
							b.ReportMetric(float64(arcs)*float64(b.N)/b.Elapsed().Seconds(), "arcs/s")
							if math.IsNaN(sink) {
								b.Fatal("NaN residual")
							}
						})
					}
				})
			}
		})
	}
}

func BenchmarkContributions(b *testing.B) {
	sizes := []struct {
		name string
		n    int
	}{{"L2", 16 << 10}, {"L3", 512 << 10}, {"DRAM", 16 << 20}}
	// Variants differ only in row sums, so only registered kernels here.
	for _, v := range registeredKernels() {
		b.Run("kernel="+v.name, func(b *testing.B) {
			for _, s := range sizes {
				b.Run("size="+s.name, func(b *testing.B) {
					if s.name == "DRAM" && testing.Short() {
						b.Skip("DRAM-sized input skipped in -short mode")
					}
					rng := rand.New(rand.NewPCG(1, uint64(s.n)))
					x, c, deg := make([]float64, s.n), make([]float64, s.n), make([]uint32, s.n)
					for j := range x {
						c[j] = 1 // fault c's pages in before timing
						x[j] = rng.Float64() / float64(s.n)
						if rng.IntN(20) != 0 { // ~5% dangling, as in web graphs
							deg[j] = 1 + uint32(rng.IntN(40))
						}
					}
					b.SetBytes(int64(s.n) * (8 + 8 + 4))
					b.ResetTimer()
					sink := 0.0
					for b.Loop() {
						sink += v.k.Contributions(c, x, deg)
					}
					b.ReportMetric(float64(s.n)*float64(b.N)/b.Elapsed().Seconds(), "elements/s")
					if math.IsNaN(sink) {
						b.Fatal("NaN dangling")
					}
				})
			}
		})
	}
}

// BenchmarkWindowSums times the windowed layouts' sums (Segments, Tiles and
// a hybrid of both) on a block of 2^17 rows over 2^20 sources, as a
// lockfree worker's block of a uniform graph with ten arcs a row, in both
// precisions:
//
//	go test -run '^$' -bench WindowSums -count 6 ./kernel/ > w.txt; benchstat -col /layout w.txt
func BenchmarkWindowSums(b *testing.B) {
	const nodes, rows, degree = 1 << 20, 1 << 17, 10
	rng := rand.New(rand.NewPCG(3, 7))
	offsets := make([]int64, rows+1)
	sources := make([]uint32, 0, rows*degree)
	for r := range rows {
		row := sources[len(sources):]
		for range degree {
			row = append(row, uint32(rng.IntN(nodes)))
		}
		sortU32(row)
		sources = sources[:len(sources)+degree]
		offsets[r+1] = int64(len(sources))
	}
	c64 := make([]float64, PaddedLen(nodes))
	c32 := make([]float32, PaddedLen(nodes))
	for j := range nodes {
		c64[j] = rng.Float64()
		c32[j] = float32(c64[j])
	}
	seg, err := NewSegments(offsets, sources, nil, nodes)
	if err != nil {
		b.Fatal(err)
	}
	tiles, err := NewTiles(offsets, sources, nil, nodes)
	if err != nil {
		b.Fatal(err)
	}
	acc := make([]float64, rows)
	for _, v := range registeredKernels() {
		for _, f32 := range []bool{false, true} {
			prec := map[bool]string{false: "f64", true: "f32"}[f32]
			for _, layout := range []string{"segmented", "blocked"} {
				b.Run("kernel="+v.name+"/precision="+prec+"/layout="+layout, func(b *testing.B) {
					for b.Loop() {
						switch {
						case layout == "segmented" && f32:
							v.k.SegmentSums32(acc, c32, seg)
						case layout == "segmented":
							v.k.SegmentSums(acc, c64, seg)
						case f32:
							v.k.TileSums32(acc, c32, tiles)
						default:
							v.k.TileSums(acc, c64, tiles)
						}
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(sources)), "ns/arc")
				})
			}
		}
	}
}
