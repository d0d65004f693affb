package subprocess

import (
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The futex operations (linux/futex.h), shared between processes: no
// FUTEX_PRIVATE_FLAG.
const (
	futexWaitOp = 0
	futexWakeOp = 1
)

// futexWait sleeps while *addr == val, at most d, or until futexWake on the
// same word in any process. The word lives in a MAP_SHARED mapping, so the
// futex is a shared one (no FUTEX_PRIVATE_FLAG): the kernel keys it by the
// file and offset, the same in every process that maps it. Like any futex
// it may return early for no reason; callers check their condition again.
func futexWait(addr *atomic.Uint32, val uint32, d time.Duration) {
	ts := unix.NsecToTimespec(max(d, time.Microsecond).Nanoseconds())
	// Syscall, not RawSyscall: the call blocks, and the Go runtime must be
	// able to hand this thread's P to other goroutines meanwhile.
	unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWaitOp, uintptr(val), uintptr(unsafe.Pointer(&ts)), 0, 0)
}

// futexWake wakes every process sleeping in futexWait on addr.
func futexWake(addr *atomic.Uint32) {
	unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWakeOp, uintptr(1<<30), 0, 0, 0)
}

// hasFutex says whether futexWait really sleeps until woken (Linux) or
// polls (futex_other.go).
const hasFutex = true
