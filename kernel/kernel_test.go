package kernel

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Error bounds (also in docs/kernels.md). Contributions are a true division
// per entry and the dangling mass is summed in index order by every kernel,
// so both must match generic bit for bit. A row sum may add its deg terms in
// another order: each order is within (deg-1)*u*S of the exact sum, where
// u = 2^-53 and S = sum(|term|), and the multiply by damping and add of base
// round once more each, so two kernels differ by at most
//
//	|got - want| <= (deg+2) * 2^-52 * (damping*S + |base|) + (deg+3) * 2^-1074
//
// the last term covering subnormal results, whose rounding error is absolute.
// The residual adds |y[r]-xold[r]| in row order in every kernel, so it can
// differ by the rows' differences plus one rounding per row of each sum.

func rowBound(deg int, absSum, base, damping float64) float64 {
	return float64(deg+2)*0x1p-52*(damping*absSum+math.Abs(base)) + float64(deg+3)*0x1p-1074
}

// kernelsUnderTest returns every registered kernel this CPU can run (each
// variant, both row-sum loading schemes, is registered under its own
// name), without generic, which is the reference.
func kernelsUnderTest(t testing.TB) []variant {
	var vs []variant
	for _, k := range Supported() {
		if k != Generic {
			vs = append(vs, variant{name: k.Name, k: k, supported: func() bool { return true }})
		}
	}
	if len(vs) == 0 {
		t.Log("no assembly kernel runs on this CPU/build; only generic is tested against itself")
		vs = append(vs, variant{name: "generic", k: Generic, supported: func() bool { return true }})
	}
	return vs
}

// randomScore returns a positive float64 spread over many binades, with
// occasional subnormals and zeros.
func randomScore(rng *rand.Rand) float64 {
	switch rng.IntN(20) {
	case 0:
		return math.Float64frombits(rng.Uint64N(1 << 52)) // subnormal
	case 1:
		return 0
	}
	return math.Ldexp(rng.Float64()+0.5, -rng.IntN(60))
}

func randomDegree(rng *rand.Rand) uint32 {
	switch rng.IntN(10) {
	case 0, 1, 2:
		return 0
	case 3:
		return math.MaxUint32 - uint32(rng.IntN(3)) // above 2^31: the unsigned conversion matters
	case 4:
		return 1<<31 + uint32(rng.IntN(5)) - 2
	}
	return 1 + uint32(rng.IntN(1000))
}

func randomOutWeight(rng *rand.Rand) float64 {
	switch rng.IntN(12) {
	case 0:
		return 0
	case 1:
		return -rng.Float64()
	case 2:
		return math.NaN()
	case 3:
		return math.Float64frombits(1 + rng.Uint64N(1<<52)) // subnormal weight: huge quotient
	case 4:
		return math.Inf(1)
	}
	return rng.Float64()*100 + 1e-3
}

func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// checkContributions runs k and generic on the same input and requires
// identical bits in c and in the dangling mass.
func checkContributions(t testing.TB, name string, k *Kernel, x []float64, outdeg []uint32) {
	t.Helper()
	want := make([]float64, len(x))
	got := make([]float64, len(x)+1)[1:] // unaligned by one element
	for i := range got {
		got[i] = math.NaN() // every entry must be written
	}
	wantD := Generic.Contributions(want, x, outdeg)
	gotD := k.Contributions(got, x, outdeg)
	if !sameBits(gotD, wantD) {
		t.Fatalf("%s Contributions n=%d: dangling %v (%#x), generic %v (%#x)", name, len(x), gotD, math.Float64bits(gotD), wantD, math.Float64bits(wantD))
	}
	for j := range want {
		if !sameBits(got[j], want[j]) {
			t.Fatalf("%s Contributions n=%d: c[%d] = %v, generic %v (x=%v, outdeg=%d)", name, len(x), j, got[j], want[j], x[j], outdeg[j])
		}
	}
}

func checkWeightedContributions(t testing.TB, name string, k *Kernel, x, outWeight []float64) {
	t.Helper()
	want := make([]float64, len(x))
	got := make([]float64, len(x)+1)[1:]
	for i := range got {
		got[i] = math.NaN()
	}
	wantD := Generic.WeightedContributions(want, x, outWeight)
	gotD := k.WeightedContributions(got, x, outWeight)
	if !sameBits(gotD, wantD) {
		t.Fatalf("%s WeightedContributions n=%d: dangling %v, generic %v", name, len(x), gotD, wantD)
	}
	for j := range want {
		if !sameBits(got[j], want[j]) {
			t.Fatalf("%s WeightedContributions n=%d: c[%d] = %v, generic %v (x=%v, w=%v)", name, len(x), j, got[j], want[j], x[j], outWeight[j])
		}
	}
}

// rowsCase is one block of rows to sum.
type rowsCase struct {
	c, xold    []float64
	offsets    []int64
	sources    []uint32
	weights    []float64 // nil: unweighted
	base, damp float64
}

// checkRowSums compares k with generic on one block within the bound above,
// and requires bit-identical rows of up to three arcs from kernels whose
// scalar-load scheme promises it.
func checkRowSums(t testing.TB, name string, k *Kernel, rc rowsCase, exactShortRows bool) {
	t.Helper()
	rows := len(rc.offsets) - 1
	want := make([]float64, rows)
	got := make([]float64, rows+1)[1:]
	for i := range got {
		got[i] = math.NaN()
	}
	var wantR, gotR float64
	if rc.weights != nil {
		wantR = Generic.WeightedPullRowSums(want, rc.xold, rc.c, rc.offsets, rc.sources, rc.weights, rc.base, rc.damp)
		gotR = k.WeightedPullRowSums(got, rc.xold, rc.c, rc.offsets, rc.sources, rc.weights, rc.base, rc.damp)
	} else {
		wantR = Generic.PullRowSums(want, rc.xold, rc.c, rc.offsets, rc.sources, rc.base, rc.damp)
		gotR = k.PullRowSums(got, rc.xold, rc.c, rc.offsets, rc.sources, rc.base, rc.damp)
	}
	residualBound := float64(rows)*0x1p-51*wantR + float64(rows+1)*0x1p-1074
	for r := range rows {
		lo, hi := rc.offsets[r], rc.offsets[r+1]
		absSum := 0.0
		for k := lo; k < hi; k++ {
			term := rc.c[rc.sources[k]]
			if rc.weights != nil {
				term *= rc.weights[k]
			}
			absSum += math.Abs(term)
		}
		deg := int(hi - lo)
		bound := rowBound(deg, absSum, rc.base, rc.damp)
		residualBound += bound * (1 + 0x1p-51)
		diff := math.Abs(got[r] - want[r])
		if !(diff <= bound) && !sameBits(got[r], want[r]) {
			t.Fatalf("%s rows=%d: y[%d] (deg %d) = %v, generic %v: |diff| %g > bound %g", name, rows, r, deg, got[r], want[r], diff, bound)
		}
		if exactShortRows && deg <= 3 && !sameBits(got[r], want[r]) {
			t.Fatalf("%s rows=%d: y[%d] (deg %d) = %v, generic %v: rows of up to 3 arcs must match bit for bit", name, rows, r, deg, got[r], want[r])
		}
	}
	if d := math.Abs(gotR - wantR); !(d <= residualBound) && !sameBits(gotR, wantR) {
		t.Fatalf("%s rows=%d: residual %v, generic %v: |diff| %g > bound %g", name, rows, gotR, wantR, d, residualBound)
	}
}

// exactShortRows reports whether v sums rows of up to 3 arcs in generic's
// order (the scalar-load schemes do; the gathers reduce lanes pairwise).
func exactShortRows(v variant) bool {
	return slices.Contains(scalarLoadKernels(), v.k.Name)
}

// randomRows builds a block of rows with the given degrees over a c of n
// entries, with offsets starting at first (as a block view of a larger CSR
// does) and sources that include c's first and last entries.
func randomRows(rng *rand.Rand, n int, degrees []int, first int64, weighted bool) rowsCase {
	rc := rowsCase{c: make([]float64, n), base: 0.15 / float64(n), damp: 0.85}
	for i := range rc.c {
		rc.c[i] = randomScore(rng)
	}
	total := first
	rc.offsets = append(rc.offsets, first)
	for _, d := range degrees {
		total += int64(d)
		rc.offsets = append(rc.offsets, total)
	}
	rc.sources = make([]uint32, total)
	for k := range rc.sources {
		switch rng.IntN(8) {
		case 0:
			rc.sources[k] = 0
		case 1:
			rc.sources[k] = uint32(n - 1)
		default:
			rc.sources[k] = uint32(rng.IntN(n))
		}
	}
	if weighted {
		rc.weights = make([]float64, total)
		for k := range rc.weights {
			rc.weights[k] = rng.Float64()*3 + 0.01
		}
	}
	rc.xold = make([]float64, len(degrees)+1)[1:]
	for i := range rc.xold {
		rc.xold[i] = randomScore(rng)
	}
	return rc
}

// maxVectorWidth is the widest SIMD lane count of any kernel (AVX-512: 8
// float64s); tails are tested up to twice that plus three.
const maxVectorWidth = 8

func TestContributionsMatchGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, v := range kernelsUnderTest(t) {
		for n := 0; n <= 2*maxVectorWidth+3; n++ {
			for range 20 {
				x := make([]float64, n+1)[1:]
				deg := make([]uint32, n+1)[1:]
				w := make([]float64, n+1)[1:]
				for j := range n {
					x[j] = randomScore(rng)
					deg[j] = randomDegree(rng)
					w[j] = randomOutWeight(rng)
				}
				checkContributions(t, v.name, v.k, x, deg)
				checkWeightedContributions(t, v.name, v.k, x, w)
			}
		}
		// A long vector whose dangling entries are dense in places and
		// absent in others, so the vector loop's fast and slow paths mix.
		n := 10_007
		x, deg, w := make([]float64, n), make([]uint32, n), make([]float64, n)
		for j := range n {
			x[j] = randomScore(rng)
			if (j/64)%3 != 0 {
				deg[j] = randomDegree(rng)
				w[j] = randomOutWeight(rng)
			} else {
				deg[j] = 1 + uint32(j)
				w[j] = float64(j) + 0.5
			}
		}
		checkContributions(t, v.name, v.k, x, deg)
		checkWeightedContributions(t, v.name, v.k, x, w)
	}
}

func TestRowSumsMatchGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, v := range kernelsUnderTest(t) {
		exact := exactShortRows(v)
		for _, weighted := range []bool{false, true} {
			// Every row length through the vector tails, several rows each.
			for deg := 0; deg <= 2*maxVectorWidth+3; deg++ {
				degrees := []int{deg, deg, deg, 0, deg}
				checkRowSums(t, v.name, v.k, randomRows(rng, 1+rng.IntN(300), degrees, int64(rng.IntN(3)), weighted), exact)
			}
			// All lengths mixed, with empty rows, in a block that starts mid-graph.
			degrees := make([]int, 500)
			for i := range degrees {
				switch rng.IntN(4) {
				case 0:
					degrees[i] = 0
				case 1:
					degrees[i] = 1 + rng.IntN(3)
				default:
					degrees[i] = rng.IntN(70)
				}
			}
			checkRowSums(t, v.name, v.k, randomRows(rng, 5000, degrees, 12345, weighted), exact)
			// One row of maximal degree among short ones.
			checkRowSums(t, v.name, v.k, randomRows(rng, 1<<16, []int{2, 100_000, 1}, 0, weighted), exact)
			// A block of no rows.
			checkRowSums(t, v.name, v.k, randomRows(rng, 10, nil, 0, weighted), exact)
		}
	}
}

// TestRowSumsSubnormal sums rows whose every term is subnormal, where the
// bound's absolute term is what allows the kernels to differ.
func TestRowSumsSubnormal(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, v := range kernelsUnderTest(t) {
		rc := randomRows(rng, 64, []int{1, 2, 3, 4, 5, 7, 9, 17, 33}, 0, false)
		for i := range rc.c {
			rc.c[i] = math.Float64frombits(rng.Uint64N(1 << 52))
		}
		rc.base = 0
		checkRowSums(t, v.name, v.k, rc, exactShortRows(v))
		rc.weights = make([]float64, len(rc.sources))
		for k := range rc.weights {
			rc.weights[k] = rng.Float64()
		}
		checkRowSums(t, v.name, v.k, rc, exactShortRows(v))
	}
}

// TestRowSumsBadOffsetsPanic checks that an assembly kernel refuses offsets
// that point outside sources, as generic's slicing does, instead of reading
// memory it does not own.
func TestRowSumsBadOffsetsPanic(t *testing.T) {
	for _, v := range append(kernelsUnderTest(t), variant{name: "generic", k: Generic}) {
		for _, offsets := range [][]int64{{0, 5}, {-1, 0}} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s: PullRowSums with offsets %v over 3 sources did not panic", v.name, offsets)
					}
				}()
				y := make([]float64, 1)
				v.k.PullRowSums(y, y, []float64{1, 2, 3}, offsets, []uint32{0, 1, 2}, 0, 0.85)
			}()
		}
	}
}

func TestSupportedIsConsistent(t *testing.T) {
	names := Names()
	if !slices.IsSorted(names) {
		t.Errorf("Names() = %v is not sorted", names)
	}
	sup := Supported()
	if len(sup) == 0 || Best() != sup[0] {
		t.Fatalf("Best() is not Supported()[0]")
	}
	seen := map[string]bool{}
	for _, k := range sup {
		if !slices.Contains(names, k.Name) {
			t.Errorf("supported kernel %q is not in Names() %v", k.Name, names)
		}
		if seen[k.Name] {
			t.Errorf("kernel %q appears twice in Supported()", k.Name)
		}
		seen[k.Name] = true
		got, err := Lookup(k.Name)
		if err != nil || got != k {
			t.Errorf("Lookup(%q) = %v, %v; want the supported kernel", k.Name, got, err)
		}
		if k.Contributions == nil || k.WeightedContributions == nil || k.PullRowSums == nil || k.WeightedPullRowSums == nil || k.Description == "" {
			t.Errorf("kernel %q has an unset field", k.Name)
		}
	}
	if !seen["generic"] {
		t.Errorf("generic is not supported")
	}
	// Best is the highest ranked supported kernel.
	registryMu.RLock()
	bestRank := registry[Best().Name].rank
	for _, e := range registry {
		if e.supported() && e.rank > bestRank {
			t.Errorf("kernel %q (rank %d) outranks Best %q (rank %d)", e.k.Name, e.rank, Best().Name, bestRank)
		}
	}
	registryMu.RUnlock()
	for _, name := range []string{"", "auto", " AUTO "} {
		if k, err := Lookup(name); err != nil || k != Best() {
			t.Errorf("Lookup(%q) = %v, %v; want Best()", name, k, err)
		}
	}
	if Why() == "" {
		t.Errorf("Why() is empty")
	}
	if CPU() == "" {
		t.Errorf("CPU() is empty")
	}
}

func TestLookupUnknown(t *testing.T) {
	_, err := Lookup("sse9")
	if err == nil {
		t.Fatal(`Lookup("sse9") succeeded`)
	}
	for _, want := range []string{`"sse9"`, "not in this binary", "generic"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Lookup error %q does not mention %q", err, want)
		}
	}
}

// TestEveryNameResolves: every name Names and Aliases list, and auto,
// resolves to a registered kernel whose Name is exact (one of Names, never
// an alias), and Lookup of an exact name returns the kernel of that name.
func TestEveryNameResolves(t *testing.T) {
	names := Names()
	for _, name := range append(append([]string{"auto", ""}, names...), Aliases()...) {
		exact := Resolve(name)
		if !slices.Contains(names, exact) {
			t.Errorf("Resolve(%q) = %q, not a registered kernel", name, exact)
		}
		k, err := Lookup(name)
		if err != nil {
			if !strings.Contains(err.Error(), "lacks") {
				t.Errorf("Lookup(%q): %v", name, err)
			}
			continue
		}
		if k.Name != exact {
			t.Errorf("Lookup(%q).Name = %q, want the exact name %q", name, k.Name, exact)
		}
		if slices.Contains(Aliases(), k.Name) {
			t.Errorf("Lookup(%q) returned a kernel named by an alias, %q", name, k.Name)
		}
	}
	for _, k := range Supported() {
		if slices.Contains(Aliases(), k.Name) {
			t.Errorf("Supported() lists %q, an alias", k.Name)
		}
	}
}
