package graphio

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
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
	if g.N == 0 && !bytes.Contains(data, []byte("0")) && !bytes.HasPrefix(data, gzipMagic) {
		t.Fatal("accepted a graph without nodes from a file that does not say 0")
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
		"# prk edge list: 5 nodes, 2 arcs\n0 1\n1 2\n",
		"# prk edge list: 4 nodes, 1 arcs, weighted\n# prk isolated nodes: 3 99\n7 8 1.5\n",
		"# prk edge list: 0 nodes, 0 arcs\n",
		"# prk edge list: 2 nodes, 2 arcs\n10 20\n20 10\n",
		"0 1 1_0\n",
		"0 1 0x1p4\n",
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
		"%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 2 1.5\n",
		"%%MatrixMarket matrix coordinate pattern general\n% prk ids: 5 9\n2 2 1\n1 2\n",
		"%%MatrixMarket matrix coordinate pattern general\n0 0 0\n",
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
		"3 2\n2\n1 3\n1\n",
		"% prk ids: 4 8 15\n3 1 1\n2 3\n1 4\n\n",
		"0 0\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, "fuzz.graph", IDsAuto)
	})
}

// FuzzLineLength reads arbitrary text in each text format with a small
// line cap: a refusal for length must name a line that is longer than the
// cap it states, every line before it must be within the cap (edge lists
// and Matrix Market, whose cap is fixed), and an accepted file has no line
// beyond the cap.
func FuzzLineLength(f *testing.F) {
	for _, seed := range []string{
		"0 1\n1 2\n",
		"0 1\n" + strings.Repeat("7", 100) + "\n",
		"0 1" + strings.Repeat(" ", 100) + "\n1 0\n",
		strings.Repeat("\x00", 300),
		"%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 2" + strings.Repeat(" ", 80) + "\n",
		"3 2\n2 3" + strings.Repeat(" ", 70) + "\n1\n1\n",
		"100 99\n" + strings.Repeat(" 2", 99) + "\n",
	} {
		for format := range uint8(3) {
			f.Add([]byte(seed), format, uint16(40))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, format uint8, capSeed uint16) {
		limit := 8 + int(capSeed%256)
		withLimits(t, limit, limit, maxGzipRatio, gzipRatioSlack)
		name := []string{"fuzz.el", "fuzz.mtx", "fuzz.graph"}[format%3]
		if bytes.HasPrefix(data, gzipMagic) {
			return // FuzzGzipRatio covers gzip
		}
		g, err := Read(bytes.NewReader(data), name, LoadOptions{})
		lines := bytes.Split(data, []byte("\n"))
		if err == nil {
			if format%3 == 2 {
				return // a METIS header may raise the cap
			}
			for i, l := range lines {
				if len(l) > limit {
					t.Fatalf("accepted line %d of %d bytes, cap %d", i+1, len(l), limit)
				}
			}
			_ = g
			return
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.File != name {
			t.Fatalf("error %q (%T) is not a *ParseError naming %s", err, err, name)
		}
		var stated int
		if _, scanErr := fmt.Sscanf(pe.Msg, "line longer than %d bytes", &stated); scanErr != nil {
			return // refused for another reason
		}
		if pe.Line < 1 || pe.Line > int64(len(lines)) || len(lines[pe.Line-1]) <= stated {
			t.Fatalf("%v: that line is not longer than %d bytes", err, stated)
		}
		if format%3 != 2 {
			for i, l := range lines[:pe.Line-1] {
				if len(l) > limit {
					t.Fatalf("%v, but line %d before it is %d bytes already", err, i+1, len(l))
				}
			}
		}
	})
}

// FuzzGzipRatio compresses repeated fuzz input and reads it with a small
// ratio limit: nothing accepted may have expanded beyond the limit, and a
// refusal is a *ParseError; corrupt gzip input (the raw bytes) never
// panics either.
func FuzzGzipRatio(f *testing.F) {
	f.Add([]byte("0 1\n"), uint16(1000), uint8(0))
	f.Add([]byte("\n"), uint16(4000), uint8(2))
	f.Add([]byte("% c\n"), uint16(100), uint8(1))
	f.Add([]byte("0 1\n1 2\n2 0\n"), uint16(3), uint8(0))
	f.Add(gzipBytes(f, []byte("0 1\n")), uint16(1), uint8(0))
	f.Fuzz(func(t *testing.T, unit []byte, repeat uint16, format uint8) {
		const ratio, slack = 8, 256
		withLimits(t, maxTextLine, maxMETISLine, ratio, slack)
		name := []string{"fuzz.el", "fuzz.mtx", "fuzz.graph", "fuzz.prkg"}[format%4]
		plain := bytes.Repeat(unit, int(repeat%4096))
		if len(plain) > 1<<20 {
			plain = plain[:1<<20]
		}
		for i, data := range [][]byte{gzipBytes(t, plain), unit} {
			_, err := Read(bytes.NewReader(data), name, LoadOptions{})
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.File != name {
					t.Fatalf("error %q (%T) is not a *ParseError naming %s", err, err, name)
				}
				continue
			}
			// Only the first input is known to decompress to plain; the
			// raw unit (which may itself be a gzip stream the fuzzer made)
			// is there to show corrupt input never panics.
			if i == 0 && name != "fuzz.prkg" && int64(len(plain)) > slack+ratio*int64(len(data)) {
				t.Fatalf("accepted %d bytes from %d gzip'd, beyond %d:1 + %d", len(plain), len(data), ratio, slack)
			}
		}
	})
}
