package gen

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/prkbench/prk/graph"
)

// MaxArcs is the largest number of arcs a generator will draw (2^32). The
// CSR alone takes four bytes per arc, so this is already 16 GiB.
const MaxArcs = 1 << 32

// Generator is a parsed generator spec: a replayable arc source that says
// what it is.
type Generator interface {
	graph.ArcSource
	// Spec is the canonical spec: parameters in decimal, trailing defaults
	// left out, so equal graphs have equal specs.
	Spec() string
	// Describe says in one line what graph the spec makes.
	Describe() string
}

// generatorKind is one generator name with its usage and parser.
type generatorKind struct {
	name  string
	usage string // the grammar, e.g. "uniform:N:M[:SEED]"
	help  string // what it makes, for Specs
	parse func(p *specParser) (Generator, error)
}

var kinds = []generatorKind{
	{
		name:  "seed",
		usage: "seed:N[:SEED]",
		help:  "the study's random graph: NumPy np.random.seed(SEED), arc i->j with probability 5/N, one random arc out of each empty row (SEED 0)",
		parse: parseSeed,
	},
	{
		name:  "uniform",
		usage: "uniform:N:M[:SEED]",
		help:  "M arcs drawn uniformly over N nodes, no self-loops, duplicates collapse (SEED 1)",
		parse: parseUniform,
	},
	{
		name:  "kron",
		usage: "kron:SCALE[:EDGEFACTOR[:SEED]]",
		help:  "Graph500 Kronecker/R-MAT graph, 2^SCALE nodes, EDGEFACTOR*2^SCALE arcs drawn (EDGEFACTOR 16, SEED 1)",
		parse: parseKron,
	},
}

// IsSpec reports whether s is a generator spec rather than a file name: it
// starts with a generator's name and a colon ("seed:", "uniform:",
// "kron:"). A path that merely contains a colon is not a spec; a file that
// really is called "kron:16" must be given as "./kron:16".
func IsSpec(s string) bool {
	name, _, ok := strings.Cut(s, ":")
	return ok && findKind(name) != nil
}

func findKind(name string) *generatorKind {
	for i := range kinds {
		if kinds[i].name == name {
			return &kinds[i]
		}
	}
	return nil
}

// Specs returns one usage line per generator, for --help.
func Specs() []string {
	lines := make([]string, len(kinds))
	for i, k := range kinds {
		lines[i] = fmt.Sprintf("%-32s %s", k.usage, k.help)
	}
	return lines
}

// Parse parses a generator spec such as "seed:1000", "uniform:1000:5000:7"
// or "kron:20:16". Errors name the spec, its grammar and the bad field.
func Parse(spec string) (Generator, error) {
	name, _, ok := strings.Cut(spec, ":")
	k := findKind(name)
	if !ok || k == nil {
		names := make([]string, len(kinds))
		for i, k := range kinds {
			names[i] = k.name
		}
		return nil, fmt.Errorf("gen: %q is not a generator spec (known generators: %s)", spec, strings.Join(names, ", "))
	}
	p := &specParser{spec: spec, kind: k, fields: strings.Split(spec, ":")[1:]}
	return k.parse(p)
}

// Generate parses spec and builds its graph.
func Generate(spec string, opts graph.BuildOptions) (*graph.CSR, error) {
	return GenerateContext(context.Background(), spec, opts)
}

// GenerateContext is Generate that stops with ctx.Err() soon after ctx is
// cancelled.
func GenerateContext(ctx context.Context, spec string, opts graph.BuildOptions) (*graph.CSR, error) {
	g, err := Parse(spec)
	if err != nil {
		return nil, err
	}
	csr, err := graph.BuildContext(ctx, g, opts)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("gen: building %s: %w", g.Spec(), err)
	}
	return csr, nil
}

// specParser reads the colon-separated fields after a generator's name and
// words errors the same way for every generator.
type specParser struct {
	spec   string
	kind   *generatorKind
	fields []string
}

// errorf reports a problem with the spec: "uniform:N:M[:SEED]: M must be
// ... (in spec "uniform:10:x")".
func (p *specParser) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s (in spec %q)", p.kind.usage, fmt.Sprintf(format, args...), p.spec)
}

// arity checks the number of fields.
func (p *specParser) arity(least, most int) error {
	if n := len(p.fields); n < least || n > most {
		if least == most {
			return p.errorf("want %d field(s) after %q, got %d", least, p.kind.name+":", n)
		}
		return p.errorf("want %d to %d fields after %q, got %d", least, most, p.kind.name+":", n)
	}
	return nil
}

// number parses field i (named name) as a decimal in [lo, hi]; a missing
// optional field gives def.
func (p *specParser) number(i int, name string, lo, hi, def uint64) (uint64, error) {
	if i >= len(p.fields) {
		return def, nil
	}
	v, err := strconv.ParseUint(p.fields[i], 10, 64)
	if err != nil || v < lo || v > hi {
		return 0, p.errorf("%s must be a whole number from %d to %d, got %q", name, lo, hi, p.fields[i])
	}
	return v, nil
}

// checkSize rejects a graph whose build (the builder's peak, see
// buildPeak, plus extra bytes the generator keeps) would not fit in the
// memory this machine has available, before anything is allocated.
func (p *specParser) checkSize(n, m, extra uint64) error {
	if n > graph.MaxNodes {
		return p.errorf("%d nodes is more than a graph can hold (%d)", n, uint64(graph.MaxNodes))
	}
	if m > MaxArcs {
		return p.errorf("%d arcs is more than the generators draw (%d)", m, uint64(MaxArcs))
	}
	if err := checkPeak(n, m, extra, memoryAvailable()); err != nil {
		return p.errorf("%v", err)
	}
	return nil
}

// errPartRange is returned by Part for an index beyond Parts().
var errPartRange = errors.New("gen: part index out of range")

func partRangeError(i, parts int) error {
	return fmt.Errorf("%w: part %d of %d", errPartRange, i, parts)
}
