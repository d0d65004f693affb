// Package atomicfile is the one way prk writes an output file (scores,
// graphs, benchmark results, profiles), so that every writer follows the
// same rules:
//
//   - "-" is standard output (see WithStdout).
//   - A regular file, or a path that does not exist yet, is written to a
//     temporary file in the same directory that is renamed over the path
//     only once it is complete and synced: readers see the old file or the
//     whole new one, and a failed or cancelled write leaves the old file (or
//     nothing) and no temporary file.
//   - Anything else that exists (a device such as /dev/null, a FIFO) is
//     opened and written in place: a rename would replace the node with a
//     regular file.
//   - A symbolic link is followed: the file it points to is replaced (or
//     written in place, by the rules above) and the link itself stays, as
//     the shell's > does. A dangling link creates its target.
//   - An existing file keeps its permission bits (and, where the system
//     lets us, its owner and group); a new file gets 0666 less the umask,
//     as os.Create gives.
//
// Check tells up front whether a path can be written, so a command can fail
// before hours of work rather than after.
package atomicfile

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// Write creates or replaces path with the bytes fill writes, by the rules
// of the package. On any error path is left as it was and no temporary file
// remains.
func Write(path string, fill func(w io.Writer) error) error {
	return WriteContext(context.Background(), path, fill)
}

// WriteContext is Write that gives up with ctx.Err() once ctx is cancelled:
// the writer fill gets fails from then on, and nothing is renamed into
// place.
func WriteContext(ctx context.Context, path string, fill func(w io.Writer) error) error {
	f, err := Create(ctx, path)
	if err != nil {
		return err
	}
	defer f.Abort() // after Commit it does nothing
	if err := fill(f); err != nil {
		return err
	}
	return f.Commit()
}

// File is an output being written: Write to it, then Commit to put it in
// place, or Abort to drop it. It is buffered.
type File struct {
	ctx     context.Context
	path    string   // as the caller named it, for errors
	final   string   // where a temporary file is renamed to; "" when written in place
	file    *os.File // the temporary file or the file written in place; nil for stdout
	bw      *bufio.Writer
	mode    fs.FileMode // mode to give the temporary file before the rename
	keep    bool        // whether to (the file it replaces had mode)
	owner   *owner      // owner to give it; nil to leave it
	unwatch func() bool // stops the cancellation watcher of an in-place file
	done    bool
}

// Create opens path for writing by the rules of the package. The file is
// not at path until Commit; Abort (or a cancelled ctx) drops it.
func Create(ctx context.Context, path string) (*File, error) {
	if path == "-" {
		f := &File{ctx: ctx, path: "standard output"}
		f.bw = bufio.NewWriterSize(sink{f, stdout(ctx)}, 1<<20)
		return f, nil
	}
	final, err := resolve(path)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(final)
	switch {
	case err == nil && st.IsDir():
		return nil, fmt.Errorf("%s: is a directory", path)
	case err == nil && !st.Mode().IsRegular():
		return createInPlace(ctx, path, final)
	case err == nil:
		if err := checkWritable(path, final); err != nil {
			return nil, err
		}
		f, err := createTemp(ctx, path, final, 0o600)
		if err != nil {
			return nil, err
		}
		f.keep = true
		f.mode = st.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
		f.owner = ownerOf(st)
		return f, nil
	case errors.Is(err, fs.ErrNotExist):
		// The kernel applies the umask to 0666, as for os.Create.
		return createTemp(ctx, path, final, 0o666)
	}
	return nil, statError(path, final, err)
}

func createTemp(ctx context.Context, path, final string, perm fs.FileMode) (*File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dir := filepath.Dir(final)
	prefix := "." + filepath.Base(final) + ".tmp-"
	for try := 0; ; try++ {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64()%1e10, 10))
		file, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) && try < 100 {
			continue
		}
		if err != nil {
			if derr := checkDir(path, dir); derr != nil {
				return nil, derr
			}
			return nil, fmt.Errorf("%s: cannot write in %s: %w", path, dir, unwrapPathError(err))
		}
		register(name)
		f := &File{ctx: ctx, path: path, final: final, file: file}
		f.bw = bufio.NewWriterSize(sink{f, file}, 1<<20)
		return f, nil
	}
}

// createInPlace opens a device or FIFO for writing. Opening a FIFO waits
// for a reader; a cancelled ctx ends the wait.
func createInPlace(ctx context.Context, path, final string) (*File, error) {
	file, err := openWaiting(ctx, final)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	f := &File{ctx: ctx, path: path, file: file}
	// A write blocked on a full pipe wakes up when its deadline passes (a
	// no-op for files the runtime cannot poll, whose writes do not block).
	f.unwatch = context.AfterFunc(ctx, func() { file.SetWriteDeadline(time.Unix(1, 0)) })
	f.bw = bufio.NewWriterSize(sink{f, file}, 1<<20)
	return f, nil
}

func openWaiting(ctx context.Context, name string) (*os.File, error) {
	type result struct {
		f   *os.File
		err error
	}
	ch := make(chan result, 1)
	go func() {
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		ch <- result{f, err}
	}()
	select {
	case r := <-ch:
		return r.f, r.err
	case <-ctx.Done():
	}
	// Opening the read end ourselves lets a FIFO's open for writing return.
	if rf, err := os.OpenFile(name, os.O_RDONLY|nonBlock, 0); err == nil {
		r := <-ch
		rf.Close()
		if r.f != nil {
			r.f.Close()
		}
	}
	return nil, ctx.Err()
}

// Write buffers p for the file.
func (f *File) Write(p []byte) (int, error) {
	if f.done {
		return 0, fmt.Errorf("%s: write after Commit or Abort", f.path)
	}
	return f.bw.Write(p)
}

// Commit flushes what was written and puts the file in place. On error
// the file is dropped as by Abort.
func (f *File) Commit() error {
	if f.done {
		return fmt.Errorf("%s: Commit after Commit or Abort", f.path)
	}
	if err := f.commit(); err != nil {
		f.Abort()
		return err
	}
	f.done = true
	return nil
}

func (f *File) commit() error {
	if err := f.bw.Flush(); err != nil {
		return err
	}
	if f.unwatch != nil {
		f.unwatch()
	}
	if f.file == nil { // stdout: not ours to close
		return nil
	}
	if f.final == "" { // in place
		return f.wrap("close", f.file.Close())
	}
	// Owner first: chown clears the set-id bits the chmod restores.
	if f.owner != nil {
		f.owner.apply(f.file) // best effort: only root may give a file away
	}
	if f.keep {
		if err := f.file.Chmod(f.mode); err != nil {
			return f.wrap("chmod", err)
		}
	}
	if err := f.file.Sync(); err != nil {
		return f.wrap("sync", err)
	}
	if err := f.file.Close(); err != nil {
		return f.wrap("close", err)
	}
	// A cancellation that came while the last bytes were written still
	// means no output.
	if err := f.ctx.Err(); err != nil {
		return err
	}
	tmp := f.file.Name()
	if err := os.Rename(tmp, f.final); err != nil {
		return f.wrap("rename", err)
	}
	unregister(tmp)
	return nil
}

// Abort drops the file: a temporary file is removed, and path is left as
// it was (a file written in place keeps what reached it). It does nothing
// after Commit or a previous Abort.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	if f.unwatch != nil {
		f.unwatch()
	}
	if f.file == nil {
		return
	}
	f.file.Close()
	if f.final != "" {
		os.Remove(f.file.Name())
		unregister(f.file.Name())
	}
}

// wrap names the file the caller asked for, never the temporary one.
func (f *File) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return &fs.PathError{Op: op, Path: f.path, Err: unwrapPathError(err)}
}

// sink is what the buffer flushes to: it stops once the context is
// cancelled and names the caller's path in errors.
type sink struct {
	f *File
	w io.Writer
}

func (s sink) Write(p []byte) (int, error) {
	if err := s.f.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := s.w.Write(p)
	if err != nil {
		if s.f.ctx.Err() != nil { // the deadline set on cancellation
			return n, s.f.ctx.Err()
		}
		return n, s.f.wrap("write", err)
	}
	return n, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

type stdoutKey struct{}

// WithStdout returns a context under which the path "-" writes to w
// rather than os.Stdout (prk's command line passes its own standard
// output, so that tests can capture it).
func WithStdout(ctx context.Context, w io.Writer) context.Context {
	return context.WithValue(ctx, stdoutKey{}, w)
}

func stdout(ctx context.Context) io.Writer {
	if w, ok := ctx.Value(stdoutKey{}).(io.Writer); ok {
		return w
	}
	return os.Stdout
}

// temps are the temporary files now being written, for RemoveTemps.
var temps struct {
	sync.Mutex
	names map[string]bool
}

func register(name string) {
	temps.Lock()
	defer temps.Unlock()
	if temps.names == nil {
		temps.names = map[string]bool{}
	}
	temps.names[name] = true
}

func unregister(name string) {
	temps.Lock()
	defer temps.Unlock()
	delete(temps.names, name)
}

// RemoveTemps removes every temporary file being written now. A process
// about to exit without unwinding (prk on a second Ctrl-C) calls it so as to
// leave nothing behind.
func RemoveTemps() {
	temps.Lock()
	defer temps.Unlock()
	for name := range temps.names {
		os.Remove(name)
		delete(temps.names, name)
	}
}
