package graphio

import (
	"math"
	"strconv"
	"strings"
)

// maxFastDigits is the most decimal digits scanDigits accumulates without
// any risk of overflowing a uint64 (10^19 - 1 < 2^64).
const maxFastDigits = 19

// scanDigits accumulates the decimal digits at b[i:] and returns their value
// and the index just past them. The value has wrapped around if more than
// maxFastDigits digits were read; callers check j-i.
func scanDigits(b []byte, i int) (v uint64, j int) {
	for ; i < len(b); i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		v = v*10 + uint64(d)
	}
	return v, i
}

// isBlank reports whether c separates fields within a line.
func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// exactPow10 holds the powers of ten that a float64 represents exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// scanFloatFast parses a plain decimal "ddd", "ddd.ddd" or ".ddd" at b[i:]
// when it can do so exactly (Clinger's fast path: an integer mantissa below
// 2^53 divided by an exact power of ten is correctly rounded). ok is false
// for anything else (exponents, signs, long mantissas, "inf"), which the
// caller hands to strconv.ParseFloat.
func scanFloatFast(b []byte, i int) (v float64, j int, ok bool) {
	var mant uint64
	start := i
	for ; i < len(b); i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		mant = mant*10 + uint64(d)
	}
	digits := i - start
	frac := 0
	if i < len(b) && b[i] == '.' {
		i++
		fracStart := i
		for ; i < len(b); i++ {
			d := b[i] - '0'
			if d > 9 {
				break
			}
			mant = mant*10 + uint64(d)
		}
		frac = i - fracStart
		digits += frac
	}
	if digits == 0 || digits > maxFastDigits || mant > 1<<53 || frac >= len(exactPow10) {
		return 0, i, false
	}
	return float64(mant) / exactPow10[frac], i, true
}

// parseID parses a whole token as a node id no larger than limit, and on
// failure says why in words fit for a ParseError.
func parseID(tok []byte, limit uint64, limitHint string) (uint64, string) {
	v, j := scanDigits(tok, 0)
	if j == len(tok) && j > 0 && j <= maxFastDigits && v <= limit {
		return v, ""
	}
	if len(tok) == 0 {
		return 0, "empty id"
	}
	if tok[0] == '-' {
		if _, j := scanDigits(tok, 1); j == len(tok) && j > 1 {
			return 0, "id " + quoteToken(tok) + " is negative: ids must be non-negative integers"
		}
	}
	if j != len(tok) {
		return 0, "id " + quoteToken(tok) + " is not a non-negative decimal integer"
	}
	u, err := strconv.ParseUint(string(tok), 10, 64)
	if err != nil {
		return 0, "id " + quoteToken(tok) + " is too large (beyond 2^64-1)"
	}
	if u > limit {
		return 0, "id " + quoteToken(tok) + " is too large" + limitHint
	}
	return u, ""
}

// parseCount parses a whole token as a non-negative integer count (header
// fields, METIS weights), naming what it is in any error.
func parseCount(tok []byte, what string) (uint64, string) {
	v, j := scanDigits(tok, 0)
	if j == len(tok) && j > 0 && j <= maxFastDigits {
		return v, ""
	}
	if len(tok) > 0 && tok[0] == '-' {
		return 0, "negative " + what + " " + quoteToken(tok)
	}
	if j != len(tok) || j == 0 {
		return 0, "invalid " + what + " " + quoteToken(tok) + ": not a non-negative decimal integer"
	}
	u, err := strconv.ParseUint(string(tok), 10, 64)
	if err != nil {
		return 0, what + " " + quoteToken(tok) + " is too large"
	}
	return u, ""
}

// parseWeight parses a whole token as an arc weight: finite and
// non-negative, as PageRank needs.
func parseWeight(tok []byte) (float64, string) {
	if v, j, ok := scanFloatFast(tok, 0); ok && j == len(tok) {
		return v, ""
	}
	if !isDecimalFloat(tok) {
		return 0, "invalid weight " + quoteToken(tok) + ": not a decimal number"
	}
	v, err := strconv.ParseFloat(string(tok), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, "weight " + quoteToken(tok) + " is out of the float64 range"
		}
		return 0, "invalid weight " + quoteToken(tok) + ": not a number"
	}
	return checkWeight(v, tok)
}

// isDecimalFloat reports whether tok is a number as the formats write
// them: [sign] digits [. digits] [e [sign] digits] (digits on at least one
// side of the point), or inf, infinity or nan in any case with an optional
// sign, which parseWeight then refuses by name. strconv.ParseFloat also
// takes hexadecimal floats (0x1p4) and underscores between digits (1_0);
// no graph format means those, so they are errors rather than 16 and 10.
func isDecimalFloat(tok []byte) bool {
	i := 0
	if i < len(tok) && (tok[i] == '+' || tok[i] == '-') {
		i++
	}
	switch w := strings.ToLower(string(tok[i:])); w {
	case "inf", "infinity", "nan":
		return true
	}
	_, j := scanDigits(tok, i)
	digits := j - i
	if j < len(tok) && tok[j] == '.' {
		_, k := scanDigits(tok, j+1)
		digits += k - j - 1
		j = k
	}
	if digits == 0 {
		return false
	}
	if j < len(tok) && (tok[j] == 'e' || tok[j] == 'E') {
		j++
		if j < len(tok) && (tok[j] == '+' || tok[j] == '-') {
			j++
		}
		k := j
		if _, j = scanDigits(tok, j); j == k {
			return false
		}
	}
	return j == len(tok)
}

// maxIntegerWeight is the largest integer weight every smaller integer of
// which a float64 holds exactly.
const maxIntegerWeight = 1 << 53

// parseIntegerWeight parses a whole token as the value of a Matrix Market
// "integer" field: a non-negative decimal integer (an optional '+', no
// point, no exponent) no larger than 2^53.
func parseIntegerWeight(tok []byte) (float64, string) {
	if len(tok) > 1 && tok[0] == '+' {
		tok = tok[1:]
	}
	v, j := scanDigits(tok, 0)
	if j == len(tok) && j > 0 && j <= maxFastDigits && v <= maxIntegerWeight {
		return float64(v), ""
	}
	if _, msg := parseWeight(tok); msg != "" {
		return 0, msg
	}
	if j == len(tok) && j > 0 {
		return 0, "integer value " + quoteToken(tok) + " is beyond 2^53, where float64 weights stop being exact"
	}
	return 0, "value " + quoteToken(tok) + " is not an integer, as the banner's \"integer\" field says every value is"
}

// checkWeight rejects the weights PageRank cannot use and turns -0 into 0.
func checkWeight(v float64, tok []byte) (float64, string) {
	switch {
	case math.IsNaN(v):
		return 0, "weight " + quoteToken(tok) + " is NaN: weights must be finite and non-negative"
	case math.IsInf(v, 0):
		return 0, "weight " + quoteToken(tok) + " is infinite: weights must be finite and non-negative"
	case v < 0:
		return 0, "negative weight " + quoteToken(tok) + ": weights must be finite and non-negative"
	}
	return v + 0, "" // -0 + 0 == +0
}
