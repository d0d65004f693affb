package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Check reports whether path can be written by the rules of the package,
// without writing it: "-" and an existing device or FIFO always can (a
// FIFO is not opened here, as that would wait for a reader); an existing
// regular file must be writable, as os.Create would require although a
// rename could replace it; and the directory a new file goes to must exist,
// be a directory and let us create files. Errors name path and, where it
// is the problem, the directory.
func Check(path string) error {
	if path == "-" {
		return nil
	}
	final, err := resolve(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(final)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("%s: is a directory", path)
	case err == nil && !st.Mode().IsRegular():
		return nil
	case err == nil:
		if err := checkWritable(path, final); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return statError(path, final, err)
	}
	return checkDir(path, filepath.Dir(final))
}

// checkWritable opens an existing regular file for writing, without
// truncating it, and closes it again.
func checkWritable(path, final string) error {
	f, err := os.OpenFile(final, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	return f.Close()
}

// checkDir tells whether files can be created in dir, by creating one.
func checkDir(path, dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: directory %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("%s: directory %s: %w", path, dir, unwrapPathError(err))
	case !st.IsDir():
		return fmt.Errorf("%s: %s is not a directory", path, dir)
	}
	probe, err := os.CreateTemp(dir, ".prk-probe-*")
	if err != nil {
		return fmt.Errorf("%s: cannot create files in directory %s: %w", path, dir, unwrapPathError(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// maxLinks bounds the symbolic links followed, as the kernel's ELOOP does.
const maxLinks = 40

// resolve follows path's symbolic links, if it is one, to the path they
// end at, which need not exist (a dangling link names the file to create).
// Directories on the way stay as they are: the kernel follows those.
func resolve(path string) (string, error) {
	p := path
	for range maxLinks {
		st, err := os.Lstat(p)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			return p, nil // what is there (or is not) is for the caller to see
		}
		target, err := os.Readlink(p)
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, unwrapPathError(err))
		}
		if !filepath.IsAbs(target) {
			// Join cleans "..", so resolve the link's directory first:
			// "..", after a symlinked directory, means its real parent.
			dir, err := filepath.EvalSymlinks(filepath.Dir(p))
			if err != nil {
				dir = filepath.Dir(p)
			}
			target = filepath.Join(dir, target)
		}
		p = target
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

// Resolve returns the path a write to path would replace or write: path
// with its symbolic links followed (the file need not exist), absolute,
// with the symbolic links of its directory resolved too where it exists.
// Two outputs, or an output and an input, that Resolve to the same string
// are the same file even when neither exists yet.
func Resolve(path string) (string, error) {
	final, err := resolve(path)
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(final)
	if err != nil {
		return "", err
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs)), nil
	}
	return abs, nil
}

// statError says why final could not be looked at, naming the directory
// when it is the problem (a parent that is a file gives ENOTDIR).
func statError(path, final string, err error) error {
	if derr := checkDir(path, filepath.Dir(final)); derr != nil {
		return derr
	}
	return fmt.Errorf("%s: %w", path, unwrapPathError(err))
}
