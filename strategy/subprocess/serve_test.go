package subprocess

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
)

// session writes, frame by frame, what a parent sends a worker serving
// rows [lo, hi) of g over pipes. It encodes by hand from the protocol's
// description rather than with the parent's code.
type session struct {
	bytes.Buffer
}

func (s *session) frame(t msgType, payload []byte) {
	var h [8]byte
	binary.LittleEndian.PutUint64(h[:], uint64('p')|uint64(t)<<8|uint64(len(payload))<<16)
	s.Write(h[:])
	s.Write(payload)
}

func le64(vs ...uint64) []byte {
	b := make([]byte, 8*len(vs))
	for i, v := range vs {
		binary.LittleEndian.PutUint64(b[8*i:], v)
	}
	return b
}

// hello sends the parent's hello naming kernelName: magic, version 2,
// worker index 0, the name's length, 4 zero bytes, the name in 64 bytes.
func (s *session) hello(kernelName string) {
	p := append([]byte("PRKSUBP\x00"), 2, 0, 0, 0, 0, 0, 0, 0)
	p = binary.LittleEndian.AppendUint32(p, uint32(len(kernelName)))
	p = append(p, 0, 0, 0, 0)
	name := make([]byte, 64)
	copy(name, kernelName)
	s.frame(msgHello, append(p, name...))
}

// setup sends the set-up frame and the arrays of rows [lo, hi) of g, with
// the block of the start vector, in data frames of at most chunk bytes.
func (s *session) setup(g *graph.CSR, lo, hi int, start []float64, chunk int) {
	base := g.InOffsets[lo]
	arcs := g.InOffsets[hi] - base
	su := le64(uint64(g.N), uint64(lo), uint64(hi), uint64(arcs), math.Float64bits(0.85))
	su = binary.LittleEndian.AppendUint32(su, 0) // flags: unweighted, uniform, pipes, f64, CSR
	su = binary.LittleEndian.AppendUint32(su, 5)
	s.frame(msgSetup, su)
	var data []byte
	for i := lo; i <= hi; i++ {
		data = binary.LittleEndian.AppendUint64(data, uint64(g.InOffsets[i]-base))
	}
	pad := func() {
		for len(data)%8 != 0 {
			data = append(data, 0)
		}
	}
	for i := lo; i < hi; i++ {
		data = binary.LittleEndian.AppendUint32(data, g.OutDegree[i])
	}
	pad()
	for _, src := range g.InSources[base:g.InOffsets[hi]] {
		data = binary.LittleEndian.AppendUint32(data, src)
	}
	pad()
	for _, x := range start[lo:hi] {
		data = binary.LittleEndian.AppendUint64(data, math.Float64bits(x))
	}
	for len(data) > 0 {
		k := min(chunk, len(data))
		s.frame(msgData, data[:k])
		data = data[k:]
	}
}

func (s *session) iterate(iter, flags uint64, dangling float64, c []float64) {
	p := le64(iter, flags, math.Float64bits(dangling))
	for _, v := range c {
		p = binary.LittleEndian.AppendUint64(p, math.Float64bits(v))
	}
	s.frame(msgIterate, p)
}

// readFrame reads one frame from r.
func readFrame(t *testing.T, r io.Reader) (msgType, []byte) {
	t.Helper()
	var h [8]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		t.Fatalf("reading a frame header: %v", err)
	}
	v := binary.LittleEndian.Uint64(h[:])
	if byte(v) != 'p' {
		t.Fatalf("frame marker %#x", byte(v))
	}
	p := make([]byte, v>>16)
	if _, err := io.ReadFull(r, p); err != nil {
		t.Fatalf("reading a %d-byte payload: %v", len(p), err)
	}
	return msgType(v >> 8), p
}

// TestServeComputesItsBlock runs a worker in process on a hand-encoded
// session and checks its answers against sums computed here.
func TestServeComputesItsBlock(t *testing.T) {
	g := randomGraph(500, 4000, 3, 0.2, false, true)
	const lo, hi, d = 120, 377, 0.85
	n := g.N
	start := make([]float64, n)
	for i := range start {
		start[i] = float64(i%5+1) / float64(3*n)
	}
	cs := [][]float64{make([]float64, n), make([]float64, n)}
	for k, c := range cs {
		for j := range c {
			c[j] = float64((j*7+k)%11) / float64(11*n)
		}
	}
	dangling := []float64{0.125, 0.0625}
	var in session
	in.hello("generic")
	in.setup(g, lo, hi, start, 1000) // small chunks: arrays straddle frames
	in.iterate(1, iterateRestart, dangling[0], cs[0])
	in.iterate(2, 0, dangling[1], cs[1])
	in.frame(msgShutdown, nil)

	var out bytes.Buffer
	if err := serve(&in, &out, serverOptions{}); err != nil {
		t.Fatal(err)
	}
	if typ, p := readFrame(t, &out); typ != msgHello || string(p[:8]) != "PRKSUBP\x00" {
		t.Fatalf("first answer: %v %q", typ, p)
	}
	if typ, p := readFrame(t, &out); typ != msgReady || !bytes.Equal(p, le64(hi-lo, uint64(g.InOffsets[hi]-g.InOffsets[lo]))) {
		t.Fatalf("second answer: %v %v", typ, p)
	}
	xold := start[lo:hi]
	for it, c := range cs {
		typ, p := readFrame(t, &out)
		if typ != msgResult || len(p) != 24+8*(hi-lo) {
			t.Fatalf("iteration %d: %v frame of %d bytes", it+1, typ, len(p))
		}
		if got := binary.LittleEndian.Uint64(p); got != uint64(it+1) {
			t.Errorf("result for iteration %d, want %d", got, it+1)
		}
		y := make([]float64, hi-lo)
		residual := 0.0
		for r := range y {
			sum := 0.0
			for _, s := range g.InNeighbors(lo + r) {
				sum += c[s]
			}
			y[r] = d*sum + (1-d)/float64(n) + d*dangling[it]/float64(n)
			residual += math.Abs(y[r] - xold[r])
			got := math.Float64frombits(binary.LittleEndian.Uint64(p[24+8*r:]))
			if math.Abs(got-y[r]) > 1e-15*y[r] {
				t.Errorf("iteration %d row %d: %v, want %v", it+1, lo+r, got, y[r])
			}
		}
		if got := math.Float64frombits(binary.LittleEndian.Uint64(p[8:])); math.Abs(got-residual) > 1e-13 {
			t.Errorf("iteration %d: residual %v, want %v", it+1, got, residual)
		}
		xold = y
	}
	if out.Len() != 0 {
		t.Errorf("%d bytes after the last result", out.Len())
	}
}

// TestServeRejects feeds a worker broken sessions: each ends with an error
// that says what is wrong, also sent to the parent as an error frame.
func TestServeRejects(t *testing.T) {
	g := randomGraph(50, 200, 1, 0, false, false)
	start := make([]float64, g.N)
	good := func(s *session) { s.hello("generic"); s.setup(g, 10, 40, start, 1<<20) }
	c := make([]float64, g.N)
	cases := []struct {
		name  string
		write func(s *session)
		want  string
	}{
		{"empty", func(s *session) {}, "closed the pipe before the handshake"},
		{"not-a-frame", func(s *session) { s.WriteString("GET / HTTP/1.1\r\n\r\n") }, "not a prk-subprocess frame header"},
		{"bad-magic", func(s *session) {
			s.hello("generic")
			s.Bytes()[15] = 'X'
		}, `magic "PRKSUBPX"`},
		{"bad-version", func(s *session) { s.frame(msgHello, append([]byte("PRKSUBP\x00"), 9, 0, 0, 0, 0, 0, 0, 0)) }, "hello frame carries 16 bytes, want 88"},
		{"old-version", func(s *session) {
			s.hello("generic")
			s.Bytes()[16] = 1
		}, "protocol version 1, want 2"},
		{"setup-first", func(s *session) { s.frame(msgSetup, make([]byte, 48)) }, "got a setup frame, want hello"},
		{"unknown-kernel", func(s *session) { s.hello("nosuch"); s.setup(g, 10, 40, start, 1<<20) }, `cannot run the parent's kernel (workers find kernels by name in their own binary's registry): kernel "nosuch" is not in this binary`},
		{"auto-kernel", func(s *session) { s.hello("auto") }, `the parent must name its kernel, not "auto"`},
		{"empty-block", func(s *session) { s.hello("generic"); s.setup(g, 40, 40, start, 1<<20) }, "rows [40, 40) are not a non-empty block of 50 nodes"},
		{"short-data", func(s *session) {
			s.hello("generic")
			s.setup(g, 10, 40, start, 1<<20)
			s.Truncate(s.Len() - 8)
		}, "unexpected EOF"},
		{"oversized-data-frame", func(s *session) {
			s.hello("generic")
			s.setup(g, 10, 40, start, 1<<20)
			b := s.Bytes()
			// Claim one byte more in the first data frame's header.
			at := 8 + 88 + 8 + 48
			binary.LittleEndian.PutUint64(b[at:], binary.LittleEndian.Uint64(b[at:])+1<<16)
		}, "want data of 1 to"},
		{"source-beyond-n", func(s *session) {
			s.hello("generic")
			bad := *g
			bad.InSources = append([]uint32(nil), g.InSources...)
			bad.InSources[g.InOffsets[12]] = 50
			s.setup(&bad, 10, 40, start, 1<<20)
		}, "has source 50, beyond 50 nodes"},
		{"wrong-iterate-length", func(s *session) { good(s); s.iterate(1, 0, 0, c[:10]) }, "iterate frame carries 104 bytes, want 424"},
		{"result-from-parent", func(s *session) { good(s); s.frame(msgResult, make([]byte, 24)) }, "got a result frame of 24 bytes, want iterate or shutdown"},
		{"shared-not-allowed", func(s *session) {
			s.hello("generic")
			s.setup(g, 10, 40, start, 1<<20)
			s.Bytes()[8+88+8+40] = setupShared
		}, "shared memory is not allowed here"},
		{"unknown-flag", func(s *session) {
			s.hello("generic")
			s.setup(g, 10, 40, start, 1<<20)
			s.Bytes()[8+88+8+40] = 1 << 6
		}, "unknown flags 0x40"},
	}
	for _, c := range cases {
		var in session
		c.write(&in)
		var out bytes.Buffer
		err := serve(&in, &out, serverOptions{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
			continue
		}
		// The error frame is the last frame the worker wrote.
		msg := ""
		for out.Len() > 0 {
			typ, p := readFrame(t, &out)
			if typ == msgError {
				msg = string(p)
			}
		}
		if msg != err.Error() {
			t.Errorf("%s: error frame says %q, want %q", c.name, msg, err)
		}
	}
}

// TestServeBoundsMemory: a set-up frame that claims a huge block costs no
// more memory than the bytes that really arrive.
func TestServeBoundsMemory(t *testing.T) {
	var in session
	in.hello("generic")
	su := le64(maxNodes, 0, maxNodes, maxArcs, math.Float64bits(0.85))
	su = append(su, make([]byte, 8)...)
	in.frame(msgSetup, su)
	in.frame(msgData, make([]byte, 1<<20))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := serve(&in, io.Discard, serverOptions{})
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "EOF") {
		t.Errorf("error %v, want the end of the input", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("serving 1 MiB of data allocated %d MiB", grew>>20)
	}
}

func TestTailBuffer(t *testing.T) {
	var b tailBuffer
	b.Write([]byte(strings.Repeat("x", 5000) + "\nfirst\n\n"))
	b.Write([]byte("second\nthird\n"))
	if got := b.lastLines(2); got != "second | third" {
		t.Errorf("last lines %q", got)
	}
	if len(b.buf) > tailSize {
		t.Errorf("kept %d bytes, the limit is %d", len(b.buf), tailSize)
	}
}

// FuzzServe feeds a worker arbitrary input: it must end with an error or
// cleanly, never panic, hang or allocate by a claimed size.
func FuzzServe(f *testing.F) {
	g := randomGraph(40, 150, 2, 0.1, false, true)
	start := make([]float64, g.N)
	var s session
	s.hello("generic")
	s.setup(g, 5, 30, start, 256)
	s.iterate(1, iterateRestart, 0.1, start)
	s.frame(msgShutdown, nil)
	f.Add(s.Bytes())
	f.Add(s.Bytes()[:200])
	f.Fuzz(func(t *testing.T, data []byte) {
		serve(bytes.NewReader(data), io.Discard, serverOptions{})
	})
}

// FuzzExpectFrame feeds the parent's frame reader arbitrary bytes: it
// accepts only a frame of exactly the expected type and size, and reads an
// error frame within its bound.
func FuzzExpectFrame(f *testing.F) {
	f.Add(le64(uint64('p') | uint64(msgResult)<<8 | 24<<16))
	f.Add(append(le64(uint64('p')|uint64(msgError)<<8|5<<16), "oops!"...))
	f.Add(le64(uint64('p') | uint64(msgError)<<8 | 1<<56))
	f.Fuzz(func(t *testing.T, data []byte) {
		buf := frameBuffer(64)
		err := expectFrame(bytes.NewReader(data), buf, msgResult, 24)
		if err == nil && (len(data) < 8 || binary.LittleEndian.Uint64(data) != uint64('p')|uint64(msgResult)<<8|24<<16) {
			t.Errorf("accepted header %x", data[:min(8, len(data))])
		}
		var remote *remoteError
		if errors.As(err, &remote) && len(remote.msg) > maxErrorMessage {
			t.Errorf("error message of %d bytes", len(remote.msg))
		}
	})
}
