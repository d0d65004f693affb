package kernel

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/klauspost/cpuid/v2"
)

// CPU describes this machine's processor for prk info: its model, vendor
// family and the features that decide which kernels can run, e.g.
// "AMD EPYC 9555 (AMD family 0x1a model 0x2), amd64: AVX2 FMA3 AVX512F BMI2".
func CPU() string {
	c := &cpuid.CPU
	model := strings.TrimSpace(c.BrandName)
	if model == "" {
		model = "unknown model"
	}
	var relevant []string
	for _, f := range []cpuid.FeatureID{cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.BMI2, cpuid.AVX512F, cpuid.AVX512VL, cpuid.ASIMD, cpuid.SVE} {
		if c.Supports(f) {
			relevant = append(relevant, f.String())
		}
	}
	features := strings.Join(relevant, " ")
	if features == "" {
		features = "no SIMD features prk uses"
	}
	return fmt.Sprintf("%s (%s family %#x model %#x), %s: %s", model, c.VendorID, c.Family, c.Model, runtime.GOARCH, features)
}
