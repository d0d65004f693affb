package subprocess

import (
	"os"

	"golang.org/x/sys/unix"
)

// memfd returns an anonymous in-memory file (memfd_create): it has no name
// to leave behind and its pages are never written back to a disk.
func memfd() (*os.File, error) {
	fd, err := unix.MemfdCreate("prk-subprocess", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "memfd:prk-subprocess"), nil
}

// mapPopulate makes mmap fault the shared mapping's pages in at once, at
// set-up, rather than one by one in the first iterations, where a fault
// costs microseconds apiece.
const mapPopulate = unix.MAP_POPULATE
