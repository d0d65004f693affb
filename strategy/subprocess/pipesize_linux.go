package subprocess

import (
	"os"

	"golang.org/x/sys/unix"
)

// maxPipeSize is what an unprivileged process may ask for by default
// (/proc/sys/fs/pipe-max-size).
const maxPipeSize = 1 << 20

// growPipe asks the kernel for a pipe buffer of up to bytes (64 KiB by
// default), so a large frame crosses in fewer wake-ups of the reader. It
// is best effort: the pipe works the same, only slower, if refused.
func growPipe(f *os.File, bytes int) {
	if bytes <= 64<<10 {
		return
	}
	rc, err := f.SyscallConn() // not f.Fd(), which would make f blocking and void its deadlines
	if err != nil {
		return
	}
	rc.Control(func(fd uintptr) {
		unix.FcntlInt(fd, unix.F_SETPIPE_SZ, min(bytes, maxPipeSize))
	})
}
