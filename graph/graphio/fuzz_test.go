package graphio

import (
	"bytes"
	"errors"
	"testing"
)

// fuzzRead reads data as the named file and checks the loader's promises:
// no panic, no hang (the fuzzer's time limit), an accepted graph is valid,
// and a refusal is a *ParseError naming the file.
func fuzzRead(t *testing.T, data []byte, name string, mode IDMode) {
	g, err := Read(bytes.NewReader(data), name, LoadOptions{IDs: mode})
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) || pe.File != name || pe.Msg == "" {
			t.Fatalf("error %q (%T) is not a *ParseError naming %s", err, err, name)
		}
		return
	}
	if err := g.Validate(); err != nil {
		t.Fatalf("accepted an invalid graph: %v", err)
	}
	if g.N == 0 {
		t.Fatal("accepted a graph without nodes")
	}
	// Every arc takes at least two bytes of text ("1 " in METIS; a
	// symmetric Matrix Market entry "1 2\n" makes two arcs of four), so
	// plain input bounds the arcs.
	if g.Arcs() > int64(len(data)) && !bytes.HasPrefix(data, gzipMagic) {
		t.Fatalf("%d arcs from %d bytes", g.Arcs(), len(data))
	}
}

func FuzzReadEdgeList(f *testing.F) {
	for _, seed := range []string{
		"0 1\n1 2\n2 0\n",
		"# SNAP header\n# FromNodeId\tToNodeId\n30\t1412\n30\t3352\n3352\t30\n",
		"0 1 0.5\n1 0 2\n1 1 1e-3\n",
		"1,2\n2, 3\r\n3 ,1\n",
		"18446744073709551615 5\n5 4294967296\n",
		"4294967294 0\n",
		"10 30\n30 20\n",
		"",
		"% only a comment\n",
		"1 2\n3 4 5\n",
		"1 2 nan\n",
		"1 2 -1\n",
		"-1 2\n",
		"1 x\n",
		"1,,2\n",
		"99999999999999999999 1\n",
		"1 2 1e400\n",
		"0 1\n1 0", // no final newline
		string(gzipBytes(f, []byte("0 1\n1 0\n"))),
		string(gzipBytes(f, []byte("0 1\n1 0\n"))[:15]),
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, dense bool) {
		mode := IDsAuto
		if dense {
			mode = IDsDense
		}
		fuzzRead(t, data, "fuzz.txt", mode)
	})
}

func FuzzReadMatrixMarket(f *testing.F) {
	for _, seed := range []string{
		"%%MatrixMarket matrix coordinate pattern general\n% comment\n3 3 3\n1 2\n2 3\n3 1\n",
		"%%MatrixMarket matrix coordinate real general\n4 4 2\n1 2 0.5\n4 1 1e2\n",
		"%%MatrixMarket matrix coordinate integer symmetric\n3 3 3\n2 1 3\n3 2 4\n3 3 5\n",
		"%%MatrixMarket matrix coordinate pattern general\n3 3 3\n1 2\n",
		"%%MatrixMarket matrix coordinate pattern general\n3 3 1\n1 2\n2 3\n",
		"%%MatrixMarket matrix coordinate pattern general\n3 3 1\n4 1\n",
		"%%MatrixMarket matrix coordinate pattern general\n3 4 0\n",
		"%%MatrixMarket matrix coordinate pattern general\n4000000000 4000000000 0\n",
		"%%MatrixMarket matrix coordinate pattern general\n3 3 18446744073709551615\n1 1\n",
		"%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n",
		"%%MatrixMarket matrix coordinate complex hermitian\n1 1 1\n1 1 1 0\n",
		"%%MatrixMarket matrix coordinate real general\n2 2 1\n1 2 -3\n",
		"3 3 1\n1 2\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, "fuzz.mtx", IDsAuto)
	})
}

func FuzzReadMETIS(f *testing.F) {
	for _, seed := range []string{
		"% path\n3 2\n2\n1 3\n2\n",
		"3 2 1\n2 7\n1 7 3 9\n2 9\n",
		"3 2 11\n5 2 7\n6 1 7 3 9\n7 2 9\n",
		"3 2 011 3\n1 2 3 2 7\n1 2 3 1 7 3 9\n1 2 3 2 9\n",
		"3 2 111\n4 5 2 7\n4 6 1 7 3 9\n4 7 2 9\n",
		"4 2\n2\n1 3\n2\n\n",
		"3 3\n2\n1 3\n2\n",
		"2 1\n3\n1\n",
		"3 1\n2\n1\n",
		"2 1\n1\n2\n",
		"2 1 1\n2\n1\n",
		"4294967295 1\n2\n1\n",
		"2 4611686018427387904\n2\n1\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, "fuzz.graph", IDsAuto)
	})
}
