package subprocess

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

// Name is the name the strategy is registered under.
const Name = "subprocess"

// DefaultTimeout is how long the parent waits for a worker to answer one
// iteration (or the handshake, or one chunk of set-up) by default.
const DefaultTimeout = 30 * time.Second

func init() {
	strategy.RegisterStrategy(description, newStrategy)
}

type ipcMode int

const (
	ipcPipe ipcMode = iota
	ipcShared
)

func (m ipcMode) String() string {
	if m == ipcShared {
		return "shm"
	}
	return "pipe"
}

// subprocess is the strategy: W worker processes, each owning a block of
// rows, driven one iteration at a time through a transport.
type subprocess struct {
	k       *kernel.Kernel
	workers int
	ipc     ipcMode
	timeout time.Duration
	fault   fault
	minWork int64

	p    *strategy.Problem
	pool []*worker
	tr   transport // nil until Prepare starts workers (never for an empty graph)
	// flags are the set-up flags of the problem's engine and transport.
	flags    uint32
	dangling float64 // dangling mass of the current scores
	iter     uint64  // iterations since Prepare
	broken   error   // why the workers are gone, once they are
	bytes    atomic.Int64
	// pids lists every worker process ever started, for tests to check
	// that each was reaped.
	pids []int
}

// defaultMinWork is the least work (arcs plus rows) a worker process gets
// unless the minwork parameter says otherwise, as lockfree's: handing an
// iteration to another process and back costs microseconds even through
// shared memory, more than a block of fewer arcs takes to compute.
const defaultMinWork = 16384

func newStrategy(cfg strategy.Config) (strategy.Strategy, error) {
	// Every worker is a process: cap them well below the machine's pid
	// limit (the graph's node count caps them again at Prepare, one block
	// of rows per worker at most).
	if err := cfg.CheckWorkers(Name, strategy.MaxProcessesPerCPU); err != nil {
		return nil, err
	}
	s := &subprocess{k: cfg.KernelOrBest(), workers: cfg.WorkerCount(), timeout: DefaultTimeout, minWork: defaultMinWork}
	if err := s.parseParams(cfg); err != nil {
		return nil, err
	}
	if s.fault.kind != "" && s.fault.worker >= s.workers {
		return nil, fmt.Errorf("strategy %s: fault for worker %d, but there are %d workers", Name, s.fault.worker, s.workers)
	}
	if len(s.k.Name) > maxKernelName {
		return nil, fmt.Errorf("strategy %s: kernel name %q is longer than %d bytes", Name, s.k.Name, maxKernelName)
	}
	return s, nil
}

// parseParams reads the strategy's parameters (cfg.Params) into s.
func (s *subprocess) parseParams(cfg strategy.Config) error {
	if err := cfg.CheckParams(Name, "ipc", "timeout", "minwork", "fault"); err != nil {
		return err
	}
	switch v := cfg.Params["ipc"]; v {
	case "", "pipe":
	case "shm":
		if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
			return fmt.Errorf("strategy %s: ipc=shm needs mmap, which %s lacks; use ipc=pipe", Name, runtime.GOOS)
		}
		s.ipc = ipcShared
	default:
		return fmt.Errorf("strategy %s: ipc %q is neither pipe nor shm", Name, v)
	}
	if v, ok := cfg.Params["timeout"]; ok {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("strategy %s: timeout %q is not a positive duration such as 30s or 500ms", Name, v)
		}
		s.timeout = d
	}
	if v, ok := cfg.Params["minwork"]; ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("strategy %s: minwork %q is not a non-negative integer (arcs plus rows per worker process)", Name, v)
		}
		s.minWork = n
	}
	f, err := parseFault(cfg.Params["fault"])
	if err != nil {
		return fmt.Errorf("strategy %s: %w", Name, err)
	}
	s.fault = f
	return nil
}

// Prepare starts one worker process per block of rows, ships each its
// block once and sets the scores to the start vector.
func (s *subprocess) Prepare(ctx context.Context, p *strategy.Problem) error {
	s.stop()
	s.broken = nil
	s.p, s.iter = p, 0
	if err := s.prepare(ctx, p); err != nil {
		s.stop()
		if s.broken == nil {
			s.broken = err
		}
		return err
	}
	return nil
}

func (s *subprocess) prepare(ctx context.Context, p *strategy.Problem) error {
	if !nativeLittleEndian {
		return errBigEndian
	}
	if os.Getenv(WorkerEnv) != "" {
		return fmt.Errorf("subprocess: this process is a worker (%s is set) yet runs the program's own main: call subprocess.ServeIfWorker() first in main", WorkerEnv)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkKernel(s.k); err != nil {
		return err
	}
	if p.N() == 0 {
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("subprocess: finding this program to start it as a worker: %w", err)
	}
	if err := s.start(ctx, exe); err != nil {
		return err
	}
	if err := s.setUp(ctx); err != nil {
		return err
	}
	return s.Reset()
}

// checkKernel refuses a kernel that is not the one registered under its
// name: workers find their kernel by name in their own registry, so they
// would run other code than the parent was given. A name the registry
// lacks, or a kernel this CPU cannot run, is left to the workers, which
// refuse it at the handshake, before any block is shipped, as a worker on
// another binary or CPU would.
func checkKernel(k *kernel.Kernel) error {
	reg, err := kernel.Lookup(k.Name)
	if err != nil {
		return nil
	}
	same := func(a, b any) bool { return reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer() }
	if !same(reg.PullRowSums, k.PullRowSums) || !same(reg.Contributions, k.Contributions) ||
		!same(reg.WeightedPullRowSums, k.WeightedPullRowSums) || !same(reg.WeightedContributions, k.WeightedContributions) {
		return fmt.Errorf("subprocess: kernel %q is not the kernel registered under that name; worker processes find their kernel by name, so they would run other code", k.Name)
	}
	return nil
}

// Workers returns the number of worker processes of the last Prepare: at
// most the configured count, fewer on a graph that gives each less than
// minwork of work or has fewer rows (one for an empty graph, which starts
// none, as serial reports one). Before Prepare it is the configured count.
func (s *subprocess) Workers() int {
	if s.p == nil {
		return s.workers
	}
	return max(1, len(s.ranges()))
}

// ranges cuts the problem's rows into one range per worker process.
func (s *subprocess) ranges() []strategy.Range {
	g := s.p.Graph
	nw := s.workers
	if s.minWork > 0 {
		work := int64(g.N) + g.InOffsets[g.N]
		nw = int(min(int64(nw), max(1, work/s.minWork)))
	}
	return strategy.SplitByArcs(g, nw)
}

// start starts the workers and readies the transport's vectors.
func (s *subprocess) start(ctx context.Context, exe string) error {
	p := s.p
	e := p.Engine()
	s.flags = 0
	if e.Precision == strategy.F32 {
		s.flags |= setupF32
	}
	switch e.Layout {
	case strategy.LayoutSegmented:
		s.flags |= setupSegmented
	case strategy.LayoutBlocked:
		s.flags |= setupBlocked
	case strategy.LayoutHybrid:
		s.flags |= setupSegmented | setupBlocked
	}
	ranges := s.ranges()
	s.tr = newTransport(s.ipc)
	s.flags |= s.tr.setupFlags()
	su := setup{n: uint64(p.N()), flags: s.flags}
	geo := geometry{n: su.n, workers: uint64(len(ranges)), contribLen: su.contribLen(), contribSize: su.contribSize()}
	sharedFile, err := s.tr.open(p, geo)
	if err != nil {
		s.tr = nil
		return err
	}
	env := workerEnv()
	profile := workerProfilePrefix()
	for i, r := range ranges {
		if err := ctx.Err(); err != nil {
			return err
		}
		wenv := slices.Clip(env)
		if profile != "" {
			wenv = append(wenv, WorkerCPUProfileEnv+"="+profile+".worker-"+strconv.Itoa(i))
		}
		if s.fault.kind != "" && s.fault.worker == i {
			wenv = append(wenv, faultEnv+"="+s.fault.env())
		}
		commandBytes, resultBytes := s.tr.frameBytes(r.Hi - r.Lo)
		w, err := startWorker(i, exe, wenv, sharedFile, max(commandBytes, frameHeaderSize+dataChunk), resultBytes, s.tr.onExit(i))
		if err != nil {
			return err
		}
		w.block = p.Block(r.Lo, r.Hi)
		// The worker builds its own segments or tiles; the parent needs
		// only the block's CSR arrays.
		w.block.Segments, w.block.Tiles = nil, nil
		s.pool = append(s.pool, w)
		s.pids = append(s.pids, w.pid)
	}
	s.tr.started()
	return nil
}

// setUp shakes hands with every worker and ships each its block.
func (s *subprocess) setUp(ctx context.Context) error {
	if err := s.round(ctx, func(*worker) string { return stageHandshake }, s.handshake); err != nil {
		return err
	}
	var start []float64
	if s.tr.shipsStart() {
		start = s.p.Start()
	}
	return s.round(ctx, func(*worker) string { return "set-up" }, func(w *worker, r *round) error {
		return s.sendBlock(w, r, start)
	})
}

func (s *subprocess) handshake(w *worker, _ *round) error {
	b := frameBuffer(frameHeaderSize + helloParentSize)
	putHeader(b, msgHello, helloParentSize)
	putHello(b[frameHeaderSize:], w.index, s.k.Name)
	if err := s.write(w, b); err != nil {
		return err
	}
	if err := s.expect(w, msgHello, helloSize, helloSize); err != nil {
		return err
	}
	le := binary.LittleEndian
	p := w.buf[frameHeaderSize : frameHeaderSize+helloSize]
	if [8]byte(p[:8]) != helloMagic {
		return protocolErrorf("the handshake answer starts with %q, want %q", p[:8], helloMagic[:])
	}
	if v := le.Uint32(p[8:]); v != protocolVersion {
		return protocolErrorf("the worker speaks protocol version %d, want %d", v, protocolVersion)
	}
	return nil
}

// sendBlock ships w its block in a set-up frame and data frames, and
// waits for the worker to confirm it.
func (s *subprocess) sendBlock(w *worker, r *round, start []float64) error {
	b := &w.block
	rows, arcs := b.Rows(), b.Arcs()
	su := setup{
		n: uint64(b.N), lo: uint64(b.Lo), hi: uint64(b.Hi), arcs: uint64(arcs),
		damping: b.Damping, shmFD: sharedFD, flags: s.flags,
	}
	if b.Weights != nil {
		su.flags |= setupWeighted
	}
	if b.Teleport != nil {
		su.flags |= setupPersonalized
	}
	buf := frameBuffer(frameHeaderSize + dataChunk)
	putHeader(buf, msgSetup, setupSize)
	su.encode(buf[frameHeaderSize:])
	if err := s.write(w, buf[:frameHeaderSize+setupSize]); err != nil {
		return err
	}
	if err := encodeBlock(&dataWriter{s: s, w: w, r: r, buf: buf}, b, start); err != nil {
		return err
	}
	r.extend(w)
	if err := s.expect(w, msgReady, readySize, readySize); err != nil {
		return err
	}
	le := binary.LittleEndian
	if gotRows, gotArcs := le.Uint64(w.buf[8:]), le.Uint64(w.buf[16:]); gotRows != uint64(rows) || gotArcs != uint64(arcs) {
		return protocolErrorf("the worker confirmed %d rows and %d arcs, want %d and %d", gotRows, gotArcs, rows, arcs)
	}
	return nil
}

// write writes one frame to w, counting its bytes.
func (s *subprocess) write(w *worker, frame []byte) error {
	n, err := w.toW.Write(frame)
	s.bytes.Add(int64(n))
	return err
}

// expect reads the header of a want frame of size bytes from w, and the
// first fixed bytes of its payload, into w.buf.
func (s *subprocess) expect(w *worker, want msgType, size, fixed uint64) error {
	err := expectFrame(w.fromW, w.buf, want, size)
	if err == nil {
		var n int
		n, err = io.ReadFull(w.fromW, w.buf[frameHeaderSize:frameHeaderSize+fixed])
		s.bytes.Add(int64(frameHeaderSize + n))
	}
	return err
}

// Reset sets the scores back to the start vector and computes its
// contributions (in the parent, once).
func (s *subprocess) Reset() error {
	if s.broken != nil {
		return s.broken
	}
	if s.p.N() == 0 {
		return nil
	}
	x, c := s.tr.reset()
	if s.ipc == ipcShared {
		// The parent writes the start vector and its contributions there.
		size := 8
		if c.F32 != nil {
			size = 4
		}
		s.bytes.Add(int64(8*len(x) + c.Len()*size))
	}
	copy(x, s.p.Start())
	dangling := 0.0
	for _, w := range s.pool {
		b := &w.block
		dangling += b.Contributions(s.k, c.Slice(b.Lo, b.Hi), x[b.Lo:b.Hi])
	}
	s.dangling = dangling
	return nil
}

// Iterate runs one iteration on every worker.
func (s *subprocess) Iterate(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if s.broken != nil {
		return 0, s.broken
	}
	if s.p.N() == 0 {
		return 0, nil
	}
	s.iter++
	if err := s.tr.iterate(ctx, s); err != nil {
		return 0, err
	}
	residual, dangling := 0.0, 0.0
	for _, w := range s.pool {
		residual += w.residual
		dangling += w.dangling
	}
	s.dangling = dangling
	return residual, nil
}

// iterationStage names the stage of the current iteration in errors.
func (s *subprocess) iterationStage(*worker) string {
	return "iteration " + strconv.FormatUint(s.iter, 10)
}

// result reads a result frame's header and fixed payload (extra more bytes
// follow) and keeps the residual in w.
func (s *subprocess) result(w *worker, extra uint64) error {
	if err := s.expect(w, msgResult, resultFixed+extra, resultFixed); err != nil {
		return err
	}
	le := binary.LittleEndian
	if iter := le.Uint64(w.buf[8:]); iter != s.iter {
		return protocolErrorf("the result is for iteration %d, want %d", iter, s.iter)
	}
	w.residual = math.Float64frombits(le.Uint64(w.buf[16:]))
	w.dangling = math.Float64frombits(le.Uint64(w.buf[24:]))
	return nil
}

// Scores returns the current scores.
func (s *subprocess) Scores() []float64 {
	if s.tr == nil {
		return []float64{}
	}
	return s.tr.scores()
}

// BytesMoved returns the bytes written to and read from the workers' pipes
// since Prepare began, plus, with shared memory, the bytes written into the
// mapping (the scores and contributions, per iteration and per Reset).
func (s *subprocess) BytesMoved() int64 { return s.bytes.Load() }

// Close shuts the workers down, waits for them and releases the mapping.
func (s *subprocess) Close() error {
	if s.pool == nil {
		s.stop()
		return nil
	}
	grace := min(s.timeout, 5*time.Second)
	for _, w := range s.pool {
		w.toW.SetWriteDeadline(time.Now().Add(grace))
		s.tr.shutdown(s, w)
		w.toW.Close()
	}
	var errs []error
	deadline := time.NewTimer(grace)
	defer deadline.Stop()
	expired := false
	for _, w := range s.pool {
		if !expired {
			select {
			case <-w.exited:
			case <-deadline.C:
				expired = true
			}
		}
		select {
		case <-w.exited:
			if w.waitErr != nil {
				errs = append(errs, &WorkerError{Worker: w.index, PID: w.pid, Stage: "shutdown",
					Err: fmt.Errorf("%w (%s)", ErrWorkerDied, w.exitReport(0))})
			}
		default:
			errs = append(errs, &WorkerError{Worker: w.index, PID: w.pid, Stage: "shutdown",
				Err: fmt.Errorf("%w: still running %v after the shutdown frame; killed", ErrWorkerTimeout, grace)})
		}
	}
	s.stop()
	return errors.Join(errs...)
}

// stop kills every worker still running, reaps them all and releases the
// transport's vectors (a worker's exit watcher may touch them until it is
// reaped).
func (s *subprocess) stop() {
	for _, w := range s.pool {
		w.cmd.Process.Kill()
	}
	for _, w := range s.pool {
		<-w.exited
		w.closePipes()
	}
	s.pool = nil
	if s.tr != nil {
		s.tr.release()
		s.tr = nil
	}
}

// failed ends the solve after w failed in stage: it stops every worker and
// returns (and keeps) the WorkerError.
func (s *subprocess) failed(w *worker, stage string, err error) error {
	werr := w.describe(stage, err, s.timeout)
	s.stop()
	s.broken = werr
	return werr
}

// cancelled ends the solve after ctx was cancelled mid-exchange.
func (s *subprocess) cancelled(ctx context.Context) error {
	s.stop()
	s.broken = fmt.Errorf("subprocess: the workers were stopped when a solve was cancelled: %w", ctx.Err())
	return ctx.Err()
}

// round runs fn for every worker at once, each under a deadline of the
// strategy's timeout. At the first failure, or when ctx is done, it stops
// every exchange still blocked by moving the deadlines into the past; it
// then stops all workers and returns the first failure as a *WorkerError,
// or ctx.Err().
type round struct {
	mu      sync.Mutex
	pool    []*worker
	timeout time.Duration
	aborted bool
	first   *worker // the first worker to fail
	err     error   // and how
}

// extend restarts w's deadline, unless the round was aborted.
func (r *round) extend(w *worker) {
	r.mu.Lock()
	if !r.aborted {
		w.setDeadline(time.Now().Add(r.timeout))
	}
	r.mu.Unlock()
}

func (r *round) abort() {
	r.mu.Lock()
	r.aborted = true
	past := time.Unix(1, 0)
	for _, w := range r.pool {
		w.setDeadline(past)
	}
	r.mu.Unlock()
}

// fail records w's failure unless it is the collateral of an abort.
func (r *round) fail(w *worker, err error) {
	r.mu.Lock()
	collateral := r.aborted && errors.Is(err, os.ErrDeadlineExceeded)
	if r.first == nil && !collateral {
		r.first, r.err = w, err
	}
	r.mu.Unlock()
	if !collateral {
		r.abort()
	}
}

func (s *subprocess) round(ctx context.Context, stage func(*worker) string, fn func(*worker, *round) error) error {
	r := &round{pool: s.pool, timeout: s.timeout}
	deadline := time.Now().Add(s.timeout)
	for _, w := range s.pool {
		w.setDeadline(deadline)
	}
	stopWatch := context.AfterFunc(ctx, r.abort)
	var wg sync.WaitGroup
	last := len(s.pool) - 1
	for _, w := range s.pool[:last] {
		wg.Go(func() {
			var err error
			defer func() {
				if err != nil {
					r.fail(w, err)
				}
			}()
			defer strategy.Recover(&err)
			err = fn(w, r)
		})
	}
	if err := fn(s.pool[last], r); err != nil {
		r.fail(s.pool[last], err)
	}
	wg.Wait()
	if !stopWatch() {
		// ctx is done; its abort may still be moving deadlines, so the
		// pipes are not to be trusted even if every exchange finished.
		return s.cancelled(ctx)
	}
	if r.first == nil {
		return nil
	}
	return s.failed(r.first, stage(r.first), r.err)
}
