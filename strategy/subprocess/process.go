package subprocess

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/prkbench/prk/strategy"
)

// WorkerError reports a worker that failed: it died, did not answer in
// time, broke the protocol or reported an error. The solve it was part of
// is over: every worker has been stopped and reaped.
type WorkerError struct {
	// Worker is the worker's index: workers are numbered from 0 in row order.
	Worker int
	// PID is the worker's process id.
	PID int
	// Stage is what the parent was doing: "the handshake", "set-up",
	// "iteration 3" (counted from 1 since Prepare) or "shutdown".
	Stage string
	// Err says what happened; it wraps one of ErrWorkerDied,
	// ErrWorkerTimeout, ErrProtocol or ErrWorkerFailed.
	Err error
}

func (e *WorkerError) Error() string {
	return fmt.Sprintf("subprocess: worker %d (pid %d) failed during %s: %v", e.Worker, e.PID, e.Stage, e.Err)
}

func (e *WorkerError) Unwrap() error { return e.Err }

// What a WorkerError's Err wraps.
var (
	ErrWorkerDied    = errors.New("the worker process died")
	ErrWorkerTimeout = errors.New("the worker did not answer in time")
	ErrProtocol      = errors.New("the worker broke the protocol")
	ErrWorkerFailed  = errors.New("the worker reported a failure")
)

// hookHint ends the report of a worker that never answered the handshake.
const hookHint = "worker did not answer the handshake: does the program call subprocess.ServeIfWorker() first in main?"

// worker is the parent's handle on one worker process.
type worker struct {
	index  int
	pid    int
	cmd    *exec.Cmd
	toW    *os.File // the parent's end of the command pipe
	fromW  *os.File // the parent's end of the result pipe
	exited chan struct{}
	// waitErr is cmd.Wait's answer; read it only after exited is closed.
	waitErr error
	stderr  *tailBuffer
	// block is the worker's rows of the problem (a view of the graph).
	block strategy.Block
	// buf is scratch for headers and fixed payloads.
	buf []byte
	// residual and dangling are the partial sums of the last exchange.
	residual, dangling float64
}

// workerEnv returns the environment of every worker: the parent's, less
// anything of this package's that it might have inherited, plus WorkerEnv.
//
// It also sets the race detector's atexit_sleep_ms to 0 unless GORACE
// says otherwise: a race-enabled program sleeps a second before exiting so
// that other goroutines may still report races, and a worker, whose only
// goroutine has finished, would otherwise add that second to every Close.
// Programs built without -race ignore GORACE.
func workerEnv() []string {
	var env []string
	gorace := ""
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case WorkerEnv, WorkerCPUProfileEnv, faultEnv:
		case "GORACE":
			gorace = v
		default:
			env = append(env, kv)
		}
	}
	if !strings.Contains(gorace, "atexit_sleep_ms") {
		gorace = strings.TrimSpace(gorace + " atexit_sleep_ms=0")
	}
	return append(env, "GORACE="+gorace, WorkerEnv+"=1")
}

// startWorker starts the program itself as worker index with the given
// environment, handing it the pipes (and the shared file, if any).
// commandBytes and resultBytes are the largest frames each pipe carries,
// for sizing the pipes' buffers.
//
// onExit, if not nil, runs as soon as the process has ended, before the
// worker's exited channel is closed (the shm transport wakes a parent
// waiting on that worker's futex with it).
func startWorker(index int, exe string, env []string, shared *os.File, commandBytes, resultBytes int, onExit func()) (*worker, error) {
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("subprocess: starting worker %d: %w", index, err)
	}
	resR, resW, err := os.Pipe()
	if err != nil {
		cmdR.Close()
		cmdW.Close()
		return nil, fmt.Errorf("subprocess: starting worker %d: %w", index, err)
	}
	growPipe(cmdW, commandBytes)
	growPipe(resR, resultBytes)
	w := &worker{index: index, toW: cmdW, fromW: resR, exited: make(chan struct{}), stderr: &tailBuffer{},
		buf: frameBuffer(frameHeaderSize + setupSize)}
	files := []*os.File{cmdR, resW} // descriptors 3 and 4
	if shared != nil {
		files = append(files, shared) // descriptor 5
	}
	w.cmd = &exec.Cmd{
		Path:       exe,
		Args:       []string{exe},
		Env:        env,
		ExtraFiles: files,
		Stderr:     w.stderr,
		WaitDelay:  time.Second,
	}
	err = w.cmd.Start()
	// The child has its own copies now; ours must go, or the parent would
	// never see end-of-file when the worker dies.
	cmdR.Close()
	resW.Close()
	if err != nil {
		cmdW.Close()
		resR.Close()
		return nil, fmt.Errorf("subprocess: starting worker %d (%s): %w", index, exe, err)
	}
	w.pid = w.cmd.Process.Pid
	go func() {
		w.waitErr = w.cmd.Wait()
		if onExit != nil {
			onExit()
		}
		close(w.exited)
	}()
	return w, nil
}

// setDeadline sets the deadline of both of the parent's pipe ends.
func (w *worker) setDeadline(t time.Time) {
	w.toW.SetWriteDeadline(t)
	w.fromW.SetReadDeadline(t)
}

// kill stops the worker at once and waits until it is reaped.
func (w *worker) kill() {
	w.cmd.Process.Kill() // fails only when it has exited already
	<-w.exited
	w.closePipes()
}

func (w *worker) closePipes() {
	w.toW.Close()
	w.fromW.Close()
}

// exitReport waits up to wait for the worker to end and says how it ended
// and what it last wrote to stderr; "" if it has not ended.
func (w *worker) exitReport(wait time.Duration) string {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-w.exited:
	case <-t.C:
		return ""
	}
	report := "it ended with " + w.cmd.ProcessState.String()
	if last := w.stderr.lastLines(3); last != "" {
		report += "; its stderr ends: " + strconv.Quote(last)
	}
	return report
}

// describe turns what went wrong in an exchange with w into a WorkerError.
// timeout is the deadline the exchange had.
func (w *worker) describe(stage string, err error, timeout time.Duration) *WorkerError {
	var (
		remote *remoteError
		proto  *protocolError
		what   error
	)
	switch {
	case errors.As(err, &remote):
		what = fmt.Errorf("%w: %s", ErrWorkerFailed, remote.msg)
	case errors.As(err, &proto):
		what = fmt.Errorf("%w: %s", ErrProtocol, proto.msg)
	case errors.Is(err, os.ErrDeadlineExceeded):
		what = fmt.Errorf("%w: no answer within %v (the timeout parameter)", ErrWorkerTimeout, timeout)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.EPIPE), errors.Is(err, os.ErrClosed), errors.Is(err, errExited):
		if remote = w.lastError(); remote != nil {
			// It said why before it went: a refusal during set-up, say,
			// while the parent was still writing the block.
			what = fmt.Errorf("%w: %s", ErrWorkerFailed, remote.msg)
			break
		}
		report := w.exitReport(2 * time.Second)
		if report == "" {
			report = "it closed its pipe but is still running"
		}
		what = fmt.Errorf("%w (%s)", ErrWorkerDied, report)
	default:
		what = fmt.Errorf("%w: %v", ErrWorkerDied, err)
	}
	if stage == stageHandshake && remote == nil {
		what = fmt.Errorf("%s (%w)", hookHint, what)
	}
	return &WorkerError{Worker: w.index, PID: w.pid, Stage: stage, Err: what}
}

const stageHandshake = "the handshake"

// lastError returns the error frame a worker that ended left in its result
// pipe, if the next frame there is one: a worker reports why it fails
// before it exits, while the parent may be writing (and then finds the
// pipe broken) or waiting on shared memory.
func (w *worker) lastError() *remoteError {
	select {
	case <-w.exited:
	case <-time.After(2 * time.Second):
		return nil
	}
	w.fromW.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	var buf [frameHeaderSize]byte
	t, n, err := readHeader(w.fromW, buf[:])
	if err != nil || t != msgError {
		return nil
	}
	var remote *remoteError
	if errors.As(readRemoteError(w.fromW, n), &remote) {
		return remote
	}
	return nil
}

// tailBuffer keeps the last bytes a worker wrote to stderr, for reports.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 4096

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	if len(p) > tailSize {
		p = p[len(p)-tailSize:]
	}
	if over := len(t.buf) + len(p) - tailSize; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	t.buf = append(t.buf, p...)
	return n, nil
}

// lastLines returns up to n last non-empty lines, joined by " | ".
func (t *tailBuffer) lastLines(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var lines []string
	for _, l := range bytes.Split(bytes.TrimSpace(t.buf), []byte("\n")) {
		if l = bytes.TrimSpace(l); len(l) > 0 {
			lines = append(lines, string(l))
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// workerProfile is the CPU profile prefix set by SetWorkerCPUProfile.
var workerProfile struct {
	sync.Mutex
	prefix string
}

// SetWorkerCPUProfile makes every worker started from now on write a CPU
// profile of its whole life to prefix + ".worker-" + its index (from 0),
// e.g. cpu.prof.worker-0 next to the parent's cpu.prof. An empty prefix
// turns worker profiles off. A profile is complete when the strategy is
// closed normally; a worker that is killed leaves none.
func SetWorkerCPUProfile(prefix string) {
	workerProfile.Lock()
	workerProfile.prefix = prefix
	workerProfile.Unlock()
}

func workerProfilePrefix() string {
	workerProfile.Lock()
	defer workerProfile.Unlock()
	return workerProfile.prefix
}
