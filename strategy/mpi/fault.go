//go:build mpi

package mpi

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// fault is a failure a test asks one rank to commit, through the "fault"
// parameter: die:rank=R:iter=K makes rank R kill itself with SIGKILL as
// iteration K starts, as a crashed or killed node would. It exists only to
// test that the job then ends with an error naming the rank.
type fault struct {
	die  bool
	rank int
	iter uint64
}

func parseFault(spec string) (fault, error) {
	f := fault{iter: 1}
	if spec == "" {
		return f, nil
	}
	parts := strings.Split(spec, ":")
	if parts[0] != "die" {
		return f, fmt.Errorf("fault %q: unknown kind %q (want die:rank=R:iter=K)", spec, parts[0])
	}
	f.die = true
	for _, p := range parts[1:] {
		key, val, ok := strings.Cut(p, "=")
		n, err := strconv.ParseUint(val, 10, 31)
		switch {
		case !ok || err != nil:
			return f, fmt.Errorf("fault %q: %q is not key=number", spec, p)
		case key == "rank":
			f.rank = int(n)
		case key == "iter" && n > 0:
			f.iter = n
		default:
			return f, fmt.Errorf("fault %q: unknown setting %q (want rank=R or iter=K, K from 1)", spec, p)
		}
	}
	return f, nil
}

// maybe commits the fault if it is rank's in iteration iter.
func (f fault) maybe(rank int, iter uint64) {
	if f.die && rank == f.rank && iter == f.iter {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // SIGKILL is not caught; wait for it
	}
}
