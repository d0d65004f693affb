package graph

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// testArc is one arc of a test source.
type testArc struct {
	s, d uint32
	w    float64
}

// listSource is an ArcSource over arcs held in memory, emitted in chunks of
// a fixed size (with an empty chunk first when emptyChunks is set, which a
// source may legally send).
type listSource struct {
	n           int
	weighted    bool
	parts       [][]testArc
	chunk       int
	emptyChunks bool
}

func (l *listSource) Nodes() int     { return l.n }
func (l *listSource) Weighted() bool { return l.weighted }
func (l *listSource) Parts() int     { return len(l.parts) }

func (l *listSource) Part(i int, emit func(src, dst []uint32, w []float64) error) error {
	arcs := l.parts[i]
	chunk := max(l.chunk, 1)
	if l.emptyChunks {
		var w []float64
		if l.weighted {
			w = []float64{}
		}
		if err := emit([]uint32{}, []uint32{}, w); err != nil {
			return err
		}
	}
	for lo := 0; lo < len(arcs); lo += chunk {
		hi := min(lo+chunk, len(arcs))
		s := make([]uint32, 0, hi-lo)
		d := make([]uint32, 0, hi-lo)
		var w []float64
		if l.weighted {
			w = make([]float64, 0, hi-lo)
		}
		for _, a := range arcs[lo:hi] {
			s = append(s, a.s)
			d = append(d, a.d)
			if l.weighted {
				w = append(w, a.w)
			}
		}
		if err := emit(s, d, w); err != nil {
			return err
		}
	}
	return nil
}

// split cuts arcs into parts parts of random sizes (some empty).
func split(rng *rand.Rand, arcs []testArc, parts int) [][]testArc {
	cuts := make([]int, 0, parts+1)
	cuts = append(cuts, 0)
	for range parts - 1 {
		cuts = append(cuts, rng.IntN(len(arcs)+1))
	}
	cuts = append(cuts, len(arcs))
	slices.Sort(cuts)
	out := make([][]testArc, parts)
	for p := range parts {
		out[p] = arcs[cuts[p]:cuts[p+1]]
	}
	return out
}

// referenceBuild is the obvious builder the fast one is checked against: a
// map from each destination to each source's list of weights, with no
// counting, no cursors and no parallelism. It states the semantics Build
// promises: rows ascending by source, duplicates (unless multigraph)
// collapsed into one arc whose weight is the sum of theirs taken in
// ascending order, -0 stored as +0, out-weights summed in CSR order.
func referenceBuild(src *listSource, opts BuildOptions) *CSR {
	n := src.n
	rows := make([]map[uint32][]float64, n)
	add := func(s, d uint32, w float64) {
		if rows[d] == nil {
			rows[d] = map[uint32][]float64{}
		}
		if w == 0 {
			w = 0 // -0 becomes +0
		}
		rows[d][s] = append(rows[d][s], w)
	}
	for _, part := range src.parts {
		for _, a := range part {
			w := 1.0
			if src.weighted {
				w = a.w
			}
			add(a.s, a.d, w)
			if opts.Undirected && a.s != a.d {
				add(a.d, a.s, w)
			}
		}
	}
	g := &CSR{N: n, InOffsets: make([]int64, n+1), InSources: []uint32{}, OutDegree: make([]uint32, n)}
	if src.weighted {
		g.InWeights = []float64{}
		g.OutWeight = make([]float64, n)
	}
	for d := range n {
		srcs := make([]uint32, 0, len(rows[d]))
		for s := range rows[d] {
			srcs = append(srcs, s)
		}
		slices.Sort(srcs)
		for _, s := range srcs {
			ws := rows[d][s]
			slices.Sort(ws)
			if opts.Multigraph {
				for _, w := range ws {
					g.InSources = append(g.InSources, s)
					g.InWeights = appendIf(src.weighted, g.InWeights, w)
				}
			} else {
				sum := ws[0]
				for _, w := range ws[1:] {
					sum += w
				}
				g.InSources = append(g.InSources, s)
				g.InWeights = appendIf(src.weighted, g.InWeights, sum)
			}
		}
		g.InOffsets[d+1] = int64(len(g.InSources))
	}
	for k, s := range g.InSources {
		g.OutDegree[s]++
		if src.weighted {
			g.OutWeight[s] += g.InWeights[k]
		}
	}
	return g
}

func appendIf(cond bool, s []float64, v float64) []float64 {
	if cond {
		return append(s, v)
	}
	return s
}

// diffCSR describes the first difference between got and want, comparing
// floats by their bits, or returns "".
func diffCSR(got, want *CSR) string {
	if got.N != want.N {
		return fmt.Sprintf("N = %d, want %d", got.N, want.N)
	}
	for _, d := range []string{
		diffSlices("InOffsets", got.InOffsets, want.InOffsets, eq),
		diffSlices("InSources", got.InSources, want.InSources, eq),
		diffSlices("InWeights", got.InWeights, want.InWeights, sameBits),
		diffSlices("OutDegree", got.OutDegree, want.OutDegree, eq),
		diffSlices("OutWeight", got.OutWeight, want.OutWeight, sameBits),
		diffSlices("IDs", got.IDs, want.IDs, eq),
	} {
		if d != "" {
			return d
		}
	}
	return ""
}

func eq[T comparable](a, b T) bool { return a == b }

func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// diffSlices names the first difference of got from want (nil and empty
// differ: a weighted graph without arcs has empty, non-nil weights).
func diffSlices[T any](name string, got, want []T, equal func(a, b T) bool) string {
	if (got == nil) != (want == nil) {
		return fmt.Sprintf("%s: got nil = %v, want nil = %v", name, got == nil, want == nil)
	}
	for k := range min(len(got), len(want)) {
		if !equal(got[k], want[k]) {
			return fmt.Sprintf("%s[%d] = %v, want %v (lengths %d and %d)", name, k, got[k], want[k], len(got), len(want))
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%s has %d entries, want %d", name, len(got), len(want))
	}
	return ""
}

func clip[T any](s []T) []T {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}

// shape makes the arcs of one kind of test graph.
type shape struct {
	name string
	n    int
	arcs func(rng *rand.Rand, n int) []testArc
}

// testWeight draws from a small set (so that equal source and weight pairs
// and runs of duplicates are common) or, half the time, any value.
func testWeight(rng *rand.Rand) float64 {
	if rng.IntN(2) == 0 {
		return []float64{0, math.Copysign(0, -1), 0.5, 1, 2, 3.25, 1e-300, 1e300}[rng.IntN(8)]
	}
	return rng.Float64() * 10
}

func randomArcs(count int, pick func(rng *rand.Rand, n int) (uint32, uint32)) func(rng *rand.Rand, n int) []testArc {
	return func(rng *rand.Rand, n int) []testArc {
		arcs := make([]testArc, count)
		for k := range arcs {
			s, d := pick(rng, n)
			arcs[k] = testArc{s, d, testWeight(rng)}
		}
		return arcs
	}
}

func uniformPair(rng *rand.Rand, n int) (uint32, uint32) {
	return uint32(rng.IntN(n)), uint32(rng.IntN(n))
}

var shapes = []shape{
	{"empty", 0, func(*rand.Rand, int) []testArc { return nil }},
	{"no-arcs", 7, func(*rand.Rand, int) []testArc { return nil }},
	{"one-node", 1, randomArcs(50, uniformPair)},
	{"self-loops", 40, randomArcs(300, func(rng *rand.Rand, n int) (uint32, uint32) {
		v := uint32(rng.IntN(n))
		return v, v
	})},
	{"heavy-duplicates", 5, randomArcs(2000, uniformPair)},
	{"sparse", 1000, randomArcs(300, uniformPair)},
	{"dense", 60, randomArcs(4000, uniformPair)},
	// Hubs give rows far longer than insertionSortMax, in and out.
	{"hubs", 300, randomArcs(6000, func(rng *rand.Rand, n int) (uint32, uint32) {
		s, d := uniformPair(rng, n)
		switch rng.IntN(4) {
		case 0:
			d = uint32(rng.IntN(3))
		case 1:
			s = uint32(rng.IntN(2))
		}
		return s, d
	})},
	// Arcs that arrive sorted, as an edge list sorted by source would.
	{"sorted", 500, func(rng *rand.Rand, n int) []testArc {
		arcs := randomArcs(5000, uniformPair)(rng, n)
		slices.SortFunc(arcs, func(a, b testArc) int {
			if a.s != b.s {
				return int(a.s) - int(b.s)
			}
			return int(a.d) - int(b.d)
		})
		return arcs
	}},
}

// TestBuildMatchesReference checks Build against referenceBuild on every
// shape, with and without weights, directed or not, multigraph or not, cut
// into various numbers of parts and chunk sizes and built with various
// worker counts, including more workers than parts.
func TestBuildMatchesReference(t *testing.T) {
	defer setMinChunkWork(64)()
	rng := rand.New(rand.NewPCG(1, 2))
	partCounts, workerCounts := []int{1, 3, 17}, []int{1, 2, 5, 64}
	if testing.Short() {
		partCounts, workerCounts = []int{1, 17}, []int{1, 5}
	}
	for _, sh := range shapes {
		for _, weighted := range []bool{false, true} {
			for _, undirected := range []bool{false, true} {
				for _, multigraph := range []bool{false, true} {
					for _, parts := range partCounts {
						arcs := sh.arcs(rng, sh.n)
						src := &listSource{
							n: sh.n, weighted: weighted, parts: split(rng, arcs, parts),
							chunk: 1 + rng.IntN(700), emptyChunks: rng.IntN(3) == 0,
						}
						opts := BuildOptions{Undirected: undirected, Multigraph: multigraph}
						want := referenceBuild(src, opts)
						for _, workers := range workerCounts {
							opts.Workers = workers
							name := fmt.Sprintf("%s/weighted=%v/undirected=%v/multigraph=%v/parts=%d/workers=%d",
								sh.name, weighted, undirected, multigraph, parts, workers)
							g, err := Build(src, opts)
							if err != nil {
								t.Fatalf("%s: %v", name, err)
							}
							if err := g.Validate(); err != nil {
								t.Fatalf("%s: invalid graph: %v", name, err)
							}
							if d := diffCSR(g, want); d != "" {
								t.Fatalf("%s: %s", name, d)
							}
						}
					}
				}
			}
		}
	}
}

// setMinChunkWork lowers the parallel threshold so that small test graphs
// take the parallel (multi-chunk) paths, and returns the restore function.
func setMinChunkWork(v int64) func() {
	old := minChunkWork
	minChunkWork = v
	return func() { minChunkWork = old }
}

// TestBuildSameForAnyWorkerCount builds a larger weighted multigraph-free
// graph with heavy duplicates (where the summing order of duplicate weights
// matters) with many worker counts and requires identical bits, and the
// same for the arcs shuffled within their parts.
func TestBuildSameForAnyWorkerCount(t *testing.T) {
	defer setMinChunkWork(256)()
	rng := rand.New(rand.NewPCG(3, 4))
	n, count := 2000, 60000
	workerCounts := []int{2, 3, 4, 7, 16, 100}
	if testing.Short() {
		count, workerCounts = 20000, []int{2, 7}
	}
	arcs := randomArcs(count, func(rng *rand.Rand, n int) (uint32, uint32) {
		s, d := uniformPair(rng, n)
		return s % 300, d
	})(rng, n)
	for k := range count / 3 {
		arcs[k].w = rng.Float64() // values whose sums depend on order
	}
	for _, undirected := range []bool{false, true} {
		src := &listSource{n: n, weighted: true, parts: split(rng, arcs, 23), chunk: 1000}
		opts := BuildOptions{Undirected: undirected, Workers: 1}
		first, err := Build(src, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, workers := range workerCounts {
			opts.Workers = workers
			g, err := Build(src, opts)
			if err != nil {
				t.Fatal(err)
			}
			if d := diffCSR(g, first); d != "" {
				t.Fatalf("undirected=%v workers=%d differs from workers=1: %s", undirected, workers, d)
			}
		}
		shuffled := &listSource{n: n, weighted: true, chunk: 777}
		for _, part := range src.parts {
			part = slices.Clone(part)
			rng.Shuffle(len(part), func(i, j int) { part[i], part[j] = part[j], part[i] })
			shuffled.parts = append(shuffled.parts, part)
		}
		rng.Shuffle(len(shuffled.parts), func(i, j int) {
			shuffled.parts[i], shuffled.parts[j] = shuffled.parts[j], shuffled.parts[i]
		})
		opts.Workers = 3
		g, err := Build(shuffled, opts)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffCSR(g, first); d != "" {
			t.Fatalf("undirected=%v: shuffled arcs give a different graph: %s", undirected, d)
		}
	}
}

// TestBuildNegativeZeroWeight checks that -0 weights are stored as +0, so
// that a multigraph's equal weights have equal bits.
func TestBuildNegativeZeroWeight(t *testing.T) {
	negZero := math.Copysign(0, -1)
	src := &listSource{n: 2, weighted: true, chunk: 10, parts: [][]testArc{{{0, 1, negZero}, {0, 1, 0}, {1, 0, negZero}}}}
	g, err := Build(src, BuildOptions{Multigraph: true})
	if err != nil {
		t.Fatal(err)
	}
	for k, w := range g.InWeights {
		if math.Signbit(w) {
			t.Errorf("weight %d is -0", k)
		}
	}
}

// failingSource is a listSource whose part failPart fails with err after
// its first chunk.
type failingSource struct {
	listSource
	failPart int
	err      error
}

func (f *failingSource) Part(i int, emit func(src, dst []uint32, w []float64) error) error {
	if i != f.failPart {
		return f.listSource.Part(i, emit)
	}
	return f.err
}

// changingSource yields different arcs on the second read of a part, as a
// broken source would.
type changingSource struct {
	listSource
	reads  []int
	change func(read int, arcs []testArc) []testArc
}

func (c *changingSource) Part(i int, emit func(src, dst []uint32, w []float64) error) error {
	c.reads[i]++
	one := c.listSource
	one.parts = [][]testArc{c.change(c.reads[i], slices.Clone(c.parts[i]))}
	return one.Part(0, emit)
}

// swallowingSource ignores what emit returns, as a careless source would.
type swallowingSource struct{ listSource }

func (s *swallowingSource) Part(i int, emit func(src, dst []uint32, w []float64) error) error {
	return s.listSource.Part(i, func(src, dst []uint32, w []float64) error {
		emit(src, dst, w)
		return nil
	})
}

// rawSource emits the given chunk as is, to test malformed chunks.
type rawSource struct {
	n        int
	weighted bool
	s, d     []uint32
	w        []float64
}

func (r *rawSource) Nodes() int     { return r.n }
func (r *rawSource) Weighted() bool { return r.weighted }
func (r *rawSource) Parts() int     { return 1 }
func (r *rawSource) Part(_ int, emit func(src, dst []uint32, w []float64) error) error {
	return emit(r.s, r.d, r.w)
}

// tooManyNodes is MaxNodes+1 where an int holds it (computed at run time
// so that the test compiles where it does not).
func tooManyNodes() int {
	n := int64(MaxNodes)
	return int(n + 1)
}

// countSource claims any node count and part count and has no arcs.
type countSource struct{ nodes, parts int }

func (c countSource) Nodes() int     { return c.nodes }
func (c countSource) Weighted() bool { return false }
func (c countSource) Parts() int     { return c.parts }
func (c countSource) Part(int, func(src, dst []uint32, w []float64) error) error {
	return nil
}

func TestBuildErrors(t *testing.T) {
	ioErr := errors.New("disk on fire")
	arcs := func(as ...testArc) [][]testArc { return [][]testArc{{{0, 1, 1}, {1, 2, 1}}, as} }
	nonReplay := func(change func(read int, arcs []testArc) []testArc) ArcSource {
		parts := arcs(testArc{2, 0, 1}, testArc{0, 2, 1}, testArc{1, 1, 1})
		return &changingSource{listSource: listSource{n: 3, parts: parts, chunk: 2}, reads: make([]int, 2), change: change}
	}
	tests := []struct {
		name string
		src  ArcSource
		opts BuildOptions
		want string // in the error
		is   error
	}{
		{"nil source", nil, BuildOptions{}, "nil arc source", nil},
		{"negative nodes", countSource{-1, 0}, BuildOptions{}, "node count -1 out of range", nil},
		{"too many nodes", countSource{tooManyNodes(), 0}, BuildOptions{}, "node count 4294967296 out of range", nil},
		{"negative parts", countSource{3, -2}, BuildOptions{}, "-2 parts", nil},
		{"destination out of range", &listSource{n: 3, parts: arcs(testArc{1, 2, 1}, testArc{0, 3, 1}), chunk: 1},
			BuildOptions{}, "arc 0 -> 3 (part 1, arc 1) has an endpoint beyond the graph's 3 nodes", nil},
		{"source out of range", &listSource{n: 3, parts: arcs(testArc{1, 2, 1}, testArc{1, 1, 1}, testArc{math.MaxUint32, 0, 1}), chunk: 2},
			BuildOptions{Undirected: true}, "arc 4294967295 -> 0 (part 1, arc 2)", nil},
		{"arc into empty graph", &listSource{n: 0, parts: [][]testArc{{{0, 0, 1}}}, chunk: 1},
			BuildOptions{}, "arc 0 -> 0 (part 0, arc 0) has an endpoint beyond the graph's 0 nodes", nil},
		{"negative weight", &listSource{n: 3, weighted: true, parts: arcs(testArc{1, 2, 1}, testArc{0, 1, -0.5}), chunk: 5},
			BuildOptions{}, "arc 0 -> 1 (part 1, arc 1) has weight -0.5", nil},
		{"NaN weight", &listSource{n: 3, weighted: true, parts: arcs(testArc{1, 2, math.NaN()}), chunk: 5},
			BuildOptions{}, "has weight NaN", nil},
		{"infinite weight", &listSource{n: 3, weighted: true, parts: arcs(testArc{1, 2, math.Inf(1)}), chunk: 5},
			BuildOptions{}, "has weight +Inf", nil},
		{"duplicate weights overflow", &listSource{n: 3, weighted: true, parts: arcs(testArc{1, 2, math.MaxFloat64}, testArc{1, 2, math.MaxFloat64}), chunk: 5},
			BuildOptions{}, "weights of the arcs 1 -> 2 add up to +Inf", nil},
		{"out-weights overflow", &listSource{n: 3, weighted: true, parts: arcs(testArc{1, 2, math.MaxFloat64}, testArc{1, 0, math.MaxFloat64}), chunk: 5},
			BuildOptions{}, "arcs out of node 1 add up to +Inf", nil},
		{"short destinations", &rawSource{n: 3, s: []uint32{0, 1}, d: []uint32{1}},
			BuildOptions{}, "chunk of 2 sources, 1 destinations and 0 weights", nil},
		{"missing weights", &rawSource{n: 3, weighted: true, s: []uint32{0, 1}, d: []uint32{1, 2}},
			BuildOptions{}, "chunk of 2 sources, 2 destinations and 0 weights (weighted: true)", nil},
		{"unexpected weights", &rawSource{n: 3, s: []uint32{0}, d: []uint32{1}, w: []float64{1}},
			BuildOptions{}, "chunk of 1 sources, 1 destinations and 1 weights (weighted: false)", nil},
		{"source error", &failingSource{listSource: listSource{n: 3, parts: arcs(), chunk: 1}, failPart: 1, err: ioErr},
			BuildOptions{}, "disk on fire", ioErr},
		{"swallowed emit error", &swallowingSource{listSource{n: 3, parts: arcs(testArc{0, 9, 1}), chunk: 1}},
			BuildOptions{}, "arc 0 -> 9 (part 1, arc 0)", nil},
		{"second read moves an arc", nonReplay(func(read int, a []testArc) []testArc {
			if read == 2 && len(a) == 3 {
				a[1].d = 1
			}
			return a
		}), BuildOptions{}, "part 1 of the arc source yielded different arcs on its second read", nil},
		{"second read adds arcs", nonReplay(func(read int, a []testArc) []testArc {
			if read == 2 {
				for range 10 {
					a = append(a, testArc{2, 2, 1})
				}
			}
			return a
		}), BuildOptions{}, "yielded different arcs on its second read", nil},
		{"second read drops an arc", nonReplay(func(read int, a []testArc) []testArc {
			if read == 2 && len(a) == 3 {
				a = a[:2]
			}
			return a
		}), BuildOptions{Undirected: true}, "part 1 of the arc source yielded different arcs", nil},
		{"second read has a bad arc", nonReplay(func(read int, a []testArc) []testArc {
			if read == 2 && len(a) == 3 {
				a[2].s = 7
			}
			return a
		}), BuildOptions{}, "arc 7 -> 1 (part 1, arc 2) has an endpoint beyond", nil},
	}
	for _, tt := range tests {
		if tt.name == "too many nodes" && strconv.IntSize == 32 {
			continue // an int cannot count that many nodes here
		}
		for _, workers := range []int{1, 4} {
			if _, broken := tt.src.(*changingSource); broken && workers > 1 {
				// With several workers, a source that does not replay makes
				// them write into each other's slots before the mismatch is
				// found: harmless (the arrays are dropped with the error),
				// but a data race the race detector rightly reports.
				continue
			}
			t.Run(fmt.Sprintf("%s/workers=%d", tt.name, workers), func(t *testing.T) {
				if cs, ok := tt.src.(*changingSource); ok {
					clear(cs.reads)
				}
				opts := tt.opts
				opts.Workers = workers
				g, err := Build(tt.src, opts)
				if err == nil {
					t.Fatalf("no error; built %d nodes and %d arcs", g.N, g.Arcs())
				}
				if !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error %q does not contain %q", err, tt.want)
				}
				if tt.is != nil && !errors.Is(err, tt.is) {
					t.Fatalf("error %q is not %q", err, tt.is)
				}
			})
		}
	}
}

// TestShrink checks that shrinking copies to a fresh array exactly when
// that frees more than a quarter of the old one, and clips otherwise.
func TestShrink(t *testing.T) {
	s := make([]uint32, 1000)
	for k, wantCopy := range map[int64]bool{0: true, 100: true, 749: true, 750: false, 999: false, 1000: false} {
		got := shrink(s, k)
		if int64(len(got)) != k || cap(got) != len(got) {
			t.Fatalf("shrink to %d: len %d cap %d", k, len(got), cap(got))
		}
		copied := k > 0 && &got[0] != &s[0]
		if k > 0 && copied != wantCopy {
			t.Errorf("shrink 1000 to %d: copied = %v, want %v", k, copied, wantCopy)
		}
	}
}

func TestSplitBounds(t *testing.T) {
	for _, n := range []int{0, 1, 2, 10, 1000} {
		for _, chunks := range []int{1, 2, 7, 5000} {
			b := evenBounds(n, chunks)
			if b[0] != 0 || b[len(b)-1] != n || len(b)-1 > max(1, min(chunks, n)) {
				t.Fatalf("evenBounds(%d, %d) = %v", n, chunks, b)
			}
			for i := 1; i < len(b); i++ {
				if b[i] <= b[i-1] && n > 0 {
					t.Fatalf("evenBounds(%d, %d) = %v has an empty range", n, chunks, b)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		n := 1 + rng.IntN(300)
		offsets := make([]int64, n+1)
		for i := range n {
			deg := int64(rng.IntN(3))
			if rng.IntN(20) == 0 {
				deg = int64(rng.IntN(5000))
			}
			offsets[i+1] = offsets[i] + deg
		}
		chunks := 1 + rng.IntN(40)
		b := arcBounds(offsets, chunks)
		if b[0] != 0 || b[len(b)-1] != n || len(b)-1 > chunks {
			t.Fatalf("arcBounds(%d rows, %d) = %v", n, chunks, b)
		}
		total := offsets[n] + int64(n)
		for i := 1; i < len(b); i++ {
			if b[i] <= b[i-1] {
				t.Fatalf("arcBounds = %v has an empty range", b)
			}
			// A chunk is never much more than its share, bar one row.
			work := offsets[b[i]] + int64(b[i]) - offsets[b[i-1]] - int64(b[i-1])
			var biggestRow int64
			for r := b[i-1]; r < b[i]; r++ {
				biggestRow = max(biggestRow, offsets[r+1]-offsets[r]+1)
			}
			if work > total/int64(chunks)+2*biggestRow+1 {
				t.Fatalf("arcBounds chunk %d has work %d, share %d, biggest row %d", i-1, work, total/int64(chunks), biggestRow)
			}
		}
	}
}
