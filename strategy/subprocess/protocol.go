package subprocess

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"unsafe"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/kernel"
)

// The wire protocol between the parent and one worker. docs/subprocess.md
// describes it for readers; this file is its definition.
//
// Every message is a frame: an 8-byte header followed by the payload. The
// header, read as one little-endian uint64, holds a marker byte in bits
// 0-7, the message type in bits 8-15 and the payload length in bits 16-63.
// Payloads are multiples of 8 bytes wherever they carry arrays, so arrays
// stay 8-byte aligned inside frame buffers and can be read and written in
// place; all numbers are little-endian.

const (
	frameHeaderSize = 8
	// frameMarker is the first byte of every frame: a cheap check that the
	// bytes on the pipe are a frame at all.
	frameMarker = 'p'
	// protocolVersion changes whenever the framing or a payload changes.
	// Version 2: the parent's hello names the kernel, so a worker refuses
	// one it cannot run before any block is shipped; set-up flags for f32
	// contributions and the segmented layout; control slots in the shared
	// mapping.
	protocolVersion = 2
	// maxErrorMessage bounds an error frame's payload.
	maxErrorMessage = 4096
	// dataChunk is the largest payload of one data frame: the graph is
	// shipped in chunks of this size from one reused buffer.
	dataChunk = 1 << 20
	// maxKernelName bounds the kernel name carried by the set-up frame.
	maxKernelName = 64
	// maxNodes bounds the node count a set-up frame may claim.
	maxNodes = graph.MaxNodes
	// maxArcs bounds the arc count a set-up frame may claim for one block
	// (2^40: far beyond any graph that fits a machine, far below overflow).
	maxArcs = 1 << 40
)

// helloMagic opens both hello payloads.
var helloMagic = [8]byte{'P', 'R', 'K', 'S', 'U', 'B', 'P', 0}

// msgType is a frame's message type.
type msgType byte

const (
	// msgHello, parent to worker: magic, version, worker index, kernel
	// name (helloParentSize bytes). Worker to parent: magic, version, pid
	// (helloSize bytes).
	msgHello msgType = 1
	// msgSetup, parent to worker: the block's geometry and settings
	// (setupSize bytes). Data frames follow with the block's arrays.
	msgSetup msgType = 2
	// msgData, parent to worker: the next chunk of the block's arrays.
	msgData msgType = 3
	// msgReady, worker to parent: rows and arcs received (16 bytes).
	msgReady msgType = 4
	// msgIterate, parent to worker (pipes only): iteration number, flags,
	// dangling mass (24 bytes), then the whole contribution vector c.
	msgIterate msgType = 5
	// msgResult, worker to parent (pipes only): iteration number,
	// residual, 8 zero bytes (24 bytes), then the block's new scores.
	msgResult msgType = 6
	// msgShutdown, parent to worker (pipes; shared memory says it in the
	// worker's control slot): exit cleanly (no payload).
	msgShutdown msgType = 7
	// msgError, worker to parent: what went wrong, as text, before the
	// worker exits (at most maxErrorMessage bytes).
	msgError msgType = 8
)

func (t msgType) String() string {
	switch t {
	case msgHello:
		return "hello"
	case msgSetup:
		return "setup"
	case msgData:
		return "data"
	case msgReady:
		return "ready"
	case msgIterate:
		return "iterate"
	case msgResult:
		return "result"
	case msgShutdown:
		return "shutdown"
	case msgError:
		return "error"
	}
	return fmt.Sprintf("unknown (%#02x)", byte(t))
}

// Payload sizes of the fixed-size messages.
const (
	helloSize       = 16
	helloParentSize = 24 + maxKernelName
	readySize       = 16
	iterateFixed    = 24
	resultFixed     = 24
	setupSize       = 48
	shmHeaderSize   = 64
)

// Set-up flags.
const (
	setupWeighted     = 1 << 0
	setupPersonalized = 1 << 1
	setupShared       = 1 << 2
	// setupF32: contributions travel and are stored as float32.
	setupF32 = 1 << 3
	// setupSegmented: the worker lays its block out in segments
	// (kernel.NewSegments) and the contribution vector is padded to
	// kernel.PaddedLen(n).
	setupSegmented = 1 << 4
	// setupBlocked: the worker lays its block out in tiles
	// (kernel.NewTiles), the contribution vector padded as for
	// setupSegmented. Both flags together ask for the hybrid layout
	// (kernel.NewHybrid).
	setupBlocked = 1 << 5
	setupKnown   = setupWeighted | setupPersonalized | setupShared | setupF32 | setupSegmented | setupBlocked
)

// Iterate flags.
const (
	// iterateRestart (pipes): the worker's previous scores are its block
	// of the start vector, which it kept from set-up; the parent sets it
	// on the first iteration after Prepare or Reset.
	iterateRestart = 1 << 0
	// iterateParity (shared memory): which of the two score and
	// contribution buffers hold the current ones.
	iterateParity = 1 << 1
	// iterateShutdown (shared memory): the worker is to exit cleanly.
	iterateShutdown = 1 << 2
)

// shmMagic opens the shared mapping.
var shmMagic = [8]byte{'P', 'R', 'K', 'S', 'H', 'M', 0, protocolVersion}

// header encodes a frame header.
func header(t msgType, payload int) uint64 {
	return uint64(frameMarker) | uint64(t)<<8 | uint64(payload)<<16
}

func putHeader(b []byte, t msgType, payload int) {
	binary.LittleEndian.PutUint64(b, header(t, payload))
}

// protocolError is a frame that breaks the protocol.
type protocolError struct{ msg string }

func (e *protocolError) Error() string { return e.msg }

func protocolErrorf(format string, args ...any) error {
	return &protocolError{fmt.Sprintf(format, args...)}
}

// remoteError is the text of an error frame a worker sent.
type remoteError struct{ msg string }

func (e *remoteError) Error() string { return e.msg }

// parseHeader checks a frame header's marker and returns its type and
// payload length.
func parseHeader(b []byte) (msgType, uint64, error) {
	h := binary.LittleEndian.Uint64(b)
	if byte(h) != frameMarker {
		return 0, 0, protocolErrorf("bytes %q are not a prk-subprocess frame header (marker %#02x, want %#02x)", b[:frameHeaderSize], byte(h), frameMarker)
	}
	return msgType(h >> 8), h >> 16, nil
}

// readHeader reads one frame header. It returns io.EOF only when the
// stream ends cleanly before the header.
func readHeader(r io.Reader, buf []byte) (msgType, uint64, error) {
	if _, err := io.ReadFull(r, buf[:frameHeaderSize]); err != nil {
		return 0, 0, err
	}
	return parseHeader(buf)
}

// expectFrame reads a frame header and checks that it is a want frame
// with exactly size payload bytes. An error frame is read (within its
// bound) and returned as a *remoteError.
func expectFrame(r io.Reader, buf []byte, want msgType, size uint64) error {
	t, n, err := readHeader(r, buf)
	if err != nil {
		return err
	}
	if t == msgError {
		return readRemoteError(r, n)
	}
	if t != want {
		return protocolErrorf("got a %v frame, want %v", t, want)
	}
	if n != size {
		return protocolErrorf("%v frame carries %d bytes, want %d", t, n, size)
	}
	return nil
}

// readRemoteError reads the payload of an error frame of n bytes.
func readRemoteError(r io.Reader, n uint64) error {
	if n > maxErrorMessage {
		return protocolErrorf("error frame of %d bytes, the limit is %d", n, maxErrorMessage)
	}
	msg := make([]byte, n)
	if _, err := io.ReadFull(r, msg); err != nil {
		return err
	}
	return &remoteError{string(msg)}
}

// errorFrame encodes an error frame for err, cut to maxErrorMessage bytes.
func errorFrame(err error) []byte {
	msg := err.Error()
	if len(msg) > maxErrorMessage {
		msg = msg[:maxErrorMessage]
	}
	b := make([]byte, frameHeaderSize+len(msg))
	putHeader(b, msgError, len(msg))
	copy(b[frameHeaderSize:], msg)
	return b
}

// nativeLittleEndian reports whether this machine stores numbers
// little-endian, as the protocol does: arrays go on the wire straight from
// memory, so the strategy refuses to run elsewhere.
var nativeLittleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

var errBigEndian = errors.New("subprocess: the strategy ships arrays in little-endian memory order and this machine is big-endian")

// Byte views of arrays, so arrays go to and from pipes without a copy.

func float64Bytes(v []float64) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*8)
}

func uint64Bytes(v []uint64) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*8)
}

func int64Bytes(v []int64) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*8)
}

func uint32Bytes(v []uint32) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*4)
}

// float64sOf views 8-byte-aligned memory as n float64s.
func float64sOf(b []byte, n int) []float64 {
	if n == 0 {
		return nil
	}
	_ = b[n*8-1]
	return unsafe.Slice((*float64)(unsafe.Pointer(&b[0])), n)
}

// frameBuffer returns an 8-byte-aligned buffer of n bytes (n rounded up to
// a multiple of 8 for the allocation).
func frameBuffer(n int) []byte {
	return uint64Bytes(make([]uint64, (n+7)/8))[:n]
}

// pad8 rounds n up to a multiple of 8.
func pad8(n uint64) uint64 { return (n + 7) &^ 7 }

// setup is the set-up frame's payload.
type setup struct {
	n, lo, hi, arcs uint64
	damping         float64
	flags           uint32
	shmFD           uint32
}

func (s *setup) rows() uint64 { return s.hi - s.lo }

func (s *setup) encode(b []byte) {
	le := binary.LittleEndian
	le.PutUint64(b[0:], s.n)
	le.PutUint64(b[8:], s.lo)
	le.PutUint64(b[16:], s.hi)
	le.PutUint64(b[24:], s.arcs)
	le.PutUint64(b[32:], math.Float64bits(s.damping))
	le.PutUint32(b[40:], s.flags)
	le.PutUint32(b[44:], s.shmFD)
}

func (s *setup) decode(b []byte) error {
	le := binary.LittleEndian
	s.n = le.Uint64(b[0:])
	s.lo = le.Uint64(b[8:])
	s.hi = le.Uint64(b[16:])
	s.arcs = le.Uint64(b[24:])
	s.damping = math.Float64frombits(le.Uint64(b[32:]))
	s.flags = le.Uint32(b[40:])
	s.shmFD = le.Uint32(b[44:])
	return nil
}

// contribLen is the length of the contribution vector: n, padded to whole
// windows for the segmented and blocked layouts.
func (s *setup) contribLen() uint64 {
	if s.flags&(setupSegmented|setupBlocked) != 0 {
		return uint64(kernel.PaddedLen(int(s.n)))
	}
	return s.n
}

// contribSize is the size of one contribution: 4 bytes in f32, else 8.
func (s *setup) contribSize() uint64 {
	if s.flags&setupF32 != 0 {
		return 4
	}
	return 8
}

// contribBytes is the size of the contribution vector on the wire and in
// the mapping, padded to 8 bytes.
func (s *setup) contribBytes() uint64 { return pad8(s.contribLen() * s.contribSize()) }

// putHello encodes the parent's hello payload: magic, version, worker
// index, kernel name length, 4 zero bytes, the name zero-padded.
func putHello(b []byte, index int, kernelName string) {
	le := binary.LittleEndian
	copy(b, helloMagic[:])
	le.PutUint32(b[8:], protocolVersion)
	le.PutUint32(b[12:], uint32(index))
	le.PutUint32(b[16:], uint32(len(kernelName)))
	le.PutUint32(b[20:], 0)
	clear(b[24 : 24+maxKernelName])
	copy(b[24:], kernelName)
}

// kernelOfHello returns the kernel name of the parent's hello payload.
func kernelOfHello(b []byte) (string, error) {
	n := binary.LittleEndian.Uint32(b[16:])
	if n > maxKernelName {
		return "", protocolErrorf("hello names a kernel of %d bytes, the limit is %d", n, maxKernelName)
	}
	return string(b[24 : 24+n]), nil
}

// dataBytes returns the size of the array stream that follows a set-up
// frame: offsets, out-degrees, sources, then (weighted) arc weights and
// out-weights, (personalized) teleport, and (pipes) the start block, each
// padded to 8 bytes.
func (s *setup) dataBytes() uint64 {
	rows, arcs := s.rows(), s.arcs
	n := 8*(rows+1) + pad8(4*rows) + pad8(4*arcs)
	if s.flags&setupWeighted != 0 {
		n += 8*arcs + 8*rows
	}
	if s.flags&setupPersonalized != 0 {
		n += 8 * rows
	}
	if s.flags&setupShared == 0 {
		n += 8 * rows
	}
	return n
}
