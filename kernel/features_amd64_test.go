//go:build !purego

package kernel

import (
	"slices"
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
		if got, want := Best().Name, preferred("avx2"); got != want {
			t.Errorf("Best() without AVX-512 = %q, want %s", got, want)
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
		if got, want := Best().Name, preferred("avx512"); got != want {
			t.Errorf("Best() with AVX-512 = %q, want %s", got, want)
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

// preferred is the variant of family that this CPU's vendor prefers, as
// preferGathers decides.
func preferred(family string) string {
	if gathersPay {
		return family + "-gather"
	}
	return family + "-loads"
}

// TestAliasesResolveToPreferredVariant: avx2 and avx512 are aliases for
// the variant preferGathers chooses on this CPU, Lookup through an alias
// returns that variant's kernel under its exact name, and every variant
// is registered under its own.
func TestAliasesResolveToPreferredVariant(t *testing.T) {
	if got := Aliases(); !slices.Equal(got, []string{"avx2", "avx512"}) {
		t.Errorf("Aliases() = %v, want [avx2 avx512]", got)
	}
	for _, want := range []string{"avx2-gather", "avx2-loads", "avx512-gather", "avx512-loads", "generic"} {
		if !slices.Contains(Names(), want) {
			t.Errorf("Names() = %v lacks %s", Names(), want)
		}
	}
	for _, family := range []string{"avx2", "avx512"} {
		if got := Resolve(family); got != preferred(family) {
			t.Errorf("Resolve(%q) = %q, want %q", family, got, preferred(family))
		}
		if slices.Contains(Names(), family) {
			t.Errorf("the alias %s is also listed as a kernel", family)
		}
		k, err := Lookup(strings.ToUpper(family))
		if err != nil {
			continue // this CPU lacks the family: TestLookupUnsupportedCPU covers the error
		}
		if k.Name != preferred(family) {
			t.Errorf("Lookup(%q).Name = %q, want the exact variant %q", family, k.Name, preferred(family))
		}
		if exact, _ := Lookup(preferred(family)); exact != k {
			t.Errorf("Lookup(%q) and Lookup(%q) are different kernels", family, preferred(family))
		}
	}
	withFeatures(t, true, true, func() {
		if Best() != registry[preferred("avx512")].k {
			t.Errorf("Best() = %s, want %s", Best().Name, preferred("avx512"))
		}
		// The variant not preferred is supported and ranks below.
		other := "avx512-loads"
		if !gathersPay {
			other = "avx512-gather"
		}
		if registry[other].rank >= registry[preferred("avx512")].rank || registry[other].rank <= registry[preferred("avx2")].rank {
			t.Errorf("rank of %s is %d, want between %s and %s", other, registry[other].rank, preferred("avx2"), preferred("avx512"))
		}
	})
	withFeatures(t, true, false, func() {
		_, err := Lookup("avx512")
		if err == nil || !strings.Contains(err.Error(), `"avx512" (`+preferred("avx512")+`)`) {
			t.Errorf(`Lookup("avx512") without AVX-512: %v, want an error naming the alias and its variant`, err)
		}
	})
}
