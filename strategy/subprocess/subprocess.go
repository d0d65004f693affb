package subprocess

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
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
// rows, driven one iteration at a time over pipes.
type subprocess struct {
	k       *kernel.Kernel
	workers int
	ipc     ipcMode
	timeout time.Duration
	fault   fault

	p    *strategy.Problem
	pool []*worker
	// pipes
	x      []float64    // the current scores
	frames [2][]byte    // iterate frames; the contributions live inside (shm: frames[0] only)
	c      [2][]float64 // the contribution vectors inside frames
	// shm
	shared *sharedVectors
	scores []float64 // copy of the current scores handed out by Scores
	// cur is, with pipes, the frame holding the current contributions and,
	// with shared memory, the parity of the current vectors.
	cur      int
	restart  bool    // pipes: the next iteration starts from the start vector
	dangling float64 // dangling mass of the current scores
	iter     uint64  // iterations since Prepare
	broken   error   // why the workers are gone, once they are
	bytes    atomic.Int64
	// pids lists every worker process ever started, for tests to check
	// that each was reaped.
	pids []int
}

func newStrategy(cfg strategy.Config) (strategy.Strategy, error) {
	if err := cfg.CheckParams(Name, "ipc", "timeout", "fault"); err != nil {
		return nil, err
	}
	// Every worker is a process: cap them well below the machine's pid
	// limit (the graph's node count caps them again at Prepare, one block
	// of rows per worker at most).
	if err := cfg.CheckWorkers(Name, strategy.MaxProcessesPerCPU); err != nil {
		return nil, err
	}
	s := &subprocess{k: cfg.KernelOrBest(), workers: cfg.WorkerCount(), timeout: DefaultTimeout}
	switch v := cfg.Params["ipc"]; v {
	case "", "pipe":
	case "shm":
		if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
			return nil, fmt.Errorf("strategy %s: ipc=shm needs mmap, which %s lacks; use ipc=pipe", Name, runtime.GOOS)
		}
		s.ipc = ipcShared
	default:
		return nil, fmt.Errorf("strategy %s: ipc %q is neither pipe nor shm", Name, v)
	}
	if v, ok := cfg.Params["timeout"]; ok {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("strategy %s: timeout %q is not a positive duration such as 30s or 500ms", Name, v)
		}
		s.timeout = d
	}
	f, err := parseFault(cfg.Params["fault"])
	if err != nil {
		return nil, fmt.Errorf("strategy %s: %w", Name, err)
	}
	if f.kind != "" && f.worker >= s.workers {
		return nil, fmt.Errorf("strategy %s: fault for worker %d, but there are %d workers", Name, f.worker, s.workers)
	}
	s.fault = f
	if len(s.k.Name) > maxKernelName {
		return nil, fmt.Errorf("strategy %s: kernel name %q is longer than %d bytes", Name, s.k.Name, maxKernelName)
	}
	return s, nil
}

// Prepare starts one worker process per block of rows, ships each its
// block once and sets the scores to the start vector.
func (s *subprocess) Prepare(ctx context.Context, p *strategy.Problem) error {
	s.stop()
	s.broken = nil
	s.p, s.iter = p, 0
	if e := p.Engine(); e.Layout != strategy.LayoutCSR || e.Precision != strategy.F64 {
		// Workers compute CSR blocks in float64 and ship float64
		// contributions; running another engine would silently run this one.
		s.broken = fmt.Errorf("strategy subprocess: engine %s is not supported yet (layout csr and precision f64 only; any order works)", e)
		return s.broken
	}
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
	n := p.N()
	if n == 0 {
		s.x = []float64{}
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

// start starts the workers and allocates the parent's vectors.
func (s *subprocess) start(ctx context.Context, exe string) error {
	p := s.p
	n := p.N()
	var sharedFile *os.File
	if s.ipc == ipcShared {
		var err error
		if s.shared, err = createShared(n); err != nil {
			return err
		}
		sharedFile = s.shared.file
	}
	env := workerEnv()
	profile := workerProfilePrefix()
	for i, r := range strategy.SplitByArcs(p.Graph, s.workers) {
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
		commandBytes, resultBytes := frameHeaderSize+iterateFixed, frameHeaderSize+resultFixed
		if s.ipc == ipcPipe {
			commandBytes += 8 * n
			resultBytes += 8 * (r.Hi - r.Lo)
		}
		w, err := startWorker(i, exe, wenv, sharedFile, max(commandBytes, frameHeaderSize+dataChunk), resultBytes)
		if err != nil {
			return err
		}
		w.block = p.Block(r.Lo, r.Hi)
		s.pool = append(s.pool, w)
		s.pids = append(s.pids, w.pid)
	}
	// Every worker holds the shared file now: the parent's mapping is all
	// it needs.
	s.shared.closeFile()
	if s.ipc == ipcPipe {
		s.x = make([]float64, n)
		for i := range s.frames {
			s.frames[i] = frameBuffer(frameHeaderSize + iterateFixed + 8*n)
			putHeader(s.frames[i], msgIterate, iterateFixed+8*n)
			s.c[i] = float64sOf(s.frames[i][frameHeaderSize+iterateFixed:], n)
		}
	} else {
		s.scores = make([]float64, n)
		s.frames[0] = frameBuffer(frameHeaderSize + iterateFixed)
		putHeader(s.frames[0], msgIterate, iterateFixed)
	}
	return nil
}

// setUp shakes hands with every worker and ships each its block.
func (s *subprocess) setUp(ctx context.Context) error {
	if err := s.round(ctx, func(*worker) string { return stageHandshake }, s.handshake); err != nil {
		return err
	}
	start := s.p.Start()
	return s.round(ctx, func(*worker) string { return "set-up" }, func(w *worker, r *round) error {
		return s.sendBlock(w, r, start)
	})
}

func (s *subprocess) handshake(w *worker, _ *round) error {
	b := w.buf
	le := binary.LittleEndian
	putHeader(b, msgHello, helloSize)
	copy(b[8:], helloMagic[:])
	le.PutUint32(b[16:], protocolVersion)
	le.PutUint32(b[20:], uint32(w.index))
	if err := s.write(w, b[:frameHeaderSize+helloSize]); err != nil {
		return err
	}
	if err := s.expect(w, msgHello, helloSize, helloSize); err != nil {
		return err
	}
	p := b[frameHeaderSize : frameHeaderSize+helloSize]
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
		damping: b.Damping, shmFD: sharedFD, kernel: s.k.Name,
	}
	if b.Weights != nil {
		su.flags |= setupWeighted
	}
	if b.Teleport != nil {
		su.flags |= setupPersonalized
	}
	if s.ipc == ipcShared {
		su.flags |= setupShared
	}
	buf := frameBuffer(frameHeaderSize + dataChunk)
	putHeader(buf, msgSetup, setupSize)
	su.encode(buf[frameHeaderSize:])
	if err := s.write(w, buf[:frameHeaderSize+setupSize]); err != nil {
		return err
	}
	d := &dataWriter{s: s, w: w, r: r, buf: buf}
	// Offsets go rebased to start at 0: the worker's Sources holds only
	// the block's arcs.
	base := b.Offsets[0]
	for _, o := range b.Offsets {
		d.putUint64(uint64(o - base))
	}
	lo, hi := b.Offsets[0], b.Offsets[rows]
	d.bytes(uint32Bytes(b.OutDegree))
	d.bytes(uint32Bytes(b.Sources[lo:hi]))
	if b.Weights != nil {
		d.bytes(float64Bytes(b.Weights[lo:hi]))
		d.bytes(float64Bytes(b.OutWeight))
	}
	if b.Teleport != nil {
		d.bytes(float64Bytes(b.Teleport))
	}
	if s.ipc == ipcPipe {
		d.bytes(float64Bytes(start[b.Lo:b.Hi]))
	}
	if err := d.flush(); err != nil {
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

// dataWriter writes the array stream as data frames from one buffer.
type dataWriter struct {
	s   *subprocess
	w   *worker
	r   *round
	buf []byte // header + up to dataChunk bytes
	n   int    // bytes in buf after the header
	err error
}

func (d *dataWriter) putUint64(v uint64) {
	binary.LittleEndian.PutUint64(d.buf[frameHeaderSize+d.n:], v)
	d.n += 8
	if d.n == dataChunk {
		d.flush()
	}
}

// bytes appends p, then zeros up to a multiple of 8 bytes. The chunk size
// is a multiple of 8, so a chunk is always flushed at an 8-byte boundary.
func (d *dataWriter) bytes(p []byte) {
	pad := int(pad8(uint64(len(p)))) - len(p)
	for len(p) > 0 {
		k := copy(d.buf[frameHeaderSize+d.n:frameHeaderSize+dataChunk], p)
		d.n += k
		p = p[k:]
		if d.n == dataChunk {
			d.flush()
		}
	}
	clear(d.buf[frameHeaderSize+d.n : frameHeaderSize+d.n+pad])
	d.n += pad
	if d.n == dataChunk {
		d.flush()
	}
}

// flush sends the buffered bytes as one data frame. After an error it
// only discards them: the round reports the error.
func (d *dataWriter) flush() error {
	if d.err == nil && d.n > 0 {
		putHeader(d.buf, msgData, d.n)
		d.r.extend(d.w)
		d.err = d.s.write(d.w, d.buf[:frameHeaderSize+d.n])
	}
	d.n = 0
	return d.err
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
	n := s.p.N()
	if n == 0 {
		return nil
	}
	var x, c []float64
	if s.ipc == ipcPipe {
		x, c = s.x, s.c[s.cur]
		s.restart = true
	} else {
		s.cur = 0
		x, c = s.shared.x[0], s.shared.c[0]
		s.bytes.Add(16 * int64(n))
	}
	copy(x, s.p.Start())
	dangling := 0.0
	for _, w := range s.pool {
		b := &w.block
		dangling += b.Contributions(s.k, strategy.Contribs{F64: c[b.Lo:b.Hi]}, x[b.Lo:b.Hi])
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
	stage := func(*worker) string { return "iteration " + strconv.FormatUint(s.iter, 10) }
	var err error
	if s.ipc == ipcPipe {
		err = s.iteratePipe(ctx, stage)
	} else {
		err = s.iterateShared(ctx, stage)
	}
	if err != nil {
		return 0, err
	}
	residual, dangling := 0.0, 0.0
	for _, w := range s.pool {
		residual += w.residual
		dangling += w.dangling
	}
	s.dangling = dangling
	s.cur = 1 - s.cur
	return residual, nil
}

// iteratePipe sends every worker the contributions and collects its new
// scores, computing their contributions for the next iteration as each
// block arrives.
func (s *subprocess) iteratePipe(ctx context.Context, stage func(*worker) string) error {
	frame, next := s.frames[s.cur], s.c[1-s.cur]
	flags := uint64(0)
	if s.restart {
		flags |= iterateRestart
	}
	putIterate(frame, s.iter, flags, s.dangling)
	err := s.round(ctx, stage, func(w *worker, _ *round) error {
		if err := s.write(w, frame); err != nil {
			return err
		}
		b := &w.block
		if err := s.result(w, uint64(8*b.Rows())); err != nil {
			return err
		}
		y := s.x[b.Lo:b.Hi]
		n, err := io.ReadFull(w.fromW, float64Bytes(y))
		s.bytes.Add(int64(n))
		if err != nil {
			return err
		}
		w.dangling = b.Contributions(s.k, strategy.Contribs{F64: next[b.Lo:b.Hi]}, y)
		return nil
	})
	if err == nil {
		s.restart = false
	}
	return err
}

// iterateShared tells every worker to run the iteration in the shared
// mapping and collects the partial sums.
func (s *subprocess) iterateShared(ctx context.Context, stage func(*worker) string) error {
	cmd := s.frames[0]
	putIterate(cmd, s.iter, uint64(s.cur)*iterateParity, s.dangling)
	err := s.round(ctx, stage, func(w *worker, _ *round) error {
		if err := s.write(w, cmd); err != nil {
			return err
		}
		return s.result(w, 0)
	})
	if err == nil {
		// Each worker wrote its block of the scores and contributions.
		s.bytes.Add(16 * int64(s.p.N()))
	}
	return err
}

func putIterate(frame []byte, iter, flags uint64, dangling float64) {
	le := binary.LittleEndian
	le.PutUint64(frame[8:], iter)
	le.PutUint64(frame[16:], flags)
	le.PutUint64(frame[24:], math.Float64bits(dangling))
}

// result reads a result frame's header and fixed payload (extra more bytes
// follow) and keeps the partial sums in w.
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
	if s.ipc == ipcShared && s.shared != nil {
		copy(s.scores, s.shared.x[s.cur])
		return s.scores
	}
	if s.ipc == ipcShared {
		return s.scores
	}
	return s.x
}

// BytesMoved returns the bytes written to and read from the workers' pipes
// since Prepare began, plus, with shared memory, the bytes written into the
// mapping (16 per node per iteration and per Reset).
func (s *subprocess) BytesMoved() int64 { return s.bytes.Load() }

// Close shuts the workers down, waits for them and releases the mapping.
func (s *subprocess) Close() error {
	if s.pool == nil {
		s.stop()
		return nil
	}
	grace := min(s.timeout, 5*time.Second)
	var shutdown [frameHeaderSize]byte
	putHeader(shutdown[:], msgShutdown, 0)
	for _, w := range s.pool {
		w.toW.SetWriteDeadline(time.Now().Add(grace))
		s.write(w, shutdown[:])
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
// mapping.
func (s *subprocess) stop() {
	for _, w := range s.pool {
		w.cmd.Process.Kill()
	}
	for _, w := range s.pool {
		<-w.exited
		w.closePipes()
	}
	s.pool = nil
	if s.shared != nil {
		s.shared.release()
		s.shared = nil
	}
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
		s.stop()
		s.broken = fmt.Errorf("subprocess: the workers were stopped when a solve was cancelled: %w", ctx.Err())
		return ctx.Err()
	}
	if r.first == nil {
		return nil
	}
	werr := r.first.describe(stage(r.first), r.err, s.timeout)
	s.stop()
	s.broken = werr
	return werr
}
