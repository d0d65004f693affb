package strategy

import (
	"context"
	"fmt"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Pool is a team of persistent goroutines that run one function per worker
// per round, with one barrier per round: Run hands every worker the
// function, computes worker 0's share on the calling goroutine (rather than
// idle), and returns when all have finished. It is the barrier lockfree
// runs on, made cheap enough for rounds of microseconds: a worker that
// finds no work spins briefly on an atomic generation counter before it
// parks on a channel, and what crosses between cores per round fits in one
// cache line each way.
//
// A Pool is used from one goroutine (the strategy's): NewPool, Run any
// number of times, Close. The functions run concurrently, so each worker
// must write only memory no other worker writes in the round (its own rows,
// its own padded slot); Run's return orders everything the workers wrote
// before whatever the caller does next.
type Pool struct {
	workers int
	// spin is the least time a waiting goroutine spins before it parks;
	// autoSpin lets it spin as long as the last round took, up to
	// MaxAutoSpin.
	spin     time.Duration
	autoSpin bool
	spinning bool

	// gen counts the rounds released to the workers.
	gen uint64
	job *poolJob
	// coordinator is where Run parks waiting for the workers.
	coordinator *parker
	parks       []*parker // parks[w-1] is worker w's
	// done[w] is the last round worker w finished, padded so that no two
	// workers write the same pair of cache lines.
	done []poolDone
	// panics[w] is a panic recovered while worker w ran, written by that
	// worker before it reports and read by Run once all have reported.
	panics []error
	wg     sync.WaitGroup
	closed bool
}

// poolJob is what Run publishes for a round: the fields are written before
// gen is advanced and read by the workers after they see it, so the store
// of gen publishes them, and they share its cache line so that a worker
// fetches everything with one transfer.
type poolJob struct {
	_    [128]byte
	gen  atomic.Uint64
	f    func(w int)
	stop bool
	// spin is how long a worker spins before parking, in nanoseconds.
	spin atomic.Int64
	_    [128 - 32]byte
}

type poolDone struct {
	gen atomic.Uint64
	_   [128 - 8]byte
}

// PoolOptions tune how a Pool's goroutines wait at the barrier. The zero
// value is lockfree's default.
type PoolOptions struct {
	// Spin is how long a waiting goroutine spins at least before it parks:
	// 0 means DefaultSpin, a negative value parks at once (no spinning,
	// for machines where workers share cores with other work).
	Spin time.Duration
	// FixedSpin spins exactly Spin. Without it a goroutine spins as long
	// as the last round took when that is longer, up to MaxAutoSpin:
	// waking a parked goroutine costs tens of microseconds, and a worker
	// that has waited less than a round is about to get work anyway.
	FixedSpin bool
}

const (
	// DefaultSpin is how long a goroutine waiting at a Pool's barrier
	// spins at least before it parks: long enough to cover the imbalance
	// between workers and the caller's bookkeeping between rounds on a
	// small graph, short enough that idle workers soon stop taking CPU
	// from others.
	DefaultSpin = 50 * time.Microsecond
	// MaxAutoSpin caps the adaptive spin (see PoolOptions.FixedSpin).
	MaxAutoSpin = time.Millisecond
)

// NewPool starts workers-1 goroutines (worker 0 is the caller of Run).
// They run under pprof.Do with the labels of ctx plus "worker" set to
// their index, so a CPU profile splits by worker. With more workers than
// GOMAXPROCS they never spin, since a spinning goroutine would hold a
// processor that a worker with work is waiting for. workers below 1 count
// as 1. Close stops the goroutines.
func NewPool(ctx context.Context, workers int, o PoolOptions) *Pool {
	workers = max(workers, 1)
	spin := o.Spin
	switch {
	case spin == 0:
		spin = DefaultSpin
	case spin < 0:
		spin = 0
	}
	p := &Pool{
		workers:  workers,
		spin:     spin,
		autoSpin: !o.FixedSpin,
		done:     make([]poolDone, workers),
		panics:   make([]error, workers),
	}
	if workers == 1 {
		return p
	}
	p.job = &poolJob{}
	p.spinning = spin > 0 && workers <= runtime.GOMAXPROCS(0)
	if p.spinning {
		p.job.spin.Store(int64(spin))
	}
	p.coordinator = newParker()
	p.parks = make([]*parker, workers-1)
	for i := range p.parks {
		w := i + 1
		p.parks[i] = newParker()
		p.wg.Add(1)
		pprof.Do(ctx, pprof.Labels("worker", strconv.Itoa(w)), func(context.Context) {
			go p.work(w)
		})
	}
	return p
}

// Workers returns the number of workers, the caller's included.
func (p *Pool) Workers() int { return p.workers }

// Run calls f(w) for every worker w in 0..Workers()-1, concurrently, f(0)
// on the calling goroutine, and returns when all have returned. A panic in
// any f is recovered and returned as an error naming the lowest worker
// that panicked and wrapping its *PanicError; the pool stays usable. Run
// after Close returns ErrClosed. Pass the same f each round (a method
// value made once) and Run allocates nothing.
func (p *Pool) Run(f func(w int)) error {
	if p.closed {
		return ErrClosed
	}
	if p.job == nil {
		runSafely(f, 0, &p.panics[0])
		return p.firstPanic()
	}
	start := time.Now()
	p.gen++
	gen, j := p.gen, p.job
	j.f = f
	j.gen.Store(gen)
	for _, pk := range p.parks {
		pk.unpark()
	}
	runSafely(f, 0, &p.panics[0])
	done := func() bool { return p.allDone(gen) }
	if !spinUntil(done, time.Duration(j.spin.Load())) {
		p.coordinator.park(done)
	}
	if p.autoSpin && p.spinning {
		j.spin.Store(int64(min(max(time.Since(start), p.spin), MaxAutoSpin)))
	}
	return p.firstPanic()
}

// work is a worker's life: wait for a round, run f, report.
func (p *Pool) work(w int) {
	defer p.wg.Done()
	j, d := p.job, &p.done[w]
	for gen := uint64(1); ; gen++ {
		ready := func() bool { return j.gen.Load() >= gen }
		if !spinUntil(ready, time.Duration(j.spin.Load())) {
			p.parks[w-1].park(ready)
		}
		if j.stop {
			return
		}
		runSafely(j.f, w, &p.panics[w])
		d.gen.Store(gen)
		p.coordinator.unpark()
	}
}

// runSafely is f(w) with a panic recovered into *err, so that a worker
// still reports (Run never waits forever) and the process survives.
func runSafely(f func(int), w int, err *error) {
	defer Recover(err)
	f(w)
}

// allDone reports whether every worker but the caller has finished round gen.
func (p *Pool) allDone(gen uint64) bool {
	for w := 1; w < p.workers; w++ {
		if p.done[w].gen.Load() < gen {
			return false
		}
	}
	return true
}

// firstPanic returns (and clears) the panic of the lowest worker that
// panicked in the last round, or nil.
func (p *Pool) firstPanic() error {
	for w, err := range p.panics {
		if err != nil {
			clear(p.panics)
			return fmt.Errorf("worker %d: %w", w, err)
		}
	}
	return nil
}

// Close stops the workers and waits for them to end. It is safe to call
// more than once.
func (p *Pool) Close() {
	if p.closed {
		return
	}
	p.closed = true
	if p.job == nil {
		return
	}
	p.job.stop = true
	p.job.gen.Add(1)
	for _, pk := range p.parks {
		pk.unpark()
	}
	p.wg.Wait()
}

// spinUntil polls cond for up to about d and reports whether cond came
// true. It yields the processor every few microseconds, so that a spinning
// worker does not hold up goroutines waiting for a processor (more workers
// than processors, the runtime's own); yielding at every poll would add a
// yield's latency to noticing the condition.
func spinUntil(cond func() bool, d time.Duration) bool {
	if d <= 0 {
		return cond()
	}
	const pollsPerCheck = 1024 // a microsecond or a few of polling
	var deadline time.Time
	for i := 1; ; i++ {
		if cond() {
			return true
		}
		if i%pollsPerCheck != 0 {
			continue
		}
		now := time.Now()
		if deadline.IsZero() {
			deadline = now.Add(d)
		} else if now.After(deadline) {
			return false
		}
		runtime.Gosched()
	}
}

// parker lets one goroutine sleep until another wakes it, without losing a
// wake-up that races with going to sleep. The sleeper announces itself in
// parked and then checks its condition again; the waker makes the
// condition true and then takes the announcement, and only then sends a
// token. Both use sequentially consistent atomics, so at least one of them
// sees the other's write: either the sleeper sees the condition and does
// not sleep, or the waker sees the sleeper and wakes it. A wake-up for a
// condition that is still false (the coordinator waits for all workers;
// each wakes it) only sends the sleeper back to sleep.
type parker struct {
	_      [128]byte
	parked atomic.Bool
	wake   chan struct{}
	_      [128 - 16]byte
}

func newParker() *parker { return &parker{wake: make(chan struct{}, 1)} }

// park blocks until cond is true; cond must become true only before a
// call of unpark.
func (p *parker) park(cond func() bool) {
	for {
		// Swap, not Store: the announcement must be visible before cond
		// reads the waker's flag (a Dekker pattern). A read-modify-write
		// is a full barrier everywhere, including under qemu-user, whose
		// translation of a store-release followed by a load-acquire on an
		// x86 host lets the load pass the store and lost wake-ups here.
		p.parked.Swap(true)
		if cond() {
			if !p.parked.CompareAndSwap(true, false) {
				<-p.wake // a waker took the announcement: take its token
			}
			return
		}
		<-p.wake
		if cond() {
			return
		}
	}
}

// unpark wakes the goroutine parked on p, if any.
func (p *parker) unpark() {
	// A CompareAndSwap (not a Load first) for the same reason as park's
	// Swap: the waker's condition store must be ordered before this read.
	if p.parked.CompareAndSwap(true, false) {
		p.wake <- struct{}{}
	}
}
