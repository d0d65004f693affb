package graphio

import (
	"compress/gzip"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prkbench/prk/graph/order"
)

// writePRKGBytes writes data to a file in a test directory.
func writePRKGBytes(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "g.prkg")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPRKGRows reads every graph of the round trip in parts, for several
// cuts, and checks that the parts are exactly the whole graph's rows, and
// that the checksum verifies.
func TestPRKGRows(t *testing.T) {
	for name, g := range prkgCases(t) {
		t.Run(name, func(t *testing.T) {
			f, err := OpenPRKG(writePRKGBytes(t, prkgEncode(t, g)))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if f.N() != g.N || f.Arcs() != g.Arcs() || f.Weighted() != g.Weighted() || f.HasIDs() != (g.IDs != nil) {
				t.Fatalf("header: %d nodes, %d arcs, weighted %v, ids %v", f.N(), f.Arcs(), f.Weighted(), f.HasIDs())
			}
			if err := f.VerifyChecksum(t.Context()); err != nil {
				t.Fatal(err)
			}
			off, err := f.Offsets()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(off, g.InOffsets) {
				t.Fatal("offsets differ")
			}
			ids, err := f.IDs()
			if err != nil || !slices.Equal(ids, g.IDs) {
				t.Fatalf("ids differ (err %v)", err)
			}
			ord, err := f.Order()
			if err != nil || !slices.Equal(ord, g.Order) || (ord == nil) != (g.Order == nil) {
				t.Fatalf("stored order differs (err %v)", err)
			}
			for _, parts := range []int{1, 2, 3, 7} {
				for p := range parts {
					lo, hi := g.N*p/parts, g.N*(p+1)/parts
					r, err := f.Rows(off, lo, hi)
					if err != nil {
						t.Fatal(err)
					}
					a, b := g.InOffsets[lo], g.InOffsets[hi]
					if !slices.Equal(r.InOffsets, g.InOffsets[lo:hi+1]) || !slices.Equal(r.InSources, g.InSources[a:b]) ||
						!slices.Equal(r.OutDegree, g.OutDegree[lo:hi]) {
						t.Fatalf("rows [%d, %d) differ", lo, hi)
					}
					if g.Weighted() && (!slices.Equal(r.InWeights, g.InWeights[a:b]) || !slices.Equal(r.OutWeight, g.OutWeight[lo:hi])) {
						t.Fatalf("rows [%d, %d): weights differ", lo, hi)
					}
					if !g.Weighted() && (r.InWeights != nil || r.OutWeight != nil) {
						t.Fatalf("rows [%d, %d) of an unweighted graph have weights", lo, hi)
					}
				}
			}
			if _, err := f.Rows(off, 0, g.N+1); err == nil {
				t.Error("rows beyond N were read")
			}
			if _, err := f.Rows(off[:len(off)-1], 0, 0); err == nil {
				t.Error("rows with short offsets were read")
			}
		})
	}
}

// TestPRKGRowsCorrupt: a part read refuses a broken file, naming it and
// the problem, whichever part holds the damage; and the checksum catches
// damage outside every part read.
func TestPRKGRowsCorrupt(t *testing.T) {
	g := prkgGraph(t, 1000, 7001, true, true, 5)
	good := prkgEncode(t, g)
	l := newPRKGLayout(uint64(g.N), uint64(g.Arcs()), true, true)
	put32 := func(b []byte, at uint64, v uint32) { binary.LittleEndian.PutUint32(b[at:], v) }
	put64 := func(b []byte, at uint64, v uint64) { binary.LittleEndian.PutUint64(b[at:], v) }
	last := g.InOffsets[g.N] - 1
	// The row holding the last arc.
	row := 0
	for g.InOffsets[row+1] <= last {
		row++
	}
	for _, c := range []struct {
		name, want string
		damage     func(b []byte) []byte
		rows       bool // the damage shows in Rows of the last part (else in Open/Offsets/IDs)
	}{
		{"truncated", "truncated", func(b []byte) []byte { return b[:len(b)-9] }, false},
		{"extra byte", "data after the end", func(b []byte) []byte { return append(b, 0) }, false},
		{"bad magic", "not a .prkg file", func(b []byte) []byte { b[0] = 'X'; return b }, false},
		{"offsets fall", "never decrease", func(b []byte) []byte { put64(b, l.offsets+8*500, 0); return b }, false},
		{"offsets end", "end at the arc count", func(b []byte) []byte { put64(b, l.offsets+8*uint64(g.N), uint64(g.Arcs()-1)); return b }, false},
		{"source beyond N", "below N", func(b []byte) []byte { put32(b, l.sources+4*uint64(last), uint32(g.N)); return b }, true},
		{"sources descend", "ascend", func(b []byte) []byte {
			put32(b, l.sources+4*uint64(g.InOffsets[row]), uint32(g.N-1))
			return b
		}, true},
		{"NaN weight", "finite and non-negative", func(b []byte) []byte { put64(b, l.weights+8*uint64(last), math.Float64bits(math.NaN())); return b }, true},
		{"negative out-weight", "out-weight", func(b []byte) []byte { put64(b, l.outWeight+8*uint64(g.N-1), math.Float64bits(-1)); return b }, true},
		{"ids descend", "strictly ascending", func(b []byte) []byte { put64(b, l.ids+8, 0); return b }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := writePRKGBytes(t, prkgReseal(c.damage(slices.Clone(good))))
			err := func() error {
				f, err := OpenPRKG(path)
				if err != nil {
					return err
				}
				defer f.Close()
				off, err := f.Offsets()
				if err != nil {
					return err
				}
				if _, err := f.IDs(); err != nil {
					return err
				}
				// Every damage to rows lies in rows [row, N): the part before reads.
				if _, err := f.Rows(off, 0, row); err != nil {
					return errors.New("the damage showed in a part that does not hold it: " + err.Error())
				}
				_, err = f.Rows(off, row, g.N)
				if err == nil {
					return nil
				}
				if !c.rows {
					return errors.New("the damage showed only in Rows: " + err.Error())
				}
				return err
			}()
			if err == nil {
				t.Fatal("the damaged file was read")
			}
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q: want a ParseError naming the file and saying %q", err, c.want)
			}
		})
	}
	t.Run("checksum", func(t *testing.T) {
		bad := slices.Clone(good)
		bad[l.outDegree] ^= 1 // a byte no part check reads the meaning of
		f, err := OpenPRKG(writePRKGBytes(t, bad))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.VerifyChecksum(t.Context()); err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
			t.Errorf("VerifyChecksum of a damaged file: %v", err)
		}
	})
	t.Run("gzip", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "g.prkg.gz")
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		zw := gzip.NewWriter(out)
		zw.Write(good)
		zw.Close()
		out.Close()
		if _, err := OpenPRKG(path); err == nil || !strings.Contains(err.Error(), "decompress it first") {
			t.Errorf("OpenPRKG of a gzip'd file: %v", err)
		}
	})
}

// TestPRKGRangeOrderCorrupt: a range reader refuses a stored order that
// is not a permutation, as the full reader does.
func TestPRKGRangeOrderCorrupt(t *testing.T) {
	g := prkgGraph(t, 50, 300, false, false, 3)
	h, err := order.Stored(g, order.Degree(g), 1)
	if err != nil {
		t.Fatal(err)
	}
	b := prkgEncode(t, h)
	l := newPRKGLayout(uint64(h.N), uint64(h.Arcs()), false, false)
	l.withOrder(true)
	binary.LittleEndian.PutUint32(b[l.order:], binary.LittleEndian.Uint32(b[l.order+4:]))
	f, err := OpenPRKG(writePRKGBytes(t, prkgReseal(b)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Order(); err == nil || !strings.Contains(err.Error(), "repeats an earlier entry") {
		t.Errorf("Order of a corrupt section: %v", err)
	}
}
