//go:build !purego

package kernel

import (
	"strings"
	"testing"

	"github.com/klauspost/cpuid/v2"
)

// withFeatures runs f with the amd64 feature variables set as given, then
// restores them.
func withFeatures(t *testing.T, avx2, avx512 bool, f func()) {
	t.Helper()
	saved2, saved512 := hasAVX2, hasAVX512
	hasAVX2, hasAVX512 = avx2, avx512
	defer func() { hasAVX2, hasAVX512 = saved2, saved512 }()
	f()
}

func TestLookupUnsupportedCPU(t *testing.T) {
	withFeatures(t, true, false, func() {
		_, err := Lookup("avx512")
		if err == nil {
			t.Fatal(`Lookup("avx512") on a CPU without AVX-512 succeeded`)
		}
		for _, want := range []string{`"avx512"`, "lacks", "avx2", "generic"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not mention %q", err, want)
			}
		}
		if got := Best().Name; got != "avx2" {
			t.Errorf("Best() without AVX-512 = %q, want avx2", got)
		}
		if !strings.Contains(Why(), "AVX2") {
			t.Errorf("Why() = %q does not say AVX2", Why())
		}
	})
	withFeatures(t, false, false, func() {
		if _, err := Lookup("avx2"); err == nil || !strings.Contains(err.Error(), "lacks") {
			t.Errorf(`Lookup("avx2") without AVX2: err = %v, want a "lacks" error`, err)
		}
		if got := Best(); got != Generic {
			t.Errorf("Best() without SIMD = %q, want generic", got.Name)
		}
		if names := supportedNames(); len(names) != 1 || names[0] != "generic" {
			t.Errorf("supported without SIMD = %v, want [generic]", names)
		}
	})
	withFeatures(t, true, true, func() {
		if got := Best().Name; got != "avx512" {
			t.Errorf("Best() with AVX-512 = %q, want avx512", got)
		}
	})
}

func TestGatherPreferenceByVendor(t *testing.T) {
	// The choice documented in preferGathers and docs/kernels.md.
	if preferGathers(cpuid.AMD, 0x19) || preferGathers(cpuid.AMD, 0x1a) {
		t.Error("gathers preferred on AMD Zen, where scalar loads measured faster")
	}
	if !preferGathers(cpuid.Intel, 6) {
		t.Error("gathers not preferred on Intel")
	}
}
