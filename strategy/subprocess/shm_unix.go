//go:build unix

package subprocess

import (
	"encoding/binary"
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/prkbench/prk/strategy"
)

// sharedVectors is the shared mapping of the shm transport: a 64-byte
// header, one control slot per worker (slotSize bytes each), then the
// scores x[0] and x[1] (n float64s each) and the contributions c[0] and
// c[1] (geometry.contribBytes each). Iteration k reads x[p] and c[p] and
// writes x[1-p] and c[1-p], where p is the parity the parent sends, so no
// worker ever writes what another may still be reading.
type sharedVectors struct {
	mem  []byte
	file *os.File // the parent's descriptor until every worker has inherited it
	geo  geometry
	x    [2][]float64
	c    [2]strategy.Contribs
}

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

// createShared makes the parent's mapping.
func createShared(g geometry) (*sharedVectors, error) {
	size := int(g.size())
	f, err := sharedFile(size)
	if err != nil {
		return nil, err
	}
	mem, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|mapPopulate)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("subprocess: mapping %d shared bytes: %w", size, err)
	}
	copy(mem, shmMagic[:])
	le := binary.LittleEndian
	le.PutUint64(mem[8:], g.n)
	le.PutUint64(mem[16:], g.workers)
	le.PutUint64(mem[24:], g.contribLen)
	le.PutUint64(mem[32:], g.contribSize)
	s := &sharedVectors{mem: mem, file: f, geo: g}
	s.setViews()
	return s, nil
}

// mapShared maps, in a worker, the shared file inherited as descriptor fd,
// checking that it is the parent's mapping of geometry g (workers being at
// least index+1). It closes fd.
func mapShared(fd uintptr, g geometry, index int) (*sharedVectors, error) {
	f := os.NewFile(fd, "prk-subprocess-shared")
	if f == nil {
		return nil, fmt.Errorf("shared memory descriptor %d is invalid", fd)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("shared memory descriptor %d: %w", fd, err)
	}
	if fi.Size() < shmHeaderSize {
		return nil, fmt.Errorf("shared file holds %d bytes, less than its header", fi.Size())
	}
	head, err := unix.Mmap(int(fd), 0, shmHeaderSize, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("mapping the shared header: %w", err)
	}
	le := binary.LittleEndian
	magic, workers := [8]byte(head[:8]), le.Uint64(head[16:])
	g.workers = workers
	ok := magic == shmMagic && le.Uint64(head[8:]) == g.n && le.Uint64(head[24:]) == g.contribLen && le.Uint64(head[32:]) == g.contribSize
	unix.Munmap(head)
	if !ok || workers <= uint64(index) || workers > maxNodes {
		return nil, fmt.Errorf("shared file does not start with the header for %d nodes, worker %d, %d-byte contributions", g.n, index, g.contribSize)
	}
	size := g.size()
	if g.n > maxNodes || uint64(fi.Size()) < size {
		return nil, fmt.Errorf("shared file holds %d bytes, %d nodes and %d workers need %d", fi.Size(), g.n, workers, size)
	}
	mem, err := unix.Mmap(int(fd), 0, int(size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|mapPopulate)
	if err != nil {
		return nil, fmt.Errorf("mapping %d shared bytes: %w", size, err)
	}
	s := &sharedVectors{mem: mem, geo: g}
	s.setViews()
	return s, nil
}

func (s *sharedVectors) setViews() {
	g := s.geo
	off := shmHeaderSize + slotSize*int(g.workers)
	n := int(g.n)
	for i := range s.x {
		s.x[i] = float64sOf(s.mem[off:], n)
		off += 8 * n
	}
	for i := range s.c {
		s.c[i] = contribsOf(s.mem[off:], int(g.contribLen), g.contribSize == 4)
		off += int(g.contribBytes())
	}
}

// slot returns worker i's control slot.
func (s *sharedVectors) slot(i int) *slot {
	return (*slot)(unsafe.Pointer(&s.mem[shmHeaderSize+slotSize*i]))
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
	s.x, s.c = [2][]float64{}, [2]strategy.Contribs{}
	if s.mem == nil {
		return nil
	}
	err := unix.Munmap(s.mem)
	s.mem = nil
	return err
}
