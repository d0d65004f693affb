package strategytest_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
	"github.com/prkbench/prk/strategy/strategytest"
)

// faulty is the serial strategy with one deliberate fault, so the tests can
// check that the suite notices each kind of mistake.
type faulty struct {
	fault string
	k     *kernel.Kernel
	p     *strategy.Problem
	block strategy.Block
	x, y  []float64
	c     strategy.Contribs
	stop  chan struct{}
}

// faults maps each fault to what the suite must say about it and which of
// its checks (a -run pattern under the helper test) show it.
var faults = map[string]struct{ run, want string }{
	"half-residual":  {"/scores/random-uniform/tol=1e-4", "last residual"},
	"third-residual": {"/scores/random-uniform/tol=1e-12", "iterations"},
	// Losing the dangling mass makes scores that do not sum to 1, which
	// strategy.Iterate refuses before the suite compares them.
	"no-dangling":      {"/scores/all-dangling/iterations=10", "the scores sum to"},
	"float32-scores":   {"/scores/random-powerlaw/iterations=10", "differ from the reference"},
	"ignore-workers-8": {"/scores/three-nodes-many-workers", "differ from the reference"},
	"leak":             {"/lifecycle/workers=1", "more goroutines run than before"},
	"ignore-cancel":    {"/cancel/workers=1/before-iterate", "want an error wrapping context.Canceled"},
	"no-reset":         {"/lifecycle/workers=1", "after Reset, the scores are not the start vector"},
	"accept-params":    {"/lifecycle/unknown-parameter", "accepted the unknown parameter"},
	"over-report":      {"/workers/random-powerlaw/workers=1", "Workers() after Prepare: 2 workers, want 1..1"},
	"serial-reports-2": {"/workers/random-powerlaw/workers=2", "2 workers, want 1..1 (configured 2, 2500 rows, serial true)"},
	"refuse-default":   {"/params", "k=1, declared by the description, is refused"},
}

// reporter is a faulty strategy that reports n workers.
type reporter struct {
	*faulty
	n int
}

func (r reporter) Workers() int { return r.n }

func init() {
	for fault := range faults {
		d := strategy.Description{Name: "faulty-" + fault, UncheckedParams: true}
		switch fault {
		case "serial-reports-2":
			d.Serial = true
		case "refuse-default":
			d.UncheckedParams = false
			d.Params = []strategy.Param{{Name: "k", Type: strategy.ParamInt, Default: "1", Doc: "a parameter the factory refuses"}}
		}
		strategy.RegisterStrategy(d, func(cfg strategy.Config) (strategy.Strategy, error) {
			switch fault {
			case "accept-params":
			case "refuse-default":
				if cfg.Has("k") {
					return nil, errors.New("k is not for setting")
				}
			default:
				if err := cfg.CheckParams("faulty"); err != nil {
					return nil, err
				}
			}
			f := &faulty{fault: fault, k: cfg.KernelOrBest()}
			switch fault {
			case "ignore-workers-8":
				if cfg.Workers == 8 {
					f.fault = "float32-scores" // wrong only with 8 workers
				}
			case "over-report":
				return reporter{f, cfg.WorkerCount() + 1}, nil
			case "serial-reports-2":
				return reporter{f, 2}, nil
			}
			return f, nil
		})
	}
}

func (f *faulty) Prepare(ctx context.Context, p *strategy.Problem) error {
	f.p = p
	f.block = p.Block(0, p.N())
	f.y = make([]float64, p.N())
	f.c = p.NewContribs()
	if f.fault == "leak" {
		f.stop = make(chan struct{})
		go func() { <-f.stop }() // never closed
	}
	f.x = p.Start()
	return nil
}

func (f *faulty) Reset() error {
	if f.fault != "no-reset" {
		f.x = f.p.Start()
	}
	return nil
}

func (f *faulty) Iterate(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil && f.fault != "ignore-cancel" {
		return 0, err
	}
	dangling := f.block.Contributions(f.k, f.c, f.x)
	if f.fault == "no-dangling" {
		dangling = 0
	}
	r := f.block.RowSums(f.k, f.y, f.x, f.c, dangling)
	switch f.fault {
	case "half-residual":
		r /= 2
	case "third-residual":
		r /= 3
	}
	if f.fault == "float32-scores" {
		for i, v := range f.y {
			f.y[i] = float64(float32(v))
		}
	}
	f.x, f.y = f.y, f.x
	return r, nil
}

func (f *faulty) Scores() []float64 { return f.x }

// Close has no "close-twice" fault any more: the guard strategy.New wraps
// around every strategy returns nil from a second Close without calling
// the strategy's, so no strategy can get that wrong.
func (f *faulty) Close() error { return nil }

// faultEnv tells a child test process which faulty strategy to check.
const faultEnv = "PRK_STRATEGYTEST_FAULT"

// TestFaultyHelper runs the suite on one faulty strategy in a child process
// started by TestSuiteCatchesFaults; it must fail there.
func TestFaultyHelper(t *testing.T) {
	fault := os.Getenv(faultEnv)
	if fault == "" {
		t.Skip("helper for TestSuiteCatchesFaults; runs in a child process only")
	}
	strategytest.Run(t, "faulty-"+fault,
		strategytest.Workers([]int{1, 2}), strategytest.Kernels([]*kernel.Kernel{kernel.Generic}), strategytest.Short(true))
}

// TestSuiteCatchesFaults checks that each deliberate fault makes the suite
// fail with a message that names the problem.
func TestSuiteCatchesFaults(t *testing.T) {
	for fault, f := range faults {
		t.Run(fault, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestFaultyHelper$"+f.run, "-test.v")
			cmd.Env = append(os.Environ(), faultEnv+"="+fault)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a strategy with fault %q; output:\n%s", fault, out)
			}
			if !strings.Contains(string(out), f.want) {
				t.Errorf("the suite failed fault %q without saying %q; output:\n%s", fault, f.want, out)
			}
			if !strings.Contains(string(out), "--- FAIL: TestFaultyHelper") {
				t.Errorf("fault %q: the child did not fail in the suite; output:\n%s", fault, out)
			}
		})
	}
}

// TestSerialPasses checks the suite's own happy path on the serial
// strategy with options set, so the package tests itself both ways.
func TestSerialPasses(t *testing.T) {
	strategytest.Run(t, "serial", strategytest.Workers([]int{1, 3}), strategytest.Short(true))
}
