package strategy

import (
	"fmt"
	"math"
	"strings"

	"github.com/prkbench/prk/kernel"
)

// Engine says how a problem's iteration is laid out in memory. It changes
// the speed of every strategy, and with Precision the accuracy, never the
// problem: scores always come back by the graph's own node numbers.
// The zero value is the reference engine: CSR, float64, no reordering.
type Engine struct {
	// Layout is how each block's in-arcs are stored for the row sums.
	Layout Layout
	// Precision is the type of the contribution vector, the one vector an
	// iteration reads at random.
	Precision Precision
	// Order renumbers the nodes for locality before the solve.
	Order Order
}

// Layout is how a block's in-arcs are stored for the row sums.
type Layout string

// Layouts.
const (
	// LayoutCSR sums each row over its sources in one pass: every arc is
	// a random read of the whole contribution vector.
	LayoutCSR Layout = "csr"
	// LayoutSegmented cuts the arcs by source window (kernel.Segments):
	// the random reads of a window stay in L2, and a source costs two
	// bytes instead of four, at the price of adding each (window, row)
	// pair into the row's sum.
	LayoutSegmented Layout = "segmented"
	// LayoutBlocked cuts the arcs both ways, rows into groups and sources
	// into windows (kernel.Tiles), and packs each arc's row and source in
	// four bytes: every read and every add hits L2, with no per-row cost.
	// It is the layout for graphs without hubs, where a segmented
	// (window, row) pair holds one or two arcs.
	LayoutBlocked Layout = "blocked"
	// LayoutHybrid lays out each source window of a block the way that
	// suits it (kernel.NewHybrid): segmented where the window's (window,
	// row) pairs average at least HybridMinArcs arcs, blocked elsewhere.
	// In degree order the hubs' windows go segmented and the rest blocked.
	LayoutHybrid Layout = "hybrid"
)

// HybridMinArcs is the mean arcs per (window, row) pair from which
// LayoutHybrid keeps a window segmented. A pair costs about as much as
// three or four arcs of a blocked tile (a row index, an offset and a
// partial sum to add), so sparser windows are cheaper blocked.
const HybridMinArcs = 4.0

// windowed reports whether the layout reads the contribution vector by
// source window (segmented, blocked, hybrid): the vector is padded to whole
// windows, and a block is built once and never cut, since each of its
// windows spans all its rows.
func (l Layout) windowed() bool {
	return l == LayoutSegmented || l == LayoutBlocked || l == LayoutHybrid
}

// Precision is the floating-point type of the contribution vector.
type Precision string

// Precisions.
const (
	// F64 is float64 throughout: the reference arithmetic.
	F64 Precision = "f64"
	// F32 stores contributions in float32 (scores, sums, the residual and
	// the dangling mass stay float64): half the bytes read at random, at
	// a relative error of about 2^-24 per contribution.
	F32 Precision = "f32"
)

// Order is a renumbering of the nodes that the solve runs on.
type Order string

// Orders.
const (
	// OrderNone solves the graph as numbered.
	OrderNone Order = "none"
	// OrderDegree numbers nodes by descending out-degree (ties by id), so
	// the contributions read most often share cache lines.
	OrderDegree Order = "degree"
	// OrderDBG is degree-based grouping (Faldu et al. 2019): nodes fall
	// into groups by out-degree (powers of two of the mean), hottest group
	// first, keeping their relative order inside a group, which keeps much
	// of the locality the original numbering had.
	OrderDBG Order = "dbg"
)

// Layouts, Precisions and Orders list the values an engine runs, default
// first; LayoutAuto and OrderAuto are accepted too (see Engine.Resolve).
var (
	Layouts    = []Layout{LayoutCSR, LayoutSegmented, LayoutBlocked, LayoutHybrid}
	Precisions = []Precision{F64, F32}
	Orders     = []Order{OrderNone, OrderDegree, OrderDBG}
)

// normalized returns e with empty fields set to their defaults, or an
// error naming a field whose value is unknown.
func (e Engine) normalized() (Engine, error) {
	if e.Layout == "" {
		e.Layout = LayoutCSR
	}
	if e.Precision == "" {
		e.Precision = F64
	}
	if e.Order == "" {
		e.Order = OrderNone
	}
	if err := oneOf("layout", e.Layout, append(Layouts, LayoutAuto)); err != nil {
		return e, err
	}
	if err := oneOf("precision", e.Precision, Precisions); err != nil {
		return e, err
	}
	if err := oneOf("order", e.Order, append(Orders, OrderAuto)); err != nil {
		return e, err
	}
	return e, nil
}

// Validate returns an error naming the first field whose value is unknown.
func (e Engine) Validate() error {
	_, err := e.normalized()
	return err
}

// IsReference reports whether e is the reference engine (CSR, float64, no
// reordering), the one whose serial generic arithmetic is bit-exact.
func (e Engine) IsReference() bool {
	n, err := e.normalized()
	return err == nil && n == Engine{LayoutCSR, F64, OrderNone}
}

// String is "layout/precision/order", e.g. "segmented/f32/dbg".
func (e Engine) String() string {
	n, err := e.normalized()
	if err != nil {
		return fmt.Sprintf("%s/%s/%s", e.Layout, e.Precision, e.Order)
	}
	return fmt.Sprintf("%s/%s/%s", n.Layout, n.Precision, n.Order)
}

func oneOf[T ~string](what string, v T, allowed []T) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return fmt.Errorf("unknown %s %q (have: %s)", what, v, strings.Join(names, ", "))
}

// Contribs is a contribution vector, c[j] = x[j]/outdeg[j], in the
// problem's precision: F32 is set when the precision is f32, F64 otherwise.
// Make the whole vector with Problem.NewContribs and pass a block its rows
// with Slice.
type Contribs struct {
	F64 []float64
	F32 []float32
}

// Slice returns entries [lo, hi) of c.
func (c Contribs) Slice(lo, hi int) Contribs {
	if c.F32 != nil {
		return Contribs{F32: c.F32[lo:hi]}
	}
	return Contribs{F64: c.F64[lo:hi]}
}

// Len returns the number of entries.
func (c Contribs) Len() int {
	if c.F32 != nil {
		return len(c.F32)
	}
	return len(c.F64)
}

// NewContribs returns a zeroed contribution vector for the whole problem,
// in its precision and padded as its layout needs.
func (p *Problem) NewContribs() Contribs {
	n := p.N()
	if p.engine.Layout.windowed() {
		n = kernel.PaddedLen(n)
	}
	if p.engine.Precision == F32 {
		return Contribs{F32: make([]float32, n)}
	}
	return Contribs{F64: make([]float64, n)}
}

// Engine returns the engine the problem is solved with, defaults filled in
// and auto choices made.
func (p *Problem) Engine() Engine { return p.engine }

// RequestedEngine returns the engine the problem was asked for, before an
// auto layout or order was resolved.
func (p *Problem) RequestedEngine() Engine { return p.requested }

// tileRows is the most rows a strategy's tile should have. A CSR tile is
// small, so its new scores are still in cache when they become
// contributions. A segmented block walks every source window once, and a
// window stays in cache only while that block's arcs from it are summed, so
// a segmented block is never cut: one tile per block, and few blocks (see
// tileCount).
func (p *Problem) tileRows() int {
	if p.engine.Layout.windowed() {
		return math.MaxInt
	}
	return maxTileRows
}

// tileCount is how many tiles of about equal work a strategy that balances
// work between workers (lockfree) should cut the rows into for workers
// workers: many small ones for CSR; for the segmented layout four per
// worker, enough for the balancer to move work between workers (a (window,
// row) pair costs more than its arcs say, so an even split by arcs is not
// even in time) and few enough that each tile sums many arcs per window.
// Measured on kron:22:32, segmented/f32/degree, lockfree with 2 workers, 12
// iterations: tiles of 2^18 rows (32 tiles) 120 ms per iteration, one tile
// per worker 120 ms, 2 per worker 62-93 ms, 4 per worker 77-98 ms, 16 per
// worker 111 ms.
func (p *Problem) tileCount(workers int) int {
	if p.engine.Layout.windowed() {
		return 4 * workers
	}
	work := p.g.Arcs() + int64(p.g.N)
	return max(workers, int((work+tileWork-1)/tileWork))
}

// newContribsLike returns a zeroed vector of n entries in p's precision.
func newContribsLike(p *Problem, n int) Contribs {
	if p.engine.Precision == F32 {
		return Contribs{F32: make([]float32, n)}
	}
	return Contribs{F64: make([]float64, n)}
}

// copyContribs copies src into dst, which have the same precision.
func copyContribs(dst, src Contribs) {
	if src.F32 != nil {
		copy(dst.F32, src.F32)
		return
	}
	copy(dst.F64, src.F64)
}
