package subprocess

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/pprof"
	"slices"
	"unsafe"

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

	setup setup
	k     *kernel.Kernel
	block strategy.Block

	// pipes
	start   []float64 // the block of the start vector, for restarts
	c       []float64 // the whole contribution vector, read each iteration
	results [2][]byte // result frames; the block's scores live inside
	cur     int       // which result frame the next scores go to

	// shared memory
	shared *sharedVectors
}

func serve(in io.Reader, out io.Writer, opts serverOptions) (err error) {
	if !nativeLittleEndian {
		return errBigEndian
	}
	s := &server{in: in, out: out, opts: opts, buf: frameBuffer(frameHeaderSize + setupSize)}
	defer func() {
		if err != nil {
			var remote *remoteError
			if !errors.As(err, &remote) {
				// Tell the parent why, if it still listens.
				out.Write(errorFrame(err))
			}
		}
		if s.shared != nil {
			s.shared.release()
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
	return s.loop()
}

// hello answers the parent's hello.
func (s *server) hello() error {
	b := s.buf
	if err := expectFrame(s.in, b, msgHello, helloSize); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return fmt.Errorf("the parent closed the pipe before the handshake: %w", err)
		}
		return fmt.Errorf("handshake: %w", err)
	}
	p := b[frameHeaderSize : frameHeaderSize+helloSize]
	if _, err := io.ReadFull(s.in, p); err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	if [8]byte(p[:8]) != helloMagic {
		return protocolErrorf("handshake: magic %q, want %q", p[:8], helloMagic[:])
	}
	if v := binary.LittleEndian.Uint32(p[8:]); v != protocolVersion {
		return protocolErrorf("handshake: protocol version %d, want %d", v, protocolVersion)
	}
	putHeader(b, msgHello, helloSize)
	copy(p, helloMagic[:])
	if s.opts.fault.kind == "badhello" {
		copy(p, "NOTPRK!!")
	}
	binary.LittleEndian.PutUint32(p[8:], protocolVersion)
	binary.LittleEndian.PutUint32(p[12:], uint32(os.Getpid()))
	_, err := s.out.Write(b[:frameHeaderSize+helloSize])
	return err
}

// receiveBlock reads the set-up frame and the block's arrays, checks them
// and answers ready.
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
	case su.flags&^(setupWeighted|setupPersonalized|setupShared) != 0:
		return protocolErrorf("set-up: unknown flags %#x", su.flags)
	case su.flags&setupShared != 0 && !s.opts.allowShared:
		return protocolErrorf("set-up: shared memory is not allowed here")
	}
	k, err := kernel.Lookup(su.kernel)
	if err != nil {
		return fmt.Errorf("set-up: %w", err)
	}
	s.k = k

	d := &dataReader{r: s.in, buf: b, left: su.dataBytes()}
	rows := su.rows()
	blk := strategy.Block{Lo: int(su.lo), Hi: int(su.hi), N: int(su.n), Damping: su.damping}
	if blk.Offsets, err = readArray[int64](d, rows+1); err != nil {
		return err
	}
	if blk.OutDegree, err = readArray[uint32](d, rows); err != nil {
		return err
	}
	if blk.Sources, err = readArray[uint32](d, su.arcs); err != nil {
		return err
	}
	if su.flags&setupWeighted != 0 {
		if blk.Weights, err = readArray[float64](d, su.arcs); err != nil {
			return err
		}
		if blk.OutWeight, err = readArray[float64](d, rows); err != nil {
			return err
		}
	}
	if su.flags&setupPersonalized != 0 {
		if blk.Teleport, err = readArray[float64](d, rows); err != nil {
			return err
		}
	}
	if su.flags&setupShared == 0 {
		if s.start, err = readArray[float64](d, rows); err != nil {
			return err
		}
	}
	if d.left != 0 || d.frameLeft != 0 {
		return protocolErrorf("set-up: %d data bytes left over", d.left+d.frameLeft)
	}
	if err := checkBlock(&blk, su.arcs); err != nil {
		return fmt.Errorf("set-up: %w", err)
	}
	s.block = blk

	if su.flags&setupShared != 0 {
		if s.shared, err = mapShared(uintptr(su.shmFD), su.n); err != nil {
			return fmt.Errorf("set-up: %w", err)
		}
	} else {
		for i := range s.results {
			s.results[i] = frameBuffer(frameHeaderSize + resultFixed + 8*int(rows))
			putHeader(s.results[i], msgResult, resultFixed+8*int(rows))
		}
	}

	putHeader(b, msgReady, readySize)
	binary.LittleEndian.PutUint64(b[8:], rows)
	binary.LittleEndian.PutUint64(b[16:], su.arcs)
	_, err = s.out.Write(b[:frameHeaderSize+readySize])
	return err
}

// checkBlock checks what the kernels rely on: offsets that rise from 0 to
// arcs and sources below N.
func checkBlock(b *strategy.Block, arcs uint64) error {
	if b.Offsets[0] != 0 || uint64(b.Offsets[len(b.Offsets)-1]) != arcs {
		return protocolErrorf("offsets run from %d to %d, want 0 to %d", b.Offsets[0], b.Offsets[len(b.Offsets)-1], arcs)
	}
	for r := 1; r < len(b.Offsets); r++ {
		if b.Offsets[r] < b.Offsets[r-1] {
			return protocolErrorf("offsets fall at row %d", b.Lo+r-1)
		}
	}
	n := uint32(b.N - 1)
	for k, src := range b.Sources {
		if src > n {
			return protocolErrorf("arc %d has source %d, beyond %d nodes", k, src, b.N)
		}
	}
	return nil
}

// loop answers iterate frames until shutdown or the end of the input.
func (s *server) loop() error {
	b := s.buf
	n, rows := s.setup.n, s.setup.rows()
	shared := s.shared != nil
	want := uint64(iterateFixed)
	if !shared {
		want += 8 * n
	}
	for {
		t, size, err := readHeader(s.in, b)
		if err == io.EOF {
			return nil // the parent is gone or done
		}
		if err != nil {
			return err
		}
		switch {
		case t == msgShutdown && size == 0:
			return nil
		case t != msgIterate:
			return protocolErrorf("got a %v frame of %d bytes, want iterate or shutdown", t, size)
		case size != want:
			return protocolErrorf("iterate frame carries %d bytes, want %d", size, want)
		}
		fixed := b[frameHeaderSize : frameHeaderSize+iterateFixed]
		if _, err := io.ReadFull(s.in, fixed); err != nil {
			return err
		}
		iter := binary.LittleEndian.Uint64(fixed[0:])
		flags := binary.LittleEndian.Uint64(fixed[8:])
		dangling := math.Float64frombits(binary.LittleEndian.Uint64(fixed[16:]))
		if !shared {
			if err := readInto(s.in, &s.c, n); err != nil {
				return err
			}
		}
		if f := s.opts.fault; f.kind != "" && f.iter == iter {
			if err := s.misbehave(iter); err == errStopped {
				return nil
			} else if err != nil {
				return err
			}
		}
		if shared {
			err = s.iterateShared(iter, flags, dangling)
		} else {
			err = s.iteratePipe(iter, flags, dangling, rows)
		}
		if err != nil {
			return err
		}
	}
}

// iteratePipe computes the block's new scores into the current result
// frame and sends it; the other frame holds the previous scores.
func (s *server) iteratePipe(iter, flags uint64, dangling float64, rows uint64) error {
	frame := s.results[s.cur]
	y := float64sOf(frame[frameHeaderSize+resultFixed:], int(rows))
	xold := float64sOf(s.results[1-s.cur][frameHeaderSize+resultFixed:], int(rows))
	if flags&iterateRestart != 0 {
		copy(xold, s.start)
	}
	residual := s.block.RowSums(s.k, y, xold, strategy.Contribs{F64: s.c}, dangling)
	le := binary.LittleEndian
	le.PutUint64(frame[8:], iter)
	le.PutUint64(frame[16:], math.Float64bits(residual))
	le.PutUint64(frame[24:], 0)
	s.cur = 1 - s.cur
	_, err := s.out.Write(frame)
	return err
}

// iterateShared computes the block's new scores and next contributions in
// the shared mapping and sends the partial sums.
func (s *server) iterateShared(iter, flags uint64, dangling float64) error {
	p := 0
	if flags&iterateParity != 0 {
		p = 1
	}
	v, lo, hi := s.shared, s.block.Lo, s.block.Hi
	y := v.x[1-p][lo:hi]
	residual := s.block.RowSums(s.k, y, v.x[p][lo:hi], strategy.Contribs{F64: v.c[p]}, dangling)
	next := s.block.Contributions(s.k, strategy.Contribs{F64: v.c[1-p][lo:hi]}, y)
	b := s.buf
	le := binary.LittleEndian
	putHeader(b, msgResult, resultFixed)
	le.PutUint64(b[8:], iter)
	le.PutUint64(b[16:], math.Float64bits(residual))
	le.PutUint64(b[24:], math.Float64bits(next))
	_, err := s.out.Write(b[:frameHeaderSize+resultFixed])
	return err
}

// misbehave commits the injected fault. Faults that stop answering wait
// for the parent to close the pipe (or kill the worker) and then end the
// worker quietly.
func (s *server) misbehave(iter uint64) error {
	switch s.opts.fault.kind {
	case "die":
		fmt.Fprintf(os.Stderr, "prk subprocess worker (pid %d): injected fault: dying in iteration %d\n", os.Getpid(), iter)
		os.Exit(3)
	case "stall":
		io.Copy(io.Discard, s.in)
		return errStopped
	case "garbage":
		s.out.Write([]byte("this is not a prk-subprocess frame\n"))
		io.Copy(io.Discard, s.in)
		return errStopped
	case "badlen":
		putHeader(s.buf, msgResult, 1<<40)
		s.out.Write(s.buf[:frameHeaderSize])
		io.Copy(io.Discard, s.in)
		return errStopped
	case "error":
		return fmt.Errorf("injected failure in iteration %d", iter)
	}
	return nil
}

// errStopped ends a worker that stopped answering on purpose.
var errStopped = errors.New("stopped answering")

// dataReader reads the array stream that follows a set-up frame from data
// frames, checking each frame against the bytes still expected.
type dataReader struct {
	r         io.Reader
	buf       []byte // scratch for frame headers
	left      uint64 // stream bytes not yet announced by a frame header
	frameLeft uint64 // bytes of the current data frame not yet read
}

// read fills p from the stream.
func (d *dataReader) read(p []byte) error {
	for len(p) > 0 {
		if d.frameLeft == 0 {
			if d.left == 0 {
				return protocolErrorf("set-up: the array data is shorter than announced")
			}
			t, n, err := readHeader(d.r, d.buf)
			if err != nil {
				return fmt.Errorf("set-up data: %w", err)
			}
			if t != msgData || n == 0 || n > dataChunk || n > d.left {
				return protocolErrorf("set-up: got a %v frame of %d bytes, want data of 1 to %d bytes", t, n, min(d.left, dataChunk))
			}
			d.left -= n
			d.frameLeft = n
		}
		k := min(uint64(len(p)), d.frameLeft)
		if _, err := io.ReadFull(d.r, p[:k]); err != nil {
			return fmt.Errorf("set-up data: %w", err)
		}
		p = p[k:]
		d.frameLeft -= k
	}
	return nil
}

// readArray reads count elements from the stream, then the padding to 8
// bytes. The array grows as data arrives, so a set-up frame that claims
// more than is sent costs no more memory than what was sent.
func readArray[T int64 | uint32 | float64](d *dataReader, count uint64) ([]T, error) {
	var zero T
	size := uint64(unsafe.Sizeof(zero))
	const first = 1 << 13
	v := make([]T, 0, min(count, first))
	for uint64(len(v)) < count {
		k := min(count-uint64(len(v)), max(uint64(len(v)), first))
		old := len(v)
		v = slices.Grow(v, int(k))[:old+int(k)]
		if err := d.read(unsafe.Slice((*byte)(unsafe.Pointer(&v[old])), k*size)); err != nil {
			return nil, err
		}
	}
	if pad := pad8(count*size) - count*size; pad > 0 {
		var z [8]byte
		if err := d.read(z[:pad]); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// readInto reads n float64s from r into *dst, growing *dst while it is
// shorter (only the first time), so a claimed size costs memory only as
// its bytes arrive.
func readInto(r io.Reader, dst *[]float64, n uint64) error {
	if uint64(len(*dst)) == n {
		_, err := io.ReadFull(r, float64Bytes(*dst))
		return err
	}
	const first = 1 << 13
	v := make([]float64, 0, min(n, first))
	for uint64(len(v)) < n {
		k := min(n-uint64(len(v)), max(uint64(len(v)), first))
		old := len(v)
		v = slices.Grow(v, int(k))[:old+int(k)]
		if _, err := io.ReadFull(r, float64Bytes(v[old:])); err != nil {
			return err
		}
	}
	*dst = v
	return nil
}
