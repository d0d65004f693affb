//go:build mpi

package mpi

/*
#cgo pkg-config: ompi-c
#include <mpi.h>
#include <stdlib.h>

// Open MPI's handles (MPI_COMM_WORLD, MPI_DOUBLE, ...) are macros over
// global structs, which cgo cannot name: these helpers do it in C.

static MPI_Datatype prk_type(int t) {
	switch (t) {
	case 1: return MPI_FLOAT;
	case 2: return MPI_DOUBLE;
	case 3: return MPI_INT64_T;
	case 4: return MPI_UINT32_T;
	case 5: return MPI_UINT64_T;
	default: return MPI_BYTE;
	}
}

static int prk_init(int *provided) {
	int rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, provided);
	if (rc != MPI_SUCCESS) return rc;
	return MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
}
static int prk_initialized(int *flag) { return MPI_Initialized(flag); }
static int prk_finalized(int *flag) { return MPI_Finalized(flag); }
static int prk_finalize(void) { return MPI_Finalize(); }
static int prk_rank(int *r) { return MPI_Comm_rank(MPI_COMM_WORLD, r); }
static int prk_size(int *s) { return MPI_Comm_size(MPI_COMM_WORLD, s); }
static int prk_abort(int code) { return MPI_Abort(MPI_COMM_WORLD, code); }

static int prk_allreduce_sum(void *buf, int count, int t) {
	return MPI_Allreduce(MPI_IN_PLACE, buf, count, prk_type(t), MPI_SUM, MPI_COMM_WORLD);
}
static int prk_allreduce_max(void *buf, int count, int t) {
	return MPI_Allreduce(MPI_IN_PLACE, buf, count, prk_type(t), MPI_MAX, MPI_COMM_WORLD);
}
static int prk_allgather(void *send, int count, void *recv, int t) {
	return MPI_Allgather(send, count, prk_type(t), recv, count, prk_type(t), MPI_COMM_WORLD);
}
static int prk_allgatherv_inplace(void *buf, int *counts, int *displs, int t) {
	return MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, buf, counts, displs, prk_type(t), MPI_COMM_WORLD);
}
static int prk_alltoallv(void *send, int *scounts, int *sdispls, void *recv, int *rcounts, int *rdispls, int t) {
	return MPI_Alltoallv(send, scounts, sdispls, prk_type(t), recv, rcounts, rdispls, prk_type(t), MPI_COMM_WORLD);
}
static int prk_bcast(void *buf, int count, int root, int t) {
	return MPI_Bcast(buf, count, prk_type(t), root, MPI_COMM_WORLD);
}
static void prk_error_string(int code, char *buf, int *len) {
	MPI_Error_string(code, buf, len);
}
static int prk_max_error_string(void) { return MPI_MAX_ERROR_STRING; }
*/
import "C"

import (
	"fmt"
	"math"
	"sync"
	"unsafe"
)

// Built reports whether this binary was built with -tags mpi.
const Built = true

var (
	// mu serializes every MPI call: the library was initialized with
	// MPI_THREAD_SERIALIZED, and goroutines may run on any thread.
	mu         sync.Mutex
	inited     bool
	finalized  bool
	rank, size int
)

// Elem is an element type the collectives move.
type Elem interface {
	~byte | ~float32 | ~float64 | ~int64 | ~uint32 | ~uint64
}

// typeOf returns prk_type's code for T.
func typeOf[T Elem]() C.int {
	var z T
	switch any(z).(type) {
	case float32:
		return 1
	case float64:
		return 2
	case int64:
		return 3
	case uint32:
		return 4
	case uint64:
		return 5
	}
	return 0
}

// Error is a failed MPI call: the call's name, its MPI error code and
// Open MPI's message for it.
type Error struct {
	Call string
	Code int
	Msg  string
}

func (e *Error) Error() string {
	return fmt.Sprintf("mpi: %s failed on rank %d of %d: %s (MPI error %d)", e.Call, rank, size, e.Msg, e.Code)
}

func check(call string, rc C.int) error {
	if rc == C.MPI_SUCCESS {
		return nil
	}
	buf := make([]byte, int(C.prk_max_error_string())+1)
	var n C.int
	C.prk_error_string(rc, (*C.char)(unsafe.Pointer(&buf[0])), &n)
	return &Error{Call: call, Code: int(rc), Msg: string(buf[:n])}
}

// Init initializes MPI once per process (later calls do nothing) with the
// errors-return handler, so a failed call is an error, not an abort. A
// process not started by mpirun becomes a job of one rank (a singleton).
// Init after Finalize is an error: MPI cannot be restarted.
func Init() error {
	mu.Lock()
	defer mu.Unlock()
	if finalized {
		return fmt.Errorf("mpi: Init after Finalize")
	}
	if inited {
		return nil
	}
	var provided C.int
	if err := check("MPI_Init_thread", C.prk_init(&provided)); err != nil {
		return err
	}
	if provided < C.MPI_THREAD_SERIALIZED {
		return fmt.Errorf("mpi: the MPI library gives thread level %d, prk needs MPI_THREAD_SERIALIZED", int(provided))
	}
	var r, s C.int
	if err := check("MPI_Comm_rank", C.prk_rank(&r)); err != nil {
		return err
	}
	if err := check("MPI_Comm_size", C.prk_size(&s)); err != nil {
		return err
	}
	rank, size, inited = int(r), int(s), true
	return nil
}

// Initialized reports whether Init succeeded and Finalize has not run.
func Initialized() bool {
	mu.Lock()
	defer mu.Unlock()
	return inited && !finalized
}

// Finalize shuts MPI down; every rank must call it before exiting, or
// mpirun reports the job as failed. It does nothing if Init never ran or
// Finalize already did.
func Finalize() error {
	mu.Lock()
	defer mu.Unlock()
	if !inited || finalized {
		return nil
	}
	finalized = true
	return check("MPI_Finalize", C.prk_finalize())
}

// Rank returns this process's rank in MPI_COMM_WORLD (0 before Init).
func Rank() int { return rank }

// Size returns the number of ranks in MPI_COMM_WORLD (0 before Init).
func Size() int { return size }

// Abort ends every rank of the job with code; it does not return when MPI
// works.
func Abort(code int) error {
	mu.Lock()
	defer mu.Unlock()
	return check("MPI_Abort", C.prk_abort(C.int(code)))
}

// ready returns an error unless MPI is usable.
func ready(call string) error {
	if !inited || finalized {
		return fmt.Errorf("mpi: %s before Init or after Finalize", call)
	}
	return nil
}

func count(call string, n int) (C.int, error) {
	if n < 0 || n > math.MaxInt32 {
		return 0, fmt.Errorf("mpi: %s of %d elements: MPI counts are 32-bit", call, n)
	}
	return C.int(n), nil
}

func ptr[T Elem](s []T) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(&s[0])
}

// cints converts counts or displacements to C ints, refusing values that
// do not fit.
func cints(call string, xs []int) ([]C.int, error) {
	out := make([]C.int, len(xs))
	for i, x := range xs {
		c, err := count(call, x)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// AllreduceSum replaces buf on every rank by the element-wise sum of every
// rank's buf. The order of a floating-point sum is the library's; use
// Allgather and add in rank order where every rank must get the same bits.
func AllreduceSum[T Elem](buf []T) error {
	return allreduce("MPI_Allreduce(SUM)", buf, false)
}

// AllreduceMax is AllreduceSum with the maximum.
func AllreduceMax[T Elem](buf []T) error {
	return allreduce("MPI_Allreduce(MAX)", buf, true)
}

func allreduce[T Elem](call string, buf []T, isMax bool) error {
	mu.Lock()
	defer mu.Unlock()
	if err := ready(call); err != nil {
		return err
	}
	n, err := count(call, len(buf))
	if err != nil || n == 0 {
		return err
	}
	if isMax {
		return check(call, C.prk_allreduce_max(ptr(buf), n, typeOf[T]()))
	}
	return check(call, C.prk_allreduce_sum(ptr(buf), n, typeOf[T]()))
}

// Allgather sends send (the same length on every rank) to every rank;
// recv, of Size()*len(send) elements, receives rank r's at r*len(send).
func Allgather[T Elem](send, recv []T) error {
	const call = "MPI_Allgather"
	mu.Lock()
	defer mu.Unlock()
	if err := ready(call); err != nil {
		return err
	}
	if len(recv) != size*len(send) {
		return fmt.Errorf("mpi: %s: receive buffer of %d for %d ranks of %d", call, len(recv), size, len(send))
	}
	n, err := count(call, len(send))
	if err != nil || n == 0 {
		return err
	}
	return check(call, C.prk_allgather(ptr(send), n, ptr(recv), typeOf[T]()))
}

// Allgatherv fills buf in place: rank r's entries buf[displs[r]:][:counts[r]]
// go to every rank. counts and displs have Size() entries, the same on
// every rank.
func Allgatherv[T Elem](buf []T, counts, displs []int) error {
	const call = "MPI_Allgatherv"
	mu.Lock()
	defer mu.Unlock()
	if err := ready(call); err != nil {
		return err
	}
	if len(counts) != size || len(displs) != size {
		return fmt.Errorf("mpi: %s: %d counts and %d displacements for %d ranks", call, len(counts), len(displs), size)
	}
	for r := range counts {
		if counts[r] < 0 || displs[r] < 0 || displs[r]+counts[r] > len(buf) {
			return fmt.Errorf("mpi: %s: rank %d's %d entries at %d lie outside the buffer of %d", call, r, counts[r], displs[r], len(buf))
		}
	}
	c, err := cints(call, counts)
	if err != nil {
		return err
	}
	d, err := cints(call, displs)
	if err != nil {
		return err
	}
	var one [1]T // MPI wants a valid address even for an empty buffer
	p := ptr(buf)
	if p == nil {
		p = unsafe.Pointer(&one[0])
	}
	return check(call, C.prk_allgatherv_inplace(p, &c[0], &d[0], typeOf[T]()))
}

// Alltoallv sends send[sdispls[r]:][:scounts[r]] to rank r and receives
// rank r's message into recv[rdispls[r]:][:rcounts[r]]. Each rank's
// rcounts[r] must equal rank r's scounts for it.
func Alltoallv[T Elem](send []T, scounts, sdispls []int, recv []T, rcounts, rdispls []int) error {
	const call = "MPI_Alltoallv"
	mu.Lock()
	defer mu.Unlock()
	if err := ready(call); err != nil {
		return err
	}
	for _, v := range [][]int{scounts, sdispls, rcounts, rdispls} {
		if len(v) != size {
			return fmt.Errorf("mpi: %s: %d counts or displacements for %d ranks", call, len(v), size)
		}
	}
	for r := range size {
		if scounts[r] < 0 || sdispls[r] < 0 || sdispls[r]+scounts[r] > len(send) ||
			rcounts[r] < 0 || rdispls[r] < 0 || rdispls[r]+rcounts[r] > len(recv) {
			return fmt.Errorf("mpi: %s: rank %d's counts or displacements lie outside the buffers", call, r)
		}
	}
	var sc, sd, rc, rd []C.int
	var err error
	for _, p := range []struct {
		dst *[]C.int
		src []int
	}{{&sc, scounts}, {&sd, sdispls}, {&rc, rcounts}, {&rd, rdispls}} {
		if *p.dst, err = cints(call, p.src); err != nil {
			return err
		}
	}
	var one, two [1]T
	sp, rp := ptr(send), ptr(recv)
	if sp == nil {
		sp = unsafe.Pointer(&one[0])
	}
	if rp == nil {
		rp = unsafe.Pointer(&two[0])
	}
	return check(call, C.prk_alltoallv(sp, &sc[0], &sd[0], rp, &rc[0], &rd[0], typeOf[T]()))
}

// Bcast copies root's buf to every rank's buf (the same length on all).
func Bcast[T Elem](buf []T, root int) error {
	const call = "MPI_Bcast"
	mu.Lock()
	defer mu.Unlock()
	if err := ready(call); err != nil {
		return err
	}
	if root < 0 || root >= size {
		return fmt.Errorf("mpi: %s from rank %d of %d", call, root, size)
	}
	n, err := count(call, len(buf))
	if err != nil || n == 0 {
		return err
	}
	return check(call, C.prk_bcast(ptr(buf), n, C.int(root), typeOf[T]()))
}
