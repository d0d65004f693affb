package subprocess

import (
	"context"
	"encoding/binary"
	"io"
	"math"
	"os"

	"github.com/prkbench/prk/strategy"
)

// pipeTransport (ipc=pipe) sends every worker the whole contribution
// vector in an iterate frame and gets the block's new scores back in a
// result frame. The parent computes each block's next contributions as
// the block arrives, while the other workers are still answering: n
// divisions cost less than shipping n more values back.
type pipeTransport struct {
	x []float64 // the current scores
	// frames are the iterate frames, double-buffered: the next
	// contributions are computed into one while the other may still be
	// going out to a slow reader. c views their vectors.
	frames  [2][]byte
	c       [2]strategy.Contribs
	cur     int  // the frame holding the current contributions
	restart bool // the next iteration starts from the start vector
	cbytes  int  // bytes of the contribution vector in a frame
}

func (t *pipeTransport) open(p *strategy.Problem, geo geometry) (*os.File, error) {
	t.x = make([]float64, geo.n)
	t.cbytes = int(geo.contribBytes())
	for i := range t.frames {
		t.frames[i] = frameBuffer(frameHeaderSize + iterateFixed + t.cbytes)
		putHeader(t.frames[i], msgIterate, iterateFixed+t.cbytes)
		t.c[i] = contribsOf(t.frames[i][frameHeaderSize+iterateFixed:], int(geo.contribLen), geo.contribSize == 4)
	}
	return nil, nil
}

func (t *pipeTransport) started()           {}
func (t *pipeTransport) setupFlags() uint32 { return 0 }
func (t *pipeTransport) shipsStart() bool   { return true }
func (t *pipeTransport) onExit(int) func()  { return nil }
func (t *pipeTransport) scores() []float64  { return t.x }
func (t *pipeTransport) release()           {}
func (t *pipeTransport) frameBytes(rows int) (int, int) {
	return frameHeaderSize + iterateFixed + t.cbytes, frameHeaderSize + resultFixed + 8*rows
}

func (t *pipeTransport) reset() ([]float64, strategy.Contribs) {
	t.restart = true
	return t.x, t.c[t.cur]
}

func (t *pipeTransport) iterate(ctx context.Context, s *subprocess) error {
	frame, next := t.frames[t.cur], t.c[1-t.cur]
	flags := uint64(0)
	if t.restart {
		flags |= iterateRestart
	}
	putIterate(frame, s.iter, flags, s.dangling)
	err := s.round(ctx, s.iterationStage, func(w *worker, _ *round) error {
		if err := s.write(w, frame); err != nil {
			return err
		}
		b := &w.block
		if err := s.result(w, uint64(8*b.Rows())); err != nil {
			return err
		}
		y := t.x[b.Lo:b.Hi]
		n, err := io.ReadFull(w.fromW, float64Bytes(y))
		s.bytes.Add(int64(n))
		if err != nil {
			return err
		}
		w.dangling = b.Contributions(s.k, next.Slice(b.Lo, b.Hi), y)
		return nil
	})
	if err == nil {
		t.restart = false
		t.cur = 1 - t.cur
	}
	return err
}

func (t *pipeTransport) shutdown(s *subprocess, w *worker) {
	var shutdown [frameHeaderSize]byte
	putHeader(shutdown[:], msgShutdown, 0)
	s.write(w, shutdown[:])
}

func putIterate(frame []byte, iter, flags uint64, dangling float64) {
	le := binary.LittleEndian
	le.PutUint64(frame[8:], iter)
	le.PutUint64(frame[16:], flags)
	le.PutUint64(frame[24:], math.Float64bits(dangling))
}

// pipeServer is a worker's side of the pipe transport.
type pipeServer struct {
	start   []float64 // the block of the start vector, for restarts
	cbuf    []byte    // the whole contribution vector, read each iteration
	c       strategy.Contribs
	results [2][]byte // result frames; the block's scores live inside
	cur     int       // which result frame the next scores go to
}

func newPipeServer(s *server, start []float64) *pipeServer {
	t := &pipeServer{start: start}
	rows := int(s.setup.rows())
	for i := range t.results {
		t.results[i] = frameBuffer(frameHeaderSize + resultFixed + 8*rows)
		putHeader(t.results[i], msgResult, resultFixed+8*rows)
	}
	return t
}

func (t *pipeServer) release() {}

// serve answers iterate frames until shutdown or the end of the input.
func (t *pipeServer) serve(s *server) error {
	b := s.buf
	cbytes := s.setup.contribBytes()
	want := uint64(iterateFixed) + cbytes
	for {
		typ, size, err := readHeader(s.in, b)
		if err == io.EOF {
			return nil // the parent is gone or done
		}
		if err != nil {
			return err
		}
		switch {
		case typ == msgShutdown && size == 0:
			return nil
		case typ != msgIterate:
			return protocolErrorf("got a %v frame of %d bytes, want iterate or shutdown", typ, size)
		case size != want:
			return protocolErrorf("iterate frame carries %d bytes, want %d", size, want)
		}
		fixed := b[frameHeaderSize : frameHeaderSize+iterateFixed]
		if _, err := io.ReadFull(s.in, fixed); err != nil {
			return err
		}
		le := binary.LittleEndian
		iter, flags := le.Uint64(fixed[0:]), le.Uint64(fixed[8:])
		dangling := math.Float64frombits(le.Uint64(fixed[16:]))
		if uint64(len(t.cbuf)) != cbytes {
			if err := readInto(s.in, &t.cbuf, cbytes); err != nil {
				return err
			}
			t.c = contribsOf(t.cbuf, int(s.setup.contribLen()), s.setup.flags&setupF32 != 0)
		} else if _, err := io.ReadFull(s.in, t.cbuf); err != nil {
			return err
		}
		if f := s.opts.fault; f.kind != "" && f.iter == iter {
			switch f.kind {
			case "garbage":
				s.out.Write([]byte("this is not a prk-subprocess frame\n"))
				io.Copy(io.Discard, s.in)
				return nil
			case "badlen":
				putHeader(s.buf, msgResult, 1<<40)
				s.out.Write(s.buf[:frameHeaderSize])
				io.Copy(io.Discard, s.in)
				return nil
			}
			if err := s.misbehave(iter); err == errStopped {
				return nil
			} else if err != nil {
				return err
			}
		}
		if err := t.iterate(s, iter, flags, dangling); err != nil {
			return err
		}
	}
}

// iterate computes the block's new scores into the current result frame
// and sends it; the other frame holds the previous scores.
func (t *pipeServer) iterate(s *server, iter, flags uint64, dangling float64) error {
	rows := int(s.setup.rows())
	frame := t.results[t.cur]
	y := float64sOf(frame[frameHeaderSize+resultFixed:], rows)
	xold := float64sOf(t.results[1-t.cur][frameHeaderSize+resultFixed:], rows)
	if flags&iterateRestart != 0 {
		copy(xold, t.start)
	}
	residual := s.block.RowSums(s.k, y, xold, t.c, dangling)
	le := binary.LittleEndian
	le.PutUint64(frame[8:], iter)
	le.PutUint64(frame[16:], math.Float64bits(residual))
	le.PutUint64(frame[24:], 0)
	t.cur = 1 - t.cur
	_, err := s.out.Write(frame)
	return err
}
