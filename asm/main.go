// Command asm generates prk's amd64 kernels (kernel/kernel_amd64.s and the Go
// declarations in kernel/stubs_amd64.go) with avo. It is its own module so
// that avo never becomes a dependency of prk itself.
//
// Regenerate from the repository root with
//
//	cd asm && go run . -dir ../kernel
//
// -dir (default ../kernel) is where the two files are written. The output is
// deterministic and independent of -dir: the generated header records only
// the fixed file names, so writing into a temporary directory and diffing
// against kernel/ is how `make check-generated` verifies the committed files.
//
// Every function here mirrors one operation of kernel.Kernel; see
// kernel/kernel.go for the contract and docs/kernels.md for the error bounds.
package main

import (
	"flag"
	"log"
	"os"
	"strconv"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

func main() {
	dir := flag.String("dir", "../kernel", "directory to write kernel_amd64.s and stubs_amd64.go into")
	flag.Parse()
	if err := os.Chdir(*dir); err != nil {
		log.Fatal(err)
	}
	// avo's Generate parses its own flags from os.Args and records them in
	// the generated header; give it fixed relative names so the output is
	// the same bytes whichever directory it is written to.
	os.Args = []string{os.Args[0], "-out", "kernel_amd64.s", "-stubs", "stubs_amd64.go", "-pkg", "kernel"}
	if err := flag.CommandLine.Parse(os.Args[1:]); err != nil {
		log.Fatal(err)
	}

	ConstraintExpr("!purego")

	// dwordPrefixMask holds four all-ones dwords then four zero dwords:
	// loading 16 bytes at offset 4*(4-n) gives a mask of the first n lanes.
	mask := GLOBL("dwordPrefixMask", RODATA|NOPTR)
	for i := 0; i < 8; i++ {
		v := uint32(0)
		if i < 4 {
			v = 0xffffffff
		}
		DATA(4*i, U32(v))
	}

	contributionsAVX2()
	weightedContributionsAVX2()
	pullRowSumsScalar("pullRowSumsScalarAVX2", false)
	pullRowSumsScalar("weightedPullRowSumsScalarAVX2", true)
	pullRowSumsGatherAVX2("pullRowSumsGatherAVX2", false, mask)
	pullRowSumsGatherAVX2("weightedPullRowSumsGatherAVX2", true, mask)

	contributionsAVX512(false)
	contributionsAVX512(true)
	pullRowSumsGatherAVX512("pullRowSumsGatherAVX512", false)
	pullRowSumsGatherAVX512("weightedPullRowSumsGatherAVX512", true)
	segmentSumsGatherAVX512("segmentSumsGatherAVX512", false)
	segmentSumsGatherAVX512("segmentSums32GatherAVX512", true)

	Generate()
}

// addMaskedLanesInOrder adds x[i+lane] to dangling for every set bit of bits,
// lowest lane first. Adding only the dangling entries, one at a time and in
// index order, keeps the dangling mass bit-identical to the generic kernel.
// bits is clobbered.
func addMaskedLanesInOrder(bits, i Register, x Register, dangling VecVirtual) {
	lane := GP64()
	loop := uniqueLabel("lanes")
	done := uniqueLabel("lanesdone")
	Label(loop)
	TESTQ(bits, bits)
	JZ(LabelRef(done))
	BSFQ(bits, lane)
	ADDQ(i, lane)
	VADDSD(Mem{Base: x, Index: lane, Scale: 8}, dangling, dangling)
	// Clear the lowest set bit.
	tmp := GP64()
	LEAQ(Mem{Base: bits, Disp: -1}, tmp)
	ANDQ(tmp, bits)
	JMP(LabelRef(loop))
	Label(done)
}

var labelCount = map[string]int{}

// uniqueLabel returns a fresh label name with the given stem within the
// current function's generator run.
func uniqueLabel(stem string) string {
	labelCount[stem]++
	return stem + "_" + strconv.Itoa(labelCount[stem])
}

// contributionsAVX2: c[j] = x[j]/float64(outdeg[j]) or 0, four lanes at a
// time with a true VDIVPD (correctly rounded, so bit-identical to generic).
func contributionsAVX2() {
	TEXT("contributionsAVX2", NOSPLIT, "func(c, x []float64, outdeg []uint32) float64")
	Doc("contributionsAVX2 is Kernel.Contributions; len(c) and len(outdeg) must be at least len(x).")
	c := Load(Param("c").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	deg := Load(Param("outdeg").Base(), GP64())
	n := Load(Param("x").Len(), GP64())

	dangling := XMM()
	VXORPD(dangling, dangling, dangling)
	zero := XMM()
	VPXOR(zero, zero, zero)

	// uint32 -> float64 without AVX-512: flip the top bit, convert as signed
	// (d - 2^31, exact), add 2^31 back (exact: every uint32 fits in 53 bits).
	bias := XMM()
	t := GP64()
	MOVL(U32(0x80000000), t.As32())
	MOVQ(t, bias)
	VPBROADCASTD(bias, bias)
	two31 := YMM()
	MOVQ(U64(0x41e0000000000000), t) // 2^31 as float64
	MOVQ(t, two31.AsX())
	VBROADCASTSD(two31.AsX(), two31)

	i := GP64()
	XORQ(i, i)
	end4 := GP64()
	MOVQ(n, end4)
	ANDQ(I8(-4), end4)

	Label("c4loop")
	CMPQ(i, end4)
	JAE(LabelRef("c4done"))
	d32 := XMM()
	VMOVDQU(Mem{Base: deg, Index: i, Scale: 4}, d32)
	isZero32 := XMM()
	VPCMPEQD(zero, d32, isZero32)
	VPXOR(bias, d32, d32)
	d := YMM()
	VCVTDQ2PD(d32, d)
	VADDPD(two31, d, d)
	xv := YMM()
	VMOVUPD(Mem{Base: x, Index: i, Scale: 8}, xv)
	q := YMM()
	VDIVPD(d, xv, q)
	isZero := YMM()
	VPMOVSXDQ(isZero32, isZero)
	VANDNPD(q, isZero, q) // q &^ isZero
	VMOVUPD(q, Mem{Base: c, Index: i, Scale: 8})
	bits := GP64()
	VMOVMSKPD(isZero, bits.As32())
	TESTQ(bits, bits)
	JZ(LabelRef("c4next"))
	addMaskedLanesInOrder(bits, i, x, dangling)
	Label("c4next")
	ADDQ(Imm(4), i)
	JMP(LabelRef("c4loop"))
	Label("c4done")

	// Scalar tail, 0..3 elements.
	Label("c1loop")
	CMPQ(i, n)
	JAE(LabelRef("c1done"))
	dj := GP64()
	MOVL(Mem{Base: deg, Index: i, Scale: 4}, dj.As32())
	TESTQ(dj, dj)
	JZ(LabelRef("c1dangling"))
	df := XMM()
	VCVTSI2SDQ(dj, df, df)
	xj := XMM()
	VMOVSD(Mem{Base: x, Index: i, Scale: 8}, xj)
	VDIVSD(df, xj, xj)
	VMOVSD(xj, Mem{Base: c, Index: i, Scale: 8})
	INCQ(i)
	JMP(LabelRef("c1loop"))
	Label("c1dangling")
	MOVQ(U32(0), Mem{Base: c, Index: i, Scale: 8})
	VADDSD(Mem{Base: x, Index: i, Scale: 8}, dangling, dangling)
	INCQ(i)
	JMP(LabelRef("c1loop"))
	Label("c1done")

	Store(dangling, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// weightedContributionsAVX2: c[j] = x[j]/outWeight[j] where outWeight[j] > 0
// (an ordered compare, so NaN weights are dangling as in generic).
func weightedContributionsAVX2() {
	TEXT("weightedContributionsAVX2", NOSPLIT, "func(c, x, outWeight []float64) float64")
	Doc("weightedContributionsAVX2 is Kernel.WeightedContributions; len(c) and len(outWeight) must be at least len(x).")
	c := Load(Param("c").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	w := Load(Param("outWeight").Base(), GP64())
	n := Load(Param("x").Len(), GP64())

	dangling := XMM()
	VXORPD(dangling, dangling, dangling)
	zero := YMM()
	VXORPD(zero, zero, zero)

	i := GP64()
	XORQ(i, i)
	end4 := GP64()
	MOVQ(n, end4)
	ANDQ(I8(-4), end4)

	Label("w4loop")
	CMPQ(i, end4)
	JAE(LabelRef("w4done"))
	wv := YMM()
	VMOVUPD(Mem{Base: w, Index: i, Scale: 8}, wv)
	xv := YMM()
	VMOVUPD(Mem{Base: x, Index: i, Scale: 8}, xv)
	pos := YMM()
	VCMPPD(U8(0x1e), zero, wv, pos) // GT_OQ: w > 0, false for NaN
	q := YMM()
	VDIVPD(wv, xv, q)
	VANDPD(q, pos, q)
	VMOVUPD(q, Mem{Base: c, Index: i, Scale: 8})
	bits := GP64()
	VMOVMSKPD(pos, bits.As32())
	XORQ(U8(0xf), bits) // the dangling lanes
	JZ(LabelRef("w4next"))
	addMaskedLanesInOrder(bits, i, x, dangling)
	Label("w4next")
	ADDQ(Imm(4), i)
	JMP(LabelRef("w4loop"))
	Label("w4done")

	Label("w1loop")
	CMPQ(i, n)
	JAE(LabelRef("w1done"))
	wj := XMM()
	VMOVSD(Mem{Base: w, Index: i, Scale: 8}, wj)
	VUCOMISD(zero.AsX(), wj) // CF=0 and ZF=0 only for wj > 0 (ordered)
	JBE(LabelRef("w1dangling"))
	xj := XMM()
	VMOVSD(Mem{Base: x, Index: i, Scale: 8}, xj)
	VDIVSD(wj, xj, xj)
	VMOVSD(xj, Mem{Base: c, Index: i, Scale: 8})
	INCQ(i)
	JMP(LabelRef("w1loop"))
	Label("w1dangling")
	MOVQ(U32(0), Mem{Base: c, Index: i, Scale: 8})
	VADDSD(Mem{Base: x, Index: i, Scale: 8}, dangling, dangling)
	INCQ(i)
	JMP(LabelRef("w1loop"))
	Label("w1done")

	Store(dangling, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// rowSumsPrologue loads the row-sum parameters shared by every variant.
type rowSumsArgs struct {
	y, xold, c, offsets, sources, weights, rows Register
	base, damping, absMask                      VecVirtual
}

func loadRowSumsArgs(weighted bool) rowSumsArgs {
	var a rowSumsArgs
	a.y = Load(Param("y").Base(), GP64())
	a.rows = Load(Param("y").Len(), GP64())
	a.xold = Load(Param("xold").Base(), GP64())
	a.c = Load(Param("c").Base(), GP64())
	a.offsets = Load(Param("offsets").Base(), GP64())
	a.sources = Load(Param("sources").Base(), GP64())
	if weighted {
		a.weights = Load(Param("weights").Base(), GP64())
	}
	a.base = XMM()
	Load(Param("base"), a.base)
	a.damping = XMM()
	Load(Param("damping"), a.damping)
	a.absMask = XMM()
	t := GP64()
	MOVQ(U64(0x7fffffffffffffff), t)
	MOVQ(t, a.absMask)
	return a
}

// finishRow turns a row's sum into y[r] = damping*sum + base (multiply then
// add, unfused, as generic does), stores it and adds |y[r]-xold[r]| to the
// residual, then advances y and xold by one row.
func finishRow(a rowSumsArgs, sum, residual Register) {
	VMULSD(a.damping, sum, sum)
	VADDSD(a.base, sum, sum)
	VMOVSD(sum, Mem{Base: a.y})
	diff := XMM()
	VSUBSD(Mem{Base: a.xold}, sum, diff)
	VANDPD(a.absMask, diff, diff)
	VADDSD(diff, residual, residual)
	ADDQ(Imm(8), a.y)
	ADDQ(Imm(8), a.xold)
}

func rowSumsSignature(weighted bool) string {
	if weighted {
		return "func(y, xold, c []float64, offsets []int64, sources []uint32, weights []float64, base, damping float64) float64"
	}
	return "func(y, xold, c []float64, offsets []int64, sources []uint32, base, damping float64) float64"
}

// pullRowSumsScalar sums each row with four independent scalar chains fed by
// plain loads (VADDSD with a memory operand, or VMULSD then VADDSD when
// weighted): arc k of a row goes to chain k%4, and the row's sum is
// (a0+a1)+(a2+a3), so rows of up to 3 arcs are summed exactly as generic
// sums them, bit for bit; longer rows differ only in order.
//
// The arc loop is unrolled four times with an exit test after every arc
// (a negative index counting up to zero) instead of a 4-arc loop plus a
// tail: a row then costs one mispredicted branch, at its end, like generic,
// where a 4-arc loop with 2-arc and 1-arc tail tests costs up to three on
// rows of random length, and each mispredict discards the c loads in
// flight, which is what dominates once c is out of L2.
func pullRowSumsScalar(name string, weighted bool) {
	TEXT(name, NOSPLIT, rowSumsSignature(weighted))
	Doc(name + " is Kernel.(Weighted)PullRowSums with scalar loads; len(offsets) must be len(y)+1 and len(xold) at least len(y).")
	a := loadRowSumsArgs(weighted)
	residual := XMM()
	VXORPD(residual, residual, residual)

	TESTQ(a.rows, a.rows)
	JZ(LabelRef("done"))
	lo := GP64()
	MOVQ(Mem{Base: a.offsets}, lo)
	hi := GP64()
	srcEnd := GP64()
	var wEnd Register
	if weighted {
		wEnd = GP64()
	}
	k := GP64() // arc index relative to the row's end: -deg .. -1
	idx := GP64()
	acc := []VecVirtual{XMM(), XMM(), XMM(), XMM()}

	Label("row")
	MOVQ(Mem{Base: a.offsets, Disp: 8}, hi)
	ADDQ(Imm(8), a.offsets)
	for _, r := range acc {
		VXORPD(r, r, r)
	}
	LEAQ(Mem{Base: a.sources, Index: hi, Scale: 4}, srcEnd)
	if weighted {
		LEAQ(Mem{Base: a.weights, Index: hi, Scale: 8}, wEnd)
	}
	MOVQ(lo, k)
	SUBQ(hi, k)
	JZ(LabelRef("sum"))
	Label("arcs")
	for chain := 0; chain < 4; chain++ {
		MOVL(Mem{Base: srcEnd, Index: k, Scale: 4}, idx.As32())
		if weighted {
			t := XMM()
			VMOVSD(Mem{Base: wEnd, Index: k, Scale: 8}, t)
			VMULSD(Mem{Base: a.c, Index: idx, Scale: 8}, t, t)
			VADDSD(t, acc[chain], acc[chain])
		} else {
			VADDSD(Mem{Base: a.c, Index: idx, Scale: 8}, acc[chain], acc[chain])
		}
		INCQ(k)
		JZ(LabelRef("sum"))
	}
	JMP(LabelRef("arcs"))
	Label("sum")
	VADDSD(acc[1], acc[0], acc[0])
	VADDSD(acc[3], acc[2], acc[2])
	VADDSD(acc[2], acc[0], acc[0])
	finishRow(a, acc[0], residual)
	MOVQ(hi, lo)
	DECQ(a.rows)
	JNZ(LabelRef("row"))

	Label("done")
	Store(residual, ReturnIndex(0))
	RET()
}

// reduceYMM leaves the sum of v's four lanes, ((v0+v2)+(v1+v3)), in v's low lane.
func reduceYMM(v VecVirtual) {
	hi := XMM()
	VEXTRACTF128(U8(1), v, hi)
	VADDPD(hi, v.AsX(), v.AsX())
	VPERMILPD(U8(1), v.AsX(), hi)
	VADDSD(hi, v.AsX(), v.AsX())
}

// pullRowSumsGatherAVX2 sums each row four arcs per VGATHERDPD into one
// vector accumulator; the last 1..3 arcs use a masked index load (no read
// past the row) and a masked gather. Indices are signed dwords, so the Go
// wrapper only calls this when len(c) <= 2^31.
func pullRowSumsGatherAVX2(name string, weighted bool, prefixMask Mem) {
	TEXT(name, NOSPLIT, rowSumsSignature(weighted))
	Doc(name + " is Kernel.(Weighted)PullRowSums with VGATHERDPD; len(c) must be at most 2^31.")
	a := loadRowSumsArgs(weighted)
	residual := XMM()
	VXORPD(residual, residual, residual)
	maskBase := GP64()
	LEAQ(prefixMask, maskBase)

	TESTQ(a.rows, a.rows)
	JZ(LabelRef("done"))
	lo := GP64()
	MOVQ(Mem{Base: a.offsets}, lo)
	hi := GP64()
	p := GP64()
	var wp Register
	if weighted {
		wp = GP64()
	}
	nArcs := GP64()
	acc := YMM()
	ones := YMM()
	VPCMPEQD(ones, ones, ones)

	Label("row")
	MOVQ(Mem{Base: a.offsets, Disp: 8}, hi)
	ADDQ(Imm(8), a.offsets)
	VXORPD(acc, acc, acc)
	LEAQ(Mem{Base: a.sources, Index: lo, Scale: 4}, p)
	if weighted {
		LEAQ(Mem{Base: a.weights, Index: lo, Scale: 8}, wp)
	}
	MOVQ(hi, nArcs)
	SUBQ(lo, nArcs)
	CMPQ(nArcs, Imm(4))
	JB(LabelRef("tail"))
	Label("quad")
	{
		ix := XMM()
		VMOVDQU(Mem{Base: p}, ix)
		m := YMM()
		VMOVDQA(ones, m)
		v := YMM()
		VXORPD(v, v, v)
		VGATHERDPD(m, Mem{Base: a.c, Index: ix, Scale: 8}, v)
		if weighted {
			VMULPD(Mem{Base: wp}, v, v)
			ADDQ(Imm(32), wp)
		}
		VADDPD(v, acc, acc)
	}
	ADDQ(Imm(16), p)
	SUBQ(Imm(4), nArcs)
	CMPQ(nArcs, Imm(4))
	JAE(LabelRef("quad"))
	Label("tail")
	TESTQ(nArcs, nArcs)
	JZ(LabelRef("sum"))
	{
		// Mask of the first nArcs dword lanes, from dwordPrefixMask.
		m32 := XMM()
		off := GP64()
		MOVQ(U32(4), off)
		SUBQ(nArcs, off)
		VMOVDQU(Mem{Base: maskBase, Index: off, Scale: 4}, m32)
		ix := XMM()
		VPMASKMOVD(Mem{Base: p}, m32, ix)
		m := YMM()
		VPMOVSXDQ(m32, m)
		v := YMM()
		VXORPD(v, v, v)
		if weighted {
			wv := YMM()
			VMASKMOVPD(Mem{Base: wp}, m, wv)
			VGATHERDPD(m, Mem{Base: a.c, Index: ix, Scale: 8}, v)
			VMULPD(wv, v, v)
		} else {
			VGATHERDPD(m, Mem{Base: a.c, Index: ix, Scale: 8}, v)
		}
		VADDPD(v, acc, acc)
	}
	Label("sum")
	reduceYMM(acc)
	finishRow(a, acc.AsX(), residual)
	MOVQ(hi, lo)
	DECQ(a.rows)
	JNZ(LabelRef("row"))

	Label("done")
	Store(residual, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// contributionsAVX512: eight lanes per step, VCVTUDQ2PD for the exact
// uint32 conversion and a zero-masked VDIVPD. Full steps use plain loads and
// stores; only the last 1..7 elements use k-masked ones (no scalar loop, no
// access past the end). Masked memory operations on every step measured
// slower than generic once the vectors came from DRAM on AMD Zen 5.
func contributionsAVX512(weighted bool) {
	name := "contributionsAVX512"
	sig := "func(c, x []float64, outdeg []uint32) float64"
	if weighted {
		name = "weightedContributionsAVX512"
		sig = "func(c, x, outWeight []float64) float64"
	}
	TEXT(name, NOSPLIT, sig)
	Doc(name + " is Kernel.(Weighted)Contributions for AVX-512F; the other slices must be at least len(x) long.")
	c := Load(Param("c").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	var src Register
	if weighted {
		src = Load(Param("outWeight").Base(), GP64())
	} else {
		src = Load(Param("outdeg").Base(), GP64())
	}
	n := Load(Param("x").Len(), GP64())

	dangling := XMM()
	VXORPD(dangling, dangling, dangling)
	zero := ZMM()
	VPXORQ(zero, zero, zero)

	i := GP64()
	XORQ(i, i)
	left := GP64()
	laneBits := GP64()
	lanes := K()

	// step handles lanes i..i+7 (all of them, or those in the k-mask lanes
	// whose bits are also in laneBits when masked).
	step := func(masked bool) {
		d := ZMM()
		xv := ZMM()
		live := K()
		if masked {
			if weighted {
				VMOVUPD_Z(Mem{Base: src, Index: i, Scale: 8}, lanes, d)
			} else {
				d32 := YMM()
				VMOVDQU32_Z(Mem{Base: src, Index: i, Scale: 4}, lanes, d32)
				VCVTUDQ2PD(d32, d)
			}
			VMOVUPD_Z(Mem{Base: x, Index: i, Scale: 8}, lanes, xv)
		} else {
			if weighted {
				VMOVUPD(Mem{Base: src, Index: i, Scale: 8}, d)
			} else {
				d32 := YMM()
				VMOVDQU(Mem{Base: src, Index: i, Scale: 4}, d32)
				VCVTUDQ2PD(d32, d)
			}
			VMOVUPD(Mem{Base: x, Index: i, Scale: 8}, xv)
		}
		pred := U8(0x04) // NEQ_UQ: d != 0
		if weighted {
			pred = U8(0x1e) // GT_OQ: w > 0, false for NaN
		}
		if masked {
			VCMPPD(pred, zero, d, lanes, live)
		} else {
			VCMPPD(pred, zero, d, live)
		}
		q := ZMM()
		VDIVPD_Z(d, xv, live, q)
		if masked {
			VMOVUPD(q, lanes, Mem{Base: c, Index: i, Scale: 8})
		} else {
			VMOVUPD(q, Mem{Base: c, Index: i, Scale: 8})
		}
		bits := GP64()
		KMOVW(live, bits.As32())
		XORL(laneBits.As32(), bits.As32()) // in-range lanes that are dangling
		next := uniqueLabel("next")
		JZ(LabelRef(next))
		addMaskedLanesInOrder(bits, i, x, dangling)
		Label(next)
	}

	MOVL(U32(0xff), laneBits.As32())
	Label("loop")
	MOVQ(n, left)
	SUBQ(i, left)
	CMPQ(left, Imm(8))
	JB(LabelRef("tail"))
	step(false)
	ADDQ(Imm(8), i)
	JMP(LabelRef("loop"))

	Label("tail")
	TESTQ(left, left)
	JZ(LabelRef("done"))
	BZHIL(left.As32(), laneBits.As32(), laneBits.As32())
	KMOVW(laneBits.As32(), lanes)
	step(true)

	Label("done")
	Store(dangling, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// pullRowSumsGatherAVX512 sums each row eight arcs per masked VGATHERDPD;
// the last 1..7 arcs use a BZHI-made k-mask, so a row costs one gather per
// eight arcs and no scalar tail.
func pullRowSumsGatherAVX512(name string, weighted bool) {
	TEXT(name, NOSPLIT, rowSumsSignature(weighted))
	Doc(name + " is Kernel.(Weighted)PullRowSums with AVX-512 gathers; len(c) must be at most 2^31.")
	a := loadRowSumsArgs(weighted)
	residual := XMM()
	VXORPD(residual, residual, residual)

	TESTQ(a.rows, a.rows)
	JZ(LabelRef("done"))
	lo := GP64()
	MOVQ(Mem{Base: a.offsets}, lo)
	hi := GP64()
	p := GP64()
	var wp Register
	if weighted {
		wp = GP64()
	}
	nArcs := GP64()
	acc := ZMM()
	laneBits := GP64()
	lanes := K()
	gmask := K()

	Label("row")
	MOVQ(Mem{Base: a.offsets, Disp: 8}, hi)
	ADDQ(Imm(8), a.offsets)
	VPXORQ(acc, acc, acc)
	LEAQ(Mem{Base: a.sources, Index: lo, Scale: 4}, p)
	if weighted {
		LEAQ(Mem{Base: a.weights, Index: lo, Scale: 8}, wp)
	}
	MOVQ(hi, nArcs)
	SUBQ(lo, nArcs)
	JZ(LabelRef("sum"))
	Label("chunk")
	// lanes = first min(nArcs, 8) lanes (BZHI saturates at the operand size).
	MOVL(U32(0xff), laneBits.As32())
	BZHIL(nArcs.As32(), laneBits.As32(), laneBits.As32())
	CMPQ(nArcs, Imm(8))
	JB(LabelRef("masked"))
	MOVL(U32(0xff), laneBits.As32())
	Label("masked")
	KMOVW(laneBits.As32(), lanes)
	KMOVW(lanes, gmask)
	ix := YMM()
	VMOVDQU32_Z(Mem{Base: p}, lanes, ix)
	v := ZMM()
	VPXORQ(v, v, v)
	VGATHERDPD(Mem{Base: a.c, Index: ix, Scale: 8}, gmask, v)
	if weighted {
		wv := ZMM()
		VMOVUPD_Z(Mem{Base: wp}, lanes, wv)
		VMULPD(wv, v, v)
		ADDQ(Imm(64), wp)
	}
	VADDPD(v, acc, acc)
	ADDQ(Imm(32), p)
	SUBQ(Imm(8), nArcs)
	JA(LabelRef("chunk"))

	Label("sum")
	hi4 := YMM()
	VEXTRACTF64X4(U8(1), acc, hi4)
	VADDPD(hi4, acc.AsY(), hi4)
	reduceYMM(hi4)
	finishRow(a, hi4.AsX(), residual)
	MOVQ(hi, lo)
	DECQ(a.rows)
	JNZ(LabelRef("row"))

	Label("done")
	Store(residual, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// segmentSumsGatherAVX512 is Kernel.SegmentSums (f32 false) or
// Kernel.SegmentSums32 (f32 true) for unweighted segments: window by
// window, each (window, row) pair gathers eight contributions per
// VGATHERDPD (float64) or VGATHERDPS (float32, then widened to float64)
// from the window, its 16-bit indices widened by VPMOVZXWD, and adds them
// into one accumulator; the pair's sum is then added into acc[row]. The
// last 1..7 arcs of a pair use a BZHI-made gather mask. The index load
// always reads 16 bytes: the Go side pads index with zeros so that it
// never reads past the slice.
func segmentSumsGatherAVX512(name string, f32 bool) {
	elem, scale := "float64", uint8(8)
	if f32 {
		elem, scale = "float32", 4
	}
	TEXT(name, NOSPLIT, "func(acc []float64, c []"+elem+", first []int, rows []uint32, offsets []int64, index []uint16)")
	Doc(name + " is Kernel.SegmentSums" + map[bool]string{false: "", true: "32"}[f32] + " with AVX-512 gathers; the Go wrapper checks the layout's invariants.")
	acc := Load(Param("acc").Base(), GP64())
	cw := Load(Param("c").Base(), GP64())
	first := Load(Param("first").Base(), GP64())
	windows := Load(Param("first").Len(), GP64())
	rows := Load(Param("rows").Base(), GP64())
	offsets := Load(Param("offsets").Base(), GP64())
	index := Load(Param("index").Base(), GP64())

	DECQ(windows) // len(first) - 1 windows
	JLE(LabelRef("done"))
	p := GP64()
	pEnd := GP64()
	MOVQ(Mem{Base: first}, p)
	lo := GP64()
	hi := GP64()
	n := GP64()
	ptr := GP64()
	laneBits := GP64()
	gmask := K()
	sum := ZMM()

	Label("window")
	MOVQ(Mem{Base: first, Disp: 8}, pEnd)
	ADDQ(Imm(8), first)
	CMPQ(p, pEnd)
	JGE(LabelRef("nextWindow"))
	MOVQ(Mem{Base: offsets, Index: p, Scale: 8}, lo)

	Label("pair")
	MOVQ(Mem{Base: offsets, Index: p, Scale: 8, Disp: 8}, hi)
	MOVQ(hi, n)
	SUBQ(lo, n)
	LEAQ(Mem{Base: index, Index: lo, Scale: 2}, ptr)
	VPXORQ(sum, sum, sum)
	TESTQ(n, n)
	JZ(LabelRef("pairDone"))

	Label("chunk")
	MOVL(U32(0xff), laneBits.As32())
	BZHIL(n.As32(), laneBits.As32(), laneBits.As32())
	CMPQ(n, Imm(8))
	JB(LabelRef("masked"))
	MOVL(U32(0xff), laneBits.As32())
	Label("masked")
	KMOVW(laneBits.As32(), gmask)
	ix := YMM()
	VPMOVZXWD(Mem{Base: ptr}, ix)
	if f32 {
		v := YMM()
		VXORPS(v, v, v)
		VGATHERDPS(Mem{Base: cw, Index: ix, Scale: scale}, gmask, v)
		wide := ZMM()
		VCVTPS2PD(v, wide)
		VADDPD(wide, sum, sum)
	} else {
		v := ZMM()
		VPXORQ(v, v, v)
		VGATHERDPD(Mem{Base: cw, Index: ix, Scale: scale}, gmask, v)
		VADDPD(v, sum, sum)
	}
	ADDQ(Imm(16), ptr)
	SUBQ(Imm(8), n)
	JA(LabelRef("chunk"))

	Label("pairDone")
	hi4 := YMM()
	VEXTRACTF64X4(U8(1), sum, hi4)
	VADDPD(hi4, sum.AsY(), hi4)
	reduceYMM(hi4)
	row := GP64()
	MOVLQZX(Mem{Base: rows, Index: p, Scale: 4}, row)
	VADDSD(Mem{Base: acc, Index: row, Scale: 8}, hi4.AsX(), hi4.AsX())
	VMOVSD(hi4.AsX(), Mem{Base: acc, Index: row, Scale: 8})
	MOVQ(hi, lo)
	INCQ(p)
	CMPQ(p, pEnd)
	JL(LabelRef("pair"))

	Label("nextWindow")
	ADDQ(U32(uint32(scale)*65536), cw)
	DECQ(windows)
	JNZ(LabelRef("window"))

	Label("done")
	VZEROUPPER()
	RET()
}
