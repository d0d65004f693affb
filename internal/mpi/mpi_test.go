//go:build mpi

package mpi

import (
	"fmt"
	"os"
	"slices"
	"testing"
)

// Run under mpirun (make test-mpi) for several ranks, or alone as one.
func TestMain(m *testing.M) {
	if err := Init(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if err := Finalize(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

func TestRankSize(t *testing.T) {
	if Size() < 1 || Rank() < 0 || Rank() >= Size() {
		t.Fatalf("rank %d of %d", Rank(), Size())
	}
	if err := Init(); err != nil {
		t.Errorf("a second Init: %v", err)
	}
	if !Initialized() || !Built {
		t.Error("Initialized or Built is false after Init")
	}
}

func TestAllreduce(t *testing.T) {
	r, p := Rank(), Size()
	f := []float64{float64(r), 1}
	if err := AllreduceSum(f); err != nil {
		t.Fatal(err)
	}
	if want := []float64{float64(p * (p - 1) / 2), float64(p)}; !slices.Equal(f, want) {
		t.Errorf("sum %v, want %v", f, want)
	}
	u := []uint32{uint32(r)}
	if err := AllreduceMax(u); err != nil {
		t.Fatal(err)
	}
	if u[0] != uint32(p-1) {
		t.Errorf("max %d, want %d", u[0], p-1)
	}
	if err := AllreduceSum([]int64{}); err != nil {
		t.Errorf("empty buffer: %v", err)
	}
}

func TestAllgathervAndAlltoallv(t *testing.T) {
	r, p := Rank(), Size()
	// Rank q owns q+1 entries; the buffer is filled in place.
	counts, displs := make([]int, p), make([]int, p)
	total := 0
	for q := range p {
		counts[q], displs[q] = q+1, total
		total += q + 1
	}
	buf := make([]float32, total)
	for i := range counts[r] {
		buf[displs[r]+i] = float32(100*r + i)
	}
	if err := Allgatherv(buf, counts, displs); err != nil {
		t.Fatal(err)
	}
	for q := range p {
		for i := range counts[q] {
			if got := buf[displs[q]+i]; got != float32(100*q+i) {
				t.Fatalf("entry %d of rank %d is %v", i, q, got)
			}
		}
	}
	// Every rank sends rank q the pair (r, q).
	send, recv := make([]int64, 2*p), make([]int64, 2*p)
	c, d := make([]int, p), make([]int, p)
	for q := range p {
		send[2*q], send[2*q+1] = int64(r), int64(q)
		c[q], d[q] = 2, 2*q
	}
	if err := Alltoallv(send, c, d, recv, c, d); err != nil {
		t.Fatal(err)
	}
	for q := range p {
		if recv[2*q] != int64(q) || recv[2*q+1] != int64(r) {
			t.Fatalf("from rank %d got %v", q, recv[2*q:2*q+2])
		}
	}
}

func TestBcastAndStep(t *testing.T) {
	b := []byte("xxxx")
	if Rank() == 0 {
		copy(b, "root")
	}
	if err := Bcast(b, 0); err != nil {
		t.Fatal(err)
	}
	if string(b) != "root" {
		t.Errorf("Bcast gave %q", b)
	}
	ids := []uint64{0, 0}
	if Rank() == 0 {
		ids = []uint64{1 << 63, 7}
	}
	if err := Bcast(ids, 0); err != nil || ids[0] != 1<<63 || ids[1] != 7 {
		t.Errorf("Bcast of uint64 gave %v (%v)", ids, err)
	}
	st, err := Step(7, float64(Rank()))
	if err != nil {
		t.Fatal(err)
	}
	if !st.Agreed(7) || st.FirstOther(7) != -1 || st.Sum() != float64(Size()*(Size()-1)/2) {
		t.Errorf("Step: %+v", st)
	}
	kind := int64(7)
	if Rank() == Size()-1 {
		kind = Failed
	}
	st, err = Step(kind, 0)
	if err != nil {
		t.Fatal(err)
	}
	if st.Agreed(7) || st.FirstOther(7) != Size()-1 {
		t.Errorf("Step with rank %d failed: %+v", Size()-1, st)
	}
}

// TestBadArguments: misuse is an error before MPI sees it, never a crash.
func TestBadArguments(t *testing.T) {
	p := Size()
	if err := Allgatherv(make([]float64, 1), make([]int, p+1), make([]int, p+1)); err == nil {
		t.Error("Allgatherv with too many counts succeeded")
	}
	c := make([]int, p)
	c[0] = 5
	if err := Allgatherv(make([]float64, 1), c, make([]int, p)); err == nil {
		t.Error("Allgatherv with counts beyond the buffer succeeded")
	}
	if err := Allgather(make([]int64, 2), make([]int64, 1)); err == nil {
		t.Error("Allgather into a short buffer succeeded")
	}
	if err := Bcast([]byte{1}, p); err == nil {
		t.Error("Bcast from a rank beyond the job succeeded")
	}
}
