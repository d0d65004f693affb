package strategy

import (
	"context"
	"errors"
	"fmt"
	"runtime"
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
	// subprocess strategy's "ipc": "pipe" or "shm"). A strategy rejects
	// settings it does not know.
	Params map[string]string
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

// unknownParamError keeps CheckParams's message and matches ErrUnknownParam.
type unknownParamError struct{ msg string }

func (e *unknownParamError) Error() string        { return e.msg }
func (e *unknownParamError) Is(target error) bool { return target == ErrUnknownParam }

// CheckParams returns an error naming the first parameter not in known; it
// matches ErrUnknownParam.
func (c Config) CheckParams(strategy string, known ...string) error {
	for k := range c.Params {
		ok := false
		for _, kk := range known {
			ok = ok || k == kk
		}
		if !ok {
			if len(known) == 0 {
				return &unknownParamError{fmt.Sprintf("strategy %s takes no parameters (got %q)", strategy, k)}
			}
			return &unknownParamError{fmt.Sprintf("strategy %s has no parameter %q (it takes: %s)", strategy, k, strings.Join(known, ", "))}
		}
	}
	return nil
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

// WorkerReporter is implemented by strategies whose worker count is not
// the configured one (serial always runs one); Solve reports it.
type WorkerReporter interface {
	Workers() int
}

// Factory makes a strategy for a configuration. It should validate cfg and
// return an error rather than a strategy that fails later.
type Factory func(cfg Config) (Strategy, error)

var (
	registryMu sync.RWMutex
	registry   = map[string]Factory{}
)

// Register makes a strategy available by name. It is meant to be called from
// an init function. It panics if name is empty, contains a comma or spaces
// (lists of names are comma-separated), if factory is nil, or if name is
// already registered, as database/sql.Register does.
func Register(name string, factory Factory) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if name == "" || strings.ContainsAny(name, ", \t\n=") {
		panic(fmt.Sprintf("strategy: Register with invalid name %q", name))
	}
	if factory == nil {
		panic("strategy: Register factory is nil for " + name)
	}
	if _, dup := registry[name]; dup {
		panic("strategy: Register called twice for " + name)
	}
	registry[name] = factory
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

// New makes the strategy registered as name, wrapped in the lifecycle
// guard described at Strategy. It refuses a negative worker count and one
// above MaxWorkersPerCPU per CPU.
func New(name string, cfg Config) (Strategy, error) {
	registryMu.RLock()
	f, ok := registry[name]
	registryMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("unknown strategy %q (registered: %s)", name, strings.Join(Names(), ", "))
	}
	if cfg.Workers < 0 {
		return nil, fmt.Errorf("strategy %s: workers %d is negative", name, cfg.Workers)
	}
	if err := cfg.CheckWorkers(name, MaxWorkersPerCPU); err != nil {
		return nil, err
	}
	s, err := f(cfg)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, fmt.Errorf("strategy %s: factory returned no strategy", name)
	}
	return wrap(name, s), nil
}
