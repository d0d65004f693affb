//go:build !linux

package subprocess

import (
	"sync/atomic"
	"time"
)

// futexWait is the portable stand-in for a futex on systems without one
// (or whose equivalent, such as macOS's __ulock_wait, is not a public
// interface): it polls the word, sleeping ever longer between looks (from
// 10 µs up to 1 ms), until it changes or d has passed. A wait that lasts
// costs at most a millisecond of latency; a short one costs little more
// than the spin before it.
func futexWait(addr *atomic.Uint32, val uint32, d time.Duration) {
	deadline := time.Now().Add(d)
	for pause := 10 * time.Microsecond; addr.Load() == val; pause = min(2*pause, time.Millisecond) {
		left := time.Until(deadline)
		if left <= 0 {
			return
		}
		time.Sleep(min(pause, left))
	}
}

// futexWake does nothing: futexWait polls.
func futexWake(addr *atomic.Uint32) {}

const hasFutex = false
