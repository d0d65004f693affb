package subprocess

import (
	"context"
	"errors"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/prkbench/prk/strategy"
)

// shmTransport (ipc=shm) keeps the scores and contributions in a mapping
// shared by every process (shm_unix.go), so no vector is copied: each
// worker reads c and writes its block of the new scores and of their
// contributions in place. The command and the answer of an iteration pass
// through the worker's control slot in the same mapping: the parent
// writes the command and bumps the slot's cmd word, the worker writes its
// partial sums and sets the done word to the same number. A waiter spins
// on the word for about as long as the answer should take and then sleeps
// in a futex on it, which the other side wakes only when the waiter said
// it sleeps. No pipe is touched while the workers are healthy.
//
// How long to spin adapts (spinBudget). A spin pays when the other side
// runs meanwhile on another core and answers within it. It costs when the
// two share a core, or when the machine is busy with other programs: the
// spinner then holds the core the other side needs, and the scheduler
// counts the spin against it, while a process woken from a futex sleep
// gets a core back within microseconds. So a waiter whose spin ended
// before the answer came spins half as long the next time, and one whose
// answer came while it spun, twice as long, within bounds; and the parent
// hardly spins at all when there are no more cores than workers.
//
// A worker that dies is noticed at once: its exit watcher (process.go)
// sets deadBit in its done word and wakes the parent. A worker that does
// not answer within the timeout, and ctx, are checked each time the
// parent's futex sleep (at most sleepSlice) ends. A worker whose parent
// is gone notices it the same way, by its parent pid changing.
type shmTransport struct {
	v      *sharedVectors
	cur    int    // parity of the current vectors
	seq    uint32 // the last command posted
	copied []float64
	spin   spinBudget // how long the parent spins for an answer
}

// spinBudget is how long a waiter spins before it sleeps: halved after a
// spin that ended before the answer came, doubled after one that saw it,
// within [lo, hi].
type spinBudget struct{ d, lo, hi time.Duration }

func newSpinBudget(lo, hi time.Duration) spinBudget { return spinBudget{hi, lo, hi} }

func (b *spinBudget) update(sawIt bool) {
	if sawIt {
		b.d = min(2*b.d, b.hi)
	} else {
		b.d = max(b.d/2, b.lo)
	}
}

// slot is one worker's control block in the mapping: a cache line written
// by the parent, then one written by the worker. The words are futexes;
// the other fields are written before the word that publishes them is
// stored, and read after it is loaded (atomics order them).
type slot struct {
	// Written by the parent.
	cmd      atomic.Uint32 // the command's number; the worker sleeps on it
	sleeping atomic.Uint32 // the worker sets it while it sleeps on cmd
	iter     uint64
	flags    uint64
	dangling float64
	_        [32]byte
	// Written by the worker.
	done      atomic.Uint32 // the number of the last command answered; the parent sleeps on it
	psleeping atomic.Uint32 // the parent sets it while it sleeps on done
	riter     uint64
	residual  float64
	rdangling float64
	_         [32]byte
}

const (
	slotSize = 128
	// deadBit in a done word: the worker's process has ended.
	deadBit = 1 << 31
	// sleepSlice bounds one futex sleep, so that a timeout, a cancelled
	// context or a parent that died is noticed within it.
	sleepSlice = 20 * time.Millisecond
	// minSpin and maxSpin bound every spin (a cross-core round trip
	// takes about a microsecond; a block of the study's graphs a few);
	// busySpin bounds the parent's when there are no more cores than
	// workers, where its spin would take a core from a worker.
	minSpin  = 1 * time.Microsecond
	maxSpin  = 100 * time.Microsecond
	busySpin = 2 * time.Microsecond
)

// nextSeq numbers commands 1, 2, ..., 2^31-1, 1, ...: never 0 (the slot's
// first value) nor with deadBit.
func nextSeq(s uint32) uint32 { return s%(deadBit-1) + 1 }

// errExited: the worker's process ended while the parent waited for it.
var errExited = errors.New("the worker process ended")

func (t *shmTransport) open(p *strategy.Problem, geo geometry) (*os.File, error) {
	v, err := createShared(geo)
	if err != nil {
		return nil, err
	}
	t.v, t.cur, t.seq = v, 0, 0
	t.copied = make([]float64, geo.n)
	t.spin = newSpinBudget(minSpin, busySpin)
	if int(geo.workers) < runtime.NumCPU() {
		t.spin = newSpinBudget(minSpin, maxSpin)
	}
	return v.file, nil
}

// started closes the parent's descriptor: every worker holds the file,
// and the parent's mapping is all it needs.
func (t *shmTransport) started()           { t.v.closeFile() }
func (t *shmTransport) setupFlags() uint32 { return setupShared }
func (t *shmTransport) shipsStart() bool   { return false }
func (t *shmTransport) frameBytes(int) (int, int) {
	return frameHeaderSize + iterateFixed, frameHeaderSize + resultFixed
}

func (t *shmTransport) onExit(i int) func() {
	sl := t.v.slot(i)
	return func() {
		sl.done.Or(deadBit)
		futexWake(&sl.done)
	}
}

func (t *shmTransport) reset() ([]float64, strategy.Contribs) {
	t.cur = 0
	return t.v.x[0], t.v.c[0]
}

func (t *shmTransport) scores() []float64 {
	copy(t.copied, t.v.x[t.cur])
	return t.copied
}

func (t *shmTransport) release() {
	t.v.release()
	t.v = nil
}

// post writes a command into worker i's slot and wakes the worker if it
// sleeps. Storing cmd and then loading sleeping, against the worker's
// storing sleeping and then loading cmd (both sequentially consistent),
// guarantees that one of the two sees the other: no wake-up is lost.
func (t *shmTransport) post(i int, seq uint32, iter, flags uint64, dangling float64) {
	sl := t.v.slot(i)
	sl.iter, sl.flags, sl.dangling = iter, flags, dangling
	sl.cmd.Store(seq)
	if sl.sleeping.Load() != 0 {
		futexWake(&sl.cmd)
	}
}

func (t *shmTransport) iterate(ctx context.Context, s *subprocess) error {
	seq := nextSeq(t.seq)
	flags := uint64(t.cur) * iterateParity
	for i := range s.pool {
		t.post(i, seq, s.iter, flags, s.dangling)
	}
	prev := t.seq
	t.seq = seq
	deadline := time.Now().Add(s.timeout)
	for i, w := range s.pool {
		sl := t.v.slot(i)
		err := t.await(ctx, sl, prev, deadline)
		if err == nil && sl.done.Load() != seq {
			err = protocolErrorf("the worker answered command %d in its control slot, want %d", sl.done.Load(), seq)
		}
		if err == nil && sl.riter != s.iter {
			err = protocolErrorf("the result is for iteration %d, want %d", sl.riter, s.iter)
		}
		if ctx.Err() != nil {
			return s.cancelled(ctx)
		}
		if err != nil {
			return s.failed(w, s.iterationStage(w), err)
		}
		w.residual, w.dangling = sl.residual, sl.rdangling
	}
	// Each worker wrote its block of the scores and contributions.
	s.bytes.Add(int64(8*t.v.geo.n + t.v.geo.contribLen*t.v.geo.contribSize))
	t.cur = 1 - t.cur
	return nil
}

// await waits until the done word of sl leaves prev, or the worker
// exits, ctx is done or the deadline passes.
func (t *shmTransport) await(ctx context.Context, sl *slot, prev uint32, deadline time.Time) error {
	start := time.Now()
	slept := false
	for i := 1; ; i++ {
		d := sl.done.Load()
		if d&deadBit != 0 {
			return errExited
		}
		if d != prev {
			t.spin.update(!slept)
			return nil
		}
		if i%64 != 0 || (!slept && time.Since(start) < t.spin.d) {
			continue
		}
		slept = true
		if err := ctx.Err(); err != nil {
			return err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return os.ErrDeadlineExceeded
		}
		sl.psleeping.Store(1)
		if sl.done.Load() == prev {
			futexWait(&sl.done, prev, min(left, sleepSlice))
		}
		sl.psleeping.Store(0)
	}
}

func (t *shmTransport) shutdown(s *subprocess, w *worker) {
	if t.v == nil {
		return
	}
	// Any number other than the last posted is news to the worker.
	t.post(w.index, nextSeq(t.seq), 0, iterateShutdown, 0)
}

// shmServer is a worker's side of the shared-memory transport.
type shmServer struct {
	v     *sharedVectors
	spin  spinBudget       // how long to spin for the next command
	tiles []strategy.Block // the block, cut so that each tile's scores are in cache for its contributions
	sl    *slot
	last  uint32 // the last command seen
	ppid  int    // the parent's pid: when it changes, the parent is gone
	index int
}

func newShmServer(s *server) (*shmServer, error) {
	su := &s.setup
	geo := geometry{n: su.n, contribLen: su.contribLen(), contribSize: su.contribSize()}
	v, err := mapShared(uintptr(su.shmFD), geo, s.index)
	if err != nil {
		return nil, err
	}
	return &shmServer{v: v, spin: newSpinBudget(minSpin, maxSpin), tiles: tiles(&s.block), sl: v.slot(s.index), ppid: os.Getppid(), index: s.index}, nil
}

func (t *shmServer) release() { t.v.release() }

// serve answers the commands posted in the worker's slot.
func (t *shmServer) serve(s *server) error {
	sl := t.sl
	for {
		seq, ok := t.next()
		if !ok {
			return nil // the parent is gone
		}
		t.last = seq
		iter, flags, dangling := sl.iter, sl.flags, sl.dangling
		if flags&iterateShutdown != 0 {
			return nil
		}
		if f := s.opts.fault; f.kind != "" && f.iter == iter {
			switch f.kind {
			case "garbage": // an answer to a command never posted
				sl.done.Store(nextSeq(nextSeq(seq)))
				futexWake(&sl.done)
				s.waitForParent()
				return nil
			case "badlen": // an answer for the wrong iteration
				sl.riter = iter + 1000
				sl.done.Store(seq)
				futexWake(&sl.done)
				s.waitForParent()
				return nil
			}
			if err := s.misbehave(iter); err == errStopped {
				return nil
			} else if err != nil {
				return err
			}
		}
		p := 0
		if flags&iterateParity != 0 {
			p = 1
		}
		// Tile by tile, the new scores and at once their contributions;
		// the partial sums add in tile order, so they are the same every
		// run.
		v := t.v
		residual, next := 0.0, 0.0
		for i := range t.tiles {
			b := &t.tiles[i]
			y := v.x[1-p][b.Lo:b.Hi]
			residual += b.RowSums(s.k, y, v.x[p][b.Lo:b.Hi], v.c[p], dangling)
			next += b.Contributions(s.k, v.c[1-p].Slice(b.Lo, b.Hi), y)
		}
		sl.riter, sl.residual, sl.rdangling = iter, residual, next
		sl.done.Store(seq)
		if sl.psleeping.Load() != 0 {
			futexWake(&sl.done)
		}
	}
}

// next waits for a command other than the last one seen and returns its
// number; false when the parent process is gone.
func (t *shmServer) next() (uint32, bool) {
	sl := t.sl
	start := time.Now()
	slept := false
	for i := 1; ; i++ {
		if c := sl.cmd.Load(); c != t.last {
			t.spin.update(!slept)
			return c, true
		}
		if i%64 != 0 || (!slept && time.Since(start) < t.spin.d) {
			continue
		}
		slept = true
		sl.sleeping.Store(1)
		if sl.cmd.Load() == t.last {
			futexWait(&sl.cmd, t.last, sleepSlice)
		}
		sl.sleeping.Store(0)
		if os.Getppid() != t.ppid {
			return 0, false
		}
	}
}
