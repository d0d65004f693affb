//go:build unix

package subprocess

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/pagerank"
	"github.com/prkbench/prk/strategy"
)

// leakCheck records the goroutines and shared temp files before a test
// and, when called, checks that every worker process of st was reaped and
// that nothing else is left.
func leakCheck(t *testing.T) func(st *subprocess) {
	t.Helper()
	goroutines := runtime.NumGoroutine()
	pattern := filepath.Join(os.TempDir(), tempPattern)
	files, _ := filepath.Glob(pattern)
	return func(st *subprocess) {
		t.Helper()
		if len(st.pids) == 0 {
			t.Error("no worker was started")
		}
		for _, pid := range st.pids {
			// A zombie still answers signal 0: only a reaped pid is gone.
			if err := syscall.Kill(pid, 0); err != syscall.ESRCH {
				t.Errorf("worker pid %d: kill(pid, 0) = %v, want ESRCH (reaped)", pid, err)
			}
		}
		if now, _ := filepath.Glob(pattern); len(now) > len(files) {
			t.Errorf("temp files left behind: %v (before: %v)", now, files)
		}
		deadline := time.Now().Add(2 * time.Second)
		for runtime.NumGoroutine() > goroutines {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<16)
				t.Errorf("%d goroutines left over:\n%s", runtime.NumGoroutine()-goroutines, buf[:runtime.Stack(buf, true)])
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// TestWorkerFailures makes one worker misbehave in every way the parent
// must survive, in both IPC modes: the solve ends with a WorkerError that
// names the worker and what happened, and no process, goroutine or file is
// left.
func TestWorkerFailures(t *testing.T) {
	g := randomGraph(3000, 24000, 7, 0.1, false, true)
	o := pagerank.Default()
	o.Iterations = 6
	p, err := strategy.NewProblem(g, o)
	if err != nil {
		t.Fatal(err)
	}
	// garbage and badlen answer in the transport's own way: bytes that are
	// not a frame, or a frame claiming 2^40 bytes, on a pipe; an answer to
	// a command never posted, or for another iteration, in a control slot.
	garbage := map[string]string{"pipe": "not a prk-subprocess frame header", "shm": "answered command 3 in its control slot, want 1"}
	badlen := map[string]string{"pipe": "result frame carries 1099511627776 bytes", "shm": "the result is for iteration 1002, want 2"}
	cases := []struct {
		fault, timeout string
		worker         int
		stage          string // "" for a failure in Prepare
		want           error
		says           []string
	}{
		{"die:worker=1:iter=3", "", 1, "iteration 3", ErrWorkerDied, []string{"exit status 3", "injected fault: dying in iteration 3"}},
		{"stall:worker=2:iter=2", "300ms", 2, "iteration 2", ErrWorkerTimeout, []string{"no answer within 300ms"}},
		{"garbage:worker=0:iter=1", "", 0, "iteration 1", ErrProtocol, []string{"garbage"}},
		{"badlen:worker=1:iter=2", "", 1, "iteration 2", ErrProtocol, []string{"badlen"}},
		{"error:worker=2:iter=4", "", 2, "iteration 4", ErrWorkerFailed, []string{"injected failure in iteration 4"}},
		{"badhello:worker=1", "", 1, "", ErrProtocol, []string{hookHint, `"NOTPRK!!"`}},
		{"nohook-exit:worker=0", "", 0, "", ErrWorkerDied, []string{hookHint, "exit status 0"}},
		{"nohook-hang:worker=2", "300ms", 2, "", ErrWorkerTimeout, []string{hookHint, "no answer within 300ms"}},
	}
	short := testing.Short()
	for i, c := range cases {
		for _, ipc := range ipcModes {
			if short && (i+len(ipc))%2 == 0 {
				continue // half the pairs in short mode, each fault in one mode
			}
			t.Run(strings.Split(c.fault, ":")[0]+"/ipc="+ipc, func(t *testing.T) {
				if ipc == "shm" {
					useTempFile = true // the path that could leave a file behind
					defer func() { useTempFile = false }()
				}
				check := leakCheck(t)
				params := []string{"ipc", ipc, "fault", c.fault, "minwork", "0"}
				if c.timeout != "" {
					params = append(params, "timeout", c.timeout)
				}
				st, err := strategy.New(Name, config(3, nil, params...))
				if err != nil {
					t.Fatal(err)
				}
				err = st.Prepare(t.Context(), p)
				stage := stageHandshake
				if c.stage != "" {
					if err != nil {
						t.Fatalf("Prepare: %v", err)
					}
					stage = c.stage
					for it := 0; err == nil && it < o.Iterations; it++ {
						_, err = st.Iterate(t.Context())
					}
				}
				var we *WorkerError
				if !errors.As(err, &we) {
					t.Fatalf("got error %v, want a *WorkerError", err)
				}
				s := unwrap(st)
				if we.Worker != c.worker || we.PID != s.pids[c.worker] || we.Stage != stage || !errors.Is(err, c.want) {
					t.Errorf("got worker %d pid %d stage %q (%v), want worker %d pid %d stage %q wrapping %q",
						we.Worker, we.PID, we.Stage, err, c.worker, s.pids[c.worker], stage, c.want)
				}
				for _, say := range c.says {
					switch say {
					case "garbage":
						say = garbage[ipc]
					case "badlen":
						say = badlen[ipc]
					}
					if !strings.Contains(err.Error(), say) {
						t.Errorf("error %q does not say %q", err, say)
					}
				}
				if _, again := st.Iterate(t.Context()); !errors.Is(again, err) {
					t.Errorf("Iterate after the failure returned %v, want the failure again", again)
				}
				if err := st.Close(); err != nil {
					t.Errorf("Close after a failure: %v", err)
				}
				check(s)
			})
		}
	}
}

// TestKilledWorker kills a worker from outside mid-solve, in both IPC
// modes: with shared memory the parent is asleep on the worker's futex
// then, and must be woken by the worker's end, not wait for the timeout.
func TestKilledWorker(t *testing.T) {
	g := randomGraph(3000, 24000, 8, 0.1, false, true)
	p, err := strategy.NewProblem(g, pagerank.Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, ipc := range ipcModes {
		t.Run("ipc="+ipc, func(t *testing.T) {
			check := leakCheck(t)
			st, err := strategy.New(Name, config(2, nil, "ipc", ipc, "minwork", "0", "fault", "stall:worker=1:iter=3"))
			if err != nil {
				t.Fatal(err)
			}
			s := unwrap(st)
			if err := st.Prepare(t.Context(), p); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if _, err := st.Iterate(t.Context()); err != nil {
					t.Fatal(err)
				}
			}
			// Worker 1 stalls in iteration 3: kill it while the parent waits.
			time.AfterFunc(100*time.Millisecond, func() { syscall.Kill(s.pids[1], syscall.SIGKILL) })
			start := time.Now()
			_, err = st.Iterate(t.Context())
			var we *WorkerError
			if !errors.As(err, &we) || we.Worker != 1 || !errors.Is(err, ErrWorkerDied) || !strings.Contains(err.Error(), "signal: killed") {
				t.Errorf("got %v, want worker 1 died of signal: killed", err)
			}
			if late := time.Since(start); late > 5*time.Second {
				t.Errorf("noticed the death after %v (the timeout is %v)", late, DefaultTimeout)
			}
			if err := st.Close(); err != nil {
				t.Error(err)
			}
			check(s)
		})
	}
}

// TestCancel cancels a solve blocked on a stalled worker, and a Prepare
// blocked on a worker that never answers the handshake: both return
// context.Canceled long before the timeout, and leave nothing behind.
func TestCancel(t *testing.T) {
	g := randomGraph(3000, 24000, 9, 0.1, false, true)
	p, err := strategy.NewProblem(g, pagerank.Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, run := range []struct{ fault, ipc string }{
		{"stall:worker=1:iter=2", "pipe"}, {"stall:worker=1:iter=2", "shm"}, {"nohook-hang:worker=1", "pipe"},
	} {
		fault := run.fault
		t.Run(strings.Split(fault, ":")[0]+"/ipc="+run.ipc, func(t *testing.T) {
			check := leakCheck(t)
			st, err := strategy.New(Name, config(2, nil, "fault", fault, "timeout", "1m", "ipc", run.ipc, "minwork", "0"))
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			time.AfterFunc(300*time.Millisecond, cancel)
			start := time.Now()
			err = st.Prepare(ctx, p)
			for err == nil {
				_, err = st.Iterate(ctx)
			}
			if err != context.Canceled {
				t.Errorf("got %v, want context.Canceled", err)
			}
			if late := time.Since(start); late > 5*time.Second {
				t.Errorf("returned %v after start, the cancel came at 300ms", late)
			}
			if err := st.Close(); err != nil {
				t.Error(err)
			}
			check(unwrap(st))
		})
	}
}

// orphanEnv makes TestOrphanHelper act as the parent TestParentKilled
// kills.
const orphanEnv = "PRK_SUBPROCESS_TEST_ORPHAN"

// TestParentKilled kills a parent process (this test binary, running
// TestOrphanHelper) while its workers wait for the next iteration, in
// both IPC modes: the workers must notice and exit on their own (end of
// file on the command pipe; with shared memory, their parent pid
// changing), never wait forever.
func TestParentKilled(t *testing.T) {
	if os.Getenv(orphanEnv) != "" {
		t.Skip("running as the helper")
	}
	for _, ipc := range ipcModes {
		t.Run("ipc="+ipc, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestOrphanHelper$", "-test.v")
			cmd.Env = append(os.Environ(), orphanEnv+"="+ipc)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			var pids []int
			sc := bufio.NewScanner(out)
			for pids == nil && sc.Scan() {
				if f := strings.Fields(sc.Text()); len(f) > 1 && f[0] == "PIDS" {
					for _, p := range f[1:] {
						pid, _ := strconv.Atoi(p)
						pids = append(pids, pid)
					}
				}
			}
			if len(pids) != 2 {
				t.Fatalf("the helper printed worker pids %v", pids)
			}
			cmd.Process.Kill()
			cmd.Wait()
			deadline := time.Now().Add(5 * time.Second)
			for _, pid := range pids {
				for alive(pid) {
					if time.Now().After(deadline) {
						t.Fatalf("worker pid %d still runs 5 s after its parent was killed", pid)
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
		})
	}
}

// alive reports whether pid runs: it exists and is not a zombie (an
// orphan is reaped by whoever adopts it, which may take a while in a
// container).
func alive(pid int) bool {
	if syscall.Kill(pid, 0) == syscall.ESRCH {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return runtime.GOOS != "linux" // without /proc, trust kill
	}
	// pid (comm) state ...: the state follows the last ')'.
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// TestOrphanHelper is the parent TestParentKilled kills: it starts two
// workers, runs an iteration, prints their pids and waits to be killed.
func TestOrphanHelper(t *testing.T) {
	ipc := os.Getenv(orphanEnv)
	if ipc == "" {
		t.Skip("run by TestParentKilled")
	}
	g := randomGraph(2000, 16000, 12, 0.1, false, true)
	p, err := strategy.NewProblem(g, pagerank.Default())
	if err != nil {
		t.Fatal(err)
	}
	st, err := strategy.New(Name, config(2, nil, "ipc", ipc, "minwork", "0"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Prepare(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Iterate(t.Context()); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("PIDS %d %d\n", unwrap(st).pids[0], unwrap(st).pids[1])
	time.Sleep(time.Minute)
}

// TestRefusesKernels: kernels travel to the workers by name, so a kernel
// built outside the registry is refused at Prepare, by the workers at the
// handshake, with an error that says why; one that borrows a registered
// kernel's name for other code is refused by the parent before any
// process starts. The registered kernels themselves run (TestEveryKernel).
func TestRefusesKernels(t *testing.T) {
	g := randomGraph(500, 3000, 11, 0.1, false, true)
	custom := *kernel.Generic
	custom.Name = "user-kernel"
	for _, ipc := range ipcModes {
		check := leakCheck(t)
		st, err := strategy.New(Name, config(2, &custom, "ipc", ipc, "minwork", "0"))
		if err != nil {
			t.Fatal(err)
		}
		p, err := strategy.NewProblem(g, pagerank.Default())
		if err != nil {
			t.Fatal(err)
		}
		err = st.Prepare(t.Context(), p)
		var we *WorkerError
		if !errors.As(err, &we) || we.Stage != stageHandshake || !errors.Is(err, ErrWorkerFailed) ||
			!strings.Contains(err.Error(), `cannot run the parent's kernel`) || !strings.Contains(err.Error(), `kernel "user-kernel" is not in this binary`) ||
			strings.Contains(err.Error(), hookHint) {
			t.Errorf("ipc=%s: Prepare with an unregistered kernel: %v, want the workers' refusal at the handshake", ipc, err)
		}
		if err := st.Close(); err != nil {
			t.Error(err)
		}
		check(unwrap(st))
	}

	impostor := *kernel.Generic
	impostor.PullRowSums = func(y, xold, c []float64, offsets []int64, sources []uint32, base, damping float64) float64 {
		return kernel.Generic.PullRowSums(y, xold, c, offsets, sources, base, damping)
	}
	_, err := strategy.Run(t.Context(), Name, config(2, &impostor), g, pagerank.Default())
	if err == nil || !strings.Contains(err.Error(), `kernel "generic" is not the kernel registered under that name`) {
		t.Errorf("a kernel borrowing the name generic: %v, want a refusal", err)
	}
	// A copy of a registered kernel is the same code: it runs.
	same := *kernel.Generic
	if _, err := strategy.Run(t.Context(), Name, config(2, &same), g, pagerank.Default()); err != nil {
		t.Errorf("a copy of the generic kernel: %v", err)
	}
}
