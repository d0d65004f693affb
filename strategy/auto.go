package strategy

import (
	"github.com/prkbench/prk/graph"
)

// Auto values let the problem choose a layout or an order for its graph
// (Engine.Resolve). They are accepted wherever an Engine is, but are not in
// Layouts and Orders, which list what an engine can actually run.
const (
	// LayoutAuto is the hybrid layout for a graph whose contribution
	// vector is far larger than a core's cache (at least AutoMinNodes
	// nodes), CSR otherwise. Hybrid lays each source window out the way
	// its density asks: the hubs' windows segmented, the rest blocked (all
	// of them on a graph without hubs).
	LayoutAuto Layout = "auto"
	// OrderAuto is the degree order for a graph of at least AutoMinNodes
	// nodes whose arcs come mostly from hubs (see AutoHubShare), none
	// otherwise or when the graph is stored renumbered already (prk convert
	// --order).
	OrderAuto Order = "auto"
)

// AutoEngine asks the problem to choose its layout and order, in float64:
// what `prk run` does by default.
var AutoEngine = Engine{Layout: LayoutAuto, Precision: F64, Order: OrderAuto}

// AutoMinNodes is the size from which the auto engine leaves the reference
// layout and order: 2^19 nodes make a 4 MiB float64 contribution vector,
// twice a 2 MiB L2. Measured with lockfree and 2 workers (ms per iteration,
// csr/none against hybrid/none): cnr-2000 (325,557 nodes, a web graph whose
// numbering already has locality) 2.58 against 4.26, so smaller graphs keep
// CSR; uniform:600000:6000000 14.6 against 8.7; uniform:1000000:10000000
// 22.7 against 15.2; kron:22:32 471 (csr/none) against 108 (hybrid/degree).
// (With the segmented layout alone the line was 2^20: it loses on graphs
// without hubs.)
const AutoMinNodes = 1 << 19

// AutoHubShare is the share of all arcs that the tenth of nodes with the
// most out-arcs must send for OrderAuto to renumber by degree: then packing
// the hubs' contributions together saves cache misses on most arcs. On a
// graph without hubs (uniform random: the top tenth sends about a sixth of
// the arcs) renumbering costs seconds and saves nothing.
const AutoHubShare = 0.4

// EngineSupporter is implemented by strategies that run only some engines
// (say, one whose workers are sent CSR blocks only). Engine.Resolve
// consults it so that an auto engine never picks what the strategy would
// refuse; a strategy that does not implement it runs every engine.
type EngineSupporter interface {
	// SupportsEngine returns an error saying why e cannot run, or nil.
	SupportsEngine(e Engine) error
}

// Resolve returns e with LayoutAuto and OrderAuto replaced by concrete
// choices for g (see AutoMinNodes and AutoHubShare); supports, when not
// nil, vetoes a choice (a strategy's SupportsEngine). Other fields are
// returned as they are.
func (e Engine) Resolve(g *graph.CSR, supports func(Engine) error) Engine {
	big := g != nil && g.N >= AutoMinNodes
	ok := func(c Engine) bool { return supports == nil || supports(c) == nil }
	if e.Order == OrderAuto {
		e.Order = OrderNone
		// A graph stored renumbered (graph.CSR.Order) is already in the
		// order auto would choose.
		if big && g.Order == nil && hubShare(g) >= AutoHubShare {
			e.Order = OrderDegree
		}
	}
	if e.Layout == LayoutAuto {
		e.Layout = LayoutCSR
		if c := e; big {
			c.Layout = LayoutHybrid
			if ok(c) {
				e.Layout = LayoutHybrid
			}
		}
	}
	return e
}

// IsAuto reports whether e leaves a choice to Resolve.
func (e Engine) IsAuto() bool { return e.Layout == LayoutAuto || e.Order == OrderAuto }

// hubShare returns the share of g's arcs sent by the tenth of its nodes
// with the largest out-degrees, by a histogram of out-degrees (linear time,
// no sort).
func hubShare(g *graph.CSR) float64 {
	if g.N == 0 || len(g.InSources) == 0 {
		return 0
	}
	// Degrees up to capDeg are counted exactly; larger ones are summed
	// apart, and all belong to the top tenth unless more than a tenth of
	// the nodes have them, in which case the share is large anyway.
	const capDeg = 1 << 12
	var count [capDeg + 1]int64
	var bigNodes, bigArcs int64
	for _, d := range g.OutDegree {
		if d > capDeg {
			bigNodes++
			bigArcs += int64(d)
			continue
		}
		count[d]++
	}
	top := int64(g.N+9) / 10
	arcs := bigArcs
	left := top - bigNodes
	for d := capDeg; d > 0 && left > 0; d-- {
		take := min(count[d], left)
		arcs += take * int64(d)
		left -= take
	}
	return float64(arcs) / float64(len(g.InSources))
}

// resolvedFor returns the option that resolves an auto engine for the
// strategy s (its SupportsEngine, if it has one).
func resolvedFor(s Strategy) ProblemOption {
	return func(p *Problem) error {
		if es, ok := s.(EngineSupporter); ok {
			p.supports = es.SupportsEngine
		}
		return nil
	}
}
