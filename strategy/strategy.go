package strategy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/prkbench/prk/kernel"
)

// Config is how a strategy is asked to run.
type Config struct {
	// Workers is the number of goroutines or processes; 0 means GOMAXPROCS.
	Workers int
	// Kernel is the arithmetic to use; nil means kernel.Best().
	Kernel *kernel.Kernel
	// Params holds strategy-specific settings by name (for example the
	// subprocess strategy's "ipc": "pipe" or "shm"), checked by New
	// against the strategy's Description before its factory runs; the
	// factory reads them with the typed accessors (Config.Int, ...).
	Params map[string]string

	// desc is the description New checked Params against, for the typed
	// accessors; nil for a strategy registered without one.
	desc *Description
}

// Caps on Config.Workers, per logical CPU (runtime.NumCPU). More workers
// than cores only time-slice the same cores, so a count far beyond them is
// a typo or an attack (--workers 100000 with processes forks until the
// machine's pid limit), not a configuration: New refuses it with an error
// naming the cap. Strategies that need fewer workers than asked (fewer
// rows than workers) run fewer, as SplitByArcs and SplitByRows do.
const (
	// MaxWorkersPerCPU caps every strategy's workers (goroutines).
	MaxWorkersPerCPU = 64
	// MaxProcessesPerCPU caps strategies whose workers are processes; such
	// a strategy's factory calls Config.CheckWorkers with it.
	MaxProcessesPerCPU = 4
	// MinWorkerCap is the least any cap is, however few the CPUs: a few
	// dozen workers are harmless anywhere and let a small machine test
	// many workers.
	MinWorkerCap = 32
)

// WorkerCap returns the most workers a strategy capped at perCPU workers
// per logical CPU may have here: perCPU * runtime.NumCPU(), at least
// MinWorkerCap.
func WorkerCap(perCPU int) int {
	return max(perCPU*runtime.NumCPU(), MinWorkerCap)
}

// CheckWorkers returns an error, naming the cap, when c asks for more than
// WorkerCap(perCPU) workers.
func (c Config) CheckWorkers(strategy string, perCPU int) error {
	if limit := WorkerCap(perCPU); c.Workers > limit {
		return fmt.Errorf("strategy %s: %d workers is more than the cap of %d (%d per CPU on this machine's %d CPUs, at least %d)",
			strategy, c.Workers, limit, perCPU, runtime.NumCPU(), MinWorkerCap)
	}
	return nil
}

// WorkerCount returns the configured worker count, or GOMAXPROCS for 0.
func (c Config) WorkerCount() int {
	if c.Workers > 0 {
		return c.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// KernelOrBest returns the configured kernel, or the best this CPU runs.
func (c Config) KernelOrBest() *kernel.Kernel {
	if c.Kernel != nil {
		return c.Kernel
	}
	return kernel.Best()
}

// ErrUnknownParam is matched (errors.Is) by the errors of CheckParams, so a
// caller that hands one parameter list to many strategies (prk bench) can
// tell "this strategy does not take that setting" from "bad value".
var ErrUnknownParam = errors.New("strategy: unknown parameter")

// CheckParams returns a *ParamError (matching ErrUnknownParam) naming the
// first parameter, in sorted order, not in known. A strategy registered
// with a Description need not call it: New has checked its parameters. It
// is for factories registered with Register, whose parameters are
// undeclared.
func (c Config) CheckParams(strategy string, known ...string) error {
	d := Description{Name: strategy}
	for _, k := range known {
		d.Params = append(d.Params, Param{Name: k, Type: ParamString})
	}
	return d.CheckParams(c.Params)
}

// Strategy is one way of running the power iteration.
//
// Its methods are called from one goroutine: Prepare once, then Iterate any
// number of times (Reset puts the scores back to the start between runs),
// then Close. Close must also be safe after a failed Prepare.
//
// New wraps every strategy in a guard that enforces that order, so a
// strategy need not check it itself: misuse (Iterate, Reset or Scores
// before Prepare or after Close, Prepare twice, Prepare with a problem
// NewProblem did not make) gets ErrNotPrepared, ErrClosed, ErrPrepared or
// ErrNoProblem from the guard, and Scores returns nil. A second Close
// returns nil without reaching the strategy. A panic in the calling
// goroutine comes back as a *PanicError; a strategy must itself recover
// panics in the goroutines it starts (see Recover) and return them from
// the call that waited for them. After a panic only Close is allowed
// (ErrBroken).
type Strategy interface {
	// Prepare readies the strategy for p: it starts its workers, ships them
	// the graph, and sets the scores to p's start vector.
	Prepare(ctx context.Context, p *Problem) error
	// Iterate performs one power iteration from the current scores and
	// returns its L1 residual. It returns ctx.Err() promptly when ctx is
	// cancelled.
	Iterate(ctx context.Context) (residual float64, err error)
	// Scores returns the current scores by dense node id. The slice may be
	// reused by the next Iterate; copy it to keep it.
	Scores() []float64
	// Reset sets the scores back to the problem's start vector.
	Reset() error
	// Close stops the workers and releases everything Prepare took.
	Close() error
}

// ByteMover is implemented by strategies that move data between workers;
// BytesMoved returns the bytes moved so far, set-up included.
type ByteMover interface {
	BytesMoved() int64
}

// WorkerReporter reports how many workers a strategy runs: after Prepare,
// the count that actually runs (lockfree runs fewer than asked on a graph
// too small to share; serial always one), which Solve, prk run and prk
// bench report and compute efficiency from. A strategy whose count can
// differ from Config.WorkerCount should implement it. Every strategy New
// returns implements it: for one that does not, the guard reports 1 when
// its Description says Serial, else the configured count capped at the
// graph's rows (no strategy runs more workers than rows), as documented in
// docs/strategies.md. The conformance suite checks that the count is
// between 1 and the configured count (1 for Serial).
type WorkerReporter interface {
	Workers() int
}

// Factory makes a strategy for a configuration. It should validate cfg and
// return an error rather than a strategy that fails later. The parameters
// of a strategy registered with a Description have been checked before the
// factory runs; it reads them with Config.Int, Config.Bool,
// Config.Duration and Config.Value.
type Factory func(cfg Config) (Strategy, error)

// registered is a registry entry.
type registered struct {
	desc    Description
	factory Factory
}

var (
	registryMu sync.RWMutex
	registry   = map[string]*registered{}
)

// RegisterStrategy makes a strategy available by d.Name, described by d
// (its one-line doc, its parameters, whether it runs one worker or
// processes). It is meant to be called from an init function. It panics,
// as database/sql.Register does, if the description is invalid (an empty
// name or one with a comma, '=' or white space; a parameter declared twice
// or with a default its own schema refuses), if factory is nil, or if the
// name is already registered.
func RegisterStrategy(d Description, factory Factory) {
	d.Params = slices.Clone(d.Params)
	for i := range d.Params {
		d.Params[i].Values = slices.Clone(d.Params[i].Values)
	}
	if err := d.validate(); err != nil {
		panic("strategy: RegisterStrategy: " + err.Error())
	}
	if factory == nil {
		panic("strategy: Register factory is nil for " + d.Name)
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[d.Name]; dup {
		panic("strategy: Register called twice for " + d.Name)
	}
	registry[d.Name] = &registered{desc: d, factory: factory}
}

// Register makes a strategy available by name with no description: its
// parameters are not declared, so New hands Config.Params to the factory
// unchecked (the factory checks them with CheckParams), prk info lists
// none, and the guard reports the configured worker count unless the
// strategy is a WorkerReporter. It is RegisterStrategy with
// Description{Name: name, UncheckedParams: true}, kept for strategies
// written before descriptions; new ones should describe themselves.
func Register(name string, factory Factory) {
	RegisterStrategy(Description{Name: name, UncheckedParams: true}, factory)
}

// Names returns the registered strategy names, sorted.
func Names() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Describe returns the description the strategy name was registered with.
func Describe(name string) (Description, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	r, ok := registry[name]
	if !ok {
		return Description{}, false
	}
	return r.desc, true
}

// Descriptions returns every registered strategy's description, sorted by
// name.
func Descriptions() []Description {
	var ds []Description
	for _, n := range Names() {
		if d, ok := Describe(n); ok {
			ds = append(ds, d)
		}
	}
	return ds
}

// New makes the strategy registered as name, wrapped in the lifecycle
// guard described at Strategy. Before the factory runs it refuses a
// negative worker count, one above MaxWorkersPerCPU per CPU (above
// MaxProcessesPerCPU for a Description with Processes), and parameters
// the strategy's Description does not declare or allow (a *ParamError).
// A panic in the factory is returned as a *PanicError.
func New(name string, cfg Config) (s Strategy, err error) {
	registryMu.RLock()
	r, ok := registry[name]
	registryMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("unknown strategy %q (registered: %s)", name, strings.Join(Names(), ", "))
	}
	if cfg.Workers < 0 {
		return nil, fmt.Errorf("strategy %s: workers %d is negative", name, cfg.Workers)
	}
	perCPU := MaxWorkersPerCPU
	if r.desc.Processes {
		perCPU = MaxProcessesPerCPU
	}
	if err := cfg.CheckWorkers(name, perCPU); err != nil {
		return nil, err
	}
	if err := r.desc.CheckParams(cfg.Params); err != nil {
		return nil, err
	}
	cfg.Params = maps.Clone(cfg.Params)
	if !r.desc.UncheckedParams {
		cfg.desc = &r.desc
	}
	defer catchInto(&err, nil)
	s, err = r.factory(cfg)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, fmt.Errorf("strategy %s: factory returned no strategy", name)
	}
	return wrap(&r.desc, cfg, s), nil
}
