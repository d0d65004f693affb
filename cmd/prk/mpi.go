//go:build mpi

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/graphio"
	mpic "github.com/prkbench/prk/internal/mpi"
	"github.com/prkbench/prk/strategy"
	mpistrategy "github.com/prkbench/prk/strategy/mpi"
)

// A binary built with -tags mpi has the mpi strategy. Started by mpirun,
// every rank runs the same command; rank 0 alone prints and writes
// outputs, and at the end the ranks agree on the exit status: a failure on
// any rank makes every rank exit non-zero, and rank 0 reports the error of
// each rank that failed by itself (not merely because another stopped).

// mpiMain runs prk as one rank of an MPI job when mpirun started it.
func mpiMain(run func(stdout, stderr io.Writer) int) int {
	if !mpic.Launched() {
		code := run(os.Stdout, os.Stderr)
		// The mpi strategy may have started MPI as a job of one.
		if err := mpic.Finalize(); err != nil && code == exitOK {
			fmt.Fprintf(os.Stderr, "prk: %v\n", err)
			code = exitFailure
		}
		return code
	}
	if err := mpic.Init(); err != nil {
		fmt.Fprintf(os.Stderr, "prk: %v\n", err)
		return exitFailure
	}
	tail := &tailWriter{}
	stdout, stderr := io.Writer(os.Stdout), io.Writer(tail)
	if mpic.Rank() == 0 {
		stderr = io.MultiWriter(os.Stderr, tail)
	} else {
		stdout = io.Discard
	}
	code := agreeExit(run(stdout, stderr), tail.lastLine())
	if err := mpic.Finalize(); err != nil && code == exitOK {
		fmt.Fprintf(os.Stderr, "prk: rank %d: %v\n", mpic.Rank(), err)
		code = exitFailure
	}
	return code
}

// writesOutputs reports whether this process writes output files: under
// mpirun only rank 0 does.
func writesOutputs() bool { return !mpic.Initialized() || mpic.Rank() == 0 }

// peerMarker ends the message of an error that only says another rank
// stopped (strategy/mpi.PeerError): rank 0 does not repeat those.
const peerMarker = "its own error says why"

// agreeExit waits until every rank has finished its command, then tells
// every rank every rank's exit status and last error line. Rank 0 prints
// the errors of the other ranks that failed by themselves, once each; every
// rank returns its own status, or if that is 0, the first non-zero one.
func agreeExit(code int, msg string) int {
	if _, _, err := mpic.WaitAll(mpic.Exit, 0, mpic.Exit); err != nil {
		fmt.Fprintf(os.Stderr, "prk: rank %d: %v\n", mpic.Rank(), err)
		return max(code, exitFailure)
	}
	size := mpic.Size()
	head := make([]int64, 2*size)
	if err := mpic.Allgather([]int64{int64(code), int64(len(msg))}, head); err != nil {
		return max(code, exitFailure)
	}
	counts, displs := make([]int, size), make([]int, size)
	total := 0
	for r := range size {
		counts[r], displs[r] = int(head[2*r+1]), total
		total += counts[r]
	}
	text := make([]byte, total)
	copy(text[displs[mpic.Rank()]:], msg)
	if err := mpic.Allgatherv(text, counts, displs); err != nil {
		return max(code, exitFailure)
	}
	final := code
	for r := range size {
		if final == exitOK {
			final = int(head[2*r])
		}
	}
	if mpic.Rank() != 0 {
		return final
	}
	said := map[string]bool{msg: true}
	for r := 1; r < size; r++ {
		m := string(text[displs[r] : displs[r]+counts[r]])
		if head[2*r] == exitOK || m == "" || said[m] || strings.Contains(m, peerMarker) {
			continue
		}
		said[m] = true
		fmt.Fprintf(os.Stderr, "prk: rank %d: %s\n", r, strings.TrimPrefix(m, "prk: "))
	}
	return final
}

// tailWriter keeps the last 4 KiB written to it.
type tailWriter struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tailWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - 4096; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

// lastLine returns the last non-empty line written: prk's error, if any.
func (t *tailWriter) lastLine() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := bytes.Split(bytes.TrimRight(t.buf, "\n"), []byte("\n"))
	return string(lines[len(lines)-1])
}

// isPRKG reports whether path is a regular file that starts as a plain
// .prkg file does.
func isPRKG(path, format string) bool {
	if format != "" && format != graphio.FormatPRKG {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	var magic [4]byte
	_, err = io.ReadFull(f, magic[:])
	return err == nil && string(magic[:]) == "PRKG"
}

// runParts is prk run with --strategy mpi under mpirun: each rank holds
// only its own rows. A plain .prkg file is read in parts: each rank reads
// the offsets and only its own rows' arcs (graphio.OpenPRKG), while rank 0
// also streams the whole file through its checksum. Any other graph (a
// text format, gzip'd, a generator spec) is loaded by rank 0, which sends
// each rank its rows (scatterPart). The ranks then solve a
// strategy.NewPartialProblem each. It returns false when it does not apply.
func runParts(c *cli.Context, plan *solvePlan) (bool, error) {
	if !mpic.Launched() || plan.strategy != "mpi" {
		return false, nil
	}
	if err := mpic.Init(); err != nil {
		return true, err
	}
	start := time.Now()
	var view *graph.CSR
	var part strategy.Part
	var err error
	if isPRKG(plan.spec, plan.load.Format) {
		view, part, err = readPRKGPart(c, plan.spec)
	} else {
		view, part, err = scatterPart(c, plan)
	}
	if err != nil {
		return true, err
	}
	o := plan.opts
	for _, v := range []struct {
		flag string
		dst  *[]float64
	}{{"personalization", &o.Personalization}, {"start", &o.Start}} {
		if path := c.String(v.flag); path != "" {
			if *v.dst, err = readNodeVector(path, view); err != nil {
				return true, err
			}
		}
	}
	if err := o.Validate(view.N); err != nil {
		return true, err
	}
	p, err := strategy.NewPartialProblem(part, o, plan.engine)
	if err != nil {
		return true, fmt.Errorf("%s: %w", plan.spec, err)
	}
	load := time.Since(start)
	ctx, done := solveProgress(c, c.Context, plan.strategy, o.Iterations)
	res, err := strategy.Solve(ctx, plan.strategy, plan.cfg, p)
	done()
	if err != nil {
		return true, err
	}
	return true, reportRun(c, plan.spec, view, load, res, o, "")
}

// readPRKGPart reads this rank's part of the plain .prkg file at path,
// rank 0 also verifying the whole file's checksum meanwhile.
func readPRKGPart(c *cli.Context, path string) (*graph.CSR, strategy.Part, error) {
	f, err := graphio.OpenPRKG(path)
	if err != nil {
		return nil, strategy.Part{}, err
	}
	defer f.Close()
	// No rank can check the checksum from its part alone.
	verified := make(chan error, 1)
	if mpic.Rank() == 0 {
		go func() { verified <- f.VerifyChecksum(c.Context) }()
	} else {
		verified <- nil
	}
	view, part, err := readPart(f)
	if verr := <-verified; verr != nil {
		return nil, strategy.Part{}, verr
	}
	return view, part, err
}

// readPart reads this rank's rows of f. view is a header of the whole
// graph for the report and the ids: N, the arc count and the ids, no arcs.
func readPart(f *graphio.PRKGFile) (*graph.CSR, strategy.Part, error) {
	offsets, err := f.Offsets()
	if err != nil {
		return nil, strategy.Part{}, err
	}
	r := mpistrategy.SplitOffsets(offsets, mpic.Size())[mpic.Rank()]
	rows, err := f.Rows(offsets, r.Lo, r.Hi)
	if err != nil {
		return nil, strategy.Part{}, err
	}
	ids, err := f.IDs()
	if err != nil {
		return nil, strategy.Part{}, err
	}
	// A file stored renumbered (prk convert --order) is solved as stored;
	// its order maps nodes back to the file's ids in every output.
	ord, err := f.Order()
	if err != nil {
		return nil, strategy.Part{}, err
	}
	// The view's offsets say only the arc count (Arcs): nothing reads it
	// by node, and the N+1 offsets read become garbage once the partial
	// problem has its own.
	view := &graph.CSR{N: f.N(), InOffsets: []int64{0, f.Arcs()}, IDs: ids, Order: ord}
	if f.Weighted() {
		view.InWeights = []float64{} // Weighted() reports it; the view holds no arcs
	}
	return view, strategy.Part{N: f.N(), Lo: rows.Lo, Hi: rows.Hi, InOffsets: rows.InOffsets,
		InSources: rows.InSources, InWeights: rows.InWeights, OutDegree: rows.OutDegree, OutWeight: rows.OutWeight}, nil
}
