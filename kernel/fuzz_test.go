package kernel

import (
	"encoding/binary"
	"math"
	"testing"
)

// FuzzKernels decodes the fuzzer's bytes into a contribution input and a
// block of rows and compares every supported kernel and variant with generic.
// Layout: byte 0 = n (c's length, 1..64), byte 1 = row count (0..31), then
// per row one degree byte (0..31), then 4-byte source picks and 8-byte
// float64 bit patterns drawn as needed (zero when the data runs out).
func FuzzKernels(f *testing.F) {
	f.Add([]byte{8, 3, 1, 2, 5, 0, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0})
	f.Add([]byte{1, 1, 0})
	f.Add([]byte{64, 4, 9, 17, 3, 31, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f})
	f.Fuzz(func(t *testing.T, data []byte) {
		next := func(k int) []byte {
			if len(data) >= k {
				b := data[:k]
				data = data[k:]
				return b
			}
			b := make([]byte, k)
			copy(b, data)
			data = nil
			return b
		}
		n := 1 + int(next(1)[0])%64
		rows := int(next(1)[0]) % 32
		degrees := make([]int, rows)
		total := 0
		for i := range degrees {
			degrees[i] = int(next(1)[0]) % 32
			total += degrees[i]
		}
		// Finite, non-negative values: scores and contributions are
		// probabilities; NaN or Inf terms would make the bound meaningless.
		value := func() float64 {
			v := math.Abs(math.Float64frombits(binary.LittleEndian.Uint64(next(8))))
			if math.IsNaN(v) || math.IsInf(v, 0) || v > 1e300 {
				return 1
			}
			return v
		}
		rc := rowsCase{c: make([]float64, n), base: 0.15 / float64(n), damp: 0.85}
		for i := range rc.c {
			rc.c[i] = value()
		}
		rc.offsets = make([]int64, rows+1)
		for i, d := range degrees {
			rc.offsets[i+1] = rc.offsets[i] + int64(d)
		}
		rc.sources = make([]uint32, total)
		rc.weights = make([]float64, total)
		for k := range rc.sources {
			rc.sources[k] = binary.LittleEndian.Uint32(next(4)) % uint32(n)
			rc.weights[k] = value()
		}
		rc.xold = make([]float64, rows)
		for i := range rc.xold {
			rc.xold[i] = value()
		}
		x := rc.c
		outdeg := make([]uint32, n)
		outWeight := make([]float64, n)
		for j := range outdeg {
			outdeg[j] = binary.LittleEndian.Uint32(next(4))
			outWeight[j] = math.Float64frombits(binary.LittleEndian.Uint64(next(8)))
		}
		for _, v := range kernelsUnderTest(t) {
			checkContributions(t, v.name, v.k, x, outdeg)
			checkWeightedContributions(t, v.name, v.k, x, outWeight)
			checkRowSums(t, v.name, v.k, rc, exactShortRows(v))
			weights := rc.weights
			rc.weights = nil
			checkRowSums(t, v.name, v.k, rc, exactShortRows(v))
			rc.weights = weights
		}
	})
}
