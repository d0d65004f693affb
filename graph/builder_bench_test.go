package graph

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// randomSource generates arcs part by part from seeded streams, so that it
// replays without holding any arc: what a generator or a file reader does,
// and what makes Build's memory its own.
type randomSource struct {
	n, parts    int
	arcsPerPart int
	weighted    bool
	// skew > 1 draws destinations from a power law (node u^skew * n), which
	// gives hub rows like a web graph's.
	skew float64
}

func (r *randomSource) Nodes() int     { return r.n }
func (r *randomSource) Weighted() bool { return r.weighted }
func (r *randomSource) Parts() int     { return r.parts }

func (r *randomSource) Part(i int, emit func(src, dst []uint32, w []float64) error) error {
	const chunk = 4096
	rng := rand.New(rand.NewPCG(uint64(i), 0x5eed))
	s := make([]uint32, chunk)
	d := make([]uint32, chunk)
	var w []float64
	if r.weighted {
		w = make([]float64, chunk)
	}
	n := uint64(r.n)
	for left := r.arcsPerPart; left > 0; left -= chunk {
		k := min(left, chunk)
		for j := range k {
			s[j] = uint32(rng.Uint64N(n))
			if r.skew > 1 {
				u := rng.Float64()
				u = u * u * u // skew 3; enough for hub rows
				d[j] = uint32(u * float64(n))
			} else {
				d[j] = uint32(rng.Uint64N(n))
			}
			if w != nil {
				w[j] = rng.Float64()
			}
		}
		var wk []float64
		if w != nil {
			wk = w[:k]
		}
		if err := emit(s[:k], d[:k], wk); err != nil {
			return err
		}
	}
	return nil
}

func newRandomSource(arcs, degree int, weighted bool, skew float64) *randomSource {
	parts := max(1, arcs>>18)
	return &randomSource{n: arcs / degree, parts: parts, arcsPerPart: arcs / parts, weighted: weighted, skew: skew}
}

// BenchmarkBuild reports arcs placed per second at a few sizes, uniform and
// skewed (hub rows), unweighted and weighted.
func BenchmarkBuild(b *testing.B) {
	for _, bc := range []struct {
		arcs     int
		weighted bool
		skew     float64
	}{
		{1 << 20, false, 0}, {1 << 22, false, 0}, {1 << 24, false, 0},
		{1 << 22, false, 3}, {1 << 22, true, 0},
	} {
		src := newRandomSource(bc.arcs, 16, bc.weighted, bc.skew)
		name := fmt.Sprintf("arcs=%dM/nodes=%dK/weighted=%v/skew=%v", bc.arcs>>20, src.n>>10, bc.weighted, bc.skew)
		b.Run(name, func(b *testing.B) {
			arcs := int64(src.parts * src.arcsPerPart)
			b.SetBytes(arcs * 8) // an arc arrives as two uint32s
			for b.Loop() {
				if _, err := Build(src, BuildOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(arcs)*float64(b.N)/b.Elapsed().Seconds(), "arcs/s")
		})
	}
}

// BenchmarkBuildPeakMemory builds a 1M-node, 16M-arc graph while sampling
// the live heap, and reports the peak growth of the heap over the build
// divided by the finished CSR's size (peak/CSR): the evidence that Build
// needs little beyond the CSR itself.
func BenchmarkBuildPeakMemory(b *testing.B) {
	src := newRandomSource(1<<24, 16, false, 0)
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 {
		metrics.Read(samples)
		return samples[0].Value.Uint64()
	}
	var worst float64
	for b.Loop() {
		runtime.GC()
		base := heap()
		var peak atomic.Uint64
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			t := time.NewTicker(200 * time.Microsecond)
			defer t.Stop()
			for {
				peak.Store(max(peak.Load(), heap()))
				select {
				case <-done:
					return
				case <-t.C:
				}
			}
		})
		g, err := Build(src, BuildOptions{})
		close(done)
		wg.Wait()
		if err != nil {
			b.Fatal(err)
		}
		peak.Store(max(peak.Load(), heap()))
		worst = max(worst, float64(peak.Load()-base)/float64(g.Bytes()))
	}
	b.ReportMetric(worst, "peak/CSR")
}

// TestBuildRealGraph builds cnr-2000 (3.2M arcs) from its edge list and
// checks every row against an independent build: all arcs packed as
// destination<<32|source, sorted and made unique.
func TestBuildRealGraph(t *testing.T) {
	if testing.Short() {
		t.Skip("real graph skipped in -short mode")
	}
	path := filepath.Join("..", "..", "shared", "data", "cnr-2000.txt.gz")
	src, dst := readEdgeListForTest(t, path)
	const n = 325557
	const parts = 7
	ls := &arcSlices{n: n, src: src, dst: dst, parts: parts}
	g, err := Build(ls, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	keys := make([]uint64, len(src))
	for k := range src {
		keys[k] = uint64(dst[k])<<32 | uint64(src[k])
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	if g.Arcs() != int64(len(keys)) {
		t.Fatalf("%d arcs, want %d distinct", g.Arcs(), len(keys))
	}
	for k, key := range keys {
		d, s := int(key>>32), uint32(key)
		if k < int(g.InOffsets[d]) || k >= int(g.InOffsets[d+1]) || g.InSources[k] != s {
			t.Fatalf("arc %d should be %d -> %d; row %d holds arcs %d..%d", k, s, d, d, g.InOffsets[d], g.InOffsets[d+1])
		}
	}
	// The published count: 3,216,152 arcs, none repeated.
	if g.Arcs() != 3216152 {
		t.Fatalf("%d arcs, want 3216152", g.Arcs())
	}
}

// arcSlices is an ArcSource over two parallel slices cut into parts.
type arcSlices struct {
	n        int
	src, dst []uint32
	parts    int
}

func (a *arcSlices) Nodes() int     { return a.n }
func (a *arcSlices) Weighted() bool { return false }
func (a *arcSlices) Parts() int     { return a.parts }
func (a *arcSlices) Part(i int, emit func(src, dst []uint32, w []float64) error) error {
	lo, hi := len(a.src)*i/a.parts, len(a.src)*(i+1)/a.parts
	return emit(a.src[lo:hi], a.dst[lo:hi], nil)
}

// readEdgeListForTest reads a gzipped "src<TAB>dst" list with # comments,
// or skips the test when the shared data is missing.
func readEdgeListForTest(t *testing.T, path string) (src, dst []uint32) {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		t.Skipf("real test data missing: %s not found (see shared/data/README.md)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || text[0] == '#' {
			continue
		}
		a, b, ok := strings.Cut(text, "\t")
		s, err1 := strconv.ParseUint(a, 10, 32)
		d, err2 := strconv.ParseUint(strings.TrimSpace(b), 10, 32)
		if !ok || err1 != nil || err2 != nil {
			t.Fatalf("%s:%d: bad line %q", path, line, text)
		}
		src = append(src, uint32(s))
		dst = append(dst, uint32(d))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return src, dst
}
