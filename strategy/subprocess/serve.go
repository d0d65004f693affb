package subprocess

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

// Environment variables between the parent and its workers.
const (
	// WorkerEnv marks a process as a worker: the parent starts its own
	// executable with WorkerEnv=1, and ServeIfWorker serves when it is set.
	WorkerEnv = "PRK_SUBPROCESS_WORKER"
	// WorkerCPUProfileEnv names the file a worker writes its CPU profile
	// to; the parent sets it when SetWorkerCPUProfile was called.
	WorkerCPUProfileEnv = "PRK_WORKER_CPUPROFILE"
	// faultEnv carries an injected fault to one worker (tests only).
	faultEnv = "PRK_SUBPROCESS_FAULT"
)

// Descriptors a worker inherits from the parent.
const (
	commandFD = 3 // frames from the parent
	resultFD  = 4 // frames to the parent
	sharedFD  = 5 // the shared mapping (ipc=shm)
)

// ServeIfWorker makes a program able to serve as a worker of the
// subprocess strategy. Call it first thing in main (and in TestMain of a
// test binary that uses the strategy): in a normal process it returns at
// once; in a process the strategy started as a worker it serves the
// protocol on the inherited pipes and exits the process when the parent is
// done with it, so nothing of the program's own main runs.
func ServeIfWorker() {
	if os.Getenv(WorkerEnv) == "" {
		return
	}
	f, err := parseFault(os.Getenv(faultEnv))
	if err != nil {
		fmt.Fprintf(os.Stderr, "prk subprocess worker (pid %d): %v\n", os.Getpid(), err)
		os.Exit(2)
	}
	in := os.NewFile(commandFD, "prk-subprocess-commands")
	out := os.NewFile(resultFD, "prk-subprocess-results")
	switch f.kind {
	case "nohook-exit":
		os.Exit(0)
	case "nohook-hang":
		// Run on without serving until the parent gives up and kills us
		// (or closes the pipe, should it die first).
		io.Copy(io.Discard, in)
		os.Exit(0)
	}
	if err := serve(in, out, serverOptions{allowShared: true, fault: f, cpuProfile: os.Getenv(WorkerCPUProfileEnv)}); err != nil {
		fmt.Fprintf(os.Stderr, "prk subprocess worker (pid %d): %v\n", os.Getpid(), err)
		os.Exit(2)
	}
	os.Exit(0)
}

// Serve runs one worker: it answers the parent's frames read from in on
// out until the parent sends shutdown or closes in, and returns nil then.
// ServeIfWorker calls it on the inherited descriptors 3 and 4; a command
// that serves workers itself (such as a hidden prk worker command) may
// call it directly, in a process started by the strategy. With ipc=shm the
// shared mapping must be inherited as descriptor 5. The worker writes a CPU
// profile where WorkerCPUProfileEnv says.
func Serve(in io.Reader, out io.Writer) error {
	f, err := parseFault(os.Getenv(faultEnv))
	if err != nil {
		return err
	}
	return serve(in, out, serverOptions{allowShared: true, fault: f, cpuProfile: os.Getenv(WorkerCPUProfileEnv)})
}

// serverOptions say what a worker may do beyond the protocol.
type serverOptions struct {
	// allowShared lets a set-up frame ask the worker to map a descriptor;
	// off when serving bytes that did not come from a parent (fuzzing).
	allowShared bool
	fault       fault
	cpuProfile  string
}

// server is one worker's state.
type server struct {
	in   io.Reader
	out  io.Writer
	opts serverOptions
	buf  []byte // scratch for headers and fixed payloads, 8-byte aligned

	index int // the worker's index, from the parent's hello
	setup setup
	k     *kernel.Kernel
	block strategy.Block
	tr    serverTransport
}

func serve(in io.Reader, out io.Writer, opts serverOptions) (err error) {
	if !nativeLittleEndian {
		return errBigEndian
	}
	s := &server{in: in, out: out, opts: opts, buf: frameBuffer(frameHeaderSize + helloParentSize)}
	defer func() {
		if err != nil {
			var remote *remoteError
			if !errors.As(err, &remote) {
				// Tell the parent why, if it still listens.
				out.Write(errorFrame(err))
			}
		}
		if s.tr != nil {
			s.tr.release()
		}
	}()
	if err := s.hello(); err != nil {
		return err
	}
	if opts.cpuProfile != "" {
		f, err := os.Create(opts.cpuProfile)
		if err != nil {
			return fmt.Errorf("worker CPU profile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return fmt.Errorf("worker CPU profile: %w", err)
		}
		defer func() {
			pprof.StopCPUProfile()
			if cerr := f.Close(); cerr != nil && err == nil {
				err = fmt.Errorf("worker CPU profile: %w", cerr)
			}
		}()
	}
	if err := s.receiveBlock(); err != nil {
		return err
	}
	return s.tr.serve(s)
}

// hello answers the parent's hello, after checking that this worker can
// run the kernel the parent names: kernels travel by name, so one that is
// not in this binary's registry, or that this CPU cannot run, is refused
// here, before any block is shipped.
func (s *server) hello() error {
	b := s.buf
	if err := expectFrame(s.in, b, msgHello, helloParentSize); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return fmt.Errorf("the parent closed the pipe before the handshake: %w", err)
		}
		return fmt.Errorf("handshake: %w", err)
	}
	p := b[frameHeaderSize : frameHeaderSize+helloParentSize]
	if _, err := io.ReadFull(s.in, p); err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	if [8]byte(p[:8]) != helloMagic {
		return protocolErrorf("handshake: magic %q, want %q", p[:8], helloMagic[:])
	}
	if v := binary.LittleEndian.Uint32(p[8:]); v != protocolVersion {
		return protocolErrorf("handshake: protocol version %d, want %d", v, protocolVersion)
	}
	s.index = int(binary.LittleEndian.Uint32(p[12:]))
	name, err := kernelOfHello(p)
	if err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	if name == "" || name == "auto" {
		return protocolErrorf("handshake: the parent must name its kernel, not %q", name)
	}
	if s.k, err = kernel.Lookup(name); err != nil {
		return fmt.Errorf("worker process %d cannot run the parent's kernel (workers find kernels by name in their own binary's registry): %w", os.Getpid(), err)
	}
	putHeader(b, msgHello, helloSize)
	copy(p, helloMagic[:])
	if s.opts.fault.kind == "badhello" {
		copy(p, "NOTPRK!!")
	}
	binary.LittleEndian.PutUint32(p[8:], protocolVersion)
	binary.LittleEndian.PutUint32(p[12:], uint32(os.Getpid()))
	_, err = s.out.Write(b[:frameHeaderSize+helloSize])
	return err
}

// receiveBlock reads the set-up frame and the block's arrays, checks them,
// readies the transport and answers ready.
func (s *server) receiveBlock() error {
	b := s.buf
	if err := expectFrame(s.in, b, msgSetup, setupSize); err != nil {
		return fmt.Errorf("set-up: %w", err)
	}
	p := b[frameHeaderSize : frameHeaderSize+setupSize]
	if _, err := io.ReadFull(s.in, p); err != nil {
		return fmt.Errorf("set-up: %w", err)
	}
	su := &s.setup
	if err := su.decode(p); err != nil {
		return fmt.Errorf("set-up: %w", err)
	}
	switch {
	case su.n == 0 || su.n > maxNodes:
		return protocolErrorf("set-up: node count %d is out of range", su.n)
	case su.lo >= su.hi || su.hi > su.n:
		return protocolErrorf("set-up: rows [%d, %d) are not a non-empty block of %d nodes", su.lo, su.hi, su.n)
	case su.arcs > maxArcs:
		return protocolErrorf("set-up: %d arcs is more than a block may have", su.arcs)
	case !(su.damping >= 0 && su.damping < 1):
		return protocolErrorf("set-up: damping %v is outside [0, 1)", su.damping)
	case su.flags&^setupKnown != 0:
		return protocolErrorf("set-up: unknown flags %#x", su.flags)
	case su.flags&setupShared != 0 && !s.opts.allowShared:
		return protocolErrorf("set-up: shared memory is not allowed here")
	}
	d := &dataReader{r: s.in, buf: b, left: su.dataBytes()}
	blk, start, err := decodeBlock(d, su)
	if err != nil {
		return err
	}
	s.block = blk
	if su.flags&setupShared != 0 {
		t, err := newShmServer(s)
		if err != nil {
			return fmt.Errorf("set-up: %w", err)
		}
		s.tr = t
	} else {
		s.tr = newPipeServer(s, start)
	}
	putHeader(b, msgReady, readySize)
	binary.LittleEndian.PutUint64(b[8:], su.rows())
	binary.LittleEndian.PutUint64(b[16:], su.arcs)
	_, err = s.out.Write(b[:frameHeaderSize+readySize])
	return err
}

// waitForParent reads the command pipe until the parent closes it, for a
// worker that stopped answering on purpose.
func (s *server) waitForParent() { io.Copy(io.Discard, s.in) }

// misbehave commits the injected fault. Faults that stop answering wait
// for the parent to close the pipe (or kill the worker) and then end the
// worker quietly.
func (s *server) misbehave(iter uint64) error {
	switch s.opts.fault.kind {
	case "die":
		fmt.Fprintf(os.Stderr, "prk subprocess worker (pid %d): injected fault: dying in iteration %d\n", os.Getpid(), iter)
		os.Exit(3)
	case "stall":
		s.waitForParent()
		return errStopped
	case "error":
		return fmt.Errorf("injected failure in iteration %d", iter)
	}
	return nil
}

// errStopped ends a worker that stopped answering on purpose.
var errStopped = errors.New("stopped answering")
