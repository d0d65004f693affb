//go:build unix && !linux

package subprocess

import (
	"errors"
	"os"
)

// memfd is Linux-only; elsewhere the shared file lives in os.TempDir.
func memfd() (*os.File, error) { return nil, errors.ErrUnsupported }

// mapPopulate is Linux-only: elsewhere pages fault in as first touched.
const mapPopulate = 0
