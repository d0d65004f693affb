package benchrun_test

import (
	"context"
	"errors"
	"fmt"
	"runtime/pprof"
	"slices"
	"sync"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/strategy"
)

// Strategies registered by the tests. Each wraps serial, so it does real
// work, and writes what the runner did to it into the shared log.
const (
	stratLog    = "benchrun-test-log"    // records its lifecycle and labels
	stratCancel = "benchrun-test-cancel" // calls cancelHook during an iteration
	stratFail   = "benchrun-test-fail"   // fails Prepare
	stratParam  = "benchrun-test-param"  // takes the parameter "flavor"
	stratMover  = "benchrun-test-mover"  // moves a known number of bytes
	stratSpawn  = "benchrun-test-spawn"  // starts a goroutine in Prepare, calls iterateHook
)

// Byte counts stratMover reports: Prepare, each Iterate, each Reset.
const (
	moverSetupBytes = 1000
	moverIterBytes  = 96
	moverResetBytes = 7
)

// event is one call the runner made on a test strategy.
type event struct {
	id             int // which strategy instance
	strategy, call string
	workers        int
	kernel         string
	params         map[string]string
	labels         map[string]string // pprof labels on the call's ctx
}

var (
	logMu       sync.Mutex
	eventLog    []event
	instances   int    // strategy instances made so far
	cancelHook  func() // called by stratCancel's first timed Iterate
	iterateHook func() // called by every Iterate of stratSpawn
)

func resetLog() {
	logMu.Lock()
	defer logMu.Unlock()
	eventLog = nil
}

func events() []event {
	logMu.Lock()
	defer logMu.Unlock()
	return append([]event(nil), eventLog...)
}

// logged wraps serial and logs every call.
type logged struct {
	id    int
	name  string
	cfg   strategy.Config
	inner strategy.Strategy
	// iterations counts Iterate calls, for stratCancel.
	iterations int
	moved      int64
	// stop ends stratSpawn's goroutine.
	stop chan struct{}
}

// spawnedWorker stands for a strategy's worker goroutine: it says it runs,
// then waits for Close.
func spawnedWorker(running, stop chan struct{}) {
	close(running)
	<-stop
}

func (s *logged) log(ctx context.Context, call string) {
	ev := event{id: s.id, strategy: s.name, call: call, workers: s.cfg.Workers, params: s.cfg.Params}
	if s.cfg.Kernel != nil {
		ev.kernel = s.cfg.Kernel.Name
	}
	if ctx != nil {
		ev.labels = map[string]string{}
		pprof.ForLabels(ctx, func(k, v string) bool { ev.labels[k] = v; return true })
	}
	logMu.Lock()
	eventLog = append(eventLog, ev)
	logMu.Unlock()
}

func (s *logged) Prepare(ctx context.Context, p *strategy.Problem) error {
	s.log(ctx, "prepare")
	if s.name == stratFail {
		return errors.New("deliberate prepare failure")
	}
	s.moved += moverSetupBytes
	if s.name == stratSpawn && s.stop == nil {
		s.stop = make(chan struct{})
		running := make(chan struct{})
		go spawnedWorker(running, s.stop)
		<-running // so the goroutine profile sees it in spawnedWorker
	}
	return s.inner.Prepare(ctx, p)
}

func (s *logged) Iterate(ctx context.Context) (float64, error) {
	s.log(ctx, "iterate")
	s.iterations++
	s.moved += moverIterBytes
	if s.name == stratCancel && s.iterations == 3 && cancelHook != nil {
		cancelHook()
	}
	if s.name == stratSpawn && iterateHook != nil {
		iterateHook()
	}
	return s.inner.Iterate(ctx)
}

func (s *logged) Scores() []float64 { return s.inner.Scores() }

func (s *logged) Reset() error {
	s.log(nil, "reset")
	s.moved += moverResetBytes
	return s.inner.Reset()
}

func (s *logged) Close() error {
	s.log(nil, "close")
	if s.stop != nil {
		close(s.stop)
		s.stop = nil
	}
	return s.inner.Close()
}

// mover is logged with BytesMoved, so only stratMover is a ByteMover.
type mover struct{ *logged }

func (m mover) BytesMoved() int64 { return m.moved }

func init() {
	for _, name := range []string{stratLog, stratCancel, stratFail, stratParam, stratMover, stratSpawn} {
		strategy.Register(name, func(cfg strategy.Config) (strategy.Strategy, error) {
			if name == stratParam {
				if err := cfg.CheckParams(name, "flavor"); err != nil {
					return nil, err
				}
				if cfg.Params["flavor"] == "bad" {
					return nil, fmt.Errorf("strategy %s: flavor %q is not one it knows", name, "bad")
				}
			} else if err := cfg.CheckParams(name); err != nil {
				return nil, err
			}
			inner, err := strategy.New("serial", strategy.Config{Workers: 1, Kernel: cfg.Kernel})
			if err != nil {
				return nil, err
			}
			logMu.Lock()
			instances++
			s := &logged{id: instances, name: name, cfg: cfg, inner: inner}
			logMu.Unlock()
			if name == stratMover {
				return mover{s}, nil
			}
			return s, nil
		})
	}
}

// csrFromArcs builds a CSR by hand, independently of package graph's
// builder: arcs are (src, dst), duplicates collapse.
func csrFromArcs(n int, arcs [][2]uint32) *graph.CSR {
	g := &graph.CSR{N: n, InOffsets: make([]int64, n+1), OutDegree: make([]uint32, n)}
	byDst := make([][]uint32, n)
	for _, a := range arcs {
		byDst[a[1]] = append(byDst[a[1]], a[0])
	}
	for i := range n {
		srcs := byDst[i]
		slices.Sort(srcs)
		srcs = slices.Compact(srcs)
		g.InSources = append(g.InSources, srcs...)
		g.InOffsets[i+1] = int64(len(g.InSources))
		for _, s := range srcs {
			g.OutDegree[s]++
		}
	}
	return g
}

// ring returns n nodes, i -> i+1 mod n and i -> 0, with node n-1 dangling
// when dangling is set.
func ring(n int, dangling bool) *graph.CSR {
	var arcs [][2]uint32
	for i := range n {
		if dangling && i == n-1 {
			continue
		}
		arcs = append(arcs, [2]uint32{uint32(i), uint32((i + 1) % n)}, [2]uint32{uint32(i), 0})
	}
	return csrFromArcs(n, arcs)
}

// testGraphs are what testLoad knows; the names have no extension, so they
// are their own labels.
var testGraphs = map[string]*graph.CSR{
	"ring:16":  ring(16, false),
	"ring:40":  ring(40, true),
	"empty:0":  {N: 0, InOffsets: []int64{0}, OutDegree: []uint32{}},
	"ring:300": ring(300, true),
}

func testLoad(spec string) (*graph.CSR, error) {
	g, ok := testGraphs[spec]
	if !ok {
		return nil, fmt.Errorf("%s: no such test graph", spec)
	}
	return g, nil
}
