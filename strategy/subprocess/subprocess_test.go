package subprocess

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

var ipcModes = []string{"pipe", "shm"}

func config(workers int, k *kernel.Kernel, params ...string) strategy.Config {
	cfg := strategy.Config{Workers: workers, Kernel: k, Params: map[string]string{}}
	for i := 0; i+1 < len(params); i += 2 {
		cfg.Params[params[i]] = params[i+1]
	}
	return cfg
}

// compare checks got against the reference: each score within 1e-12
// relative, or bit for bit when exact is set.
func compare(t *testing.T, what string, got, want *pagerank.Result, exact bool) {
	t.Helper()
	if got.Iterations != want.Iterations || got.Converged != want.Converged {
		t.Errorf("%s: %d iterations (converged %v), the reference %d (%v)", what, got.Iterations, got.Converged, want.Iterations, want.Converged)
	}
	if len(got.Scores) != len(want.Scores) {
		t.Fatalf("%s: %d scores, want %d", what, len(got.Scores), len(want.Scores))
	}
	bad := 0
	for i, b := range want.Scores {
		a := got.Scores[i]
		ok := math.Float64bits(a) == math.Float64bits(b)
		if !exact {
			ok = math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
		}
		if !ok {
			if bad < 3 {
				t.Errorf("%s: node %d: got %v, reference %v", what, i, a, b)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d scores differ (exact=%v)", what, bad, len(want.Scores), exact)
	}
	if d := math.Abs(got.Residual - want.Residual); !(d <= 1e-12) {
		t.Errorf("%s: residual %v, the reference's %v", what, got.Residual, want.Residual)
	}
}

// TestMatchesReference solves graphs of every kind with both IPC modes and
// several worker counts. With one worker and the generic kernel, and on a
// graph without dangling nodes, the arithmetic is the reference's exactly,
// so those solves must agree bit for bit.
func TestMatchesReference(t *testing.T) {
	unweighted := randomGraph(3000, 24000, 1, 0.2, false, true)
	noDangling := randomGraph(2500, 30000, 2, 0, false, false)
	weighted := randomGraph(1500, 12000, 3, 0.1, true, false)
	type solveCase struct {
		name  string
		g     *graph.CSR
		opts  func(o *pagerank.Options)
		exact func(workers int) bool
	}
	iterations := func(o *pagerank.Options) { o.Iterations = 12 }
	cases := []solveCase{
		{"unweighted", unweighted, iterations, func(w int) bool { return w == 1 }},
		{"no-dangling", noDangling, iterations, func(int) bool { return true }},
		{"converge", unweighted, func(o *pagerank.Options) { o.Tolerance = 1e-9 }, func(w int) bool { return w == 1 }},
		{"weighted", weighted, iterations, func(w int) bool { return w == 1 }},
		{"personalized-start", weighted, func(o *pagerank.Options) {
			o.Iterations = 9
			o.Personalization = make([]float64, weighted.N)
			o.Start = make([]float64, weighted.N)
			for i := range o.Personalization {
				o.Personalization[i] = float64(i%7) + 0.5
				o.Start[i] = float64(i%3) + 1
			}
		}, func(w int) bool { return w == 1 }},
	}
	workerCounts := []int{1, 2, 3}
	if testing.Short() {
		workerCounts = []int{1, 3}
	}
	for _, c := range cases {
		o := pagerank.Default()
		c.opts(&o)
		want, err := pagerank.Reference(t.Context(), c.g, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, ipc := range ipcModes {
			for _, w := range workerCounts {
				what := fmt.Sprintf("%s ipc=%s workers=%d", c.name, ipc, w)
				got, err := strategy.Run(t.Context(), Name, config(w, kernel.Generic, "ipc", ipc), c.g, o)
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				compare(t, what, got, want, c.exact(w))
			}
		}
	}
}

// TestEveryKernel checks that the workers use the parent's kernel: each
// kernel this CPU runs gives the reference's scores (kernels differ from
// each other only in the last places).
func TestEveryKernel(t *testing.T) {
	g := randomGraph(2000, 20000, 4, 0.1, false, true)
	o := pagerank.Default()
	o.Iterations = 10
	want, err := pagerank.Reference(t.Context(), g, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kernel.Supported() {
		got, err := strategy.Run(t.Context(), Name, config(2, k, "ipc", "shm"), g, o)
		if err != nil {
			t.Fatalf("kernel %s: %v", k.Name, err)
		}
		if got.Kernel != k.Name {
			t.Errorf("result says kernel %s, want %s", got.Kernel, k.Name)
		}
		compare(t, "kernel "+k.Name, got, want, false)
	}
}

// TestFewerNodesThanWorkers: a graph smaller than the worker count runs
// one worker per node, and an empty graph runs none.
func TestFewerNodesThanWorkers(t *testing.T) {
	g := csrFromArcs(3, []uint32{0, 1, 2, 0}, []uint32{1, 2, 0, 2}, nil, false)
	o := pagerank.Default()
	want, err := pagerank.Reference(t.Context(), g, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, ipc := range ipcModes {
		st, err := strategy.New(Name, config(5, nil, "ipc", ipc, "minwork", "0"))
		if err != nil {
			t.Fatal(err)
		}
		p, err := strategy.NewProblem(g, o)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Prepare(t.Context(), p); err != nil {
			t.Fatal(err)
		}
		if n := len(unwrap(st).pool); n != 3 {
			t.Errorf("ipc=%s: %d workers for 3 nodes, want 3", ipc, n)
		}
		res := &pagerank.Result{}
		if err := strategy.Iterate(t.Context(), st, p, res); err != nil {
			t.Fatal(err)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		compare(t, "3 nodes, ipc="+ipc, res, want, false)
	}
	empty := csrFromArcs(0, nil, nil, nil, false)
	res, err := strategy.Run(t.Context(), Name, config(2, nil), empty, o)
	if err != nil || len(res.Scores) != 0 || !res.Converged {
		t.Errorf("empty graph: result %+v, error %v", res, err)
	}
}

// TestBytesMoved checks BytesMoved against the sizes docs/subprocess.md
// gives for each frame.
func TestBytesMoved(t *testing.T) {
	g := randomGraph(2000, 300000, 5, 0.1, false, false) // sources take more than one data chunk
	o := pagerank.Default()
	o.Iterations = 100
	p, err := strategy.NewProblem(g, o)
	if err != nil {
		t.Fatal(err)
	}
	const workers = 3
	ranges := strategy.SplitByArcs(g, workers)
	n := int64(g.N)
	for _, ipc := range ipcModes {
		st, err := strategy.New(Name, config(workers, nil, "ipc", ipc, "minwork", "0"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if err := st.Prepare(t.Context(), p); err != nil {
			t.Fatal(err)
		}
		var setup int64
		for _, r := range ranges {
			rows, arcs := int64(r.Hi-r.Lo), g.InOffsets[r.Hi]-g.InOffsets[r.Lo]
			data := 8*(rows+1) + (4*rows+7)/8*8 + (4*arcs+7)/8*8
			if ipc == "pipe" {
				data += 8 * rows // the block of the start vector
			}
			chunks := (data + 1<<20 - 1) >> 20
			// hello out and back, set-up, the data frames, ready
			setup += (8 + 88) + (8 + 16) + (8 + 48) + chunks*8 + data + (8 + 16)
		}
		if ipc == "shm" {
			setup += 16 * n // the parent writes the start vector and its contributions
		}
		mover := st.(strategy.ByteMover)
		if got := mover.BytesMoved(); got != setup {
			t.Errorf("ipc=%s: %d bytes moved by set-up, want %d", ipc, got, setup)
		}
		var perIteration int64
		if ipc == "pipe" {
			perIteration = workers*(8+24+8*n) + workers*(8+24) + 8*n
		} else {
			perIteration = 16 * n // nothing crosses a pipe
		}
		for it := int64(1); it <= 2; it++ {
			if _, err := st.Iterate(t.Context()); err != nil {
				t.Fatal(err)
			}
			if got, want := mover.BytesMoved(), setup+it*perIteration; got != want {
				t.Errorf("ipc=%s: %d bytes moved after %d iterations, want %d", ipc, got, it, want)
			}
		}
		// The blocks crossed several data frames: check they arrived whole.
		o2 := o
		o2.Iterations = 2
		want, err := pagerank.Reference(t.Context(), g, o2)
		if err != nil {
			t.Fatal(err)
		}
		compare(t, "after 2 iterations, ipc="+ipc, &pagerank.Result{Scores: st.Scores(), Iterations: 2, Residual: want.Residual}, want, false)
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	}
}

func TestParameters(t *testing.T) {
	bad := []struct {
		params []string
		want   string
	}{
		{[]string{"ipc", "udp"}, `parameter ipc="udp" is not one of the allowed values; ipc takes one of pipe, shm`},
		{[]string{"timeout", "soon"}, `parameter timeout="soon" is not a duration`},
		{[]string{"timeout", "0s"}, `parameter timeout="0s" is below the minimum 1ns`},
		{[]string{"fault", "explode"}, `unknown kind "explode"`},
		{[]string{"fault", "die:worker=x"}, `"worker=x" is not key=number`},
		{[]string{"fault", "die:when=3"}, `unknown setting "when=3"`},
		{[]string{"fault", "die:worker=2"}, "fault for worker 2, but there are 2 workers"},
		{[]string{"workers", "3"}, `has no parameter "workers"`},
		{[]string{"minwork", "-1"}, `minwork="-1" is below the minimum 0`},
		{[]string{"minwork", "lots"}, `minwork="lots" is not an integer`},
	}
	for _, b := range bad {
		_, err := strategy.New(Name, config(2, nil, b.params...))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("params %v: error %v, want one containing %q", b.params, err, b.want)
		}
	}
	st, err := strategy.New(Name, config(2, nil, "ipc", "shm", "timeout", "1m30s", "fault", "stall:worker=1:iter=4", "minwork", "1000"))
	if err != nil {
		t.Fatal(err)
	}
	s := unwrap(st)
	if s.ipc != ipcShared || s.timeout.Seconds() != 90 || s.fault != (fault{kind: "stall", worker: 1, iter: 4}) || s.minWork != 1000 {
		t.Errorf("parsed ipc=%v timeout=%v fault=%+v minwork=%d", s.ipc, s.timeout, s.fault, s.minWork)
	}
	if s, _ := strategy.New(Name, config(2, nil)); unwrap(s).minWork != defaultMinWork || unwrap(s).ipc != ipcPipe {
		t.Errorf("defaults: minwork %d ipc %v", unwrap(s).minWork, unwrap(s).ipc)
	}
}

// TestRefusesInsideWorker: a worker process that runs the program's main
// (the hook is missing) must not start workers of its own.
func TestRefusesInsideWorker(t *testing.T) {
	t.Setenv(WorkerEnv, "1")
	g := randomGraph(10, 20, 1, 0, false, false)
	_, err := strategy.Run(t.Context(), Name, config(2, nil), g, pagerank.Default())
	if err == nil || !strings.Contains(err.Error(), "call subprocess.ServeIfWorker() first in main") {
		t.Errorf("error %v, want one asking for ServeIfWorker", err)
	}
	// After a failed Prepare, Iterate and Reset report it again.
	st, err := strategy.New(Name, config(2, nil))
	if err != nil {
		t.Fatal(err)
	}
	p, err := strategy.NewProblem(g, pagerank.Default())
	if err != nil {
		t.Fatal(err)
	}
	perr := st.Prepare(t.Context(), p)
	if _, err := st.Iterate(t.Context()); err == nil || !errors.Is(err, perr) {
		t.Errorf("Iterate after a failed Prepare (%v) returned %v", perr, err)
	}
	if err := st.Reset(); !errors.Is(err, perr) {
		t.Errorf("Reset after a failed Prepare (%v) returned %v", perr, err)
	}
	if err := st.Close(); err != nil {
		t.Error(err)
	}
}

// TestWorkerCPUProfiles: each worker writes its own profile next to the
// prefix, complete (gzip-compressed, as pprof writes them) after Close.
func TestWorkerCPUProfiles(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "cpu.prof")
	SetWorkerCPUProfile(prefix)
	defer SetWorkerCPUProfile("")
	g := randomGraph(2000, 16000, 6, 0.1, false, true)
	o := pagerank.Default()
	o.Iterations = 20
	if _, err := strategy.Run(t.Context(), Name, config(2, nil, "minwork", "0"), g, o); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		b, err := os.ReadFile(fmt.Sprintf("%s.worker-%d", prefix, i))
		if err != nil {
			t.Fatal(err)
		}
		z, err := gzip.NewReader(bytes.NewReader(b))
		if err == nil {
			_, err = io.Copy(io.Discard, z)
		}
		if err != nil {
			t.Errorf("worker %d profile (%d bytes) is not a complete gzip stream: %v", i, len(b), err)
		}
	}
	if _, err := os.Stat(prefix + ".worker-2"); !os.IsNotExist(err) {
		t.Errorf("a profile for a third worker of two: %v", err)
	}
}

// TestWorkerCap: a worker count that would fork until the machine's pid
// limit (--workers 100000) is refused before any process starts, with an
// error naming the cap for processes.
func TestWorkerCap(t *testing.T) {
	limit := strategy.WorkerCap(strategy.MaxProcessesPerCPU)
	_, err := strategy.New(Name, config(limit+1, nil))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("cap of %d", limit)) {
		t.Errorf("%d workers: %v, want an error naming the cap of %d", limit+1, err, limit)
	}
	st, err := strategy.New(Name, config(limit, nil))
	if err != nil {
		t.Fatalf("%d workers (the cap): %v", limit, err)
	}
	st.Close()
}

// TestMinWork: a graph that gives each worker less than minwork (arcs
// plus rows) runs on fewer worker processes, and says so through Workers
// and the result; minwork=0 runs every worker asked for.
func TestMinWork(t *testing.T) {
	g := randomGraph(1000, 5000, 10, 0.1, false, true) // about 6,000 of work
	work := g.N + len(g.InSources)
	o := pagerank.Default()
	o.Iterations = 5
	want, err := pagerank.Reference(t.Context(), g, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		minwork string
		workers int
	}{{"", 1}, {strconv.Itoa(work / 3), 3}, {"0", 4}, {strconv.Itoa(work / 2), 2}, {strconv.Itoa(work + 1), 1}} {
		for _, ipc := range ipcModes {
			res, err := strategy.Run(t.Context(), Name, config(4, nil, "ipc", ipc, "minwork", c.minwork), g, o)
			if c.minwork == "" {
				res, err = strategy.Run(t.Context(), Name, config(4, nil, "ipc", ipc), g, o)
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Workers != c.workers {
				t.Errorf("minwork %q ipc=%s: %d workers reported, want %d", c.minwork, ipc, res.Workers, c.workers)
			}
			compare(t, "minwork "+c.minwork+" ipc="+ipc, res, want, false)
		}
	}
}

// TestServeRefusesUnsupportedKernel: a worker asked for a registered
// kernel its CPU cannot run refuses it at the handshake. It needs such a
// kernel in the binary, so it skips on a CPU that runs every one.
func TestServeRefusesUnsupportedKernel(t *testing.T) {
	supported := map[string]bool{}
	for _, k := range kernel.Supported() {
		supported[k.Name] = true
	}
	for _, name := range kernel.Names() {
		if supported[name] {
			continue
		}
		var in session
		in.hello(name)
		err := serve(&in, io.Discard, serverOptions{})
		if err == nil || !strings.Contains(err.Error(), "needs CPU features this machine lacks") {
			t.Errorf("kernel %s: %v, want a refusal naming the CPU", name, err)
		}
		return
	}
	t.Skipf("this CPU runs every kernel in the binary (%v)", kernel.Names())
}

// TestBytesMovedF32: with float32 contributions the vector crosses the
// pipes, and is written into the mapping, at half the size.
func TestBytesMovedF32(t *testing.T) {
	g := randomGraph(2001, 20000, 13, 0.1, false, false) // odd: the f32 vector is padded to 8 bytes
	p, err := strategy.NewProblem(g, pagerank.Default(), strategy.WithEngine(strategy.Engine{Precision: strategy.F32}))
	if err != nil {
		t.Fatal(err)
	}
	const workers = 2
	n := int64(g.N)
	want := map[string]int64{
		"pipe": workers*(8+24+(4*n+7)/8*8) + workers*(8+24) + 8*n,
		"shm":  8*n + 4*n,
	}
	for _, ipc := range ipcModes {
		st, err := strategy.New(Name, config(workers, nil, "ipc", ipc, "minwork", "0"))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Prepare(t.Context(), p); err != nil {
			t.Fatal(err)
		}
		mover := st.(strategy.ByteMover)
		before := mover.BytesMoved()
		if _, err := st.Iterate(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := mover.BytesMoved() - before; got != want[ipc] {
			t.Errorf("ipc=%s: %d bytes moved by an f32 iteration, want %d", ipc, got, want[ipc])
		}
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	}
}
