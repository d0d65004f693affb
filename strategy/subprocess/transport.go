package subprocess

import (
	"context"
	"os"

	"github.com/prkbench/prk/strategy"
)

// A transport is how the vectors of one iteration travel between the
// parent and its workers: ipc=pipe (transport_pipe.go) or ipc=shm
// (transport_shm.go). Everything else crosses the pipes the same way
// whatever the transport: the handshake, the blocks of the graph (the
// block codec, codec.go), error reports and, with pipes, shutdown.
//
// transport is the parent's side; serverTransport the worker's.
type transport interface {
	// open readies the vectors before any worker starts, for a problem
	// whose contribution vector is geo.contribLen entries of
	// geo.contribSize bytes, shared by geo.workers workers. A file it
	// returns is inherited by every worker as descriptor sharedFD.
	open(p *strategy.Problem, geo geometry) (*os.File, error)
	// started is called once every worker is running.
	started()
	// setupFlags are the transport's set-up flags.
	setupFlags() uint32
	// shipsStart reports whether a worker keeps its block of the start
	// vector, shipped at set-up.
	shipsStart() bool
	// frameBytes returns the largest frames the command and result pipes
	// of a worker of rows rows carry during iterations, to size them.
	frameBytes(rows int) (command, result int)
	// onExit returns what the exit watcher of worker i runs when the
	// process ends, before anyone learns of it (nil: nothing).
	onExit(i int) func()
	// reset returns the current scores and contributions for Reset to
	// fill with the start vector, and makes the next iteration start from
	// them.
	reset() (x []float64, c strategy.Contribs)
	// iterate runs iteration s.iter on every worker, leaving each worker's
	// partial sums (residual, dangling mass of the next contributions) in
	// its residual and dangling fields, and makes the new vectors
	// current. A failure has stopped the workers (s.stop) and set
	// s.broken when it returns.
	iterate(ctx context.Context, s *subprocess) error
	// scores returns the current scores.
	scores() []float64
	// shutdown asks w to exit cleanly.
	shutdown(s *subprocess, w *worker)
	// release frees the vectors, once every worker is reaped.
	release()
}

// serverTransport is a worker's side of a transport.
type serverTransport interface {
	// serve answers the parent's iterations until it says shutdown or
	// goes away (nil), or something fails.
	serve(s *server) error
	// release frees what the transport holds.
	release()
}

// geometry is what the mapping's header records and both sides check.
type geometry struct {
	n, workers, contribLen, contribSize uint64
}

func (g geometry) contribBytes() uint64 { return pad8(g.contribLen * g.contribSize) }

// size is the mapping's size in bytes.
func (g geometry) size() uint64 {
	return shmHeaderSize + slotSize*g.workers + 16*g.n + 2*g.contribBytes()
}

// newTransport returns the parent's side of the named transport.
func newTransport(ipc ipcMode) transport {
	if ipc == ipcShared {
		return &shmTransport{}
	}
	return &pipeTransport{}
}
