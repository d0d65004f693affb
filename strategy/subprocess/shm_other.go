//go:build !unix

package subprocess

import (
	"errors"
	"os"

	"github.com/prkbench/prk/strategy"
)

// Without mmap there is no shared mapping: the factory refuses ipc=shm on
// these systems, and these stubs only keep the package building.

type sharedVectors struct {
	file *os.File
	geo  geometry
	x    [2][]float64
	c    [2]strategy.Contribs
}

var errNoShared = errors.New("subprocess: ipc=shm needs a unix system (mmap); use ipc=pipe")

var useTempFile = false

const tempPattern = "prk-subprocess-*.shm"

func createShared(g geometry) (*sharedVectors, error) { return nil, errNoShared }

func mapShared(fd uintptr, g geometry, index int) (*sharedVectors, error) { return nil, errNoShared }

func (s *sharedVectors) slot(i int) *slot { return nil }

func (s *sharedVectors) closeFile() {}

func (s *sharedVectors) release() error { return nil }
