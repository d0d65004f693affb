//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"syscall"
)

// nonBlock opens a FIFO's read end without waiting for a writer.
const nonBlock = syscall.O_NONBLOCK

// owner is the user and group of a file being replaced.
type owner struct{ uid, gid int }

func ownerOf(st fs.FileInfo) *owner {
	s, ok := st.Sys().(*syscall.Stat_t)
	if !ok || (int(s.Uid) == os.Geteuid() && int(s.Gid) == os.Getegid()) {
		return nil
	}
	return &owner{int(s.Uid), int(s.Gid)}
}

// apply gives f the owner; it fails, and we let it, unless we are root or
// only the group changes to one of ours.
func (o *owner) apply(f *os.File) { _ = f.Chown(o.uid, o.gid) }
