//go:build !purego

#include "textflag.h"

// NEON kernels for arm64, written by hand: avo has no arm64 backend. Go's
// assembler lacks the vector floating-point instructions (UCVTF, FDIV,
// FCMGT on .2D), so they are WORD-encoded with the instruction in a comment.
//
// Row sums use four independent scalar FADDD chains fed by register-offset
// FMOVD loads, exactly the scheme of the amd64 "loads" variants: arc k of a
// row goes to chain k%4 and the row sum is (a0+a1)+(a2+a3), so rows of up
// to 3 arcs match generic bit for bit. The arc loop is unrolled four times
// with an exit test after each arc (a negative index counting up to zero),
// so a row of random length costs one mispredicted branch, as in generic.
// NEON has no gather, so loading two lanes per vector would only add a lane
// insert per arc.

// func contributionsNEON(c, x []float64, outdeg []uint32) float64
TEXT ·contributionsNEON(SB), NOSPLIT, $0-80
	MOVD  c_base+0(FP), R0
	MOVD  x_base+24(FP), R1
	MOVD  x_len+32(FP), R2
	MOVD  outdeg_base+48(FP), R3
	FMOVD ZR, F30             // dangling
	MOVD  $0, R4              // i
	AND   $-2, R2, R5         // end of the 2-lane loop

pair:
	CMP   R5, R4
	BGE   tail
	ADD   R4<<2, R3, R6       // &outdeg[i]
	FMOVD (R6), F0            // outdeg[i], outdeg[i+1] in the low 64 bits
	VUXTL V0.S2, V0.D2        // zero-extend to two uint64
	VCMTST V0.D2, V0.D2, V1.D2 // V1 lane = all ones where outdeg != 0
	WORD  $0x6e61d800         // UCVTF V0.2D, V0.2D (exact: uint32 fits 53 bits)
	ADD   R4<<3, R1, R6       // &x[i]
	VLD1  (R6), [V2.D2]
	WORD  $0x6e60fc43         // FDIV V3.2D, V2.2D, V0.2D (true division)
	VAND  V1.B16, V3.B16, V3.B16
	ADD   R4<<3, R0, R7       // &c[i]
	VST1  [V3.D2], (R7)
	VMOV  V1.D[0], R8
	VMOV  V1.D[1], R9
	AND   R8, R9, R10
	CMN   $1, R10             // both lanes live?
	BEQ   pairnext
	// Dangling lanes: add their x in index order, as generic does.
	CBNZ  R8, lane1
	FMOVD (R6), F4
	FADDD F4, F30, F30

lane1:
	CBNZ  R9, pairnext
	FMOVD 8(R6), F4
	FADDD F4, F30, F30

pairnext:
	ADD   $2, R4
	B     pair

tail:
	CMP   R2, R4
	BGE   done
	MOVWU (R3)(R4<<2), R8
	FMOVD (R1)(R4<<3), F4
	CBZ   R8, taildangling
	UCVTFWD R8, F5
	FDIVD F5, F4, F4
	FMOVD F4, (R0)(R4<<3)
	ADD   $1, R4
	B     tail

taildangling:
	MOVD  ZR, (R0)(R4<<3)
	FADDD F4, F30, F30
	ADD   $1, R4
	B     tail

done:
	FMOVD F30, ret+72(FP)
	RET

// func weightedContributionsNEON(c, x, outWeight []float64) float64
TEXT ·weightedContributionsNEON(SB), NOSPLIT, $0-80
	MOVD  c_base+0(FP), R0
	MOVD  x_base+24(FP), R1
	MOVD  x_len+32(FP), R2
	MOVD  outWeight_base+48(FP), R3
	FMOVD ZR, F30             // dangling
	MOVD  $0, R4              // i
	AND   $-2, R2, R5

pair:
	CMP   R5, R4
	BGE   tail
	ADD   R4<<3, R3, R6       // &outWeight[i]
	VLD1  (R6), [V0.D2]
	WORD  $0x4ee0c801         // FCMGT V1.2D, V0.2D, #0.0 (w > 0; false for NaN)
	ADD   R4<<3, R1, R6       // &x[i]
	VLD1  (R6), [V2.D2]
	WORD  $0x6e60fc43         // FDIV V3.2D, V2.2D, V0.2D
	VAND  V1.B16, V3.B16, V3.B16
	ADD   R4<<3, R0, R7
	VST1  [V3.D2], (R7)
	VMOV  V1.D[0], R8
	VMOV  V1.D[1], R9
	AND   R8, R9, R10
	CMN   $1, R10
	BEQ   pairnext
	CBNZ  R8, lane1
	FMOVD (R6), F4
	FADDD F4, F30, F30

lane1:
	CBNZ  R9, pairnext
	FMOVD 8(R6), F4
	FADDD F4, F30, F30

pairnext:
	ADD   $2, R4
	B     pair

tail:
	CMP   R2, R4
	BGE   done
	FMOVD (R3)(R4<<3), F5
	FMOVD (R1)(R4<<3), F4
	FCMPD $(0.0), F5
	BLE   taildangling        // w <= 0 or unordered (NaN): N != V or Z
	FDIVD F5, F4, F4
	FMOVD F4, (R0)(R4<<3)
	ADD   $1, R4
	B     tail

taildangling:
	MOVD  ZR, (R0)(R4<<3)
	FADDD F4, F30, F30
	ADD   $1, R4
	B     tail

done:
	FMOVD F30, ret+72(FP)
	RET

// func pullRowSumsNEON(y, xold, c []float64, offsets []int64, sources []uint32, base, damping float64) float64
TEXT ·pullRowSumsNEON(SB), NOSPLIT, $0-144
	MOVD  y_base+0(FP), R0
	MOVD  y_len+8(FP), R1
	MOVD  xold_base+24(FP), R2
	MOVD  c_base+48(FP), R3
	MOVD  offsets_base+72(FP), R4
	MOVD  sources_base+96(FP), R5
	FMOVD base+120(FP), F28
	FMOVD damping+128(FP), F29
	FMOVD ZR, F30             // residual
	CBZ   R1, done
	MOVD  (R4), R6            // lo

row:
	MOVD  8(R4), R7           // hi
	ADD   $8, R4
	FMOVD ZR, F0
	FMOVD ZR, F1
	FMOVD ZR, F2
	FMOVD ZR, F3
	ADD   R7<<2, R5, R8       // &sources[hi]
	SUB   R7, R6, R9          // k = lo - hi, counts up to 0
	CBZ   R9, sum

arcs:
	MOVWU (R8)(R9<<2), R10
	FMOVD (R3)(R10<<3), F4
	FADDD F4, F0, F0
	ADDS  $1, R9, R9
	BEQ   sum
	MOVWU (R8)(R9<<2), R10
	FMOVD (R3)(R10<<3), F4
	FADDD F4, F1, F1
	ADDS  $1, R9, R9
	BEQ   sum
	MOVWU (R8)(R9<<2), R10
	FMOVD (R3)(R10<<3), F4
	FADDD F4, F2, F2
	ADDS  $1, R9, R9
	BEQ   sum
	MOVWU (R8)(R9<<2), R10
	FMOVD (R3)(R10<<3), F4
	FADDD F4, F3, F3
	ADDS  $1, R9, R9
	BEQ   sum
	B     arcs

sum:
	FADDD F1, F0, F0
	FADDD F3, F2, F2
	FADDD F2, F0, F0
	FMULD F29, F0, F0         // damping*sum, then + base: unfused, as generic
	FADDD F28, F0, F0
	FMOVD F0, (R0)
	FMOVD (R2), F4
	FSUBD F4, F0, F4          // y - xold
	FABSD F4, F4
	FADDD F4, F30, F30
	ADD   $8, R0
	ADD   $8, R2
	MOVD  R7, R6
	SUBS  $1, R1
	BNE   row

done:
	FMOVD F30, ret+136(FP)
	RET

// func weightedPullRowSumsNEON(y, xold, c []float64, offsets []int64, sources []uint32, weights []float64, base, damping float64) float64
TEXT ·weightedPullRowSumsNEON(SB), NOSPLIT, $0-168
	MOVD  y_base+0(FP), R0
	MOVD  y_len+8(FP), R1
	MOVD  xold_base+24(FP), R2
	MOVD  c_base+48(FP), R3
	MOVD  offsets_base+72(FP), R4
	MOVD  sources_base+96(FP), R5
	MOVD  weights_base+120(FP), R14
	FMOVD base+144(FP), F28
	FMOVD damping+152(FP), F29
	FMOVD ZR, F30             // residual
	CBZ   R1, done
	MOVD  (R4), R6            // lo

row:
	MOVD  8(R4), R7           // hi
	ADD   $8, R4
	FMOVD ZR, F0
	FMOVD ZR, F1
	FMOVD ZR, F2
	FMOVD ZR, F3
	ADD   R7<<2, R5, R8       // &sources[hi]
	ADD   R7<<3, R14, R15     // &weights[hi]
	SUB   R7, R6, R9          // k = lo - hi, counts up to 0
	CBZ   R9, sum

arcs:
	MOVWU (R8)(R9<<2), R10
	FMOVD (R3)(R10<<3), F4
	FMOVD (R15)(R9<<3), F8
	FMULD F8, F4, F4          // w*c rounded, then added: unfused, as generic
	FADDD F4, F0, F0
	ADDS  $1, R9, R9
	BEQ   sum
	MOVWU (R8)(R9<<2), R10
	FMOVD (R3)(R10<<3), F4
	FMOVD (R15)(R9<<3), F8
	FMULD F8, F4, F4          // w*c rounded, then added: unfused, as generic
	FADDD F4, F1, F1
	ADDS  $1, R9, R9
	BEQ   sum
	MOVWU (R8)(R9<<2), R10
	FMOVD (R3)(R10<<3), F4
	FMOVD (R15)(R9<<3), F8
	FMULD F8, F4, F4          // w*c rounded, then added: unfused, as generic
	FADDD F4, F2, F2
	ADDS  $1, R9, R9
	BEQ   sum
	MOVWU (R8)(R9<<2), R10
	FMOVD (R3)(R10<<3), F4
	FMOVD (R15)(R9<<3), F8
	FMULD F8, F4, F4          // w*c rounded, then added: unfused, as generic
	FADDD F4, F3, F3
	ADDS  $1, R9, R9
	BEQ   sum
	B     arcs

sum:
	FADDD F1, F0, F0
	FADDD F3, F2, F2
	FADDD F2, F0, F0
	FMULD F29, F0, F0         // damping*sum, then + base: unfused, as generic
	FADDD F28, F0, F0
	FMOVD F0, (R0)
	FMOVD (R2), F4
	FSUBD F4, F0, F4          // y - xold
	FABSD F4, F4
	FADDD F4, F30, F30
	ADD   $8, R0
	ADD   $8, R2
	MOVD  R7, R6
	SUBS  $1, R1
	BNE   row

done:
	FMOVD F30, ret+160(FP)
	RET
