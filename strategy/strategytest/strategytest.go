package strategytest

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

// DefaultWorkers are the worker counts Run tries when no Workers option is
// given: one, the even and odd small counts, and more than this machine
// probably has cores.
var DefaultWorkers = []int{1, 2, 3, 4, 8}

// Option changes what Run checks.
type Option func(*settings)

// settings is what the options set; see each option for its meaning.
type settings struct {
	workers []int
	kernels []*kernel.Kernel
	// kernelsSet says the Kernels option chose the kernels.
	kernelsSet bool
	short      bool
	dataDir    string
	params     map[string]string
	engines    []strategy.Engine
}

// Workers sets the worker counts every check runs with (default
// DefaultWorkers). A strategy whose workers are expensive to start, such as
// processes, may pass fewer.
func Workers(counts []int) Option {
	return func(s *settings) { s.workers = slices.Clone(counts) }
}

// Kernels sets the kernels the score checks run with (default: every kernel
// this CPU supports, kernel.Supported(); in short mode generic and the
// variant each alias such as avx512 means here, see Short).
func Kernels(ks []*kernel.Kernel) Option {
	return func(s *settings) { s.kernels, s.kernelsSet = slices.Clone(ks), true }
}

// Short overrides testing.Short(): in short mode Run leaves out the two big
// real graphs, runs the other real graphs with the first kernel and one
// stopping rule only, runs the tight tolerance (the most iterations) with
// the largest worker count only, and, unless Kernels is given, runs only
// generic and the kernel variants the aliases (avx2, avx512) mean on this
// CPU, leaving the other variants (the kernel package's own tests hold
// them against generic) to the full suite.
func Short(short bool) Option {
	return func(s *settings) { s.short = short }
}

// DataDir sets the folder that holds the project's real graphs. Without it
// Run uses $PRK_SHARED_DATA, else ../shared/data beside the directory that
// holds go.mod, found by walking up from the working directory. Checks that
// need a real graph skip, saying why, when the folder or the file is missing.
func DataDir(dir string) Option {
	return func(s *settings) { s.dataDir = dir }
}

// Params sets the strategy parameters (strategy.Config.Params) every check
// uses, for example to run the suite over each IPC mode of a strategy.
func Params(params map[string]string) Option {
	return func(s *settings) { s.params = maps.Clone(params) }
}

func newSettings(opts []Option) *settings {
	s := &settings{
		workers: DefaultWorkers,
		kernels: kernel.Supported(),
		short:   testing.Short(),
	}
	for _, o := range opts {
		o(s)
	}
	if s.short && !s.kernelsSet {
		s.kernels = preferredKernels()
	}
	s.dataDir = resolveDataDir(s.dataDir)
	if s.engines == nil {
		s.engines = AllEngines()
		if s.short {
			s.engines = ShortEngines()
		}
	}
	return s
}

// config returns the strategy configuration for one check.
func (s *settings) config(workers int, k *kernel.Kernel) strategy.Config {
	return strategy.Config{Workers: workers, Kernel: k, Params: maps.Clone(s.params)}
}

// Run checks that the strategy registered as name conforms: its scores
// match pagerank.Reference on every graph, stopping rule, worker count and
// kernel of the suite, and it keeps the lifecycle promises of
// strategy.Strategy. Each check is a subtest, so -run can pick some, e.g.
// -run 'Conformance/scores/random-uniform' or -run 'Conformance/cancel'.
func Run(t *testing.T, name string, opts ...Option) {
	t.Helper()
	if !slices.Contains(strategy.Names(), name) {
		t.Fatalf("strategy %q is not registered (registered: %s); is the package that registers it imported?",
			name, strings.Join(strategy.Names(), ", "))
	}
	s := newSettings(opts)
	if len(s.workers) == 0 {
		t.Fatal("strategytest: Workers option gives no worker counts")
	}
	if len(s.kernels) == 0 {
		t.Fatal("strategytest: Kernels option gives no kernels")
	}
	for _, w := range s.workers {
		if w <= 0 {
			t.Fatalf("strategytest: worker count %d must be positive", w)
		}
	}
	t.Run("scores", func(t *testing.T) { runScores(t, name, s) })
	t.Run("engines", func(t *testing.T) { runEngines(t, name, s) })
	t.Run("lifecycle", func(t *testing.T) { runLifecycle(t, name, s) })
	t.Run("workers", func(t *testing.T) { runWorkers(t, name, s) })
	t.Run("params", func(t *testing.T) { runParams(t, name, s) })
	t.Run("cancel", func(t *testing.T) { runCancel(t, name, s) })
	t.Run("misuse", func(t *testing.T) { runMisuse(t, name, s) })
	t.Run("panics", func(t *testing.T) { runPanics(t, name, s) })
}

// preferredKernels is kernel.Supported() (best first) without the variants
// no alias means here: the kernels prk picks for auto, avx2 or avx512, and
// generic.
func preferredKernels() []*kernel.Kernel {
	keep := map[string]bool{kernel.Generic.Name: true}
	for _, a := range kernel.Aliases() {
		keep[kernel.Resolve(a)] = true
	}
	var ks []*kernel.Kernel
	for _, k := range kernel.Supported() {
		if keep[k.Name] || k == kernel.Best() {
			ks = append(ks, k)
		}
	}
	return ks
}
