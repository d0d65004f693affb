package gen

import (
	"strings"
	"testing"

	"github.com/prkbench/prk/graph"
)

func TestIsSpec(t *testing.T) {
	cases := []struct {
		s    string
		want bool
	}{
		{"seed:100", true},
		{"seed:", true}, // a spec, if a bad one: Parse says what is wrong
		{"uniform:10:20", true},
		{"kron:16", true},
		{"kron:16:8:3", true},
		{"", false},
		{"kron", false},
		{"seed", false},
		{"Kron:16", false},
		{"./kron:16", false},
		{"data/kron:16.txt", false},
		{"/tmp/seed:100", false},
		{"c:/graphs/web.txt", false},
		{"http://example.com/g.txt", false},
		{"graph.txt", false},
	}
	for _, c := range cases {
		if got := IsSpec(c.s); got != c.want {
			t.Errorf("IsSpec(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		spec string
		want []string // substrings of the error
	}{
		{"graph.txt", []string{`"graph.txt" is not a generator spec`, "seed, uniform, kron"}},
		{"foo:1", []string{"not a generator spec"}},
		{"seed:", []string{"seed:N[:SEED]", "N must be a whole number from 5 to 32768", `got ""`, `(in spec "seed:")`}},
		{"seed:4", []string{"N must be a whole number from 5"}},
		{"seed:100000", []string{"N must be", "to 32768"}},
		{"seed:100:-1", []string{"SEED must be a whole number from 0 to 4294967295"}},
		{"seed:100:4294967296", []string{"SEED must be"}},
		{"seed:100:1:2", []string{"want 1 to 2 fields", "got 3"}},
		{"uniform:10", []string{"uniform:N:M[:SEED]", "want 2 to 3 fields"}},
		{"uniform:x:10", []string{"N must be a whole number from 1 to 4294967295", `got "x"`}},
		{"uniform:0:10", []string{"N must be"}},
		{"uniform:4294967296:10", []string{"N must be"}},
		{"uniform:10:-5", []string{"M must be a whole number from 0 to 4294967296"}},
		{"uniform:10:4294967297", []string{"M must be"}},
		{"uniform:10:99999999999999999999999", []string{"M must be"}},
		{"uniform:10:1e6", []string{"M must be", `got "1e6"`}},
		{"uniform:1:5", []string{"N must be at least 2"}},
		{"uniform:10:20:", []string{"SEED must be", `got ""`}},
		{"uniform:10:20:18446744073709551616", []string{"SEED must be"}},
		{"kron:", []string{"kron:SCALE[:EDGEFACTOR[:SEED]]", "SCALE must be a whole number from 1 to 31"}},
		{"kron:0", []string{"SCALE must be"}},
		{"kron:32", []string{"SCALE must be"}},
		{"kron:16:0", []string{"EDGEFACTOR must be a whole number from 1 to 65536"}},
		{"kron:30:5", []string{"EDGEFACTOR must be a whole number from 1 to 4"}},
		{"kron:16:16:1:1", []string{"want 1 to 3 fields"}},
		{"kron: 16", []string{"SCALE must be", `got " 16"`}},
	}
	for _, c := range cases {
		g, err := Parse(c.spec)
		if err == nil {
			t.Errorf("Parse(%q) = %s, want an error", c.spec, g.Spec())
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Parse(%q) error %q does not contain %q", c.spec, err, w)
			}
		}
		if _, err := Generate(c.spec, defaultBuild); err == nil {
			t.Errorf("Generate(%q) did not fail", c.spec)
		}
	}
}

func TestCanonicalSpec(t *testing.T) {
	cases := []struct{ spec, canonical string }{
		{"seed:100", "seed:100"},
		{"seed:0100:0", "seed:100"},
		{"seed:100:42", "seed:100:42"},
		{"uniform:10:20", "uniform:10:20"},
		{"uniform:010:020:1", "uniform:10:20"},
		{"uniform:10:20:7", "uniform:10:20:7"},
		{"uniform:1:0", "uniform:1:0"},
		{"kron:16", "kron:16"},
		{"kron:16:16", "kron:16"},
		{"kron:16:16:1", "kron:16"},
		{"kron:16:8", "kron:16:8"},
		{"kron:16:16:2", "kron:16:16:2"},
		{"kron:20:8:18446744073709551615", "kron:20:8:18446744073709551615"},
	}
	for _, c := range cases {
		g, err := Parse(c.spec)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.spec, err)
			continue
		}
		if got := g.Spec(); got != c.canonical {
			t.Errorf("Parse(%q).Spec() = %q, want %q", c.spec, got, c.canonical)
		}
		again, err := Parse(g.Spec())
		if err != nil || again.Spec() != g.Spec() {
			t.Errorf("canonical spec %q does not parse back to itself", g.Spec())
		}
		if !IsSpec(c.spec) || !strings.Contains(g.Describe(), "seed") {
			t.Errorf("%q: IsSpec false or Describe %q does not state the seed", c.spec, g.Describe())
		}
	}
}

func TestSpecsListsEveryGenerator(t *testing.T) {
	lines := Specs()
	for _, name := range []string{"seed:", "uniform:", "kron:"} {
		n := 0
		for _, l := range lines {
			if strings.HasPrefix(l, name) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("Specs has %d lines for %s, want 1: %q", n, name, lines)
		}
	}
}

func TestParseRejectsGraphsBeyondMemory(t *testing.T) {
	const spec = "uniform:4294967295:4294967296" // 64 GiB of CSR
	have := physicalMemory()
	if have == 0 || have >= 64<<30 {
		t.Skipf("machine memory %d bytes is unknown or large enough for %s", have, spec)
	}
	_, err := Parse(spec)
	if err == nil || !strings.Contains(err.Error(), "GiB") {
		t.Fatalf("Parse(%q) = %v, want an error about memory", spec, err)
	}
}

// FuzzParse checks that no spec makes Parse panic, and that whatever it
// accepts has a canonical spec that parses back to itself and a size within
// the limits.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"seed:100", "seed:5:7", "uniform:10:20", "uniform:1:0", "kron:16",
		"kron:10:8:3", "kron:", "uniform:10:-1", "seed:99999999999999999999", "x:1", ":", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		g, err := Parse(spec)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Parse(%q): empty error", spec)
			}
			return
		}
		if !IsSpec(spec) {
			t.Fatalf("Parse accepted %q but IsSpec says it is no spec", spec)
		}
		again, err := Parse(g.Spec())
		if err != nil || again.Spec() != g.Spec() {
			t.Fatalf("canonical spec %q of %q does not parse back to itself: %v", g.Spec(), spec, err)
		}
		if n := g.Nodes(); n < 1 || int64(n) > graph.MaxNodes || g.Parts() < 0 || g.Describe() == "" {
			t.Fatalf("%q: %d nodes, %d parts", spec, n, g.Parts())
		}
	})
}
