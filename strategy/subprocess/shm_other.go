//go:build !unix

package subprocess

import (
	"errors"
	"os"
)

type sharedVectors struct {
	file *os.File
	x, c [2][]float64
}

var errNoShared = errors.New("subprocess: ipc=shm needs a unix system (mmap); use ipc=pipe")

var useTempFile = false

const tempPattern = "prk-subprocess-*.shm"

func createShared(n int) (*sharedVectors, error) { return nil, errNoShared }

func mapShared(fd uintptr, n uint64) (*sharedVectors, error) { return nil, errNoShared }

func (s *sharedVectors) closeFile() {}

func (s *sharedVectors) release() error { return nil }
