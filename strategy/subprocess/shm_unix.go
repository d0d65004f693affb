//go:build unix

package subprocess

import (
	"encoding/binary"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// sharedVectors is the shared mapping of the shm mode: a 64-byte header
// (magic, node count) and then four vectors of n float64s: the scores x[0]
// and x[1] and the contributions c[0] and c[1]. Iteration k reads x[p] and
// c[p] and writes x[1-p] and c[1-p], where p is the parity the parent
// sends, so no worker ever writes what another may still be reading.
type sharedVectors struct {
	mem  []byte
	file *os.File // the parent's descriptor until every worker has inherited it
	x, c [2][]float64
}

// sharedSize is the size of the mapping for n nodes.
func sharedSize(n int) int { return shmHeaderSize + 32*n }

// useTempFile makes createShared use a file in os.TempDir even where
// memfd_create exists, so tests can check that path leaves nothing behind.
var useTempFile = false

// tempPattern names the shared file where a file in os.TempDir is used.
const tempPattern = "prk-subprocess-*.shm"

// sharedFile returns an open, already unlinked file of size bytes: an
// anonymous memfd on Linux, else a file created in os.TempDir and removed
// at once (the descriptor keeps it alive; the workers inherit it).
func sharedFile(size int) (*os.File, error) {
	var f *os.File
	if !useTempFile {
		f, _ = memfd()
	}
	if f == nil {
		var err error
		f, err = os.CreateTemp("", tempPattern)
		if err != nil {
			return nil, fmt.Errorf("subprocess: creating the shared file: %w", err)
		}
		if err := os.Remove(f.Name()); err != nil {
			f.Close()
			return nil, fmt.Errorf("subprocess: unlinking the shared file: %w", err)
		}
	}
	if err := f.Truncate(int64(size)); err != nil {
		f.Close()
		return nil, fmt.Errorf("subprocess: sizing the shared file to %d bytes: %w", size, err)
	}
	return f, nil
}

// createShared makes the parent's mapping for n nodes.
func createShared(n int) (*sharedVectors, error) {
	size := sharedSize(n)
	f, err := sharedFile(size)
	if err != nil {
		return nil, err
	}
	mem, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("subprocess: mapping %d shared bytes: %w", size, err)
	}
	copy(mem, shmMagic[:])
	binary.LittleEndian.PutUint64(mem[8:], uint64(n))
	s := &sharedVectors{mem: mem, file: f}
	s.setViews(n)
	return s, nil
}

// mapShared maps, in a worker, the shared file inherited as descriptor fd,
// checking that it is the parent's mapping for n nodes. It closes fd.
func mapShared(fd uintptr, n uint64) (*sharedVectors, error) {
	f := os.NewFile(fd, "prk-subprocess-shared")
	if f == nil {
		return nil, fmt.Errorf("shared memory descriptor %d is invalid", fd)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("shared memory descriptor %d: %w", fd, err)
	}
	size := uint64(shmHeaderSize) + 32*n
	if n > maxNodes || uint64(fi.Size()) < size {
		return nil, fmt.Errorf("shared file holds %d bytes, %d nodes need %d", fi.Size(), n, size)
	}
	mem, err := unix.Mmap(int(fd), 0, int(size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("mapping %d shared bytes: %w", size, err)
	}
	if [8]byte(mem[:8]) != shmMagic || binary.LittleEndian.Uint64(mem[8:]) != n {
		unix.Munmap(mem)
		return nil, fmt.Errorf("shared file does not start with the header for %d nodes", n)
	}
	s := &sharedVectors{mem: mem}
	s.setViews(int(n))
	return s, nil
}

func (s *sharedVectors) setViews(n int) {
	off := shmHeaderSize
	for _, v := range []*[]float64{&s.x[0], &s.x[1], &s.c[0], &s.c[1]} {
		*v = float64sOf(s.mem[off:], n)
		off += 8 * n
	}
}

// closeFile closes the parent's descriptor once the workers have theirs.
func (s *sharedVectors) closeFile() {
	if s != nil && s.file != nil {
		s.file.Close()
		s.file = nil
	}
}

// release unmaps the vectors and closes the descriptor if still open.
func (s *sharedVectors) release() error {
	if s == nil {
		return nil
	}
	s.closeFile()
	s.x, s.c = [2][]float64{}, [2][]float64{}
	if s.mem == nil {
		return nil
	}
	err := unix.Munmap(s.mem)
	s.mem = nil
	return err
}
