package kernel

import (
	"math/rand/v2"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// guarded returns a slice of n T whose last element ends exactly where a
// PROT_NONE page begins, so any read past the end faults the test.
func guarded[T any](t *testing.T, n int) []T {
	t.Helper()
	page := unix.Getpagesize()
	size := int(unsafe.Sizeof(*new(T)))
	if n*size > page {
		t.Fatalf("guarded slice of %d bytes does not fit a page", n*size)
	}
	mem, err := unix.Mmap(-1, 0, 2*page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	t.Cleanup(func() { unix.Munmap(mem) })
	if err := unix.Mprotect(mem[page:], unix.PROT_NONE); err != nil {
		t.Skipf("mprotect: %v", err)
	}
	if n == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(&mem[page-size])), 1)[:0]
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&mem[page-n*size])), n)
}

func guardedCopy[T any](t *testing.T, s []T) []T {
	g := guarded[T](t, len(s))
	copy(g, s)
	return g
}

// TestNoReadPastEnd runs every kernel on inputs that end at a page boundary:
// vector loads that run past the last element would fault.
func TestNoReadPastEnd(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, v := range kernelsUnderTest(t) {
		for n := 0; n <= 2*maxVectorWidth+3; n++ {
			x := guarded[float64](t, n)
			deg := guarded[uint32](t, n)
			w := guarded[float64](t, n)
			for j := range n {
				x[j] = randomScore(rng)
				deg[j] = randomDegree(rng)
				w[j] = randomOutWeight(rng)
			}
			checkContributions(t, v.name, v.k, x, deg)
			checkWeightedContributions(t, v.name, v.k, x, w)

			// One row of n arcs, then n rows of one arc, over a guarded c
			// whose last element the sources hit.
			for _, degrees := range [][]int{{n}, make([]int, n)} {
				for i := range degrees {
					if len(degrees) > 1 {
						degrees[i] = 1
					}
				}
				for _, weighted := range []bool{false, true} {
					rc := randomRows(rng, n+1, degrees, 0, weighted)
					rc.c = guardedCopy(t, rc.c)
					rc.sources = guardedCopy(t, rc.sources)
					rc.offsets = guardedCopy(t, rc.offsets)
					rc.xold = guardedCopy(t, rc.xold)
					if weighted {
						rc.weights = guardedCopy(t, rc.weights)
					}
					checkRowSums(t, v.name, v.k, rc, exactShortRows(v))
				}
			}
		}
	}
}
