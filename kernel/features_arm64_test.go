//go:build !purego

package kernel

import (
	"strings"
	"testing"
)

func TestLookupUnsupportedCPU(t *testing.T) {
	saved := hasNEON
	hasNEON = false
	defer func() { hasNEON = saved }()
	_, err := Lookup("neon")
	if err == nil {
		t.Fatal(`Lookup("neon") on a CPU without NEON succeeded`)
	}
	for _, want := range []string{`"neon"`, "lacks", "generic"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if got := Best(); got != Generic {
		t.Errorf("Best() without NEON = %q, want generic", got.Name)
	}
	hasNEON = true
	if got := Best().Name; got != "neon" {
		t.Errorf("Best() with NEON = %q, want neon", got)
	}
}
