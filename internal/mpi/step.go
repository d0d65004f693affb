//go:build mpi

package mpi

import (
	"math"
	"time"
)

// Every collective step of prk starts with Step, an Allgather in which each
// rank says what it is about to do (its kind) and one number. Only when
// every rank said the same non-negative kind do the ranks go on to the
// step's payload collectives (Allgatherv, Alltoallv, ...), so MPI never
// sees mismatched collectives, which it does not detect and which hang.
// A rank that stops (its context was cancelled, its input was bad, it is
// closing or exiting) keeps answering Steps with a negative kind until
// every rank has stopped too: the others learn who stopped at their next
// Step and stop as well, instead of waiting in a payload collective for a
// rank that never comes.

// Kinds every user of Step shares. Positive kinds are the caller's own.
const (
	// Exit is a rank leaving the program (prk's main); it answers Steps
	// until every rank is exiting.
	Exit int64 = -1
	// Closing is a rank closing its solve.
	Closing int64 = -2
	// Cancelled is a rank whose solve's context was cancelled.
	Cancelled int64 = -3
	// Failed is a rank whose own work failed (bad input, a panic).
	Failed int64 = -4
)

// Steps is what every rank said at one Step, by rank.
type Steps struct {
	Kinds  []int64
	Values []float64
}

// Step tells every rank this rank's kind and value and returns what all
// said. It is collective: every rank must call it the same number of
// times.
func Step(kind int64, value float64) (Steps, error) {
	send := []int64{kind, int64(math.Float64bits(value))}
	recv := make([]int64, 2*Size())
	if err := Allgather(send, recv); err != nil {
		return Steps{}, err
	}
	s := Steps{Kinds: make([]int64, Size()), Values: make([]float64, Size())}
	for r := range s.Kinds {
		s.Kinds[r] = recv[2*r]
		s.Values[r] = math.Float64frombits(uint64(recv[2*r+1]))
	}
	return s, nil
}

// Agreed reports whether every rank said kind.
func (s Steps) Agreed(kind int64) bool {
	for _, k := range s.Kinds {
		if k != kind {
			return false
		}
	}
	return true
}

// AllIn reports whether every rank said one of kinds.
func (s Steps) AllIn(kinds ...int64) bool {
	for _, k := range s.Kinds {
		ok := false
		for _, want := range kinds {
			ok = ok || k == want
		}
		if !ok {
			return false
		}
	}
	return true
}

// FirstOther returns the lowest rank that did not say kind, or -1.
func (s Steps) FirstOther(kind int64) int {
	for r, k := range s.Kinds {
		if k != kind {
			return r
		}
	}
	return -1
}

// Sum adds the values in rank order, so every rank gets the same bits
// (MPI_Allreduce does not promise that for floating point).
func (s Steps) Sum() float64 {
	sum := 0.0
	for _, v := range s.Values {
		sum += v
	}
	return sum
}

// KindName names the shared kinds for messages.
func KindName(k int64) string {
	switch k {
	case Exit:
		return "exiting"
	case Closing:
		return "closing"
	case Cancelled:
		return "cancelled"
	case Failed:
		return "failed"
	}
	return "working"
}

// WaitAll answers Steps with kind until every rank says one of until, or
// until limit passes (limit <= 0: no limit). It sleeps between rounds so
// that ranks that wait long do not spin. It returns the last Steps and
// whether every rank reached until.
func WaitAll(kind int64, limit time.Duration, until ...int64) (Steps, bool, error) {
	start := time.Now()
	for {
		s, err := Step(kind, 0)
		if err != nil {
			return s, false, err
		}
		if s.AllIn(until...) {
			return s, true, nil
		}
		if limit > 0 && time.Since(start) > limit {
			return s, false, nil
		}
		time.Sleep(time.Millisecond)
	}
}
