package strategy_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// oneInArc returns a graph of n nodes in which node i > 0 has one in-arc,
// from src(i).
func oneInArc(n int, src func(i int) uint32) *graph.CSR {
	g := &graph.CSR{N: n, InOffsets: make([]int64, n+1), OutDegree: make([]uint32, n)}
	for i := range n {
		g.InOffsets[i+1] = g.InOffsets[i]
		if i > 0 {
			s := src(i)
			g.InSources = append(g.InSources, s)
			g.OutDegree[s]++
			g.InOffsets[i+1]++
		}
	}
	return g
}

// TestAutoEngineChoosesByGraph: small graphs keep the reference engine; a
// graph of AutoMinNodes nodes gets the hybrid layout, and the degree order
// only when hubs send most arcs and the graph is not stored renumbered.
func TestAutoEngineChoosesByGraph(t *testing.T) {
	n := strategy.AutoMinNodes
	hubs := oneInArc(n, func(i int) uint32 { return uint32(i % 16) })          // 16 nodes send every arc
	ring := oneInArc(n, func(i int) uint32 { return uint32((i + 1) % n) })     // every node sends one
	small := oneInArc(n-1, func(i int) uint32 { return uint32(i % 16) })       // hubs, but one node short
	flatHalf := oneInArc(n, func(i int) uint32 { return uint32(i % (n / 2)) }) // half the nodes send 2 each: the top tenth sends a fifth
	stored := *hubs
	stored.Order = make([]uint32, n)
	for i := range stored.Order {
		stored.Order[i] = uint32(i)
	}
	for _, c := range []struct {
		name string
		g    *graph.CSR
		want string
	}{
		{"hubs", hubs, "hybrid/f64/degree"},
		{"ring", ring, "hybrid/f64/none"},
		{"small", small, "csr/f64/none"},
		{"flat half", flatHalf, "hybrid/f64/none"},
		{"hubs stored in order", &stored, "hybrid/f64/none"},
	} {
		if got := strategy.AutoEngine.Resolve(c.g, nil).String(); got != c.want {
			t.Errorf("%s: auto resolved to %s, want %s", c.name, got, c.want)
		}
	}
	// Concrete fields are kept; only auto ones are chosen.
	e := strategy.Engine{Layout: strategy.LayoutCSR, Precision: strategy.F32, Order: strategy.OrderAuto}
	if got := e.Resolve(hubs, nil).String(); got != "csr/f32/degree" {
		t.Errorf("csr/f32/auto resolved to %s, want csr/f32/degree", got)
	}
	// A strategy's veto keeps CSR.
	veto := func(e strategy.Engine) error {
		if e.Layout != strategy.LayoutCSR {
			return errors.New("csr only")
		}
		return nil
	}
	if got := strategy.AutoEngine.Resolve(hubs, veto).String(); got != "csr/f64/degree" {
		t.Errorf("with a csr-only strategy, auto resolved to %s, want csr/f64/degree", got)
	}
	if !strategy.AutoEngine.IsAuto() || (strategy.Engine{}).IsAuto() {
		t.Error("IsAuto is wrong")
	}
}

// csrOnly is serial that runs only the CSR layout, as subprocess does.
type csrOnly struct {
	strategy.Strategy
	saw *strategy.Engine
}

func (s csrOnly) SupportsEngine(e strategy.Engine) error {
	if e.Layout != strategy.LayoutCSR {
		return errors.New("csr only")
	}
	return nil
}

func (s csrOnly) Prepare(ctx context.Context, p *strategy.Problem) error {
	*s.saw = p.Engine()
	return s.Strategy.Prepare(ctx, p)
}

var registerCSROnly sync.Once

// TestRunResolvesAutoForTheStrategy: strategy.Run asks the strategy (behind
// the guard) what it runs before choosing, and the result names the
// engine as chosen by auto; NewProblem alone chooses freely.
func TestRunResolvesAutoForTheStrategy(t *testing.T) {
	var saw strategy.Engine
	registerCSROnly.Do(func() {
		strategy.Register("test-csr-only", func(cfg strategy.Config) (strategy.Strategy, error) {
			s, err := strategy.New("serial", cfg)
			return csrOnly{s, &saw}, err
		})
	})
	g := oneInArc(strategy.AutoMinNodes, func(i int) uint32 { return uint32(i % 16) })
	o := pagerank.Default()
	o.Iterations = 2
	res, err := strategy.Run(t.Context(), "test-csr-only", strategy.Config{}, g, o, strategy.WithEngine(strategy.AutoEngine))
	if err != nil {
		t.Fatal(err)
	}
	if saw.Layout != strategy.LayoutCSR || res.Engine != "csr/f64/degree (auto)" {
		t.Errorf("csr-only strategy ran %s, result says %q; want csr/f64/degree (auto)", saw, res.Engine)
	}
	p, err := strategy.NewProblem(g, o, strategy.WithEngine(strategy.AutoEngine))
	if err != nil {
		t.Fatal(err)
	}
	if p.Engine().Layout != strategy.LayoutHybrid || !p.RequestedEngine().IsAuto() {
		t.Errorf("NewProblem: engine %s (asked %s), want hybrid from auto", p.Engine(), p.RequestedEngine())
	}
}

// TestAutoEngineMatchesReference: what auto chooses on a big graph is held
// to 1e-12 relative per node against the reference engine, run by lockfree.
// (Not against pagerank.Reference itself: on kron:20:4, with 696,942
// dangling nodes, the reference's one running dangling sum is 1.1e-11 off
// an exact 200-bit sum after one iteration, and a sum by tiles of 4096
// rows, lockfree's and the segmented layout's, 4.3e-14; the two differ by
// 3e-12 on every engine, CSR included.)
func TestAutoEngineMatchesReference(t *testing.T) {
	if testing.Short() {
		t.Skip("a graph of 2^20 nodes; run without -short")
	}
	g, err := gen.Generate("kron:20:4", graph.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o := pagerank.Default()
	o.Iterations = 8
	lockfreeRef, err := strategy.Run(t.Context(), "lockfree", strategy.Config{Workers: 2}, g, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		strategy string
		want     []float64
	}{{"serial", lockfreeRef.Scores}, {"lockfree", lockfreeRef.Scores}} {
		res, err := strategy.Run(t.Context(), c.strategy, strategy.Config{Workers: 2}, g, o, strategy.WithEngine(strategy.AutoEngine))
		if err != nil {
			t.Fatal(err)
		}
		if res.Engine != "hybrid/f64/degree (auto)" {
			t.Errorf("%s: auto on kron:20:4 ran %s, want hybrid/f64/degree (auto)", c.strategy, res.Engine)
		}
		bad := 0
		for i, w := range c.want {
			if d := res.Scores[i] - w; d > 1e-12*w || -d > 1e-12*w {
				if bad++; bad <= 3 {
					t.Errorf("%s: node %d: %.17g, want %.17g", c.strategy, i, res.Scores[i], w)
				}
			}
		}
	}
}
