package strategy

import (
	"os"
	"syscall"
	"unsafe"
)

// releaseMemory returns the whole pages inside s to the system
// (MADV_DONTNEED): they read as zeros afterwards, so the caller must drop
// every view of s. The memory stays allocated to Go; only its pages go.
// It is how WithReleasableArcs frees a block's arcs while the rest of the
// array (another block's, or a .prkg file's other arrays in the same
// buffer) is still in use.
func releaseMemory[T any](s []T) {
	if len(s) == 0 {
		return
	}
	base := unsafe.Pointer(unsafe.SliceData(s))
	size := uintptr(len(s)) * unsafe.Sizeof(s[0])
	page := uintptr(os.Getpagesize())
	start := uintptr(base)
	lo := (start + page - 1) &^ (page - 1)
	hi := (start + size) &^ (page - 1)
	if hi <= lo {
		return
	}
	pages := unsafe.Slice((*byte)(unsafe.Add(base, lo-start)), hi-lo)
	_ = syscall.Madvise(pages, syscall.MADV_DONTNEED) // best effort: the memory is still valid if it fails
}
