package benchrun

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/graphio"
	"github.com/prkbench/prk/internal/graphspec"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
	"gonum.org/v1/gonum/stat"
)

// Study defaults.
const (
	// DefaultIterations is the study's iteration count per solve.
	DefaultIterations = 10
	// DefaultCount is the number of timed repetitions per cell: benchstat
	// needs MinBenchstatCount samples for a confidence interval.
	DefaultCount = MinBenchstatCount
	// MinBenchstatCount is the fewest samples per benchmark benchstat
	// reports a 95% confidence interval for.
	MinBenchstatCount = 6
)

// serialName is the baseline every speedup is measured against.
const serialName = "serial"

// Config says what to time.
type Config struct {
	// Graphs are generator specs ("seed:1000", "kron:16") or file paths,
	// each handed to Load once.
	Graphs []string
	// Strategies are registered strategy names.
	Strategies []string
	// Workers are the worker counts to try; 0 means runtime.NumCPU(). The
	// serial strategy ignores them and runs with one worker.
	Workers []int
	// Kernels are kernel names or "auto" (the best this CPU runs).
	Kernels []string
	// Iterations is the number of power iterations per repetition; 0 means
	// DefaultIterations.
	Iterations int
	// Count is the number of timed repetitions after one warm-up
	// repetition; 0 means DefaultCount.
	Count int
	// Params are strategy settings by key, each with the values to sweep
	// (e.g. ipc: [pipe shm], minwork: [4096 65536]): a matrix dimension
	// like Workers, each cell labelled with its values. A key goes to the
	// strategies that take it (their Description declares it) and no
	// others; a key no strategy of the run takes, or a value a strategy's
	// schema refuses, is an error before anything runs.
	Params map[string][]string
	// Engines are the layouts, precisions and orders to time each cell
	// with; empty means the reference engine alone (csr/f64/none). Each
	// (graph, engine) problem is set up once, reordering included, and its
	// reordering time is reported with every record of that engine.
	Engines []strategy.Engine
	// Load turns a graph spec into a graph. Required; DefaultConfig sets
	// graphspec.Load with default options.
	Load func(spec string) (*graph.CSR, error)
	// Progress, if set, is told what is loading or running, one status
	// line (without a newline) at a time.
	Progress func(format string, args ...any)
}

// DefaultConfig returns the study's matrix: serial, mutex, lockfree and
// subprocess on seed:100, seed:1000 and seed:2000 (XS, L, XL), 10
// iterations, 6 timed repetitions, one worker per CPU, the best kernel,
// graphs loaded by graphspec with default options. The subprocess strategy
// is registered only in programs that import strategy/subprocess (and call
// its ServeIfWorker first thing in main).
func DefaultConfig() Config {
	return Config{
		Graphs:     []string{"seed:100", "seed:1000", "seed:2000"},
		Strategies: []string{"serial", "mutex", "lockfree", "subprocess"},
		Workers:    []int{runtime.NumCPU()},
		Kernels:    []string{"auto"},
		Iterations: DefaultIterations,
		Count:      DefaultCount,
		Load: func(spec string) (*graph.CSR, error) {
			return graphspec.Load(context.Background(), spec, graphio.LoadOptions{})
		},
	}
}

// Record is the result of one cell.
type Record struct {
	// Graph is the spec as given; GraphLabel is its short name (see GraphLabel).
	Graph, GraphLabel string
	// Strategy is the strategy's registered name; Kernel the kernel's
	// resolved name ("auto" is replaced by what it chose).
	Strategy, Kernel string
	// Workers is the worker count that ran, as the strategy reported it
	// after Prepare (strategy.WorkerReporter: lockfree runs fewer than
	// asked on a small graph, serial one); the largest over the
	// repetitions should they differ. Efficiency is computed from it.
	// WorkersAsked is the count the cell configured.
	Workers, WorkersAsked int
	// Nodes and Arcs describe the graph.
	Nodes int
	Arcs  int64
	// Iterations per repetition and Count of timed repetitions.
	Iterations, Count int
	// Params are the settings this cell gave the strategy (nil for none):
	// one value per key of the sweep.
	Params map[string]string
	// Engine is the layout/precision/order the cell ran with, e.g.
	// "csr/f64/none"; ReorderNS the time renumbering the graph took for it
	// (once per graph and engine, not part of SetupNS).
	Engine    string
	ReorderNS int64

	// SetupNS is the median wall time of Prepare over the Count timed
	// repetitions (each prepares a fresh strategy); SetupNSMin and
	// SetupNSMax the fastest and slowest; SetupSamples each repetition's.
	SetupNS, SetupNSMin, SetupNSMax int64
	SetupSamples                    []int64
	// NSPerIter is the median wall time of the Count x Iterations timed
	// iterations; NSPerIterMin and NSPerIterMax the fastest and slowest,
	// NSPerIterQ1 and NSPerIterQ3 the quartiles and NSPerIterStddev the
	// sample standard deviation, over the same iterations.
	NSPerIter, NSPerIterMin, NSPerIterMax float64
	NSPerIterQ1, NSPerIterQ3              float64
	NSPerIterStddev                       float64
	// ArcsPerSec is Arcs / NSPerIter, in arcs per second.
	ArcsPerSec float64
	// Speedup is serial's NSPerIter on the same graph and kernel over this
	// record's; Efficiency is Speedup / Workers. Both are NaN when serial
	// is not in the run.
	Speedup, Efficiency float64
	// BytesMoved is the mean number of bytes the strategy moved between
	// workers per timed iteration (0 unless it is a strategy.ByteMover);
	// SetupBytesMoved is what it moved during Prepare (the mean over the
	// repetitions).
	BytesMoved, SetupBytesMoved int64
	// Samples holds the mean ns per iteration of each timed repetition.
	Samples []float64
}

// cell is one point of the matrix.
type cell struct {
	graph    int // index into the plan's graphs
	engine   int // index into the plan's engines
	strategy string
	kernel   *kernel.Kernel
	workers  int
	params   map[string]string
}

// plan is a validated Config.
type plan struct {
	specs      []string
	strategies []string
	kernels    []*kernel.Kernel
	workers    []int
	params     map[string]map[string][]string // by strategy: the keys it takes and their values
	engines    []strategy.Engine
	iterations int
	count      int
}

// Run times every cell of cfg's matrix and returns one record per cell, in
// the order graph, kernel, strategy, workers. It validates the whole matrix
// and loads every graph before timing anything. If ctx is cancelled it
// stops promptly and returns the records completed so far with ctx.Err();
// any other failure also returns the records so far, with an error naming
// the cell.
func Run(ctx context.Context, cfg Config) ([]Record, error) {
	pl, err := newPlan(cfg)
	if err != nil {
		return nil, err
	}
	cells := pl.cells()
	if err := validateCells(cells); err != nil {
		return nil, err
	}
	graphs, err := loadGraphs(ctx, cfg, pl.specs)
	if err != nil {
		return nil, err
	}
	opts := pagerank.Default()
	opts.Iterations = pl.iterations
	// A problem per (graph, engine), made when its first cell comes (cells
	// are ordered graph, engine, ...) and dropped after its last, so that
	// only one reordered copy of a graph is alive at a time.
	var (
		problem   *strategy.Problem
		problemOf = [2]int{-1, -1}
	)
	recs := make([]Record, 0, len(cells))
	for i, c := range cells {
		if err := ctx.Err(); err != nil {
			fillSpeedups(recs)
			return recs, err
		}
		spec := pl.specs[c.graph]
		e := pl.engines[c.engine]
		if problemOf != [2]int{c.graph, c.engine} {
			problem = nil
			if cfg.Progress != nil {
				cfg.Progress("bench: setting up %s with engine %s", GraphLabel(spec), e)
			}
			if problem, err = strategy.NewProblem(graphs[c.graph], opts, strategy.WithEngine(e)); err != nil {
				fillSpeedups(recs)
				return recs, fmt.Errorf("benchrun: graph %s, engine %s: %w", spec, e, err)
			}
			problemOf = [2]int{c.graph, c.engine}
		}
		if cfg.Progress != nil {
			cfg.Progress("bench %d/%d: graph=%s strategy=%s workers=%d kernel=%s engine=%s%s", i+1, len(cells), GraphLabel(spec), c.strategy, c.workers, c.kernel.Name, e, paramText(c.params))
		}
		rec, err := runCell(ctx, c, problem, spec, pl.iterations, pl.count)
		if err != nil {
			fillSpeedups(recs)
			if cerr := ctx.Err(); cerr != nil {
				return recs, cerr
			}
			return recs, fmt.Errorf("benchrun: graph %s, engine %s, strategy %s, %d workers, kernel %s%s: %w", spec, e, c.strategy, c.workers, c.kernel.Name, paramText(c.params), err)
		}
		// The engine that ran: an auto layout or order as resolved.
		rec.Engine = problem.Engine().String()
		rec.ReorderNS = int64(problem.Reordering)
		recs = append(recs, rec)
	}
	fillSpeedups(recs)
	return recs, nil
}

// newPlan checks everything in cfg that does not need the graphs.
func newPlan(cfg Config) (*plan, error) {
	if cfg.Load == nil {
		return nil, errors.New("benchrun: Config.Load is nil: nothing can load the graphs")
	}
	pl := &plan{iterations: cfg.Iterations, count: cfg.Count}
	if pl.iterations == 0 {
		pl.iterations = DefaultIterations
	}
	if pl.count == 0 {
		pl.count = DefaultCount
	}
	if pl.iterations < 0 {
		return nil, fmt.Errorf("benchrun: iterations %d is negative", cfg.Iterations)
	}
	if pl.count < 0 {
		return nil, fmt.Errorf("benchrun: count %d is negative", cfg.Count)
	}

	pl.specs = dedupe(cfg.Graphs)
	if len(pl.specs) == 0 {
		return nil, errors.New("benchrun: no graphs to run")
	}
	labels := map[string]string{}
	for _, spec := range pl.specs {
		if strings.TrimSpace(spec) == "" {
			return nil, errors.New("benchrun: empty graph spec")
		}
		l := GraphLabel(spec)
		if other, dup := labels[l]; dup {
			return nil, fmt.Errorf("benchrun: graphs %q and %q would both be labelled %q; rename one so results stay apart", other, spec, l)
		}
		labels[l] = spec
	}

	pl.strategies = dedupe(cfg.Strategies)
	if len(pl.strategies) == 0 {
		return nil, errors.New("benchrun: no strategies to run")
	}
	registered := strategy.Names()
	for _, s := range pl.strategies {
		if !slices.Contains(registered, s) {
			return nil, fmt.Errorf("benchrun: unknown strategy %q (registered: %s)", s, strings.Join(registered, ", "))
		}
	}

	kernels := cfg.Kernels
	if len(kernels) == 0 {
		kernels = []string{"auto"}
	}
	for _, name := range kernels {
		k, err := kernel.Lookup(name)
		if err != nil {
			return nil, fmt.Errorf("benchrun: %w", err)
		}
		if !slices.Contains(pl.kernels, k) {
			pl.kernels = append(pl.kernels, k)
		}
	}

	workers := cfg.Workers
	if len(workers) == 0 {
		workers = []int{0}
	}
	for _, w := range workers {
		if w < 0 {
			return nil, fmt.Errorf("benchrun: worker count %d is negative", w)
		}
		if w == 0 {
			w = runtime.NumCPU()
		}
		if !slices.Contains(pl.workers, w) {
			pl.workers = append(pl.workers, w)
		}
	}

	params, err := routeParams(pl.strategies, cfg.Params)
	if err != nil {
		return nil, err
	}
	pl.params = params
	pl.engines = nil
	for _, e := range cfg.Engines {
		if err := e.Validate(); err != nil {
			return nil, fmt.Errorf("benchrun: %w", err)
		}
		if !slices.ContainsFunc(pl.engines, func(x strategy.Engine) bool { return x.String() == e.String() }) {
			pl.engines = append(pl.engines, e)
		}
	}
	if len(pl.engines) == 0 {
		pl.engines = []strategy.Engine{{}}
	}
	return pl, nil
}

// routeParams decides which strategies get which parameters: a key goes
// to every strategy whose Description declares it, with every value
// checked against that declaration, and to every strategy registered
// without declared parameters whose factory accepts it (probed). A value
// refused, or a key no strategy takes, fails the run, naming the key and
// the strategies' parameters.
func routeParams(strategies []string, params map[string][]string) (map[string]map[string][]string, error) {
	out := map[string]map[string][]string{}
	for _, key := range slices.Sorted(maps.Keys(params)) {
		values := dedupe(params[key])
		if len(values) == 0 {
			return nil, fmt.Errorf("benchrun: parameter %q has no values", key)
		}
		var takers, offers []string
		for _, s := range strategies {
			d, _ := strategy.Describe(s)
			if !d.Takes(key) {
				if len(d.Params) > 0 {
					offers = append(offers, s+" takes "+strings.Join(d.ParamNames(), ", "))
				} else {
					offers = append(offers, s+" takes none")
				}
				continue
			}
			taken := true
			for _, v := range values {
				err := d.CheckParams(map[string]string{key: v})
				if err == nil && d.UncheckedParams {
					err = probe(s, strategy.Config{Workers: 1, Params: map[string]string{key: v}})
					if errors.Is(err, strategy.ErrUnknownParam) {
						taken = false
						offers = append(offers, err.Error())
						break
					}
				}
				if err != nil {
					return nil, fmt.Errorf("benchrun: %w", err)
				}
			}
			if taken {
				if out[s] == nil {
					out[s] = map[string][]string{}
				}
				out[s][key] = values
				takers = append(takers, s)
			}
		}
		if len(takers) == 0 {
			return nil, fmt.Errorf("benchrun: parameter %q is taken by none of the strategies in the run (%s)", key, strings.Join(offers, "; "))
		}
	}
	return out, nil
}

// paramCombos returns every combination of the values of params, keys
// varying slowest in sorted order and values in the order given; one
// empty combination for no parameters.
func paramCombos(params map[string][]string) []map[string]string {
	combos := []map[string]string{nil}
	for _, key := range slices.Sorted(maps.Keys(params)) {
		var next []map[string]string
		for _, c := range combos {
			for _, v := range params[key] {
				m := maps.Clone(c)
				if m == nil {
					m = map[string]string{}
				}
				m[key] = v
				next = append(next, m)
			}
		}
		combos = next
	}
	return combos
}

// probe makes and closes a strategy to see whether its factory accepts cfg.
func probe(name string, cfg strategy.Config) error {
	s, err := strategy.New(name, cfg)
	if err != nil {
		return err
	}
	return s.Close()
}

// cells lists the matrix in run order: graph, engine, kernel, strategy,
// parameter values, workers. A strategy described as Serial (serial) gets
// one cell per graph, kernel and parameter values, with one worker.
func (pl *plan) cells() []cell {
	var cells []cell
	for g := range pl.specs {
		for e := range pl.engines {
			for _, k := range pl.kernels {
				for _, s := range pl.strategies {
					workers := pl.workers
					if d, _ := strategy.Describe(s); d.Serial {
						workers = []int{1}
					}
					for _, params := range paramCombos(pl.params[s]) {
						for _, w := range workers {
							cells = append(cells, cell{graph: g, engine: e, strategy: s, kernel: k, workers: w, params: params})
						}
					}
				}
			}
		}
	}
	return cells
}

// validateCells asks each distinct strategy configuration's factory
// whether it accepts it, so a worker count or kernel a strategy refuses
// fails before anything is timed.
func validateCells(cells []cell) error {
	type key struct {
		strategy string
		kernel   *kernel.Kernel
		workers  int
		params   string
	}
	seen := map[key]bool{}
	for _, c := range cells {
		k := key{c.strategy, c.kernel, c.workers, fmt.Sprint(c.params)}
		if seen[k] {
			continue
		}
		seen[k] = true
		if err := probe(c.strategy, c.config()); err != nil {
			return fmt.Errorf("benchrun: strategy %s, %d workers, kernel %s%s: %w", c.strategy, c.workers, c.kernel.Name, paramText(c.params), err)
		}
	}
	return nil
}

// paramText is ", k=v, ..." for a cell's parameters in messages.
func paramText(params map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(params)) {
		fmt.Fprintf(&b, ", %s=%s", k, params[k])
	}
	return b.String()
}

func (c *cell) config() strategy.Config {
	return strategy.Config{Workers: c.workers, Kernel: c.kernel, Params: c.params}
}

// loadGraphs loads every graph up front, so a missing file fails before any
// timing rather than after an hour of it.
func loadGraphs(ctx context.Context, cfg Config, specs []string) ([]*graph.CSR, error) {
	graphs := make([]*graph.CSR, len(specs))
	for i, spec := range specs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if cfg.Progress != nil {
			cfg.Progress("bench: loading %s", spec)
		}
		g, err := cfg.Load(spec)
		if err != nil {
			return nil, fmt.Errorf("benchrun: loading graph %s: %w", spec, err)
		}
		if g == nil {
			return nil, fmt.Errorf("benchrun: loading graph %s gave no graph", spec)
		}
		if g.N == 0 {
			return nil, fmt.Errorf("benchrun: graph %s has no nodes: nothing to time", spec)
		}
		graphs[i] = g
	}
	return graphs, nil
}

// runCell times one cell under its pprof labels.
func runCell(ctx context.Context, c cell, p *strategy.Problem, spec string, iterations, count int) (rec Record, err error) {
	label := GraphLabel(spec)
	rec = Record{
		Graph:        spec,
		GraphLabel:   label,
		Strategy:     c.strategy,
		Kernel:       c.kernel.Name,
		Workers:      c.workers,
		WorkersAsked: c.workers,
		Nodes:        p.N(),
		Arcs:         p.Graph.Arcs(),
		Iterations:   iterations,
		Count:        count,
		Params:       maps.Clone(c.params),
	}
	labels := pprof.Labels("strategy", c.strategy, "graph", label, "kernel", c.kernel.Name, "workers", strconv.Itoa(c.workers))
	pprof.Do(ctx, labels, func(ctx context.Context) {
		err = measure(ctx, c, p, &rec)
	})
	if d, _ := strategy.Describe(c.strategy); d.Launched {
		// Its workers are mpirun's ranks: nothing was asked of it.
		rec.WorkersAsked = rec.Workers
	}
	return rec, err
}

// measure runs one untimed warm-up repetition and rec.Count timed ones,
// each on a fresh strategy: New, Prepare (timed: the set-up), Iterations
// timed iterations, Close. Measuring the set-up in every repetition gives
// it a spread like the iterations', rather than one figure repeated on
// every benchfmt line. It fills rec's timings.
//
// Nothing is allocated from Iterations: the iteration times go into a
// bounded sample (see timings), so --iterations 2000000000 costs time, not
// memory.
func measure(ctx context.Context, c cell, p *strategy.Problem, rec *Record) error {
	iterations, count := rec.Iterations, rec.Count
	var tm timings
	setups := make([]int64, 0, min(count, maxSetupSamples))
	var moved, setupMoved int64
	ran := 0                            // workers that ran, as the strategy reports them
	for rep := -1; rep < count; rep++ { // rep -1 is the warm-up
		var into *timings
		if rep >= 0 {
			into = &tm
		}
		r, err := repetition(ctx, c, p, iterations, into)
		if err != nil {
			if rep < 0 {
				return fmt.Errorf("warm-up: %w", err)
			}
			return fmt.Errorf("repetition %d: %w", rep+1, err)
		}
		if rep == -1 || r.workers > ran {
			ran = r.workers
		}
		if rep >= 0 {
			if len(setups) < maxSetupSamples {
				setups = append(setups, r.setupNS)
			}
			moved += r.moved
			setupMoved += r.setupMoved
		}
	}
	if n := int64(iterations) * int64(count); n > 0 {
		rec.BytesMoved = moved / n
	}
	if count > 0 {
		rec.SetupBytesMoved = setupMoved / int64(count)
	}
	rec.SetupSamples = setups
	rec.Workers = ran
	summarize(rec, &tm)
	return nil
}

// maxSetupSamples bounds the set-up times a record keeps (one per
// repetition), so a huge --count costs time, not memory.
const maxSetupSamples = 4096

// repStats is what one repetition measured besides its iteration times.
type repStats struct {
	setupNS           int64
	setupMoved, moved int64 // bytes moved by Prepare and by the iterations
	workers           int   // the workers the strategy reported after Prepare
}

// repetition makes a strategy, times its Prepare and iterations (into tm,
// when non-nil) and closes it, whatever happens.
func repetition(ctx context.Context, c cell, p *strategy.Problem, iterations int, tm *timings) (st repStats, err error) {
	s, err := strategy.New(c.strategy, c.config())
	if err != nil {
		return st, err
	}
	defer func() {
		// Close under the labels too: stopping workers is the strategy's cost.
		if cerr := s.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close: %w", cerr)
		}
	}()
	mover, _ := s.(strategy.ByteMover)
	// Start each repetition on a clean heap, so one repetition's garbage
	// is not collected on the next one's clock.
	runtime.GC()
	start := time.Now()
	if err := s.Prepare(ctx, p); err != nil {
		return st, fmt.Errorf("prepare: %w", err)
	}
	st.setupNS = int64(time.Since(start))
	st.workers = c.workers
	if wr, ok := s.(strategy.WorkerReporter); ok {
		st.workers = wr.Workers()
	}
	if mover != nil {
		st.setupMoved = mover.BytesMoved()
	}
	var total time.Duration
	for it := range iterations {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		t0 := time.Now()
		_, err := s.Iterate(ctx)
		d := time.Since(t0)
		if err != nil {
			return st, fmt.Errorf("iteration %d: %w", it+1, err)
		}
		if tm != nil {
			tm.add(d)
		}
		total += d
	}
	if tm != nil {
		tm.endRepetition(total, iterations)
	}
	if mover != nil {
		st.moved = mover.BytesMoved() - st.setupMoved
	}
	return st, nil
}

// timings accumulates a cell's timed iterations in bounded memory: exact
// count, minimum and maximum, each repetition's mean (at most
// maxSetupSamples of them), and for the median and quartiles a sample of at
// most pagerank.MaxIterationTimes iteration times (all of them up to that
// many, then a uniform random sample: see pagerank.TimeStats.Add), so they
// are exact for up to 4096 timed iterations and unbiased estimates beyond.
type timings struct {
	stats  pagerank.TimeStats
	sample []time.Duration
	// repMeans holds each repetition's mean ns per iteration.
	repMeans []float64
}

func (tm *timings) add(d time.Duration) { tm.sample = tm.stats.Add(tm.sample, d) }

// endRepetition records the mean of a repetition of iterations that took
// total.
func (tm *timings) endRepetition(total time.Duration, iterations int) {
	if len(tm.repMeans) < maxSetupSamples {
		tm.repMeans = append(tm.repMeans, float64(total)/float64(iterations))
	}
}

// summarize fills rec's statistics from the timed iterations (rec.Arcs set,
// at least one iteration timed) and the set-up samples.
func summarize(rec *Record, tm *timings) {
	rec.Samples = tm.repMeans
	sorted := make([]int64, len(tm.sample))
	for i, d := range tm.sample {
		sorted[i] = int64(d)
	}
	slices.Sort(sorted)
	rec.NSPerIter = median(sorted)
	rec.NSPerIterMin = float64(tm.stats.Min)
	rec.NSPerIterMax = float64(tm.stats.Max)
	rec.NSPerIterQ1 = quantile(sorted, 0.25)
	rec.NSPerIterQ3 = quantile(sorted, 0.75)
	rec.NSPerIterStddev = stddev(sorted)
	rec.ArcsPerSec = float64(rec.Arcs) / rec.NSPerIter * 1e9
	if len(rec.SetupSamples) > 0 {
		setups := slices.Sorted(slices.Values(rec.SetupSamples))
		rec.SetupNS = int64(median(setups))
		rec.SetupNSMin, rec.SetupNSMax = setups[0], setups[len(setups)-1]
	}
}

// quantile returns the q-quantile of sorted (0 <= q <= 1), interpolating
// linearly between the two nearest values (the common "type 7" rule, as
// NumPy's and R's default), so quantile(s, 0.5) is the median and the mean
// of the middle two for an even count. It stays hand-written on purpose:
// gonum's stat.Quantile offers Empirical (R type 1, the lower middle value
// as the median) and LinInterp (R type 4, {1,2,3,4} has median 2, not 2.5),
// neither of which is the median benchstat and the study report; see
// TestQuantileIsNotGonumLinInterp.
func quantile(sorted []int64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(sorted)-1)
	frac := pos - float64(lo)
	return float64(sorted[lo]) + frac*(float64(sorted[hi])-float64(sorted[lo]))
}

// stddev returns the sample standard deviation of xs (gonum's stat.StdDev,
// which divides by n-1), 0 for fewer than two, where it is undefined.
func stddev(xs []int64) float64 {
	if len(xs) < 2 {
		return 0
	}
	fs := make([]float64, len(xs))
	for i, x := range xs {
		fs[i] = float64(x)
	}
	return stat.StdDev(fs, nil)
}

// median returns the median of sorted, the mean of the middle two for an
// even count.
func median(sorted []int64) float64 { return quantile(sorted, 0.5) }

// fillSpeedups sets every record's speedup and efficiency against the
// serial record of the same graph, kernel and engine, NaN where there is
// none. Efficiency divides by the workers that ran, not those asked for.
func fillSpeedups(recs []Record) {
	type key struct{ graph, kernel, engine string }
	serial := map[key]float64{}
	for _, r := range recs {
		if r.Strategy == serialName {
			serial[key{r.Graph, r.Kernel, r.Engine}] = r.NSPerIter
		}
	}
	for i := range recs {
		r := &recs[i]
		base, ok := serial[key{r.Graph, r.Kernel, r.Engine}]
		if !ok {
			r.Speedup, r.Efficiency = math.NaN(), math.NaN()
			continue
		}
		r.Speedup = base / r.NSPerIter
		r.Efficiency = r.Speedup / float64(r.Workers)
	}
}

// dedupe returns xs without repeats, in first-seen order.
func dedupe(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
