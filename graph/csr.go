package graph

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// MaxNodes is the largest node count a CSR can hold: ids are uint32 and
// math.MaxUint32 itself is kept free as a sentinel.
const MaxNodes = math.MaxUint32

// CSR is a directed graph in compressed sparse row form over in-arcs.
//
// The sources of the arcs into node i are InSources[InOffsets[i]:InOffsets[i+1]],
// ascending (and, unless the graph was built as a multigraph, distinct).
// Arc offsets are int64 so a graph may hold more than 2^32 arcs.
type CSR struct {
	// N is the number of nodes.
	N int
	// InOffsets has N+1 entries; InOffsets[0] == 0 and InOffsets[N] == number of arcs.
	InOffsets []int64
	// InSources holds the source of every arc, grouped by destination.
	InSources []uint32
	// InWeights is nil for an unweighted graph, else the weight of each arc,
	// parallel to InSources.
	InWeights []float64
	// OutDegree[j] is the number of arcs leaving node j (after duplicates collapse).
	OutDegree []uint32
	// OutWeight is nil for an unweighted graph, else the summed weight of the
	// arcs leaving each node.
	OutWeight []float64
	// IDs is nil when node i is called i in the source; otherwise IDs[i] is
	// the id the file gave node i. IDs is ascending, so dense order follows
	// file order.
	IDs []uint64
	// Order is nil when nodes are stored in the file's order. A graph
	// stored renumbered for locality (prk convert --order) has node i
	// stored where the file's order has node Order[i]: Order is a
	// permutation of 0..N-1, node i's id is IDs[Order[i]] (Order[i] when
	// IDs is nil), and IDs stays ascending in the file's order.
	Order []uint32
}

// Arcs returns the number of arcs.
func (g *CSR) Arcs() int64 {
	if g == nil || len(g.InOffsets) == 0 {
		return 0
	}
	return g.InOffsets[len(g.InOffsets)-1]
}

// Weighted reports whether the graph carries arc weights.
func (g *CSR) Weighted() bool { return g.InWeights != nil }

// InNeighbors returns the sources of the arcs into node i.
func (g *CSR) InNeighbors(i int) []uint32 {
	return g.InSources[g.InOffsets[i]:g.InOffsets[i+1]]
}

// ID returns the external id of node i: the file's own id where the file's ids
// were remapped, else i itself.
func (g *CSR) ID(i int) uint64 {
	if g.Order != nil {
		i = int(g.Order[i])
	}
	if g.IDs != nil {
		return g.IDs[i]
	}
	return uint64(i)
}

// Bytes returns the memory the graph's arrays occupy.
func (g *CSR) Bytes() int64 {
	return int64(len(g.InOffsets))*8 + int64(len(g.InSources))*4 + int64(len(g.InWeights))*8 +
		int64(len(g.OutDegree))*4 + int64(len(g.OutWeight))*8 + int64(len(g.IDs))*8 + int64(len(g.Order))*4
}

// Validate checks every structural invariant of g and returns a description
// of the first one broken. Loaders call it on anything they did not build
// themselves (a .prkg file), strategy.NewProblem calls it on every graph it
// is given, and tests call it on everything.
//
// It takes time linear in nodes plus arcs and, for a graph of more than
// parallelValidateWork nodes plus arcs, runs over row ranges on GOMAXPROCS
// goroutines. The error is the same whatever the parallelism: the first
// broken invariant in row order (each range keeps its first error and the
// lowest range's wins).
func (g *CSR) Validate() error {
	if g == nil {
		return errors.New("graph: nil CSR")
	}
	if g.N < 0 || int64(g.N) > MaxNodes {
		return fmt.Errorf("graph: node count %d out of range", g.N)
	}
	if len(g.InOffsets) != g.N+1 {
		return fmt.Errorf("graph: %d offsets for %d nodes, want %d", len(g.InOffsets), g.N, g.N+1)
	}
	if g.InOffsets[0] != 0 {
		return fmt.Errorf("graph: first offset is %d, want 0", g.InOffsets[0])
	}
	m := g.InOffsets[g.N]
	if m != int64(len(g.InSources)) {
		return fmt.Errorf("graph: offsets end at %d but there are %d sources", m, len(g.InSources))
	}
	if g.InWeights != nil && len(g.InWeights) != len(g.InSources) {
		return fmt.Errorf("graph: %d weights for %d arcs", len(g.InWeights), len(g.InSources))
	}
	if len(g.OutDegree) != g.N {
		return fmt.Errorf("graph: %d out-degrees for %d nodes", len(g.OutDegree), g.N)
	}
	if (g.OutWeight != nil) != (g.InWeights != nil) {
		return errors.New("graph: out-weights and arc weights must be both present or both absent")
	}
	if g.OutWeight != nil {
		if len(g.OutWeight) != g.N {
			return fmt.Errorf("graph: %d out-weights for %d nodes", len(g.OutWeight), g.N)
		}
		for j, w := range g.OutWeight {
			if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
				return fmt.Errorf("graph: node %d has out-weight %v", j, w)
			}
		}
	}
	if g.IDs != nil {
		if len(g.IDs) != g.N {
			return fmt.Errorf("graph: %d ids for %d nodes", len(g.IDs), g.N)
		}
		for i := 1; i < len(g.IDs); i++ {
			if g.IDs[i] <= g.IDs[i-1] {
				return fmt.Errorf("graph: ids not strictly ascending at node %d", i)
			}
		}
	}
	if err := CheckOrder(g.Order, g.N); err != nil {
		return err
	}
	outdeg := make([]uint32, g.N)
	if err := g.validateRows(outdeg); err != nil {
		return err
	}
	for j, d := range outdeg {
		if g.OutDegree[j] != d {
			return fmt.Errorf("graph: node %d has out-degree %d, its arcs say %d", j, g.OutDegree[j], d)
		}
	}
	return nil
}

// parallelValidateWork is the nodes plus arcs above which Validate checks
// rows on several goroutines: below it, starting them costs more than the
// check (a few milliseconds at most).
const parallelValidateWork = 1 << 20

// validateRows checks every row's offsets, sources and weights and counts
// each node's out-arcs into outdeg.
func (g *CSR) validateRows(outdeg []uint32) error {
	workers := runtime.GOMAXPROCS(0)
	if workers == 1 || int64(g.N)+g.Arcs() <= parallelValidateWork {
		return g.checkRows(0, g.N, outdeg, false)
	}
	// Ranges are claimed from a counter, several per worker, so a range of
	// heavy rows does not leave the other workers idle; counts go through
	// atomics because every range may hold arcs out of any node.
	ranges := 8 * workers
	errs := make([]error, ranges)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				r := int(next.Add(1) - 1)
				if r >= ranges {
					return
				}
				lo, hi := g.N*r/ranges, g.N*(r+1)/ranges
				errs[r] = g.checkRows(lo, hi, outdeg, true)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkRows checks rows [lo, hi), counts the source of every arc it finds
// valid into outdeg (atomically when shared is set) and returns the first
// broken invariant in row order.
func (g *CSR) checkRows(lo, hi int, outdeg []uint32, shared bool) error {
	m := int64(len(g.InSources))
	for i := lo; i < hi; i++ {
		a, b := g.InOffsets[i], g.InOffsets[i+1]
		if b < a || a < 0 || b > m {
			return fmt.Errorf("graph: offsets of node %d run from %d to %d", i, a, b)
		}
		for k := a; k < b; k++ {
			s := g.InSources[k]
			if int64(s) >= int64(g.N) {
				return fmt.Errorf("graph: arc %d into node %d has source %d, beyond %d nodes", k, i, s, g.N)
			}
			if k > a && s < g.InSources[k-1] {
				return fmt.Errorf("graph: sources of node %d not ascending at arc %d", i, k)
			}
			if g.InWeights != nil {
				w := g.InWeights[k]
				if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
					return fmt.Errorf("graph: arc %d has weight %v", k, w)
				}
			}
			if shared {
				atomic.AddUint32(&outdeg[s], 1)
			} else {
				outdeg[s]++
			}
		}
	}
	return nil
}

// CheckOrder returns an error unless order is nil or a permutation of
// 0..n-1 (CSR.Order), naming the first entry out of range or repeated.
func CheckOrder(order []uint32, n int) error {
	if order == nil {
		return nil
	}
	if len(order) != n {
		return fmt.Errorf("graph: order has %d entries for %d nodes", len(order), n)
	}
	seen := make([]uint64, (n+63)/64)
	for i, o := range order {
		if int64(o) >= int64(n) {
			return fmt.Errorf("graph: order[%d] = %d, not below %d nodes", i, o, n)
		}
		if seen[o/64]&(1<<(o%64)) != 0 {
			return fmt.Errorf("graph: order[%d] = %d repeats an earlier entry", i, o)
		}
		seen[o/64] |= 1 << (o % 64)
	}
	return nil
}

// FileIndex returns the inverse of Order: FileIndex()[f] is where the
// file's node f is stored. It is nil when Order is nil (f itself).
func (g *CSR) FileIndex() []uint32 {
	if g.Order == nil {
		return nil
	}
	inv := make([]uint32, len(g.Order))
	for i, f := range g.Order {
		inv[f] = uint32(i)
	}
	return inv
}
