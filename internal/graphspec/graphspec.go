// Package graphspec turns the GRAPH argument of prk's commands (a file path
// or a generator spec such as seed:1000 or kron:16) into a CSR. It is the
// one place that decides which of the two an argument is, so prk run, prk
// bench and prk convert agree.
package graphspec

import (
	"context"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/graph/graphio"
)

// Load generates spec when it is a generator spec and reads it as a file
// otherwise. Build options apply to both.
func Load(ctx context.Context, spec string, opts graphio.LoadOptions) (*graph.CSR, error) {
	if gen.IsSpec(spec) {
		return gen.GenerateContext(ctx, spec, opts.Build)
	}
	return graphio.LoadContext(ctx, spec, opts)
}

// IsGenerator reports whether spec names a generator rather than a file.
func IsGenerator(spec string) bool { return gen.IsSpec(spec) }
